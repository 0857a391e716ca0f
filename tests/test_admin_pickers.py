"""The admin's pickers (autocomplete) put the closest names first: exact, then starting with
what was typed, then a word starting with it, then anything else that matches."""

import pytest
from django.urls import reverse
from taggit.models import Tag

from tests.factories import CategoryFactory, ConditionAliasFactory, ConditionFactory, ContributorFactory

pytestmark = pytest.mark.django_db


def picked(client, field_name: str, term: str, model_name: str = "article") -> list[str]:
    response = client.get(
        reverse("admin:autocomplete"),
        {"term": term, "app_label": "articles", "model_name": model_name, "field_name": field_name},
    )
    assert response.status_code == 200
    return [result["text"] for result in response.json()["results"]]


def test_the_condition_typed_comes_before_one_that_only_mentions_it(editor_client):
    ConditionFactory(name="Morvan's syndrome", summary="Neuromyotonia with confusion and insomnia.")
    ConditionFactory(name="Neuromyotonia", summary="Nerves that keep firing.")
    ConditionFactory(name="Acquired neuromyotonia", summary="The autoimmune form.")
    assert picked(editor_client, "conditions", "Neuromyo") == [
        "Neuromyotonia",
        "Acquired neuromyotonia",
        "Morvan's syndrome",
    ]
    assert picked(editor_client, "conditions", "neuromyotonia")[0] == "Neuromyotonia"


def test_an_other_name_typed_in_full_finds_its_condition_first(editor_client):
    isaacs = ConditionFactory(name="Neuromyotonia")
    ConditionAliasFactory(condition=isaacs, name="Isaacs' syndrome")
    ConditionFactory(name="Anti-Isaacs tests", summary="Not a real condition.")
    assert picked(editor_client, "conditions", "isaacs' syndrome") == ["Neuromyotonia"]
    assert picked(editor_client, "conditions", "Isaacs") == ["Neuromyotonia", "Anti-Isaacs tests"]


def test_the_category_typed_comes_before_its_parent(editor_client):
    brain = CategoryFactory(
        name="Brain and Nervous System", slug="brain", description="Brain, spine, muscle and nerve health."
    )
    CategoryFactory(name="Muscle and Nerve", slug="muscle-and-nerve", parent=brain)
    assert picked(editor_client, "category", "Muscle and Nerve") == [
        "Brain and Nervous System > Muscle and Nerve",
        "Brain and Nervous System",
    ]


def test_tags_exact_then_starting_then_containing(editor_client):
    for name in ("acute cramps", "cramps and spasms", "cramp", "aftercramp", "leg cramp relief"):
        Tag.objects.create(name=name)
    assert picked(editor_client, "tags", "Cramp") == [
        "cramp",
        "cramps and spasms",
        "acute cramps",
        "leg cramp relief",
        "aftercramp",
    ]


def test_contributors_whose_name_starts_with_the_words_come_first(editor_client):
    ContributorFactory(name="Bryn Owen", credentials="Health writer")
    ContributorFactory(name="Owen Llewellyn", credentials="MD")
    ContributorFactory(name="Alys Jones", credentials="Owens College graduate")
    assert picked(editor_client, "authors", "owen") == [
        "Owen Llewellyn, MD",
        "Bryn Owen, Health writer",
        "Alys Jones, Owens College graduate",
    ]


@pytest.mark.parametrize("term", ["%", "_", "'; DROP TABLE articles_category; --", "\u0000", "é" * 300, "  "])
def test_odd_input_is_just_text(editor_client, term):
    CategoryFactory(name="Health", slug="health")
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {"term": term, "app_label": "articles", "model_name": "article", "field_name": "category"},
    )
    assert response.status_code in (200, 400)
    if term.strip() in ("%", "_"):
        assert response.json()["results"] == []


@pytest.mark.parametrize(
    "model", ["conditions/condition", "articles/category", "articles/contributor", "taggit/tag"]
)
def test_the_lists_search_still_works_in_their_own_order(editor_client, model):
    # Two other names match, so the condition list must drop the duplicate.
    condition = ConditionFactory(name="Neuromyotonia")
    ConditionAliasFactory(condition=condition, name="Isaacs' syndrome")
    ConditionAliasFactory(condition=condition, name="Isaacs-Mertens syndrome")
    CategoryFactory(name="Isaacs' syndrome care", slug="isaacs-care")
    ContributorFactory(name="Isaacs Trust")
    Tag.objects.create(name="isaacs")
    response = editor_client.get(f"/admin/{model}/", {"q": "isaacs"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 1
