import pytest

from articles.models import Article
from conditions.models import ConditionSection
from tests.factories import (
    ArticleFactory,
    ConditionAliasFactory,
    ConditionFactory,
    ConditionSectionFactory,
)
from tests.html import json_ld, meta, parse_html

pytestmark = pytest.mark.django_db


def _with_live_article(condition, **article_fields):
    article = ArticleFactory(published=True, **article_fields)
    article.conditions.add(condition)
    return article


def test_condition_page_shows_aliases_sections_related_conditions_and_live_articles(client):
    condition = ConditionFactory(name="Neuromyotonia", slug="neuromyotonia", summary="Overactive nerves.")
    ConditionAliasFactory(condition=condition, name="Isaacs' syndrome")
    ConditionSectionFactory(
        condition=condition, kind=ConditionSection.Kind.SYMPTOMS, body="- Twitching\n- Cramps", position=0
    )
    ConditionSectionFactory(
        condition=condition,
        kind=ConditionSection.Kind.CAUSES,
        heading="Why it happens",
        body="Autoimmune.",
        position=1,
    )
    related = ConditionFactory(name="Morvan's syndrome")
    _with_live_article(related)
    empty_related = ConditionFactory(name="Empty relation")
    condition.related_conditions.add(related, empty_related)
    _with_live_article(condition, title="Neuromyotonia explained")
    draft = ArticleFactory(status=Article.Status.DRAFT, title="Draft about it")
    draft.conditions.add(condition)

    response = client.get("/conditions/neuromyotonia/")

    content = response.content.decode()
    assert response.status_code == 200
    assert "Isaacs&#x27; syndrome" in content
    assert "Overactive nerves." in content
    assert "<li>Twitching</li><li>Cramps</li>" in content
    assert "Why it happens" in content
    assert "Morvan&#x27;s syndrome" in content
    assert "Empty relation" not in content
    assert "Neuromyotonia explained" in content
    assert "Draft about it" not in content
    document = parse_html(content)
    assert meta(document, "description") == "Overactive nerves."


def test_condition_json_ld_is_a_medical_condition_with_names_symptoms_and_treatments(client):
    condition = ConditionFactory(name="Neuromyotonia </script>", slug="nmt", summary="Rare.")
    ConditionAliasFactory(condition=condition, name="Isaacs' syndrome")
    ConditionSectionFactory(
        condition=condition, kind=ConditionSection.Kind.SYMPTOMS, body="- Cramps\n- Sweating"
    )
    ConditionSectionFactory(condition=condition, kind=ConditionSection.Kind.TREATMENT, body="- Carbamazepine")
    _with_live_article(condition)

    content = client.get("/conditions/nmt/").content.decode()

    data, breadcrumbs = json_ld(content)
    assert data["@type"] == "MedicalCondition"
    assert data["name"] == "Neuromyotonia </script>"
    assert data["alternateName"] == ["Isaacs' syndrome"]
    assert [s["name"] for s in data["signOrSymptom"]] == ["Cramps", "Sweating"]
    assert [t["name"] for t in data["possibleTreatment"]] == ["Carbamazepine"]
    assert breadcrumbs["itemListElement"][-1]["item"] == "http://testserver/conditions/nmt/"


def test_condition_without_live_articles_answers_404(client):
    condition = ConditionFactory(slug="lonely")
    draft = ArticleFactory(status=Article.Status.IN_REVIEW)
    draft.conditions.add(condition)

    assert client.get("/conditions/lonely/").status_code == 404


def test_alias_used_as_a_slug_redirects_to_the_condition(client):
    condition = ConditionFactory(name="Neuromyotonia", slug="neuromyotonia")
    ConditionAliasFactory(condition=condition, name="Isaacs' syndrome")
    _with_live_article(condition)

    response = client.get("/conditions/isaacs-syndrome/")

    assert response.status_code == 301
    assert response["Location"] == "/conditions/neuromyotonia/"
    assert client.get("/conditions/isaacs/").status_code == 404


def test_changed_condition_slug_redirects_to_the_new_address(client):
    condition = ConditionFactory(slug="old-slug")
    _with_live_article(condition)
    condition.slug = "new-slug"
    condition.save()

    response = client.get("/conditions/old-slug/")

    assert response.status_code == 301
    assert response["Location"] == "/conditions/new-slug/"


def test_alias_of_a_condition_without_live_articles_does_not_redirect(client):
    condition = ConditionFactory(slug="hidden")
    ConditionAliasFactory(condition=condition, name="Secret name")

    assert client.get("/conditions/secret-name/").status_code == 404


def test_a_to_z_lists_conditions_and_their_other_names_under_their_letters(client):
    neuromyotonia = ConditionFactory(name="Neuromyotonia")
    ConditionAliasFactory(condition=neuromyotonia, name="Isaacs' syndrome")
    _with_live_article(neuromyotonia)
    meniere = ConditionFactory(name="Ménière's disease")
    _with_live_article(meniere)
    digits = ConditionFactory(name="22q11 deletion")
    _with_live_article(digits)
    ConditionFactory(name="Unpublished condition")

    response = client.get("/conditions/")

    letters = dict(response.context["letters"])
    assert list(letters) == ["I", "M", "N", "#"]
    assert [(e.name, e.is_alias) for e in letters["I"]] == [("Isaacs' syndrome", True)]
    assert letters["I"][0].condition == neuromyotonia
    content = response.content.decode()
    assert "Unpublished condition" not in content
    assert 'Isaacs&#x27; syndrome: see <a href="/conditions/' in content
    parse_html(content)


def test_condition_articles_are_paginated(client):
    condition = ConditionFactory(slug="busy")
    for _ in range(13):
        _with_live_article(condition)

    assert len(client.get("/conditions/busy/").context["page"]) == 12
    assert len(client.get("/conditions/busy/?page=2").context["page"]) == 1
    assert client.get("/conditions/busy/?page=3").status_code == 404
