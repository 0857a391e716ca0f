"""The issue's "done when", end to end, as the demo accounts, in the admin only."""

import io
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleStatusChange
from tests.articles.test_admin_workflow import form_data

pytestmark = pytest.mark.django_db

S = Article.Status


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())
    return {user.username: user for user in get_user_model().objects.all()}


def as_user(client, user):
    client.logout()
    client.force_login(user)
    return client


def press(client, article, action, **data):
    url = reverse("admin:articles_article_transition", args=[article.pk, action])
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    return response.content.decode()


def test_demo_article_goes_from_draft_to_live_and_is_corrected_while_staying_live(client, demo):
    article = Article.objects.get(slug="neurology-appointment-checklist")
    change = reverse("admin:articles_article_change", args=[article.pk])
    assert article.status == S.DRAFT

    # The writer adds a source, then submits.
    as_user(client, demo["writer"])
    data = form_data(client.get(change))
    data.update(
        {
            "sources-0-title": "Neurology appointments",
            "sources-0-publisher": "NHS",
            "sources-0-year": str(timezone.localdate().year),
        }
    )
    data["change_summary"] = "Added a source"
    assert client.post(change, data).status_code == 302
    assert "Submit for review: done" in press(client, article, "submit")

    # A reviewer asks for changes; the writer makes them and resubmits.
    as_user(client, demo["reviewer"])
    press(client, article, "request_changes", note="Say what to bring to the appointment.")
    as_user(client, demo["writer"])
    inbox = client.get(reverse("admin:articles_article_inbox")).content.decode()
    assert "Say what to bring to the appointment." in inbox
    data = form_data(client.get(change))
    data["body"] += "\n\n## What to bring\n\n- A list of your medicines"
    assert client.post(change, data).status_code == 302
    press(client, article, "submit")

    # Two reviewers approve (a new article needs two).
    as_user(client, demo["reviewer"])
    assert "Approval 1 of 2 by Dr Tomasz Kowalczyk" in press(client, article, "approve")
    as_user(client, demo["reviewer2"])
    press(client, article, "approve")
    article.refresh_from_db()
    assert article.status == S.APPROVED
    assert article.medical_reviewer.slug == "amara-okafor"

    # The editor sets a go-live date and schedules it.
    as_user(client, demo["editor"])
    go_live = timezone.localtime() + timedelta(days=2)
    data = form_data(client.get(change))
    data["go_live_at_0"], data["go_live_at_1"] = go_live.strftime("%Y-%m-%d"), go_live.strftime("%H:%M:00")
    assert client.post(change, data).status_code == 302
    page = client.get(change).content.decode()
    assert f"Schedule for {go_live:%-d %B %Y, %H:%M}" in page
    press(client, article, "schedule")
    assert client.get(article.get_absolute_url()).status_code == 404

    with time_machine.travel(go_live + timedelta(minutes=1)):
        assert client.get(article.get_absolute_url()).status_code == 200
        call_command("publish_scheduled", stdout=io.StringIO())
        article.refresh_from_db()
        assert article.status == S.PUBLISHED

        # A later correction: readers keep the old text until it is reviewed and published.
        data = form_data(client.get(change))
        data["body"] = data["body"].replace("A list of your medicines", "A list of your medicines and doses")
        data["change_summary"] = "Mention doses"
        client.post(change, data)
        assert "and doses" not in client.get(article.get_absolute_url()).content.decode()
        press(client, article, "submit")
        as_user(client, demo["reviewer"])
        press(client, article, "approve")
        assert "and doses" not in client.get(article.get_absolute_url()).content.decode()
        as_user(client, demo["editor"])
        press(client, article, "publish_correction")
        assert "and doses" in client.get(article.get_absolute_url()).content.decode()

        history = client.get(change).content.decode()

    steps = list(
        ArticleStatusChange.objects.filter(article=article)
        .order_by("created_at", "pk")
        .values_list("action", "actor__username")
    )
    assert steps == [
        ("submit", "writer"),
        ("request_changes", "reviewer"),
        ("submit", "writer"),
        ("approve", "reviewer"),
        ("approve", "reviewer2"),
        ("schedule", "editor"),
        ("go_live", None),
        ("start_correction", "editor"),
        ("submit", "editor"),
        ("approve", "reviewer"),
        ("publish_correction", "editor"),
    ]
    for text in ("Changes requested", "Say what to bring", "Went live as scheduled", "Correction published"):
        assert text in history


def test_demo_articles_carry_a_history_that_matches_their_state(demo):
    now = timezone.now()
    for article in Article.objects.all():
        steps = list(article.status_changes.order_by("created_at", "pk"))
        assert all(step.created_at <= now + timedelta(days=1) for step in steps), article.slug
        if article.status == S.DRAFT:
            assert steps == []
            continue
        assert steps[0].action == "submit"
        assert steps[0].actor.username == "writer"
        assert steps[-1].to_status == article.status, article.slug
        if article.status in (S.PUBLISHED, S.SCHEDULED, S.ARCHIVED):
            approvers = {s.actor.username for s in steps if s.action == "approve"}
            assert approvers == {"reviewer", "reviewer2"}, article.slug
            assert article.medical_reviewer is not None
            assert article.next_review_due > article.last_reviewed_on
    # One demo article is overdue for review, so the report has something to show.
    assert Article.objects.review_overdue().exists()
