"""The editorial workflow, through its verbs: what each allows, refuses and records."""

import io
from datetime import date, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from articles import revisions, workflow
from articles.models import Article, ArticleApproval, ArticleStatusChange
from tests.factories import ArticleFactory, ContributorFactory, reviewable_article

pytestmark = pytest.mark.django_db

S = Article.Status
A = ArticleStatusChange.Action


@pytest.fixture
def draft(writer):
    return reviewable_article(title="Neuromyotonia explained", created_by=writer)


def approved_by_two(article, writer, credentialed_reviewer, second_reviewer):
    workflow.submit_for_review(article, by=writer)
    workflow.approve(article, by=second_reviewer)
    workflow.approve(article, by=credentialed_reviewer)
    return article


@pytest.fixture
def published(draft, writer, editor, credentialed_reviewer, second_reviewer):
    approved_by_two(draft, writer, credentialed_reviewer, second_reviewer)
    workflow.publish(draft, by=editor)
    return draft


def edit_live(article, *, by, body, is_major=False, summary=""):
    content = {**revisions.snapshot_of(article), "body": body}
    return workflow.propose_correction(
        article, by=by, content=content, change_summary=summary, is_major=is_major
    )


class TestSubmit:
    def test_writer_submits_own_draft_and_it_is_recorded(self, draft, writer):
        workflow.submit_for_review(draft, by=writer, note="Ready when you are.")

        assert draft.status == S.IN_REVIEW
        change = draft.status_changes.get()
        assert (change.action, change.from_status, change.to_status) == (A.SUBMIT, S.DRAFT, S.IN_REVIEW)
        assert change.actor == writer
        assert change.note == "Ready when you are."
        assert change.revision.number == 1

    def test_writer_cannot_submit_someone_elses_draft(self, draft, other_writer):
        with pytest.raises(workflow.InvalidTransition, match="only your own"):
            workflow.submit_for_review(draft, by=other_writer)
        draft.refresh_from_db()
        assert draft.status == S.DRAFT
        assert not draft.status_changes.exists()

    def test_an_empty_article_cannot_be_submitted(self, writer):
        article = ArticleFactory(created_by=writer, body="   ")
        with pytest.raises(workflow.InvalidTransition, match="article text"):
            workflow.submit_for_review(article, by=writer)
        assert Article.objects.get(pk=article.pk).status == S.DRAFT

    def test_submitting_emails_the_reviewers_but_not_the_writer(
        self, draft, writer, credentialed_reviewer, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            workflow.submit_for_review(draft, by=writer)
        assert [m.to for m in mail.outbox] == [[credentialed_reviewer.email]]
        assert "Ready for medical review: Neuromyotonia explained" in mail.outbox[0].subject
        assert f"/articles/article/{draft.pk}/change/" in mail.outbox[0].body

    def test_a_refused_step_sends_no_email(self, draft, other_writer, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True), pytest.raises(workflow.InvalidTransition):
            workflow.submit_for_review(draft, by=other_writer)
        assert mail.outbox == []


class TestApproval:
    def test_new_article_needs_two_distinct_reviewers(
        self, draft, writer, credentialed_reviewer, second_reviewer
    ):
        workflow.submit_for_review(draft, by=writer)
        workflow.approve(draft, by=second_reviewer)
        assert draft.status == S.IN_REVIEW

        with pytest.raises(workflow.InvalidTransition, match="already approved"):
            workflow.approve(draft, by=second_reviewer)

        workflow.approve(draft, by=credentialed_reviewer)
        assert draft.status == S.APPROVED
        notes = list(
            draft.status_changes.filter(action=A.APPROVE).order_by("pk").values_list("note", flat=True)
        )
        assert notes[0].startswith("Approval 1 of 2 by Dr Sam Shah")
        assert notes[1].startswith("Approval 2 of 2 by Dr Rita Reyes")

    def test_quorum_comes_from_settings(self, settings, draft, writer, credentialed_reviewer):
        settings.MEDICAL_REVIEW_QUORUM_MAJOR = 1
        workflow.submit_for_review(draft, by=writer)
        workflow.approve(draft, by=credentialed_reviewer)
        assert draft.status == S.APPROVED

    def test_approval_records_the_medical_sign_off(
        self, draft, writer, credentialed_reviewer, second_reviewer, settings
    ):
        settings.MEDICAL_REVIEW_INTERVAL_MONTHS = 12
        with time_machine.travel("2026-02-28 10:00 +00:00", tick=False):
            approved_by_two(draft, writer, credentialed_reviewer, second_reviewer)

        assert draft.medical_reviewer == credentialed_reviewer.contributor
        assert draft.last_reviewed_on == date(2026, 2, 28)
        assert draft.next_review_due == date(2027, 2, 28)

    def test_next_review_date_copes_with_short_months(self, settings):
        settings.MEDICAL_REVIEW_INTERVAL_MONTHS = 12
        assert workflow.next_review_date(date(2028, 2, 29)) == date(2029, 2, 28)
        settings.MEDICAL_REVIEW_INTERVAL_MONTHS = 1
        assert workflow.next_review_date(date(2026, 1, 31)) == date(2026, 2, 28)

    def test_nobody_approves_their_own_work(self, credentialed_reviewer):
        # The reviewer wrote this one: credited as its author.
        article = reviewable_article(status=S.IN_REVIEW)
        article.authors.add(credentialed_reviewer.contributor)
        with pytest.raises(workflow.InvalidTransition, match="your own work"):
            workflow.approve(article, by=credentialed_reviewer)
        assert not ArticleApproval.objects.exists()

    def test_reviewer_who_created_the_article_cannot_approve_it(self, credentialed_reviewer):
        article = reviewable_article(status=S.IN_REVIEW, created_by=credentialed_reviewer)
        with pytest.raises(workflow.InvalidTransition, match="your own work"):
            workflow.approve(article, by=credentialed_reviewer)

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            ({"summary": ""}, "needs a summary"),
            ({"source_count": 0}, "at least one source"),
        ],
    )
    def test_approval_needs_a_summary_and_a_source(self, writer, credentialed_reviewer, changes, message):
        article = reviewable_article(created_by=writer, **changes)
        workflow.submit_for_review(article, by=writer)
        with pytest.raises(workflow.InvalidTransition, match=message):
            workflow.approve(article, by=credentialed_reviewer)
        assert article.status == S.IN_REVIEW
        assert not ArticleApproval.objects.exists()

    @pytest.mark.parametrize("credentials", [None, ""])
    def test_approval_needs_a_reviewer_profile_with_credentials(
        self, draft, writer, medical_reviewer, credentials
    ):
        if credentials is not None:
            ContributorFactory(user=medical_reviewer, credentials=credentials)
        workflow.submit_for_review(draft, by=writer)
        with pytest.raises(workflow.InvalidTransition, match="credentials"):
            workflow.approve(draft, by=medical_reviewer)

    def test_an_edit_cancels_earlier_approvals(
        self, draft, writer, editor, credentialed_reviewer, second_reviewer
    ):
        approved_by_two(draft, writer, credentialed_reviewer, second_reviewer)

        draft.body = "## Symptoms\n\n- Twitching, cramps and stiffness\n"
        draft.save()
        workflow.record_edit(draft, by=editor, change_summary="Clarified symptoms")

        assert draft.status == S.IN_REVIEW
        change = draft.status_changes.latest("pk")
        assert (change.action, change.from_status, change.to_status) == (A.EDIT, S.APPROVED, S.IN_REVIEW)
        assert "do not carry over" in change.note
        # Both reviewers must approve the new version; the old approvals stay on record.
        assert ArticleApproval.objects.filter(revision__number=1).count() == 2
        workflow.approve(draft, by=credentialed_reviewer)
        assert draft.status == S.IN_REVIEW

    def test_saving_without_changing_the_text_keeps_the_approval(
        self, draft, writer, editor, credentialed_reviewer, second_reviewer
    ):
        approved_by_two(draft, writer, credentialed_reviewer, second_reviewer)
        draft.save()
        assert workflow.record_edit(draft, by=editor) is None
        assert draft.status == S.APPROVED

    def test_request_changes_needs_a_note(self, draft, writer, credentialed_reviewer):
        workflow.submit_for_review(draft, by=writer)
        for note in ("", "   \n"):
            with pytest.raises(workflow.InvalidTransition, match="Write a note"):
                workflow.request_changes(draft, by=credentialed_reviewer, note=note)
        with pytest.raises(workflow.InvalidTransition, match="too long"):
            workflow.request_changes(draft, by=credentialed_reviewer, note="x" * 5000)
        assert draft.status == S.IN_REVIEW

    def test_request_changes_tells_the_writer(
        self, draft, writer, credentialed_reviewer, django_capture_on_commit_callbacks
    ):
        workflow.submit_for_review(draft, by=writer)
        with django_capture_on_commit_callbacks(execute=True):
            workflow.request_changes(draft, by=credentialed_reviewer, note="Add the <b>dose</b>; cite NICE.")

        assert draft.status == S.CHANGES_REQUESTED
        assert draft.status_changes.latest("pk").note == "Add the <b>dose</b>; cite NICE."
        assert [m.to for m in mail.outbox] == [[writer.email]]
        assert "Add the <b>dose</b>; cite NICE." in mail.outbox[0].body

    def test_approvals_tell_the_writer_and_a_complete_sign_off_tells_the_editors(
        self,
        draft,
        writer,
        editor,
        credentialed_reviewer,
        second_reviewer,
        django_capture_on_commit_callbacks,
    ):
        workflow.submit_for_review(draft, by=writer)
        with django_capture_on_commit_callbacks(execute=True):
            workflow.approve(draft, by=second_reviewer)
        assert [m.to for m in mail.outbox] == [[writer.email]]
        assert "approval 1 of the 2 needed" in mail.outbox[0].body

        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            workflow.approve(draft, by=credentialed_reviewer)
        assert sorted(m.to[0] for m in mail.outbox) == sorted([writer.email, editor.email])
        assert all("ready for an editor to publish" in m.body for m in mail.outbox)


class TestPublishing:
    def test_publish_needs_approval(self, draft, editor):
        with pytest.raises(workflow.InvalidTransition, match="article is draft"):
            workflow.publish(draft, by=editor)
        assert not Article.objects.live().exists()

    def test_reviewer_cannot_publish(self, draft, writer, credentialed_reviewer, second_reviewer):
        approved_by_two(draft, writer, credentialed_reviewer, second_reviewer)
        with pytest.raises(workflow.InvalidTransition, match="permission"):
            workflow.publish(draft, by=credentialed_reviewer)
        assert draft.status == S.APPROVED

    def test_publish_puts_it_live_and_records_it(self, published, editor):
        assert published.is_live
        assert published in Article.objects.live()
        assert published.live_revision.number == 1
        change = published.status_changes.latest("pk")
        assert (change.action, change.actor, change.to_status) == (A.PUBLISH, editor, S.PUBLISHED)

    def test_scheduling_needs_a_future_go_live_date(
        self, draft, writer, editor, credentialed_reviewer, second_reviewer
    ):
        approved_by_two(draft, writer, credentialed_reviewer, second_reviewer)
        with pytest.raises(workflow.InvalidTransition, match="in the future"):
            workflow.schedule(draft, by=editor)
        draft.go_live_at = timezone.now() - timedelta(minutes=1)
        draft.save()
        with pytest.raises(workflow.InvalidTransition, match="in the future"):
            workflow.schedule(draft, by=editor)
        assert draft.status == S.APPROVED

    def test_scheduled_article_goes_live_on_time_and_the_command_records_it(
        self, draft, writer, editor, credentialed_reviewer, second_reviewer, capsys
    ):
        with time_machine.travel("2026-03-01 09:00 +00:00", tick=False) as clock:
            approved_by_two(draft, writer, credentialed_reviewer, second_reviewer)
            go_live = timezone.now() + timedelta(days=2)
            workflow.schedule(draft, by=editor, at=go_live)
            assert draft.status == S.SCHEDULED
            assert workflow.label_for("schedule", draft) == "Schedule for 3 March 2026, 09:00"
            assert not Article.objects.live().filter(pk=draft.pk).exists()

            call_command("publish_scheduled")
            assert Article.objects.get(pk=draft.pk).status == S.SCHEDULED

            clock.shift(timedelta(days=2, seconds=1))
            # Readers see it at once: no job needed for that.
            assert Article.objects.live().filter(pk=draft.pk).exists()

            call_command("publish_scheduled")
            call_command("publish_scheduled")  # a second run changes nothing

        draft.refresh_from_db()
        assert draft.status == S.PUBLISHED
        assert draft.published_at == go_live
        went_live = draft.status_changes.filter(action=A.GO_LIVE)
        assert went_live.count() == 1
        assert went_live.get().actor is None
        assert "1 scheduled article(s) recorded" in capsys.readouterr().out

    def test_unpublish_takes_it_off_the_site_and_republishing_needs_no_new_review(self, published, editor):
        workflow.unpublish(published, by=editor, note="Checking a dose")
        assert not Article.objects.live().exists()
        workflow.publish(published, by=editor)
        assert published.is_live

    def test_republishing_an_edited_article_needs_review(self, published, editor):
        workflow.unpublish(published, by=editor)
        published.body = "Rewritten while offline."
        published.save()
        workflow.record_edit(published, by=editor)
        with pytest.raises(workflow.InvalidTransition, match="not been medically approved"):
            workflow.publish(published, by=editor)
        assert published.status == S.UNPUBLISHED


def test_a_plain_edit_changes_updated_but_never_the_review_dates(
    draft, writer, editor, credentialed_reviewer, second_reviewer
):
    with time_machine.travel("2026-01-10 12:00 +00:00", tick=False):
        approved_by_two(draft, writer, credentialed_reviewer, second_reviewer)
    reviewed = (draft.last_reviewed_on, draft.next_review_due, draft.medical_reviewer)

    with time_machine.travel("2026-01-20 12:00 +00:00", tick=False):
        draft.save()
        workflow.record_edit(draft, by=editor)  # nothing changed in the text
        assert draft.updated_at.date() != date(2026, 1, 20)
        draft.body = "Reworded."
        draft.save()
        workflow.record_edit(draft, by=editor)

    assert draft.updated_at.date() == date(2026, 1, 20)
    assert (draft.last_reviewed_on, draft.next_review_due, draft.medical_reviewer) == reviewed


class TestLiveWhileRevising:
    def test_readers_keep_the_live_text_until_the_correction_is_published(
        self, published, editor, credentialed_reviewer, client
    ):
        original_updated = published.updated_at
        edit_live(published, by=editor, body="## Symptoms\n\n- Corrected text\n", summary="Fixed symptoms")

        published.refresh_from_db()
        assert published.correction_status == S.DRAFT
        assert "Corrected text" not in client.get(published.get_absolute_url()).content.decode()

        workflow.submit_for_review(published, by=editor)
        workflow.approve(published, by=credentialed_reviewer)  # minor: one reviewer is enough
        assert published.correction_status == S.APPROVED
        assert published.is_live
        assert "Corrected text" not in client.get(published.get_absolute_url()).content.decode()

        workflow.publish_correction(published, by=editor)

        page = client.get(published.get_absolute_url()).content.decode()
        assert "Corrected text" in page
        assert published.correction_status == ""
        assert published.updated_at > original_updated
        assert published.live_revision.number == published.version
        assert published.last_reviewed_on == timezone.localdate()

    def test_a_major_correction_needs_two_reviewers(self, published, editor, credentialed_reviewer):
        edit_live(published, by=editor, body="New advice on treatment.", is_major=True)
        workflow.submit_for_review(published, by=editor)
        workflow.approve(published, by=credentialed_reviewer)
        assert published.correction_status == S.IN_REVIEW

    def test_editing_an_approved_correction_sends_it_back_to_review(
        self, published, editor, credentialed_reviewer
    ):
        edit_live(published, by=editor, body="First fix.")
        workflow.submit_for_review(published, by=editor)
        workflow.approve(published, by=credentialed_reviewer)
        edit_live(published, by=editor, body="Second fix.")

        assert published.correction_status == S.IN_REVIEW
        with pytest.raises(workflow.InvalidTransition, match="not possible"):
            workflow.publish_correction(published, by=editor)
        assert "First fix." not in Article.objects.get(pk=published.pk).body

    def test_review_of_the_live_text_as_it_stands(self, published, editor, credentialed_reviewer):
        with time_machine.travel(timezone.now() + timedelta(days=400)):
            assert published.is_review_overdue
            updated = published.updated_at
            workflow.submit_for_review(published, by=editor)  # "Request a medical review"
            workflow.approve(published, by=credentialed_reviewer)
            workflow.publish_correction(published, by=editor)
            assert not published.is_review_overdue
            assert published.last_reviewed_on == timezone.localdate()
        # The text did not change, so "Updated" did not either.
        assert published.updated_at == updated

    def test_unpublishing_sets_a_pending_correction_aside(self, published, editor):
        edit_live(published, by=editor, body="Unreviewed text.")
        workflow.unpublish(published, by=editor)
        assert published.correction_status == ""
        assert "Unreviewed text." not in published.body
        assert published.status_changes.filter(action=A.DISCARD_CORRECTION).exists()
        # Nothing changed in the text that was live, so it may go straight back.
        workflow.publish(published, by=editor)
        assert published.is_live


class TestRestore:
    def test_restoring_an_old_version_of_a_draft(self, draft, writer):
        workflow.record_edit(draft, by=writer, change_summary="First draft")
        draft.title = "A worse title"
        draft.save()
        workflow.record_edit(draft, by=writer)

        workflow.restore(draft, by=writer, number=1)

        assert draft.title == "Neuromyotonia explained"
        latest = draft.latest_revision()
        assert (latest.number, latest.change_summary) == (3, "Restored version 1")
        assert draft.revisions.count() == 3  # nothing is lost

    def test_restoring_on_a_live_article_makes_a_correction(self, published, editor):
        edit_live(published, by=editor, body="A bad correction.")
        workflow.discard_correction(published, by=editor)
        workflow.restore(published, by=editor, number=2)
        assert published.correction_status == S.DRAFT
        assert published.pending_revision().content["body"] == "A bad correction."
        assert "A bad correction." not in published.body

    def test_restoring_a_version_that_does_not_exist(self, draft, writer):
        with pytest.raises(workflow.InvalidTransition, match="no version 7"):
            workflow.restore(draft, by=writer, number=7)


def test_own_work_rule_agrees_for_one_article_and_for_many(writer, other_writer, credentialed_reviewer):
    created = ArticleFactory(created_by=writer)
    credited = ArticleFactory()
    credited.authors.add(ContributorFactory(user=other_writer))
    neither = ArticleFactory()

    for user in (writer, other_writer, credentialed_reviewer):
        expected = {a for a in (created, credited, neither) if a.is_own_work(user)}
        assert set(Article.objects.own_work_of(user)) == expected
    assert set(Article.objects.own_work_of(writer)) == {created}
    assert set(Article.objects.own_work_of(other_writer)) == {credited}


def test_loading_the_demo_history_sends_no_email(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=io.StringIO())
    assert ArticleStatusChange.objects.exists()
    assert mail.outbox == []


class TestTheTable:
    @pytest.mark.parametrize(
        "action", ["go_live", "edit", "start_correction", "", "publish; DROP TABLE articles_article", "<b>"]
    )
    def test_perform_refuses_anything_that_is_not_a_step_people_take(self, draft, editor, action):
        with pytest.raises(workflow.InvalidTransition):
            workflow.perform(action, draft, by=editor)
        draft.refresh_from_db()
        assert draft.status == S.DRAFT
        assert not draft.status_changes.exists()

    def test_every_step_people_are_offered_can_be_performed(self):
        assert set(workflow.VERBS) == set(workflow.USER_ACTIONS)

    def test_nobody_takes_the_schedulers_step_by_hand(self, draft, editor, admin_user):
        draft.status, draft.go_live_at = S.SCHEDULED, timezone.now() - timedelta(minutes=1)
        draft.save()
        for person in (editor, admin_user):
            with pytest.raises(workflow.InvalidTransition, match="happens automatically"):
                workflow.check("go_live", draft, person)

    def test_an_approval_short_of_the_quorum_leaves_the_work_in_review(
        self, draft, writer, credentialed_reviewer, settings
    ):
        settings.MEDICAL_REVIEW_QUORUM_MAJOR = 2
        workflow.submit_for_review(draft, by=writer)
        workflow.approve(draft, by=credentialed_reviewer, note="Dose checked.")

        assert draft.status == S.IN_REVIEW
        row = draft.status_changes.get(action=A.APPROVE)
        assert (row.from_status, row.to_status) == (S.IN_REVIEW, S.IN_REVIEW)
        assert row.note.startswith("Approval 1 of 2 by") and row.note.endswith("Dose checked.")

    def test_publishing_a_correction_is_recorded_as_the_correction_going_live(
        self, published, editor, credentialed_reviewer, settings
    ):
        settings.MEDICAL_REVIEW_QUORUM_MINOR = 1
        edit_live(published, by=editor, body="## Symptoms\n\n- Corrected\n", summary="Fixed a dose")
        workflow.submit_for_review(published, by=editor)
        workflow.approve(published, by=credentialed_reviewer)
        workflow.publish_correction(published, by=editor)

        row = published.status_changes.get(action=A.PUBLISH_CORRECTION)
        assert (row.from_status, row.to_status, row.is_correction) == (S.APPROVED, S.PUBLISHED, True)
        assert row.note == "Fixed a dose."
        assert (published.status, published.correction_status) == (S.PUBLISHED, "")
        assert "Corrected" in published.body
