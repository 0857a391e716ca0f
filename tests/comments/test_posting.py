from datetime import timedelta
from urllib.parse import unquote

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from comments import moderation
from comments.models import Comment
from tests.factories import ArticleFactory, CommentFactory, UserFactory

pytestmark = pytest.mark.django_db


def post(client, article, text, **extra):
    return client.post(reverse("comments:post", args=[article.pk]), {"text": text, **extra})


def test_anonymous_reader_is_sent_to_log_in_and_back_to_the_article(client, article):
    response = post(client, article, "Hello")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert unquote(response["Location"]).endswith(f"next={article.get_absolute_url()}#comment-form")
    assert not Comment.objects.exists()


def test_log_in_to_comment_link_returns_to_the_article(client, article, new_reader):
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Log in to comment" in page

    response = client.post(
        reverse("login"),
        {"username": "newbie", "password": "pw", "next": f"{article.get_absolute_url()}#comment-form"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"{article.get_absolute_url()}#comment-form"


def test_new_reader_comment_waits_for_moderation_and_only_they_see_it(client, article, new_reader):
    client.force_login(new_reader)

    response = post(client, article, "My calves twitch at night too.")

    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert comment.author == new_reader and comment.article == article
    assert any("New reader" in reason for reason in comment.screening_reasons)
    assert response.status_code == 302
    assert response["Location"] == f"{article.get_absolute_url()}#comment-{comment.pk}"

    page = client.get(response["Location"]).content.decode()
    assert "awaiting moderation" in page
    assert "My calves twitch at night too." in page
    assert "Awaiting moderation." in page
    assert "Comments (0)" in page

    client.logout()
    client.force_login(UserFactory(username="someone-else"))
    assert "My calves twitch at night too." not in client.get(article.get_absolute_url()).content.decode()
    client.logout()
    assert "My calves twitch at night too." not in client.get(article.get_absolute_url()).content.decode()


def test_trusted_reader_is_published_at_once(client, article, trusted_reader):
    client.force_login(trusted_reader)

    response = post(client, article, "Magnesium did nothing for my cramps, but stretching helped.")

    comment = Comment.objects.get(article=article)
    assert comment.status == Comment.Status.APPROVED
    # Screened all the same, and the moderators' view says so.
    assert comment.screening_reasons == ["Trusted reader: screened and published at once."]
    page = client.get(response["Location"]).content.decode()
    assert "Your comment is now on the page" in page
    assert "Comments (1)" in page
    assert "Awaiting moderation." not in page


def test_trust_threshold_is_read_at_runtime(client, article, new_reader):
    from comments.models import ModerationSettings

    settings_row = ModerationSettings.load()
    settings_row.trusted_after = 0
    settings_row.save()
    client.force_login(new_reader)

    post(client, article, "Everyone is trusted now.")

    assert Comment.objects.get().status == Comment.Status.APPROVED


def test_get_on_the_post_address_is_not_allowed(client, article):
    assert client.get(reverse("comments:post", args=[article.pk])).status_code == 405


@pytest.mark.parametrize("status", [s for s in Article.Status if s not in Article.LIVE_STATUSES])
def test_cannot_comment_on_an_article_readers_cannot_see(client, new_reader, status):
    article = ArticleFactory(status=status)
    client.force_login(new_reader)
    assert post(client, article, "Hello").status_code == 404
    assert not Comment.objects.exists()


def test_unknown_article_answers_404(client, new_reader):
    client.force_login(new_reader)
    assert client.post("/comments/999999/post/", {"text": "Hi"}).status_code == 404


def test_reply_is_stored_under_its_comment_and_shown_under_it(client, article, trusted_reader):
    parent = CommentFactory(article=article, status=Comment.Status.APPROVED, text="Has anyone tried IVIG?")
    client.force_login(trusted_reader)

    page = client.get(article.get_absolute_url(), {"reply_to": parent.pk}).content.decode()
    assert "Reply to" in page
    assert f'value="{parent.pk}"' in page

    post(client, article, "Yes, it helped me.", parent=parent.pk)

    reply = Comment.objects.get(text="Yes, it helped me.")
    assert reply.parent == parent
    page = client.get(article.get_absolute_url()).content.decode()
    assert (
        page.index("Has anyone tried IVIG?") < page.index("comment-reply") < page.index("Yes, it helped me.")
    )


def test_reply_to_a_reply_joins_the_same_conversation(client, article, trusted_reader):
    top = CommentFactory(article=article, status=Comment.Status.APPROVED)
    reply = CommentFactory(article=article, parent=top, status=Comment.Status.APPROVED)
    client.force_login(trusted_reader)

    post(client, article, "Me too.", parent=reply.pk)

    assert Comment.objects.get(text="Me too.").parent == top


@pytest.mark.parametrize("kind", ["pending", "other-article", "missing", "not-a-number"])
def test_reply_to_a_comment_readers_cannot_see_is_refused_and_text_kept(client, article, new_reader, kind):
    if kind == "pending":
        parent = CommentFactory(article=article, status=Comment.Status.PENDING).pk
    elif kind == "other-article":
        parent = CommentFactory(status=Comment.Status.APPROVED).pk
    else:
        parent = {"missing": 99999999, "not-a-number": "abc"}[kind]
    client.force_login(new_reader)

    response = post(client, article, "My reply text", parent=parent)

    assert response.status_code == 400
    content = response.content.decode()
    assert "The comment you are replying to is no longer available." in content
    assert "My reply text" in content
    assert not Comment.objects.filter(text="My reply text").exists()


def test_comments_closed_on_the_article_refuse_posts(client, new_reader):
    article = ArticleFactory(published=True, comments_open=False)
    client.force_login(new_reader)

    page = client.get(article.get_absolute_url()).content.decode()
    assert "Comments are closed on this article." in page
    assert 'name="text"' not in page

    response = post(client, article, "Hello")
    assert response.status_code == 403
    assert "Comments are closed on this article." in response.content.decode()
    assert not Comment.objects.exists()


def test_comments_close_on_their_own_after_the_set_number_of_days(client, new_reader, settings):
    settings.COMMENTS_CLOSE_AFTER_DAYS = 3
    article = ArticleFactory(published=True)
    client.force_login(new_reader)

    assert post(client, article, "Just in time").status_code == 302
    with time_machine.travel(article.go_live_at + timedelta(days=3, seconds=1)):
        assert not moderation.are_comments_open(article)
        response = post(client, article, "Too late")
        assert response.status_code == 403
        assert (
            "Comments are closed on this article." in client.get(article.get_absolute_url()).content.decode()
        )
    assert list(Comment.objects.values_list("text", flat=True)) == ["Just in time"]


def test_zero_days_means_comments_never_close_on_their_own(settings):
    settings.COMMENTS_CLOSE_AFTER_DAYS = 0
    article = ArticleFactory(published=True, go_live_at=timezone.now() - timedelta(days=5000))
    assert moderation.are_comments_open(article)


def test_banned_reader_cannot_post(client, article, new_reader, moderator):
    moderation.ban(new_reader, by=moderator, note="Abuse")
    client.force_login(new_reader)

    assert "can no longer post comments" in client.get(article.get_absolute_url()).content.decode()
    response = post(client, article, "Let me back in")

    assert response.status_code == 403
    assert "can no longer post comments" in response.content.decode()
    assert not Comment.objects.exists()


def test_the_form_is_protected_against_cross_site_posts(article, new_reader):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(new_reader)
    page = client.get(article.get_absolute_url()).content.decode()
    assert 'name="csrfmiddlewaretoken"' in page

    assert post(client, article, "Forged").status_code == 403
    assert not Comment.objects.exists()


def test_page_shown_after_a_refused_post_links_back_to_the_article(client, article, new_reader):
    CommentFactory(article=article, status=Comment.Status.APPROVED)
    client.force_login(new_reader)

    response = post(client, article, "   ")

    content = response.content.decode()
    assert response.status_code == 400
    assert f'href="{article.get_absolute_url()}?reply_to=' in content
    assert 'href="?reply_to=' not in content
