"""Bad addresses, page numbers and query strings answer 404 or a normal page, never 500."""

import pytest

from tests.factories import ArticleFactory, CategoryFactory, ConditionFactory, ContributorFactory

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/health/",
    "/articles/flagship/",
    "/conditions/",
    "/conditions/neuromyotonia/",
    "/tags/cramps/",
    "/authors/priya/",
    "/search/",
    "/pages/about/",
    "/feeds/rss/",
    "/sitemap.xml",
    "/robots.txt",
]

HOSTILE_QUERY_STRINGS = [
    "q=%00",
    "q=%3Cscript%3Ealert(1)%3C/script%3E",
    "q=%27%20OR%201%3D1%20--",
    "q=%25&q=_",
    "page=%00",
    "page=1%27",
    "utm_source=%3Cscript%3E",
    "%ZZ=%ZZ",
    "a" * 3000,
    "q[]=1&q[a]=2",
]


@pytest.fixture
def site():
    category = CategoryFactory(slug="health")
    article = ArticleFactory(published=True, slug="flagship", category=category, tags=["cramps"])
    article.conditions.add(ConditionFactory(slug="neuromyotonia"))
    article.authors.add(ContributorFactory(slug="priya"))


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("query_string", HOSTILE_QUERY_STRINGS)
def test_hostile_query_strings_never_cause_a_server_error(client, site, url, query_string):
    response = client.get(f"{url}?{query_string}")

    assert response.status_code in {200, 404}
    assert b"<script>alert(1)</script>" not in response.content


@pytest.mark.parametrize(
    "url",
    [
        "/articles/%00/",
        "/articles/..%2F..%2Fetc%2Fpasswd/",
        "/conditions/%27%20OR%201=1/",
        "/tags/%F0%9F%92%A9/",
        "/authors/<script>/",
        "/pages/" + "x" * 5000 + "/",
        "/feeds/categories/%00/rss/",
        "/health/%25/",
    ],
)
def test_malformed_addresses_answer_404(client, site, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", ["/", "/articles/flagship/", "/search/?q=x", "/conditions/"])
def test_public_pages_refuse_to_be_posted_to(client, site, url):
    assert client.post(url).status_code == 405
