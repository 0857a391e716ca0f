"""The parts of the look that the server decides: the header, the print stylesheet and
sharing links. (How they look in a browser: tests/browser/test_look.py.)"""

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings

from tests.factories import ArticleFactory
from tests.html import parse_html

pytestmark = pytest.mark.django_db

PRINT_CSS = Path(settings.BASE_DIR, "static", "css", "print.css").read_text()
SITE_CSS = Path(settings.BASE_DIR, "static", "css", "site.css").read_text()


def test_the_header_has_a_search_link_and_a_menu_that_needs_no_javascript(client):
    document = parse_html(client.get("/").content)

    header = document.find(".//header[@class='site-header']")
    details = header.find(".//details[@class='site-menu']")
    assert details.find("summary").text == "Menu"
    assert details.find(".//nav[@class='primary-nav']") is not None
    assert details.find(".//nav[@aria-label='Your account']") is not None
    links = {a.text: a.get("href") for a in header.iter("a")}
    assert links["Search"] == "/search/"
    search = header.find(".//form[@role='search']")
    assert search.get("action") == "/search/" and search.find(".//input").get("name") == "q"
    assert not document.findall(".//script[@src]")  # nothing to run on an ordinary page


def test_the_search_page_has_no_second_search_in_the_header(client):
    document = parse_html(client.get("/search/?q=cramp").content)

    assert len(document.findall(".//form[@role='search']")) == 1


def test_every_page_links_the_print_stylesheet_for_print_only(client):
    page = client.get("/").content.decode()

    assert re.search(r'<link rel="stylesheet" href="/static/css/print\.css" media="print">', page)


def test_print_hides_the_frame_menus_comments_and_forms_and_keeps_sources_and_review_dates():
    hidden = PRINT_CSS.split("display: none !important")[0]
    for selector in (
        ".site-header",
        ".site-menu",
        ".primary-nav",
        ".comments",
        "form",
        ".share",
        ".skip-link",
    ):
        assert selector in hidden, selector
    for kept in (".sources", ".review-dates"):
        assert kept not in hidden, kept
    assert 'content: " (" attr(href) ")"' in PRINT_CSS


def test_design_tokens_are_custom_properties_in_one_place():
    tokens = SITE_CSS.split(":root {", 1)[1].split("}", 1)[0]
    for token in ("--colour-brand", "--step-0", "--step-4", "--space-s", "--focus-outline", "--measure"):
        assert f"{token}:" in tokens, token
    # Outside the tokens, colours come from them (the help boxes' white-on-red title aside).
    rules = SITE_CSS.split(":root {", 1)[1].split("}", 1)[1]
    assert set(re.findall(r"#[0-9a-fA-F]{3,6}\b", rules)) <= {"#fff"}


def test_article_has_plain_share_links_that_load_nothing_from_elsewhere(client):
    article = ArticleFactory(published=True, title="Cramps & stiffness: what helps?", slug="cramps")

    response = client.get(article.get_absolute_url())

    page = response.content.decode()
    share = re.search(r'<aside class="share".*?</aside>', page, re.S).group(0)
    mailto = re.search(r'href="(mailto:[^"]+)"', share).group(1).replace("&amp;", "&")
    query = parse_qs(urlsplit(mailto).query)
    assert query["subject"] == ["Cramps & stiffness: what helps?"]
    assert query["body"][0].endswith("http://testserver/articles/cramps/")
    assert 'href="http://testserver/articles/cramps/" data-share-copy' in share
    assert re.findall(r'(?:src|href)="(https?://[^"]+)"', share) == ["http://testserver/articles/cramps/"]
    assert '<script src="/static/js/share.js" defer></script>' in share
