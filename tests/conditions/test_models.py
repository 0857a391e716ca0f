import pytest

from conditions.models import Condition
from tests.factories import ArticleFactory, ConditionAliasFactory, ConditionFactory, ConditionSectionFactory

pytestmark = pytest.mark.django_db


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


def test_search_name_finds_aliases():
    nmt = ConditionFactory(name="Neuromyotonia")
    ConditionAliasFactory(condition=nmt, name="Isaacs' syndrome")
    ConditionAliasFactory(condition=nmt, name="Isaacs-Mertens syndrome")
    ConditionFactory(name="Migraine")

    assert list(Condition.objects.search_name("isaacs")) == [nmt]


def test_section_heading_defaults_to_its_kind():
    section = ConditionSectionFactory(kind="causes", heading="")
    assert section.display_heading == "Causes"
    section.heading = "Why it happens"
    assert section.display_heading == "Why it happens"
