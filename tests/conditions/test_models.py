import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.db.models import Exists, OuterRef
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from conditions.models import Condition
from tests.factories import ArticleFactory, ConditionFactory, ConditionSectionFactory

pytestmark = pytest.mark.django_db


def shown() -> set[str]:
    return set(Condition.objects.with_live_articles().values_list("name", flat=True))


def shown_by_asking_the_articles() -> set[str]:
    """The rule worked out from the articles themselves, to check the stored times against."""
    live = Article.objects.live().filter(conditions=OuterRef("pk"))
    return set(Condition.objects.filter(Exists(live)).values_list("name", flat=True))


def test_related_conditions_are_symmetric():
    nmt = ConditionFactory(name="Neuromyotonia")
    morvan = ConditionFactory(name="Morvan's syndrome")
    nmt.related_conditions.add(morvan)
    assert list(morvan.related_conditions.all()) == [nmt]


def test_with_live_articles_only_lists_conditions_linked_to_live_articles():
    linked_live = ConditionFactory()
    linked_draft_only = ConditionFactory()
    ConditionFactory()  # nothing linked
    ArticleFactory(published=True).conditions.add(linked_live)
    ArticleFactory().conditions.add(linked_draft_only)
    ArticleFactory(scheduled=True).conditions.add(linked_draft_only)

    assert list(Condition.objects.with_live_articles()) == [linked_live]


def test_a_scheduled_article_shows_its_condition_once_its_go_live_time_has_passed():
    asthma = ConditionFactory(name="Asthma")
    article = ArticleFactory(scheduled=True)
    article.conditions.add(asthma)

    assert shown() == set()
    assert set(Condition.objects.without_live_articles()) == {asthma}
    later = article.go_live_at + timedelta(seconds=1)
    assert list(Condition.objects.with_live_articles(at=later)) == [asthma]
    assert not Condition.objects.without_live_articles(at=later).exists()


def test_unpublishing_or_deleting_the_last_live_article_hides_its_condition():
    asthma, eczema = ConditionFactory(name="Asthma"), ConditionFactory(name="Eczema")
    first, second = ArticleFactory(published=True), ArticleFactory(published=True)
    first.conditions.add(asthma, eczema)
    second.conditions.add(eczema)
    assert shown() == {"Asthma", "Eczema"}

    first.status = Article.Status.UNPUBLISHED
    first.save()
    assert shown() == {"Eczema"} == shown_by_asking_the_articles()

    second.delete()
    assert shown() == set() == shown_by_asking_the_articles()
    assert set(Condition.objects.without_live_articles()) == {asthma, eczema}

    first.status = Article.Status.PUBLISHED
    first.save()
    assert shown() == {"Asthma", "Eczema"}


def test_moving_the_go_live_time_into_the_future_hides_the_condition_until_then():
    asthma = ConditionFactory(name="Asthma")
    article = ArticleFactory(published=True)
    article.conditions.add(asthma)

    article.status = Article.Status.SCHEDULED
    article.go_live_at = timezone.now() + timedelta(hours=2)
    article.save()

    assert shown() == set()
    assert shown_by_asking_the_articles() == set()
    assert Condition.objects.with_live_articles(at=article.go_live_at).get() == asthma


@pytest.mark.parametrize("side", ["article", "condition"])
def test_changing_links_from_either_side_shows_or_hides_the_condition(side):
    asthma, eczema = ConditionFactory(name="Asthma"), ConditionFactory(name="Eczema")
    article = ArticleFactory(published=True)
    if side == "article":
        article.conditions.set([asthma, eczema])
        assert shown() == {"Asthma", "Eczema"}
        article.conditions.remove(asthma)
        assert shown() == {"Eczema"}
        article.conditions.clear()
    else:
        asthma.articles.add(article)
        eczema.articles.add(article)
        assert shown() == {"Asthma", "Eczema"}
        asthma.articles.remove(article)
        assert shown() == {"Eczema"}
        eczema.articles.clear()
    assert shown() == set() == shown_by_asking_the_articles()


def test_saving_a_condition_read_before_its_article_went_live_keeps_it_shown():
    asthma = ConditionFactory(name="Asthma")
    read_earlier = Condition.objects.get(pk=asthma.pk)  # as an editor's open form has it
    ArticleFactory(published=True).conditions.add(asthma)

    read_earlier.summary = "A long-term condition of the airways."
    read_earlier.save()

    assert shown() == {"Asthma"}


def test_telling_shown_from_hidden_conditions_reads_no_article():
    ArticleFactory(published=True).conditions.add(ConditionFactory())
    ConditionFactory()

    with CaptureQueriesContext(connection) as queries:
        assert len(Condition.objects.without_live_articles()) == 1
        assert len(Condition.objects.with_live_articles()) == 1

    assert not any("articles_article" in query["sql"] for query in queries.captured_queries)


def test_generated_content_shows_exactly_the_conditions_with_live_articles():
    call_command("generate_content", "--articles", "30", "--comments", "0", "--conditions", "12")

    assert shown() == shown_by_asking_the_articles()
    assert shown()


def test_the_migration_fills_in_the_first_go_live_time_of_existing_conditions():
    asthma, eczema = ConditionFactory(name="Asthma"), ConditionFactory(name="Eczema")
    ArticleFactory(published=True).conditions.add(asthma)
    ArticleFactory().conditions.add(eczema)
    Condition.objects.update(live_from=None)  # as before the migration
    migration = importlib.import_module("conditions.migrations.0006_condition_live_from")

    migration.fill_live_from(apps, connection.schema_editor())

    assert shown() == {"Asthma"}


def test_section_heading_defaults_to_its_kind():
    section = ConditionSectionFactory(kind="causes", heading="")
    assert section.display_heading == "Causes"
    section.heading = "Why it happens"
    assert section.display_heading == "Why it happens"
