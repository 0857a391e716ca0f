"""Read-only switches on the article form read "Yes" or "No", never a tick or a cross."""

import html5lib
import pytest
from django.urls import reverse

from articles import workflow
from articles.models import Article
from tests.factories import reviewable_article

pytestmark = pytest.mark.django_db

ADD = reverse("admin:articles_article_add")


def row(content: bytes, name: str):
    # The admin's own page, parsed leniently: tests/html.py holds the public site to a stricter bar.
    document = html5lib.HTMLParser(namespaceHTMLElements=False).parse(content.decode())
    return document.find(f".//div[@class='form-row field-{name}']")


def readonly_text(content: bytes, name: str) -> str:
    found = row(content, name)
    assert found is not None, name
    return "".join(found.find(".//div[@class='readonly']").itertext()).strip()


def test_a_writer_sees_is_featured_in_words_on_a_new_article(client, writer):
    client.force_login(writer)
    content = client.get(ADD).content
    assert readonly_text(content, "is_featured_in_words") == "No"
    assert b"icon-no.svg" not in content and b"icon-yes.svg" not in content
    assert row(content, "is_featured") is None


def test_a_writer_sees_yes_when_an_editor_featured_it(client, writer):
    article = reviewable_article(created_by=writer, is_featured=True)
    client.force_login(writer)
    assert (
        readonly_text(
            client.get(reverse("admin:articles_article_change", args=[article.pk])).content,
            "is_featured_in_words",
        )
        == "Yes"
    )


def test_a_writer_can_still_save_a_new_article_and_cannot_feature_it(client, writer):
    client.force_login(writer)
    data = {
        "title": "Cramp explained",
        "slug": "cramp-explained",
        "summary": "",
        "body": "Text.",
        "comments_open": "on",
        "is_featured": "on",  # not on the writer's form: ignored
        "sources-TOTAL_FORMS": "0",
        "sources-INITIAL_FORMS": "0",
        "sources-MIN_NUM_FORMS": "0",
        "sources-MAX_NUM_FORMS": "1000",
    }
    assert client.post(ADD, data).status_code == 302
    article = Article.objects.get(slug="cramp-explained")
    assert article.is_featured is False and article.comments_open is True


def test_an_editor_gets_the_checkboxes(client, editor):
    client.force_login(editor)
    content = client.get(ADD).content
    assert b'name="is_featured"' in content and b'name="comments_open"' in content
    assert row(content, "is_featured_in_words") is None


def test_a_page_a_writer_may_only_read_shows_every_switch_in_words(client, writer, other_writer):
    article = reviewable_article(created_by=other_writer, comments_open=True)
    workflow.submit_for_review(article, by=other_writer)
    client.force_login(writer)
    content = client.get(reverse("admin:articles_article_change", args=[article.pk])).content
    assert readonly_text(content, "is_featured_in_words") == "No"
    assert readonly_text(content, "comments_open_in_words") == "Yes"
    assert b"icon-no.svg" not in content and b"icon-yes.svg" not in content
