"""The search result cards written in Python escape everything a person typed."""

from types import SimpleNamespace

from django.utils.safestring import mark_safe

from articles.search import FoundArticle
from articles.search_render import article_items, condition_items
from tests.html import parse_html


def _page(items) -> str:
    return f"<!doctype html><html lang=en><title>Results</title><h1>Results</h1><ul>{items}</ul>"


HOSTILE = "<script>alert('x')</script> & \"quotes\""


def test_condition_cards_escape_names_other_names_and_summaries():
    condition = SimpleNamespace(
        url='/conditions/a"b/', name=HOSTILE, other_names=[HOSTILE, "Isaacs' syndrome"], summary=HOSTILE
    )

    html = str(condition_items([condition]))

    assert "<script>" not in html and '"quotes"' not in html
    assert "Also called &lt;script&gt;" in html and "Isaacs&#x27; syndrome" in html
    assert 'href="/conditions/a&quot;b/"' in html
    parse_html(_page(html))


def test_a_condition_without_other_names_shows_no_also_called_line():
    condition = SimpleNamespace(
        url="/conditions/cramp/", name="Cramp", other_names=[], summary="Tight muscles."
    )

    assert "Also called" not in condition_items([condition])


def test_article_cards_escape_titles_and_categories_and_keep_the_snippet_marks():
    article = FoundArticle(
        title=HOSTILE,
        url="/articles/night-cramps/",
        summary="",
        body="",
        category_name=HOSTILE,
        snippet=mark_safe("Night <mark>cramps</mark> &amp; more"),
    )

    html = str(article_items([article]))

    assert "<script>" not in html
    assert "In &lt;script&gt;" in html and "Night <mark>cramps</mark> &amp; more" in html
    parse_html(_page(html))
    assert 'class="snippet"' not in article_items([FoundArticle("T", "/articles/t/", "", "")])
    assert str(article_items([])) == ""
