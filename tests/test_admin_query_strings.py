"""The admin's lists answer a bad query string with a 4xx, never a server error."""

import pytest
from django.urls import reverse

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
