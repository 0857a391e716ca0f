"""The article page names every medical reviewer whose approval counted."""

import importlib
from datetime import date

import pytest
from django.apps import apps
from django.db import connection
from django.utils import timezone

from articles import revisions, workflow
from articles.models import Article, Contributor
from tests.factories import ArticleFactory, ContributorFactory, reviewable_article
from tests.html import json_ld, parse_html

pytestmark = pytest.mark.django_db

RITA = "Dr Rita Reyes, MD, neurologist"
SAM = "Dr Sam Shah, MBBS, general practitioner"


@pytest.fixture
def published(writer, editor, credentialed_reviewer, second_reviewer):
    article = reviewable_article(title="Neuromyotonia explained", slug="neuromyotonia", created_by=writer)
    workflow.submit_for_review(article, by=writer)
    workflow.approve(article, by=second_reviewer)
    workflow.approve(article, by=credentialed_reviewer)
    workflow.publish(article, by=editor)
    return article


def reviewed_line(client, article) -> str:
    document = parse_html(client.get(article.get_absolute_url()).content)
    line = document.find(".//p[@class='reviewed']")
    return "".join(line.itertext()) if line is not None else ""


def reviewed_by(client, article) -> list[str]:
    page, _ = json_ld(client.get(article.get_absolute_url()).content.decode())
    return [person["name"] for person in page.get("reviewedBy", [])]


def test_both_reviewers_of_a_new_article_are_named_in_the_byline_and_the_structured_data(client, published):
    on = published.last_reviewed_on.strftime("%-d %B %Y")
    assert reviewed_line(client, published) == f"Medically reviewed by {SAM} and {RITA} on {on}"
    content = client.get(published.get_absolute_url()).content.decode()
    for contributor in Contributor.objects.exclude(user=None):
        assert f'<a href="{contributor.get_absolute_url()}">{contributor}</a>' in content
    assert reviewed_by(client, published) == ["Dr Sam Shah", "Dr Rita Reyes"]


def test_a_published_correction_names_the_reviewers_of_the_correction(
    client, published, editor, credentialed_reviewer
):
    content = {**revisions.snapshot_of(published), "body": "## Symptoms\n\n- Corrected\n"}
    workflow.propose_correction(published, by=editor, content=content)  # minor: one reviewer
    workflow.submit_for_review(published, by=editor)
    workflow.approve(published, by=credentialed_reviewer)
    workflow.publish_correction(published, by=editor)

    assert reviewed_line(client, published).startswith(f"Medically reviewed by {RITA} on ")
    assert reviewed_by(client, published) == ["Dr Rita Reyes"]


def test_the_reviewers_stay_named_after_a_correction_is_set_aside_and_the_article_republished(
    client, published, editor
):
    content = {**revisions.snapshot_of(published), "body": "## Symptoms\n\n- Corrected\n"}
    workflow.propose_correction(published, by=editor, content=content)
    workflow.unpublish(published, by=editor)  # sets the correction aside
    workflow.publish(published, by=editor)
    assert reviewed_by(client, published) == ["Dr Sam Shah", "Dr Rita Reyes"]


def test_three_reviewers_are_listed_so_credentials_stay_readable(client, published):
    third = ContributorFactory(name="Dr Ada Lowe", credentials="FRCP")
    approval = published.signed_off_revision.approvals.first()
    approval.pk, approval.reviewer, approval.contributor = None, None, third
    approval.created_at = timezone.now()  # the last of the three
    approval.save()
    line = reviewed_line(client, published)
    assert line.startswith(f"Medically reviewed by {SAM}; {RITA} and Dr Ada Lowe, FRCP on ")


def test_a_reviewer_whose_profile_was_deleted_is_named_as_they_signed(client, published, second_reviewer):
    second_reviewer.contributor.delete()
    assert reviewed_line(client, published).startswith(f"Medically reviewed by {SAM} and {RITA} on ")
    assert reviewed_by(client, published) == [SAM, "Dr Rita Reyes"]


def test_names_are_shown_as_text_never_as_markup(client, published, credentialed_reviewer):
    Contributor.objects.filter(user=credentialed_reviewer).update(name="<script>alert(1)</script>")
    content = client.get(published.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
    assert reviewed_by(client, published)[1] == "<script>alert(1)</script>"


def test_an_article_reviewed_before_versions_were_signed_off_names_its_one_reviewer(client):
    reviewer = ContributorFactory(name="Dr Okafor", credentials="MRCGP")
    article = ArticleFactory(published=True, medical_reviewer=reviewer, last_reviewed_on=date(2026, 1, 2))
    assert reviewed_line(client, article) == "Medically reviewed by Dr Okafor, MRCGP on 2 January 2026"
    assert reviewed_by(client, article) == ["Dr Okafor"]


def test_an_unreviewed_article_names_no_reviewer(client):
    article = ArticleFactory(published=True)
    assert reviewed_line(client, article) == ""
    assert reviewed_by(client, article) == []


def test_every_reviewer_page_lists_the_article(client, published, credentialed_reviewer, second_reviewer):
    for user in (credentialed_reviewer, second_reviewer):
        content = client.get(user.contributor.get_absolute_url()).content.decode()
        assert "Neuromyotonia explained" in content
        assert f"Medically reviewed by {user.contributor.name}" in content


def test_the_migration_finds_the_version_each_review_approved(published, editor, credentialed_reviewer):
    content = {**revisions.snapshot_of(published), "body": "## Symptoms\n\n- Corrected\n"}
    workflow.propose_correction(published, by=editor, content=content)
    workflow.submit_for_review(published, by=editor)
    workflow.approve(published, by=credentialed_reviewer)
    workflow.publish_correction(published, by=editor)
    never_reviewed = ArticleFactory(published=True)
    signed_off = published.signed_off_revision_id
    Article.objects.update(signed_off_revision=None)

    migration = importlib.import_module("articles.migrations.0017_article_signed_off_revision")
    migration.record_sign_offs(apps, connection.schema_editor())

    assert Article.objects.get(pk=published.pk).signed_off_revision_id == signed_off
    assert Article.objects.get(pk=never_reviewed.pk).signed_off_revision_id is None
