"""Stored derived data (search documents, Condition.live_from) follows every kind of change."""

import pytest
from django.db import connection
from django.db.models import Exists, OuterRef

from articles.models import Article
from conditions.models import Condition
from tests.factories import ArticleFactory, ConditionAliasFactory, ConditionFactory

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="stored search documents")


def shown() -> set[str]:
    return set(Condition.objects.with_live_articles().values_list("name", flat=True))


def shown_by_asking_the_articles() -> set[str]:
    live = Article.objects.live().filter(conditions=OuterRef("pk"))
    return set(Condition.objects.filter(Exists(live)).values_list("name", flat=True))


def found_by(words: str) -> set[str]:
    from django.contrib.postgres.search import SearchQuery

    query = SearchQuery(words, config="english")
    return set(Article.objects.filter(search_document=query).values_list("title", flat=True))


def test_deleting_articles_in_bulk_hides_the_conditions_only_they_were_live_for():
    asthma, eczema = ConditionFactory(name="Asthma"), ConditionFactory(name="Eczema")
    doomed = [ArticleFactory(published=True, title=f"Inhalers {n}") for n in range(3)]
    kept = ArticleFactory(published=True, title="Moisturisers")
    for article in doomed:
        article.conditions.add(asthma, eczema)
    kept.conditions.add(eczema)

    Article.objects.filter(title__startswith="Inhalers").delete()

    assert shown() == {"Eczema"} == shown_by_asking_the_articles()


def test_setting_a_conditions_articles_from_its_side_moves_it_with_them():
    asthma = ConditionFactory(name="Asthma")
    draft, live = ArticleFactory(), ArticleFactory(published=True)
    asthma.articles.set([draft])
    assert shown() == set()

    asthma.articles.set([live])
    assert shown() == {"Asthma"} == shown_by_asking_the_articles()

    asthma.articles.set([])
    assert shown() == set() == shown_by_asking_the_articles()


def test_saving_a_condition_keeps_it_hidden_while_its_only_article_is_a_draft():
    asthma = ConditionFactory(name="Asthma")
    ArticleFactory().conditions.add(asthma)
    asthma.summary = "A long-term condition of the airways."
    asthma.save()
    assert shown() == set()


@postgres_only
def test_an_article_is_found_by_the_names_of_conditions_linked_from_either_side():
    nmt = ConditionFactory(name="Neuromyotonia")
    ConditionAliasFactory(condition=nmt, name="Isaacs' syndrome")
    article = ArticleFactory(published=True, title="Stiff muscles")

    nmt.articles.add(article)
    assert found_by("Isaacs") == {"Stiff muscles"}

    nmt.articles.clear()
    assert found_by("Isaacs") == set()

    article.conditions.add(nmt)
    nmt.name = "Peripheral nerve hyperexcitability"
    nmt.save()
    assert found_by("hyperexcitability") == {"Stiff muscles"}
    assert found_by("neuromyotonia") == set()

    article.conditions.clear()
    assert found_by("hyperexcitability") == set()
    assert found_by("stiff") == {"Stiff muscles"}


@postgres_only
def test_deleting_a_condition_with_many_articles_drops_its_names_from_all_of_them():
    eczema = ConditionFactory(name="Eczema")
    ConditionAliasFactory(condition=eczema, name="Atopic dermatitis")
    for n in range(5):
        ArticleFactory(published=True, title=f"Skin care {n}").conditions.add(eczema)
    assert len(found_by("dermatitis")) == 5

    eczema.delete()

    assert found_by("dermatitis") == set() == found_by("eczema")
    assert len(found_by("skin")) == 5
