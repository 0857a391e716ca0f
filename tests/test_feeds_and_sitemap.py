"""Feeds, sitemap.xml and robots.txt: standard formats, live content only."""

import xml.etree.ElementTree as ET

import feedparser
import pytest

from articles.models import Article
from tests.factories import (
    ArticleFactory,
    CategoryFactory,
    ConditionFactory,
    ContributorFactory,
    PageFactory,
)

pytestmark = pytest.mark.django_db

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture
def content():
    health = CategoryFactory(name="Health", slug="health")
    other = CategoryFactory(name="Other", slug="other")
    author = ContributorFactory(name="Priya Raman", slug="priya")
    live = ArticleFactory(published=True, title="Live & well", summary="About <things>.", category=health)
    live.authors.add(author)
    live.tags.add("muscle cramps")
    ArticleFactory(published=True, title="Elsewhere", category=other)
    for status in Article.Status:
        if status not in Article.LIVE_STATUSES:
            hidden = ArticleFactory(status=status, title=f"Hidden {status}", category=health)
            hidden.tags.add("secret tag")
    ArticleFactory(scheduled=True, title="Hidden future", category=health)
    condition = ConditionFactory(slug="neuromyotonia")
    live.conditions.add(condition)
    ConditionFactory(slug="empty-condition")
    return live


@pytest.mark.parametrize("url", ["/feeds/rss/", "/feeds/atom/"])
def test_site_feeds_parse_and_list_only_live_articles(client, content, url):
    response = client.get(url)

    feed = feedparser.parse(response.content)
    assert response.status_code == 200
    assert not feed.bozo, feed.bozo_exception
    titles = [entry.title for entry in feed.entries]
    assert sorted(titles) == ["Elsewhere", "Live & well"]
    entry = next(e for e in feed.entries if e.title == "Live & well")
    assert entry.link == "http://testserver" + content.get_absolute_url()
    assert entry.author == "Priya Raman"
    assert [tag.term for tag in entry.tags] == ["muscle cramps"]


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_category_feeds_list_the_categorys_live_articles(client, content, kind):
    response = client.get(f"/feeds/categories/health/{kind}/")

    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert [entry.title for entry in feed.entries] == ["Live & well"]
    assert "Health" in feed.feed.title


def test_feed_of_unknown_category_answers_404(client):
    assert client.get("/feeds/categories/nope/rss/").status_code == 404


def test_sitemap_lists_only_pages_readers_can_open_with_last_modified(client, content):
    PageFactory(slug="about", title="About")

    base = "http://testserver"
    index = ET.fromstring(client.get("/sitemap.xml").content)
    sections = [loc.text for loc in index.findall("sm:sitemap/sm:loc", SITEMAP_NS)]
    assert base + "/sitemap-articles.xml" in sections
    entries = {}
    for section in sections:
        root = ET.fromstring(client.get(section.removeprefix(base)).content)
        entries.update(
            {
                url.find("sm:loc", SITEMAP_NS).text: url.find("sm:lastmod", SITEMAP_NS)
                for url in root.findall("sm:url", SITEMAP_NS)
            }
        )
    assert base + content.get_absolute_url() in entries
    assert entries[base + content.get_absolute_url()] is not None
    assert base + "/conditions/neuromyotonia/" in entries
    assert base + "/conditions/empty-condition/" not in entries
    assert base + "/tags/muscle-cramps/" in entries
    assert base + "/tags/secret-tag/" not in entries
    assert base + "/authors/priya/" in entries
    assert base + "/pages/about/" in entries
    assert base + "/health/" in entries and base + "/" in entries
    assert not any("hidden" in loc for loc in entries)
    # Every listed address answers 200.
    for loc in entries:
        assert client.get(loc.removeprefix(base)).status_code == 200, loc


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "User-agent: *" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /search/" in text


def test_robots_txt_answers_only_reading_requests(client):
    assert client.head("/robots.txt").status_code == 200
    assert client.post("/robots.txt").status_code == 405
