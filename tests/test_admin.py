"""Every registered admin opens (changelist, add, change) without error."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse
from taggit.models import Tag

from tests.factories import (
    ArticleFactory,
    CategoryFactory,
    CommentFactory,
    ConditionAliasFactory,
    ConditionFactory,
    ConditionSectionFactory,
    ContributorFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def one_of_everything(superuser):
    condition = ConditionFactory(name="Neuromyotonia")
    ConditionAliasFactory(condition=condition, name="Isaacs' syndrome")
    ConditionSectionFactory(condition=condition)
    article = ArticleFactory(
        published=True,
        category=CategoryFactory(),
        medical_reviewer=ContributorFactory(credentials="MD"),
        tags=["cramps"],
    )
    article.conditions.add(condition)
    SourceFactory(article=article)
    CommentFactory(article=article, text="<b>bold?</b>")


def _registered_models():
    return list(admin.site._registry)


@pytest.mark.parametrize("model", _registered_models(), ids=lambda m: m._meta.label)
def test_admin_pages_open(admin_client, superuser, one_of_everything, model):
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    # follow: a one-row settings admin sends its list straight to that row.
    assert admin_client.get(changelist, follow=True).status_code == 200
    assert admin_client.get(changelist, {"q": "'; DROP TABLE x; --<script>"}, follow=True).status_code == 200
    # Some admins refuse adding on purpose (comments come only from readers; logs are records).
    request = RequestFactory().get("/")
    request.user = superuser
    can_add = admin.site._registry[model].has_add_permission(request)
    add_page = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    assert add_page.status_code == (200 if can_add else 403)
    obj = model._default_manager.first()
    if obj is not None:
        change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        assert admin_client.get(change).status_code == 200


def test_article_change_page_shows_everything_an_editor_needs(admin_client, one_of_everything):
    from articles.models import Article

    article = Article.objects.get()
    response = admin_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    content = response.content.decode()
    for expected in ("Neuromyotonia", "cramps", article.sources.get().title, "Published"):
        assert expected in content


def test_editor_builds_an_article_in_the_admin(editor_client):
    category = CategoryFactory(name="Brain", slug="brain")
    condition = ConditionFactory(name="Neuromyotonia")
    author = ContributorFactory(name="Ann Writer")
    reviewer = ContributorFactory(name="Dr Bo", credentials="MD")
    tag = Tag.objects.create(name="cramps", slug="cramps")

    response = editor_client.post(
        reverse("admin:articles_article_add"),
        {
            "title": "Neuromyotonia explained",
            "slug": "neuromyotonia-explained",
            "summary": "A rare nerve disorder.",
            "body": "## Symptoms\n\n- Twitching",
            "category": category.pk,
            "tags": [tag.pk],
            "conditions": [condition.pk],
            "authors": [author.pk],
            "medical_reviewer": reviewer.pk,
            "sources-TOTAL_FORMS": "1",
            "sources-INITIAL_FORMS": "0",
            "sources-0-title": "Peripheral nerve hyperexcitability",
            "sources-0-url": "https://www.ninds.nih.gov/",
            "sources-0-publisher": "NINDS",
            "sources-0-accessed_on": "2026-11-01",
            "sources-0-position": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]

    from articles.models import Article

    article = Article.objects.get(slug="neuromyotonia-explained")
    assert article.status == Article.Status.DRAFT
    assert list(article.tags.names()) == ["cramps"]
    assert list(article.conditions.all()) == [condition]
    assert list(article.authors.all()) == [author]
    # Only a completed medical review names the reviewer; the form cannot.
    assert article.medical_reviewer is None
    assert article.sources.get().publisher == "NINDS"
    assert '<h2 id="symptoms">' in article.body_html


def test_tag_autocomplete_answers(editor_client):
    Tag.objects.create(name="muscle cramps", slug="muscle-cramps")
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {"term": "cramp", "app_label": "articles", "model_name": "article", "field_name": "tags"},
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["muscle cramps"]


def test_category_cycle_is_refused_with_a_message(admin_client):
    health = CategoryFactory(name="Health", slug="health")
    recovery = CategoryFactory(name="Recovery", slug="recovery", parent=health)
    response = admin_client.post(
        reverse("admin:articles_category_change", args=[health.pk]),
        {"name": "Health", "slug": "health", "parent": recovery.pk, "description": "", "position": 0},
    )
    assert response.status_code == 200
    assert "cannot be placed inside itself" in response.content.decode()
    health.refresh_from_db()
    assert health.parent is None


def test_editor_manages_the_static_pages(editor_client):
    from pages.models import Page

    page = Page.objects.first()
    assert editor_client.get(reverse("admin:pages_page_changelist")).status_code == 200
    assert editor_client.get(reverse("admin:pages_page_change", args=[page.pk])).status_code == 200
    assert editor_client.get(reverse("admin:pages_page_add")).status_code == 200
