"""The moderation module: every decision changes the comment and writes one log row."""

import pytest

from comments import moderation
from comments.models import Comment, CommentReport, ModerationLogEntry, ReaderBan
from tests.factories import CommentFactory, CommentReportFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("verb", "kwargs", "status", "action", "reason"),
    [
        (moderation.approve, {}, "approved", "approve", ""),
        (moderation.reject, {"reason": "misinformation"}, "rejected", "reject", "misinformation"),
        (moderation.mark_spam, {}, "spam", "spam", "spam"),
    ],
)
def test_each_decision_sets_the_status_and_logs_who_what_why(moderator, verb, kwargs, status, action, reason):
    comment = CommentFactory(status=Comment.Status.PENDING, needs_review=True)
    CommentReportFactory(comment=comment)

    entry = verb(comment, by=moderator, note="Checked against NHS guidance", **kwargs)

    comment.refresh_from_db()
    assert comment.status == status
    assert not comment.needs_review
    assert not comment.reports.filter(resolved_at__isnull=True).exists()
    assert ModerationLogEntry.objects.get() == entry
    assert (entry.moderator, entry.action, entry.comment, entry.account) == (
        moderator,
        action,
        comment,
        comment.author,
    )
    assert (entry.from_status, entry.to_status, entry.reason) == ("pending", status, reason)
    assert entry.note == "Checked against NHS guidance"
    assert entry.created_at is not None


@pytest.mark.parametrize("reason", ["", "rude", None])
def test_rejection_needs_a_reason_from_the_list(moderator, reason):
    comment = CommentFactory()
    with pytest.raises(moderation.ModerationError, match="Choose a reason"):
        moderation.reject(comment, by=moderator, reason=reason)
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    assert not ModerationLogEntry.objects.exists()


def test_moderator_can_change_their_mind_and_each_step_is_logged(moderator):
    comment = CommentFactory(status=Comment.Status.APPROVED)
    moderation.reject(comment, by=moderator, reason="abuse")
    moderation.approve(comment, by=moderator, note="On appeal")

    assert list(
        ModerationLogEntry.objects.order_by("pk").values_list("action", "from_status", "to_status")
    ) == [
        ("reject", "approved", "rejected"),
        ("approve", "rejected", "approved"),
    ]


def test_ban_and_unban_are_logged_and_idempotent(moderator):
    reader = UserFactory(username="troll")

    moderation.ban(reader, by=moderator, note="Repeated abuse")
    moderation.ban(reader, by=moderator, note="Again")
    assert moderation.is_banned(reader)
    assert ReaderBan.objects.get().note == "Repeated abuse"

    assert moderation.unban(reader, by=moderator, note="Apologised") is True
    assert moderation.unban(reader, by=moderator) is False
    assert not moderation.is_banned(reader)

    assert list(
        ModerationLogEntry.objects.order_by("pk").values_list("action", "account", "moderator", "note")
    ) == [
        ("ban", reader.pk, moderator.pk, "Repeated abuse"),
        ("unban", reader.pk, moderator.pk, "Apologised"),
    ]


def test_staff_accounts_cannot_be_banned(moderator, writer):
    with pytest.raises(moderation.ModerationError, match="staff account"):
        moderation.ban(writer, by=moderator)
    assert not ReaderBan.objects.exists()


def test_log_survives_the_comment_being_deleted(moderator):
    comment = CommentFactory()
    moderation.approve(comment, by=moderator)
    comment.delete()
    entry = ModerationLogEntry.objects.get()
    assert entry.comment is None
    assert entry.action == "approve"


def test_trust_counts_approved_comments_only():
    reader = UserFactory()
    CommentFactory.create_batch(2, author=reader, status=Comment.Status.APPROVED)
    CommentFactory.create_batch(5, author=reader, status=Comment.Status.REJECTED)
    assert not moderation.is_trusted(reader)
    CommentFactory(author=reader, status=Comment.Status.APPROVED)
    assert moderation.is_trusted(reader)


def test_reports_count_only_until_resolved(moderator):
    report = CommentReportFactory()
    moderation.approve(report.comment, by=moderator)
    report.refresh_from_db()
    assert report.resolved_at is not None
    assert CommentReport.objects.filter(resolved_at__isnull=True).count() == 0
