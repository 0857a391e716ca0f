"""``__in_list``: a long list of ids as one parameter on PostgreSQL, a plain IN elsewhere."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_finds_the_same_rows_as_in():
    articles = [ArticleFactory() for _ in range(5)]
    wanted = {articles[0].pk, articles[3].pk, 10**12}
    found = set(Article.objects.filter(pk__in_list=wanted).values_list("pk", flat=True))
    assert found == set(Article.objects.filter(pk__in=wanted).values_list("pk", flat=True))
    assert found == {articles[0].pk, articles[3].pk}


def test_an_empty_list_finds_nothing():
    ArticleFactory()
    assert not Article.objects.filter(pk__in_list=[]).exists()
    assert Article.objects.exclude(pk__in_list=[]).count() == 1


def test_a_long_list_is_one_parameter_on_postgresql():
    ids = list(range(1, 2001))
    with CaptureQueriesContext(connection) as queries:
        list(Article.objects.filter(pk__in_list=ids))
    sql = queries.captured_queries[0]["sql"]
    if connection.vendor == "postgresql":
        assert "= ANY(" in sql
    else:
        assert " IN (" in sql
