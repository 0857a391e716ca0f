from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db

PAST = timezone.now() - timedelta(days=2)
FUTURE = timezone.now() + timedelta(days=2)


@pytest.mark.parametrize(
    ("status", "go_live_at", "expected_live"),
    [
        (Article.Status.PUBLISHED, PAST, True),
        (Article.Status.PUBLISHED, FUTURE, False),
        (Article.Status.PUBLISHED, None, False),
        (Article.Status.SCHEDULED, PAST, True),
        (Article.Status.SCHEDULED, FUTURE, False),
        (Article.Status.DRAFT, PAST, False),
        (Article.Status.IN_REVIEW, PAST, False),
        (Article.Status.CHANGES_REQUESTED, PAST, False),
        (Article.Status.APPROVED, PAST, False),
        (Article.Status.UNPUBLISHED, PAST, False),
        (Article.Status.ARCHIVED, PAST, False),
    ],
)
def test_live_queryset_and_is_live_agree(status, go_live_at, expected_live):
    article = ArticleFactory(status=status, go_live_at=go_live_at)
    assert (article in Article.objects.live()) is expected_live
    assert article.is_live is expected_live


def test_scheduled_article_goes_live_when_its_time_passes():
    article = ArticleFactory(scheduled=True, go_live_at=timezone.now() + timedelta(hours=1))
    assert not Article.objects.live().filter(pk=article.pk).exists()
    later = timezone.now() + timedelta(hours=2)
    assert Article.objects.live(at=later).filter(pk=article.pk).exists()


def test_in_category_includes_descendants_only():
    health = CategoryFactory(slug="health")
    recovery = CategoryFactory(slug="recovery", parent=health)
    other = CategoryFactory(slug="healthy-eating")
    top = ArticleFactory(category=health)
    nested = ArticleFactory(category=recovery)
    ArticleFactory(category=other)
    ArticleFactory(category=None)

    assert set(Article.objects.in_category(health)) == {top, nested}
    assert set(Article.objects.in_category(recovery)) == {nested}


@pytest.mark.parametrize("status", list(Article.Status))
def test_with_live_status_and_has_live_status_agree(status):
    article = ArticleFactory(status=status, go_live_at=FUTURE)
    expected = status in (Article.Status.PUBLISHED, Article.Status.SCHEDULED)
    assert (article in Article.objects.with_live_status()) is expected
    assert article.has_live_status is expected


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL query plan")
def test_a_topic_page_reads_its_newest_live_articles_from_the_topic_index():
    # Many topics, so that one topic's articles are few: the planner then walks
    # the topic's index entries newest first instead of sorting its articles.
    topics = [CategoryFactory() for _ in range(40)]
    Article.objects.bulk_create(
        Article(
            title=f"Sleep {n}",
            slug=f"sleep-{n}",
            category=topics[n % len(topics)],
            status=Article.Status.PUBLISHED,
            go_live_at=PAST - timedelta(minutes=n),
        )
        for n in range(4000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_article")
    newest = Article.objects.live().cards().in_category(topics[3]).order_by("-go_live_at", "-pk")

    assert "article_live_category_idx" in newest[:12].explain()
