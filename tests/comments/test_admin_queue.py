"""The moderation queue in the admin, as a moderator uses it."""

import pytest
from django.urls import reverse

from comments.models import Comment, ModerationLogEntry, ModerationSettings, ReaderBan, WatchedPhrase
from tests.factories import CommentFactory, CommentReportFactory, UserFactory

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:comments_comment_changelist")


def _act(client, action, comments, **extra):
    return client.post(
        QUEUE,
        {"action": action, "_selected_action": [c.pk for c in comments], "index": 0, **extra},
        follow=True,
    )


def _change(client, comment, **data):
    url = reverse("admin:comments_comment_change", args=[comment.pk])
    management = {
        f"{prefix}-{name}": value
        for prefix in ("reports", "moderation_log")
        for name, value in (
            ("TOTAL_FORMS", 0),
            ("INITIAL_FORMS", 0),
            ("MIN_NUM_FORMS", 0),
            ("MAX_NUM_FORMS", 1000),
        )
    }
    return client.post(url, {**management, **data}, follow=True)


def test_queue_puts_safeguarding_then_waiting_then_handled(moderator_client):
    handled = CommentFactory(status=Comment.Status.APPROVED, text="Handled one")
    waiting = CommentFactory(status=Comment.Status.PENDING, text="Waiting one")
    flagged = CommentFactory(status=Comment.Status.APPROVED, needs_review=True, text="Flagged one")
    urgent = CommentFactory(status=Comment.Status.PENDING, is_safeguarding=True, text="Urgent one")
    assert handled.pk < waiting.pk < flagged.pk < urgent.pk

    page = moderator_client.get(QUEUE).content.decode()

    positions = [page.index(text) for text in ("Urgent one", "Flagged one", "Waiting one", "Handled one")]
    assert positions == sorted(positions)


def test_queue_shows_article_author_history_reasons_and_reports(moderator_client):
    author = UserFactory(username="repeat-poster")
    CommentFactory.create_batch(2, author=author, status=Comment.Status.APPROVED)
    CommentFactory(author=author, status=Comment.Status.REJECTED)
    comment = CommentFactory(
        author=author,
        status=Comment.Status.APPROVED,
        needs_review=True,
        screening_reasons=["Misinformation: “big pharma” matches a watched phrase; flagged for a moderator."],
        article__title="Neuromyotonia explained",
    )
    CommentReportFactory(comment=comment, reason="abuse", details="<i>Rude</i> to me")

    page = moderator_client.get(QUEUE).content.decode()

    assert "Neuromyotonia explained" in page
    assert "3 approved, 1 rejected" in page
    assert "“big pharma” matches a watched phrase" in page
    assert "Reported (1)" in page
    assert "It is abusive, hateful or harassing: &lt;i&gt;Rude&lt;/i&gt; to me" in page


def test_queue_answers_in_a_constant_number_of_queries(moderator_client, django_assert_max_num_queries):
    def fill(n):
        for _ in range(n):
            comment = CommentFactory(status=Comment.Status.PENDING, screening_reasons=["Held"])
            CommentReportFactory(comment=comment)

    fill(3)
    with django_assert_max_num_queries(12) as few:
        moderator_client.get(QUEUE)
    fill(30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert moderator_client.get(QUEUE).status_code == 200


def test_queue_filters(moderator_client):
    CommentFactory(status=Comment.Status.PENDING, is_safeguarding=True, text="Safeguarding item")
    CommentFactory(status=Comment.Status.APPROVED, text="Plain approved")
    reported = CommentFactory(status=Comment.Status.APPROVED, needs_review=True, text="Reported item")
    CommentReportFactory(comment=reported)

    def shown(queue):
        return moderator_client.get(QUEUE, {"queue": queue}).content.decode()

    assert "Safeguarding item" in shown("safeguarding") and "Reported item" not in shown("safeguarding")
    assert "Reported item" in shown("reported") and "Safeguarding item" not in shown("reported")
    assert "Plain approved" in shown("handled") and "Reported item" not in shown("handled")
    assert "Plain approved" not in shown("waiting")


def test_bulk_approve_and_spam(moderator_client, moderator):
    first, second = CommentFactory.create_batch(2)
    third = CommentFactory()

    response = _act(moderator_client, "approve_selected", [first, second], note="Fine")
    assert "Approved 2 comment(s)." in response.content.decode()
    _act(moderator_client, "spam_selected", [third])

    statuses = dict(Comment.objects.values_list("pk", "status"))
    assert statuses == {first.pk: "approved", second.pk: "approved", third.pk: "spam"}
    assert ModerationLogEntry.objects.filter(action="approve", moderator=moderator, note="Fine").count() == 2
    assert ModerationLogEntry.objects.filter(action="spam", comment=third).exists()


def test_bulk_reject_needs_a_reason(moderator_client):
    comment = CommentFactory()

    response = _act(moderator_client, "reject_selected", [comment])
    assert "Nothing was rejected: choose a reason" in response.content.decode()
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING

    response = _act(
        moderator_client, "reject_selected", [comment], reason="medical_advice", note="Dose advice"
    )
    assert "Rejected 1 comment(s) as specific medical advice." in response.content.decode()
    entry = ModerationLogEntry.objects.get()
    assert (entry.action, entry.reason, entry.note) == ("reject", "medical_advice", "Dose advice")


@pytest.mark.parametrize("reason", ["<script>", "'; DROP TABLE x;--", "x" * 500])
def test_bulk_reject_with_a_forged_reason_changes_nothing(moderator_client, reason):
    comment = CommentFactory()
    response = _act(moderator_client, "reject_selected", [comment], reason=reason)
    assert response.status_code == 200
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_one_comment_at_a_time_from_its_page(moderator_client, moderator):
    comment = CommentFactory(
        text="Stop your tablets\n<b>now</b>", screening_reasons=["Specific medical advice: x"]
    )
    page = moderator_client.get(reverse("admin:comments_comment_change", args=[comment.pk])).content.decode()
    assert "Stop your tablets<br>&lt;b&gt;now&lt;/b&gt;" in page
    assert "Specific medical advice: x" in page

    response = _change(moderator_client, comment, decision="reject", reason="", note="")
    assert "Choose a reason for rejecting the comment." in response.content.decode()
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING

    _change(
        moderator_client,
        comment,
        decision="reject",
        reason="medical_advice",
        note="Told them to stop",
        ban_author="on",
    )

    comment.refresh_from_db()
    assert comment.status == Comment.Status.REJECTED
    assert ReaderBan.objects.get().user == comment.author
    assert list(ModerationLogEntry.objects.order_by("pk").values_list("action", "reason", "moderator")) == [
        ("reject", "medical_advice", moderator.pk),
        ("ban", "", moderator.pk),
    ]


def test_comment_text_cannot_be_edited_or_added_in_the_admin(moderator_client, admin_client):
    comment = CommentFactory(text="As typed")
    _change(moderator_client, comment, text="Changed by a moderator", status="approved")
    comment.refresh_from_db()
    assert (comment.text, comment.status) == ("As typed", Comment.Status.PENDING)
    assert admin_client.get(reverse("admin:comments_comment_add")).status_code == 403


def test_ban_and_unban_authors_from_the_queue(moderator_client):
    comment = CommentFactory(author__username="troll")

    response = _act(moderator_client, "ban_authors", [comment], note="Abuse")
    assert "1 account(s) can no longer comment." in response.content.decode()
    assert ReaderBan.objects.get().user.username == "troll"
    assert "· banned" in moderator_client.get(QUEUE).content.decode()

    _act(moderator_client, "unban_authors", [comment])
    assert not ReaderBan.objects.exists()
    assert list(ModerationLogEntry.objects.order_by("pk").values_list("action", flat=True)) == [
        "ban",
        "unban",
    ]


def test_ban_a_reader_by_username_and_lift_it(moderator_client):
    UserFactory(username="troll")

    response = moderator_client.post(
        reverse("admin:comments_readerban_add"), {"username": "nobody", "note": ""}, follow=True
    )
    assert "There is no account called “nobody”." in response.content.decode()

    response = moderator_client.post(
        reverse("admin:comments_readerban_add"), {"username": "troll", "note": "Spam"}, follow=True
    )
    assert response.status_code == 200
    reader_ban = ReaderBan.objects.get()
    assert ModerationLogEntry.objects.get().action == "ban"

    moderator_client.post(reverse("admin:comments_readerban_delete", args=[reader_ban.pk]), {"post": "yes"})
    assert not ReaderBan.objects.exists()
    assert ModerationLogEntry.objects.filter(action="unban").exists()


def test_staff_cannot_be_banned_through_the_form(moderator_client, writer):
    response = moderator_client.post(
        reverse("admin:comments_readerban_add"), {"username": writer.username}, follow=True
    )
    assert "Staff accounts cannot be banned here" in response.content.decode()
    assert not ReaderBan.objects.exists()


def test_moderators_edit_watched_phrases(moderator_client):
    response = moderator_client.post(
        reverse("admin:comments_watchedphrase_add"),
        {
            "phrase": "colloidal silver",
            "category": "misinformation",
            "action": "flag",
            "note": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert WatchedPhrase.objects.get(phrase="colloidal silver").action == "flag"

    response = moderator_client.post(
        reverse("admin:comments_watchedphrase_add"),
        {"phrase": "([bad", "is_pattern": "on", "category": "spam", "action": "hold", "is_active": "on"},
    )
    assert response.status_code == 200
    assert "This is not a valid regular expression" in response.content.decode()


def test_moderators_tune_thresholds_at_runtime(moderator_client):
    response = moderator_client.get(reverse("admin:comments_moderationsettings_changelist"))
    assert response.status_code == 302

    moderator_client.post(
        response["Location"],
        {
            "trusted_after": 5,
            "reports_to_hide": 1,
            "new_account_days": 3,
            "max_links": 1,
            "max_links_new_account": 0,
        },
    )

    settings_row = ModerationSettings.load()
    assert (settings_row.trusted_after, settings_row.reports_to_hide) == (5, 1)
    assert ModerationSettings.objects.count() == 1


def test_moderation_log_and_reports_are_read_only(moderator_client, moderator):
    from comments import moderation

    comment = CommentFactory()
    report = CommentReportFactory(comment=comment)
    entry = moderation.approve(comment, by=moderator)

    log_page = moderator_client.get(reverse("admin:comments_moderationlogentry_changelist")).content.decode()
    assert "mo" in log_page and "Approved" in log_page
    change = reverse("admin:comments_moderationlogentry_change", args=[entry.pk])
    moderator_client.post(change, {"note": "rewritten"})
    entry.refresh_from_db()
    assert entry.note == ""
    assert (
        moderator_client.post(
            reverse("admin:comments_moderationlogentry_delete", args=[entry.pk])
        ).status_code
        == 403
    )
    assert moderator_client.get(reverse("admin:comments_moderationlogentry_add")).status_code == 403
    assert (
        moderator_client.post(reverse("admin:comments_commentreport_delete", args=[report.pk])).status_code
        == 403
    )
