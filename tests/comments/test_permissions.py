"""Moderators touch comments and reader bans only; other staff cannot moderate."""

import pytest
from django.test import Client
from django.urls import reverse

from comments.models import Comment, ModerationLogEntry
from tests.factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db


def _client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_moderators_cannot_edit_or_add_articles(moderator):
    client = _client_for(moderator)
    article = ArticleFactory(title="Original title")

    assert client.get(reverse("admin:articles_article_changelist")).status_code == 403
    assert client.get(reverse("admin:articles_article_change", args=[article.pk])).status_code == 403
    assert client.get(reverse("admin:articles_article_add")).status_code == 403
    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        {"title": "Hijacked", "slug": article.slug},
    )
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.title == "Original title"


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:articles_category_changelist",
        "admin:conditions_condition_changelist",
        "admin:auth_user_changelist",
        "admin:auth_group_changelist",
    ],
)
def test_moderators_see_nothing_beyond_comments(moderator, url_name):
    assert _client_for(moderator).get(reverse(url_name)).status_code == 403


def test_moderator_admin_home_lists_only_comment_tools(moderator):
    page = _client_for(moderator).get(reverse("admin:index")).content.decode()
    assert "Comments" in page and "Reader bans" in page and "Watched phrases" in page
    assert "Articles" not in page and "Users" not in page


@pytest.mark.parametrize("role", ["writer", "medical_reviewer", "editor"])
def test_other_staff_cannot_moderate(request, role):
    user = request.getfixturevalue(role)
    client = _client_for(user)
    comment = CommentFactory(text="Waiting")

    assert client.get(reverse("admin:comments_comment_changelist")).status_code == 403
    assert client.get(reverse("admin:comments_comment_change", args=[comment.pk])).status_code == 403
    response = client.post(
        reverse("admin:comments_comment_changelist"),
        {"action": "approve_selected", "_selected_action": [comment.pk], "index": 0},
    )
    assert response.status_code == 403
    assert client.get(reverse("admin:comments_readerban_add")).status_code == 403
    assert client.get(reverse("admin:comments_watchedphrase_changelist")).status_code == 403
    assert client.get(reverse("admin:comments_moderationsettings_changelist")).status_code == 403
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    assert not ModerationLogEntry.objects.exists()


def test_readers_cannot_reach_the_admin(reader):
    response = _client_for(reader).get(reverse("admin:comments_comment_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
