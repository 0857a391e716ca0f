"""The admin answers a bad query string or a tampered action with a 4xx, never a server error."""

import pytest
from django.urls import reverse

from articles.models import Article
from tests.factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "address",
    [
        reverse("admin:articles_article_changelist") + "?status__exact=%00",
        reverse("admin:articles_article_changelist") + "?q=cramp%00",
        reverse("admin:comments_comment_changelist") + "?status__exact=pending%00",
        reverse("admin:autocomplete") + "?term=%00&app_label=articles&model_name=article&field_name=category",
    ],
)
def test_nul_in_an_admin_query_string_is_a_bad_request(admin_client, address):
    ArticleFactory(title="Cramp")
    CommentFactory()

    response = admin_client.get(address)

    assert response.status_code == 400
    assert "null character" in response.content.decode()


def test_ordinary_admin_filters_still_work(admin_client):
    ArticleFactory(title="Cramp")
    response = admin_client.get(reverse("admin:articles_article_changelist") + "?status__exact=draft&q=cramp")
    assert response.status_code == 200
    assert "Cramp" in response.content.decode()


def test_public_search_keeps_cleaning_nul_itself(client):
    assert client.get("/search/?q=cramp%00").status_code == 200


@pytest.mark.parametrize(
    "selected", ["' OR '1'='1", "1 OR 1=1", "before\x00after", "", "-", "99999999999999999999999", "1e3"]
)
def test_an_action_on_ids_that_are_not_ids_is_a_bad_request(editor_client, selected):
    article = ArticleFactory(title="Cramp")

    response = editor_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "delete_selected", "_selected_action": [str(article.pk), selected], "index": 0},
    )

    assert response.status_code == 400
    assert "could not be found" in response.content.decode()
    assert Article.objects.filter(pk=article.pk).exists()


def test_an_action_on_real_ids_still_asks_for_confirmation(editor_client):
    article = ArticleFactory(title="Cramp")

    response = editor_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "delete_selected", "_selected_action": [str(article.pk)], "index": 0},
    )

    assert response.status_code == 200
    assert "Delete multiple objects" in response.content.decode()
