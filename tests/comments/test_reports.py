import pytest
from django.urls import reverse

from comments import moderation
from comments.models import Comment, CommentReport, ModerationLogEntry, ModerationSettings
from tests.factories import CommentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(article):
    return CommentFactory(article=article, status=Comment.Status.APPROVED, text="Mercury fillings cause it")


def _report(client, comment, **data):
    return client.post(reverse("comments:report", args=[comment.pk]), {"reason": "misinformation", **data})


def test_report_link_needs_an_account(client, published):
    page = client.get(published.article.get_absolute_url()).content.decode()
    assert reverse("comments:report", args=[published.pk]) in page

    response = client.get(reverse("comments:report", args=[published.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_reader_reports_a_comment_with_a_reason(client, published, new_reader):
    client.force_login(new_reader)
    page = client.get(reverse("comments:report", args=[published.pk])).content.decode()
    assert "Mercury fillings cause it" in page
    assert "<legend>Why are you reporting this comment?</legend>" in page

    response = _report(client, published, details="<b>This is dangerous</b>")

    assert response.status_code == 302
    report = CommentReport.objects.get()
    assert (report.reporter, report.reason, report.details) == (
        new_reader,
        "misinformation",
        "<b>This is dangerous</b>",
    )
    published.refresh_from_db()
    assert published.status == Comment.Status.APPROVED  # one report alone does not hide it
    assert published.needs_review  # but puts it in the queue
    assert "Thank you for your report" in client.get(response["Location"]).content.decode()


def test_enough_reports_hide_the_comment_until_a_moderator_looks(client, published, moderator):
    settings_row = ModerationSettings.load()
    settings_row.reports_to_hide = 2
    settings_row.save()
    for n in range(2):
        moderation.report_comment(published, by=UserFactory(username=f"worried-{n}"), reason="misinformation")

    published.refresh_from_db()
    assert published.status == Comment.Status.PENDING
    assert (
        "Mercury fillings cause it" not in client.get(published.article.get_absolute_url()).content.decode()
    )
    entry = ModerationLogEntry.objects.get()
    assert (entry.action, entry.moderator, entry.from_status, entry.to_status) == (
        "hide_reported",
        None,
        "approved",
        "pending",
    )
    assert entry.note == "Hidden after 2 reader reports."

    moderation.approve(published, by=moderator, note="Checked: fine in context")

    assert "Mercury fillings cause it" in client.get(published.article.get_absolute_url()).content.decode()
    assert not published.reports.filter(resolved_at__isnull=True).exists()
    # Old reports were dealt with; it takes fresh ones to hide it again.
    moderation.report_comment(published, by=UserFactory(username="third"), reason="abuse")
    published.refresh_from_db()
    assert published.status == Comment.Status.APPROVED


def test_reporting_twice_is_acknowledged_not_duplicated(client, published, new_reader):
    client.force_login(new_reader)
    _report(client, published)
    response = _report(client, published)

    assert response.status_code == 302
    assert CommentReport.objects.count() == 1
    assert "You have already reported this comment" in client.get(response["Location"]).content.decode()


def test_reader_cannot_report_their_own_comment(client, published):
    client.force_login(published.author)
    page = client.get(published.article.get_absolute_url()).content.decode()
    assert reverse("comments:report", args=[published.pk]) not in page

    response = _report(client, published)

    assert response.status_code == 403
    assert "You cannot report your own comment." in response.content.decode()
    assert not CommentReport.objects.exists()


@pytest.mark.parametrize("status", ["pending", "rejected", "spam"])
def test_comments_readers_cannot_see_cannot_be_reported(client, article, new_reader, status):
    comment = CommentFactory(article=article, status=status)
    client.force_login(new_reader)
    assert client.get(reverse("comments:report", args=[comment.pk])).status_code == 404
    assert _report(client, comment).status_code == 404


@pytest.mark.parametrize("reason", ["", "not-a-reason", "<script>", "'; DROP TABLE x;--"])
def test_report_needs_a_valid_reason(client, published, new_reader, reason):
    client.force_login(new_reader)
    response = client.post(reverse("comments:report", args=[published.pk]), {"reason": reason})
    assert response.status_code == 400
    assert "Please choose" in response.content.decode()
    assert not CommentReport.objects.exists()


def test_report_note_with_a_null_byte_or_too_long_is_refused_clearly(client, published, new_reader):
    client.force_login(new_reader)
    assert "null character" in _report(client, published, details="a\x00b").content.decode()
    response = _report(client, published, details="x" * 5000)
    assert response.status_code == 400
    assert "under 1,000 characters" in response.content.decode()


def test_banned_reader_cannot_report(client, published, new_reader, moderator):
    moderation.ban(new_reader, by=moderator)
    client.force_login(new_reader)
    response = _report(client, published)
    assert response.status_code == 403
    assert not CommentReport.objects.exists()
