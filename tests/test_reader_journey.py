"""The walk a reader takes through the demo content, as the issue's "done when" describes it:
home → category → article → linked condition → related article → tag page → search.
Every page must parse as HTML, carry its SEO tags, and its JSON-LD must parse."""

import io
import xml.etree.ElementTree as ET

import feedparser
import pytest
from django.core.management import call_command

from tests.html import canonical, json_ld, meta, parse_html

pytestmark = pytest.mark.django_db


def _visit(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, url
    document = parse_html(response.content)
    assert meta(document, "description"), url
    assert meta(document, "og:title") and meta(document, "og:url"), url
    assert canonical(document).startswith("http://testserver/"), url
    json_ld(response.content)  # parses, or the test fails
    return response, document


def _first_link(document, xpath: str) -> str:
    link = document.find(xpath)
    assert link is not None, xpath
    return link.get("href")


def test_reader_walks_from_home_to_search_through_the_demo_content(client):
    call_command("load_demo", stdout=io.StringIO())

    _, home = _visit(client, "/")
    category_url = _first_link(home, ".//section[@aria-labelledby='topics-heading']//a")

    _, category = _visit(client, category_url)
    article_url = next(
        a.get("href") for a in category.iter("a") if (a.get("href") or "").startswith("/articles/")
    )

    response, article = _visit(client, article_url)
    page_data = json_ld(response.content)[0]
    assert page_data["@type"] == "MedicalWebPage"
    condition_url = _first_link(article, ".//section[@aria-labelledby='conditions-heading']//a")
    related_url = _first_link(article, ".//section[@aria-labelledby='related-heading']//a")
    tag_url = _first_link(article, ".//section[@aria-labelledby='tags-heading']//a")

    response, _ = _visit(client, condition_url)
    assert json_ld(response.content)[0]["@type"] == "MedicalCondition"
    _visit(client, related_url)
    _visit(client, tag_url)
    response, _ = _visit(client, "/search/?q=Isaacs%27+syndrome")
    assert [c.slug for c in response.context["results"].conditions] == ["neuromyotonia"]
    _visit(client, "/conditions/")
    assert client.get("/conditions/isaacs-syndrome/")["Location"] == "/conditions/neuromyotonia/"


def test_demo_feeds_and_sitemap_parse_and_every_sitemap_address_answers(client):
    call_command("load_demo", stdout=io.StringIO())

    for url in ["/feeds/rss/", "/feeds/atom/"]:
        feed = feedparser.parse(client.get(url).content)
        assert not feed.bozo and len(feed.entries) >= 3
    index = ET.fromstring(client.get("/sitemap.xml").content)
    locations = []
    for section in index.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc"):
        root = ET.fromstring(client.get(section.text.removeprefix("http://testserver")).content)
        locations += [el.text for el in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert len(locations) > 10
    for location in locations:
        assert client.get(location.removeprefix("http://testserver")).status_code == 200, location
