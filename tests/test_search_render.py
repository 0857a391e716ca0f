"""The search result cards and the count line written in Python: escaped, and in plain English."""

from types import SimpleNamespace

from django.utils.safestring import mark_safe

from articles.search import FoundArticle
from articles.search_render import article_items, condition_items, results_status
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


def test_the_count_line_says_how_many_were_found_and_where_to_go_when_none_were():
    assert str(results_status(1, capped=False)) == "1 article found."
    assert str(results_status(12, capped=False)) == "12 articles found."
    assert str(results_status(200, capped=True)).startswith("More than 200 articles found.")
    assert "add a word to narrow your search" in str(results_status(200, capped=True))

    none = parse_html(_page(f"<li>{results_status(0, capped=False)}</li>"))

    assert none.find(".//a").get("href") == "/conditions/"
    assert "Try fewer or different words" in "".join(none.itertext())
