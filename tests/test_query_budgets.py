"""Every public page answers in a constant number of SQL queries, whatever the data size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comments.models import Comment
from tests.factories import (
    ArticleFactory,
    CategoryFactory,
    CommentFactory,
    ConditionAliasFactory,
    ConditionFactory,
    ConditionSectionFactory,
    ContributorFactory,
    SourceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    # Count the queries a page really makes when nothing is cached.
    settings.PAGE_CACHE_SECONDS = 0
    settings.FRAGMENT_CACHE_SECONDS = 0


# Anonymous readers; logged-in readers add two (session and user).
BUDGETS = {
    "/": 6,
    "/health/": 6,
    "/health/recovery/": 6,
    # One of them is the page history (first publication and major changes).
    "/articles/flagship/": 11,
    "/conditions/": 3,
    "/conditions/neuromyotonia/": 7,
    "/tags/cramps/": 4,
    "/authors/priya/": 4,
    # PostgreSQL runs 3: the page of articles with their count, the conditions with
    # their other names, the main menu (6 when nothing is found: the names to suggest
    # from take three); SQLite also loads other names.
    "/search/?q=neuromyotonia": 6,
    "/search/?q=zzzqqq": 7,
    "/feeds/rss/": 3,
    "/feeds/categories/health/atom/": 5,
    # The index: per section a count, and for three the latest change.
    "/sitemap.xml": 9,
    # A section page: the count, then the page of items.
    "/sitemap-articles.xml": 2,
    "/pages/about/": 2,
}


def _add_content(n: int, *, health, recovery, neuromyotonia, author, readers):
    for i in range(n):
        condition = ConditionFactory()
        ConditionAliasFactory(condition=condition)
        ConditionSectionFactory(condition=condition)
        condition.related_conditions.add(neuromyotonia)
        ConditionAliasFactory(condition=neuromyotonia)
        ConditionSectionFactory(condition=neuromyotonia)
        article = ArticleFactory(
            published=True,
            title=f"Neuromyotonia note {i}",
            category=recovery if i % 2 else health,
            tags=["cramps", f"tag {i}"],
            medical_reviewer=author,
        )
        article.authors.add(author, ContributorFactory())
        article.conditions.add(neuromyotonia, condition)
        SourceFactory(article=article)
        flagship = article.__class__.objects.get(slug="flagship")
        flagship.tags.add(f"flag {i}")
        flagship.conditions.add(condition)
        flagship.authors.add(ContributorFactory())
        SourceFactory(article=flagship)
        for reader in readers:
            CommentFactory(article=flagship, author=reader, status=Comment.Status.APPROVED)


def _count(client, url: str) -> int:
    client.get(url)  # warm per-process caches (content types) first
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def test_pages_use_a_constant_number_of_queries(client, django_assert_max_num_queries):
    health = CategoryFactory(name="Health", slug="health")
    recovery = CategoryFactory(name="Recovery", slug="recovery", parent=health)
    neuromyotonia = ConditionFactory(name="Neuromyotonia", slug="neuromyotonia")
    author = ContributorFactory(slug="priya")
    flagship = ArticleFactory(published=True, slug="flagship", category=recovery, tags=["cramps"])
    flagship.authors.add(author)
    flagship.conditions.add(neuromyotonia)
    readers = [UserFactory() for _ in range(3)]
    args = {"health": health, "recovery": recovery, "neuromyotonia": neuromyotonia, "author": author}

    _add_content(2, readers=readers, **args)
    small = {url: _count(client, url) for url in BUDGETS}
    _add_content(25, readers=readers, **args)
    large = {url: _count(client, url) for url in BUDGETS}

    assert large == small
    for url, budget in BUDGETS.items():
        with django_assert_max_num_queries(budget):
            client.get(url)


def test_article_page_for_a_logged_in_reader_stays_within_budget(client, django_assert_max_num_queries):
    article = ArticleFactory(published=True, slug="flagship", tags=["a", "b", "c"])
    for _ in range(20):
        CommentFactory(article=article, status=Comment.Status.APPROVED)
    client.force_login(UserFactory())
    client.get("/articles/flagship/")

    # The anonymous budget, the session and the user: the reader's standing (banned?
    # commented here?) comes with the article.
    with django_assert_max_num_queries(BUDGETS["/articles/flagship/"] + 2):
        assert client.get("/articles/flagship/").status_code == 200
