"""CompiledQuery: a queryset compiled once, run again with fresh values."""

import pytest
from django.db import connection

from articles.models import Article
from healthsite.postgres import CompiledQuery
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def _by_title_and_ids(title, ids):
    return Article.objects.filter(title=title, pk__in_list=ids).order_by("pk").values_list("title", "slug")


def test_each_run_gives_what_the_queryset_would_with_its_value():
    ArticleFactory(title="Night cramps", slug="night-cramps")
    query = CompiledQuery(
        lambda title: Article.objects.filter(title=title).values_list("slug"), "\ue002t\ue002"
    )

    assert query.rows("Night cramps") == [("night-cramps",)]
    assert query.rows("Robert'); DROP TABLE articles_article;--") == []
    assert query.rows("Night cramps") == [("night-cramps",)]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="lists travel as one parameter on PostgreSQL")
def test_each_run_gives_what_the_queryset_would_with_its_values():
    cramps = ArticleFactory(title="Night cramps", slug="night-cramps")
    ArticleFactory(title="Night cramps", slug="night-cramps-2")
    ArticleFactory(title="Sleep", slug="sleep")
    query = CompiledQuery(_by_title_and_ids, "\ue002title\ue002", [-1])

    assert query.rows("Night cramps", [cramps.pk]) == [("Night cramps", "night-cramps")]
    assert query.rows("Sleep", [-5]) == []
    assert query.rows("Robert'); DROP TABLE articles_article;--", []) == []
    assert Article.objects.count() == 3
    assert query.rows("Night cramps", [cramps.pk]) == list(_by_title_and_ids("Night cramps", [cramps.pk]))


class _CountAbove:
    """SQL written around a queryset's: how many of its rows have a slug longer than ``n``."""

    def __init__(self, title, n):
        self.queryset, self.n = Article.objects.filter(title=title).values_list("slug"), n

    def as_sql(self, using):
        sql, params = self.queryset.query.get_compiler(using).as_sql()
        return f"SELECT count(*) FROM ({sql}) AS found WHERE length(found.slug) > %s", (
            *params,
            self.n,
        )


def test_sql_written_around_a_queryset_runs_with_fresh_values_too():
    ArticleFactory(title="Night cramps", slug="cramps")
    ArticleFactory(title="Night cramps", slug="night-cramps")
    query = CompiledQuery(_CountAbove, "\ue002t\ue002", -1_000_001)

    assert query.rows("Night cramps", 0) == [(2,)]
    assert query.rows("Night cramps", 6) == [(1,)]
    assert query.rows("Sleep", 0) == [(0,)]


def test_a_stand_in_the_database_never_sees_as_it_is_fails_loudly():
    query = CompiledQuery(lambda text: Article.objects.filter(title__icontains=text), "\ue002x\ue002")

    with pytest.raises(ValueError, match="did not reach the SQL"):
        query.rows("cramps")


def test_the_number_of_values_must_match_the_stand_ins():
    query = CompiledQuery(lambda text: Article.objects.filter(title=text), "\ue002x\ue002")

    with pytest.raises(TypeError):
        query.rows("a", "b")


def test_a_change_of_shape_compiles_again():
    for n in range(3):
        ArticleFactory(title="Cramps", slug=f"cramps-{n}")
    limit = {"n": 1}
    query = CompiledQuery(
        lambda text: Article.objects.filter(title=text).values_list("pk")[: limit["n"]],
        "\ue002x\ue002",
        shape=lambda: limit["n"],
    )

    assert len(query.rows("Cramps")) == 1
    limit["n"] = 2
    assert len(query.rows("Cramps")) == 2


def _prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [statement for (statement,) in cursor.fetchall()]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")
def test_a_query_run_often_becomes_a_prepared_statement_and_is_still_counted(django_assert_num_queries):
    ArticleFactory(title="Night cramps", slug="night-cramps")
    query = CompiledQuery(
        lambda title: Article.objects.filter(title=title).values_list("slug"), "\ue002prepared\ue002"
    )

    for _ in range(5):
        assert query.rows("Night cramps") == [("night-cramps",)]
    with django_assert_num_queries(1):
        assert query.rows("Robert'); DROP TABLE articles_article;--") == []
    assert query.rows("Night cramps") == [("night-cramps",)]

    assert any('"articles_article"."title" = $1' in statement for statement in _prepared_statements())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")
def test_prepared_statements_can_be_turned_off_for_connection_poolers(monkeypatch):
    monkeypatch.delitem(connection.settings_dict["OPTIONS"], "prepare_threshold", raising=False)
    ArticleFactory(summary="Night cramps", slug="night-cramps")
    query = CompiledQuery(
        lambda summary: Article.objects.filter(summary=summary).values_list("slug"), "\ue002off\ue002"
    )

    for _ in range(8):
        assert query.rows("Night cramps") == [("night-cramps",)]

    assert not any('"articles_article"."summary" = $1' in statement for statement in _prepared_statements())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")
def test_a_prepared_statement_is_planned_for_the_values_of_each_run():
    ArticleFactory(title="Night cramps", slug="night-cramps")
    query = CompiledQuery(
        lambda title: Article.objects.filter(title=title).values_list("slug"), "\ue002plan\ue002"
    )

    for title in ["Night cramps", "Leg ache", "Restless legs"] * 4:
        query.rows(title)

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement LIKE %s",
            ['%"articles_article"."title" = $1%'],
        )
        generic_plans, custom_plans = cursor.fetchone()
    # A generic plan, made once without the values, could not tell a rare word from a common one.
    assert generic_plans == 0
    assert custom_plans >= 5
