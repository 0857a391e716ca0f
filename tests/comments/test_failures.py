"""A database error while posting, reporting or moderating leaves nothing half-written.

Each write runs in one transaction: when any part of it fails the whole thing is
undone, the reader is told plainly (503) with what they typed still in the box,
nothing is counted against their rate limit, and trying again works.
"""

import pytest
import time_machine
from django.db import DatabaseError
from django.db.models.signals import post_save
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from comments import moderation
from comments.models import Comment, CommentReport, ModerationLogEntry, ModerationSettings
from tests.factories import CommentFactory, UserFactory

pytestmark = pytest.mark.django_db

TEXT = "Magnesium helped my cramps <b>a lot</b> – ask your GP first."


@pytest.fixture(autouse=True)
def _trusted_and_still(db):
    settings_row = ModerationSettings.load()
    settings_row.trusted_after = 0
    settings_row.save()
    with time_machine.travel(timezone.now(), tick=False):
        yield


FOLLOW_UP = "test-broken-follow-up"


def _always_down(*args, **kwargs):
    raise DatabaseError("could not write: the database is unavailable")


def _broken_follow_up(sender, instance, created, **kwargs):
    raise DatabaseError("connection lost after the comment was written")


@pytest.fixture
def fault(monkeypatch, request):
    """Break posting in the way the test's parameter names: the insert itself, or a write after it."""
    if request.param == "insert":
        monkeypatch.setattr(Comment, "save", _always_down)
    else:
        post_save.connect(_broken_follow_up, sender=Comment, dispatch_uid=FOLLOW_UP)
    yield
    _heal(monkeypatch)


def _heal(monkeypatch):
    monkeypatch.undo()
    post_save.disconnect(sender=Comment, dispatch_uid=FOLLOW_UP)


@pytest.mark.parametrize("fault", ["insert", "after-insert"], indirect=True)
def test_a_failed_comment_post_is_undone_explained_and_can_be_retried(
    client, article, new_reader, settings, monkeypatch, fault
):
    # One post allowed: had the failed attempt been counted, the retry would be refused.
    settings.COMMENTS_RATE_PER_ACCOUNT = "1/10m"
    client.force_login(new_reader)
    url = reverse("comments:post", args=[article.pk])

    response = client.post(url, {"text": TEXT})

    assert response.status_code == 503
    content = response.content.decode()
    assert "Sorry, something went wrong on our side and your comment was not saved" in content
    assert "Traceback" not in content
    assert ">\n" + TEXT.replace("<", "&lt;").replace(">", "&gt;") + "</textarea>" in content
    assert not Comment.objects.exists()

    _heal(monkeypatch)
    response = client.post(url, {"text": TEXT})

    assert response.status_code == 302
    assert Comment.objects.get().text == TEXT


def test_when_the_database_stays_down_the_reader_gets_the_site_wide_page(article, new_reader, monkeypatch):
    client = Client(raise_request_exception=False)
    client.force_login(new_reader)
    monkeypatch.setattr(Comment, "save", _always_down)
    # Re-showing the article needs the database too; nothing more can be done than say so.
    monkeypatch.setattr("comments.views.render_article", _always_down)

    response = client.post(reverse("comments:post", args=[article.pk]), {"text": TEXT})

    assert response.status_code == 503
    assert "Sorry, something went wrong on our side" in response.content.decode()
    assert not Comment.objects.exists()


@pytest.fixture
def reported(article):
    settings_row = ModerationSettings.load()
    settings_row.reports_to_hide = 1  # the first report hides the comment and writes a log row
    settings_row.save()
    return CommentFactory(article=article, status=Comment.Status.APPROVED, text="Stop taking your tablets.")


def test_a_failed_report_is_undone_explained_and_can_be_retried(client, reported, monkeypatch):
    client.force_login(UserFactory(username="reporter"))
    url = reverse("comments:report", args=[reported.pk])
    note = "This could hurt someone <i>today</i>."
    monkeypatch.setattr(moderation, "_log", _always_down)

    response = client.post(url, {"reason": "dangerous_advice", "details": note})

    assert response.status_code == 503
    content = response.content.decode()
    assert "Sorry, something went wrong on our side and your report was not sent" in content
    assert "This could hurt someone &lt;i&gt;today&lt;/i&gt;." in content
    reported.refresh_from_db()
    assert (reported.status, reported.needs_review) == (Comment.Status.APPROVED, False)
    assert not CommentReport.objects.exists()
    assert not ModerationLogEntry.objects.exists()

    monkeypatch.undo()
    response = client.post(url, {"reason": "dangerous_advice", "details": note})

    assert response.status_code == 302
    reported.refresh_from_db()
    assert reported.status == Comment.Status.PENDING
    assert CommentReport.objects.get().details == note
    assert ModerationLogEntry.objects.get().action == ModerationLogEntry.Action.HIDE_REPORTED


def test_a_failed_moderator_decision_is_undone(moderator, monkeypatch):
    comment = CommentFactory(status=Comment.Status.PENDING)
    client = Client(raise_request_exception=False)
    client.force_login(moderator)
    monkeypatch.setattr(moderation, "_log", _always_down)

    response = client.post(
        reverse("admin:comments_comment_changelist"),
        {"action": "approve_selected", "_selected_action": [comment.pk], "index": 0},
    )

    assert response.status_code == 503
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    assert not ModerationLogEntry.objects.exists()
