"""Review rounds: every submission opens a new round, and what the submitter can take back.

The rule (``articles/workflow.py``): approvals belong to the version they were
given for, and a round reviews a version of its own. Sending back for review a
version that was approved in an earlier round reviews a fresh copy of it, so
the earlier approvals neither count towards the new round nor stop anyone from
approving again. An editor who wants an unchanged, unpublished article back on
the site without a new review presses "Publish now", which rests on the sign-off
it already has.
"""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from articles import revisions, workflow
from articles.models import Article, ArticleApproval, ArticleStatusChange
from tests.articles.test_admin_walkthrough import as_user, press
from tests.articles.test_admin_workflow import change_url, form_data, login
from tests.factories import reviewable_article, waive_failing_checklist_items

pytestmark = pytest.mark.django_db

S = Article.Status
A = ArticleStatusChange.Action


@pytest.fixture
def published(writer, editor, credentialed_reviewer, second_reviewer):
    article = reviewable_article(title="Neuromyotonia explained", created_by=writer)
    workflow.submit_for_review(article, by=writer)
    workflow.approve(article, by=second_reviewer)
    workflow.approve(article, by=credentialed_reviewer)
    workflow.publish(article, by=editor)
    return article


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())
    return {user.username: user for user in get_user_model().objects.all()}


def offered(user, article) -> dict[str, str]:
    """The buttons ``user`` sees on ``article``: label -> why it is blocked ("" if it is not)."""
    article = Article.objects.get(pk=article.pk)
    return {option.action: option.blocked_because for option in workflow.options_for(user, article)}


class TestANewRoundAfterUnpublishing:
    def test_unchanged_article_returned_to_draft_and_resubmitted_can_be_approved_and_published(
        self, published, editor, credentialed_reviewer, second_reviewer
    ):
        workflow.unpublish(published, by=editor)
        workflow.reopen(published, by=editor)
        workflow.submit_for_review(published, by=editor)

        # Both reviewers approved the text in the earlier round; neither is blocked now.
        assert offered(credentialed_reviewer, published)[A.APPROVE] == ""
        assert offered(second_reviewer, published)[A.APPROVE] == ""
        workflow.approve(published, by=credentialed_reviewer)

        assert published.status == S.APPROVED
        assert offered(editor, published)[A.PUBLISH] == ""
        workflow.publish(published, by=editor)
        assert published.is_live

    def test_earlier_approvals_do_not_count_towards_the_new_round(
        self, published, editor, credentialed_reviewer, settings
    ):
        settings.MEDICAL_REVIEW_QUORUM_MINOR = 2
        workflow.unpublish(published, by=editor)
        workflow.reopen(published, by=editor)
        workflow.submit_for_review(published, by=editor)

        in_review = published.latest_revision()
        assert in_review.approvals.count() == 0
        assert in_review.content == revisions.snapshot_of(published)
        assert "unchanged" in in_review.change_summary
        workflow.approve(published, by=credentialed_reviewer)
        assert published.status == S.IN_REVIEW  # one of two: the earlier two do not count
        with pytest.raises(workflow.InvalidTransition, match="not possible"):
            workflow.publish(published, by=editor)
        # The earlier round's approvals stay on record with the version they were given for.
        assert ArticleApproval.objects.filter(revision__article=published).count() == 3

    def test_the_submission_is_audited_against_the_version_under_review(self, published, editor):
        workflow.unpublish(published, by=editor)
        workflow.reopen(published, by=editor)
        workflow.submit_for_review(published, by=editor)

        change = published.status_changes.latest("pk")
        assert (change.action, change.from_status, change.to_status) == (A.SUBMIT, S.DRAFT, S.IN_REVIEW)
        assert change.revision.number == published.version

    def test_an_unchanged_unpublished_article_can_still_go_back_live_on_its_sign_off(self, published, editor):
        workflow.unpublish(published, by=editor)
        versions = published.version
        workflow.publish(published, by=editor)
        assert published.is_live
        assert published.version == versions

    def test_a_new_round_completing_renews_the_sign_off(
        self, published, editor, credentialed_reviewer, second_reviewer
    ):
        workflow.unpublish(published, by=editor)
        workflow.reopen(published, by=editor)
        workflow.submit_for_review(published, by=editor)
        workflow.approve(published, by=second_reviewer)
        assert published.medical_reviewer == second_reviewer.contributor


class TestANewRoundForChangesRequested:
    def test_resubmitting_unchanged_text_after_a_change_request_starts_the_count_again(
        self, writer, credentialed_reviewer, second_reviewer
    ):
        article = reviewable_article(created_by=writer)
        workflow.submit_for_review(article, by=writer)
        workflow.approve(article, by=credentialed_reviewer)
        workflow.request_changes(article, by=second_reviewer, note="Please check the dose.")
        # The writer disagrees and sends it back as it is.
        workflow.submit_for_review(article, by=writer)

        assert offered(credentialed_reviewer, article)[A.APPROVE] == ""
        workflow.approve(article, by=credentialed_reviewer)
        assert article.status == S.IN_REVIEW
        workflow.approve(article, by=second_reviewer)
        assert article.status == S.APPROVED

    def test_a_correction_resubmitted_unchanged_is_reviewed_afresh(
        self, published, editor, credentialed_reviewer, second_reviewer
    ):
        content = {**revisions.snapshot_of(published), "body": "## Symptoms\n\n- Corrected\n"}
        workflow.propose_correction(published, by=editor, content=content, is_major=True)
        workflow.submit_for_review(published, by=editor)
        workflow.approve(published, by=credentialed_reviewer)
        workflow.request_changes(published, by=second_reviewer, note="Cite the trial.")
        workflow.submit_for_review(published, by=editor)

        assert offered(credentialed_reviewer, published)[A.APPROVE] == ""
        workflow.approve(published, by=credentialed_reviewer)
        workflow.approve(published, by=second_reviewer)
        assert published.correction_status == S.APPROVED
        workflow.publish_correction(published, by=editor)
        assert "- Corrected" in published.body

    def test_a_first_submission_makes_no_extra_version(self, writer):
        article = reviewable_article(created_by=writer)
        workflow.submit_for_review(article, by=writer)
        assert article.version == 1


class TestInTheAdmin:
    def test_demo_article_unpublished_returned_to_draft_and_resubmitted_goes_live_again(self, client, demo):
        article = Article.objects.get(slug="living-with-night-time-muscle-cramps")
        assert article.status == S.PUBLISHED

        as_user(client, demo["editor"])
        press(client, article, "unpublish")
        press(client, article, "reopen")
        assert "Submit for review: done" in press(client, article, "submit")
        # A new round is a new version: the editor gives the checklist's waivers again.
        waive_failing_checklist_items(Article.objects.get(pk=article.pk), by=demo["editor"])

        for reviewer in ("reviewer", "reviewer2"):
            as_user(client, demo[reviewer])
            content = press(client, article, "approve")
            assert "already approved" not in content
            if Article.objects.get(pk=article.pk).status == S.APPROVED:
                break
        as_user(client, demo["editor"])
        assert "Publish now: done" in press(client, article, "publish")
        assert Article.objects.get(pk=article.pk).is_live

    def test_changing_the_slug_of_an_unpublished_article_then_submitting_does_not_trap_it(
        self, client, published, editor, credentialed_reviewer
    ):
        workflow.unpublish(published, by=editor)
        login(client, editor)
        data = form_data(client.get(change_url(published)))
        data["slug"] = "neuromyotonia-a-guide"
        assert client.post(change_url(published), data).status_code == 302
        press(client, published, "submit")

        as_user(client, credentialed_reviewer)
        assert "Approve: done" in press(client, published, "approve")
        as_user(client, editor)
        assert "Publish now: done" in press(client, published, "publish")
        assert client.get(reverse("articles:detail", args=["neuromyotonia-a-guide"])).status_code == 200


class TestWithdraw:
    def test_the_submitter_withdraws_to_fix_a_typo_and_it_is_recorded(self, writer, credentialed_reviewer):
        article = reviewable_article(created_by=writer)
        workflow.submit_for_review(article, by=writer)
        assert offered(writer, article) == {A.WITHDRAW: ""}

        workflow.withdraw(article, by=writer, note="Typo in the title.")

        assert article.status == S.DRAFT
        change = article.status_changes.latest("pk")
        assert (change.action, change.from_status, change.to_status) == (A.WITHDRAW, S.IN_REVIEW, S.DRAFT)
        assert (change.actor, change.note, change.revision.number) == (writer, "Typo in the title.", 1)
        assert workflow.can_edit(writer, article)
        assert not Article.objects.awaiting_review_by(credentialed_reviewer).exists()

    def test_an_editor_may_withdraw_what_a_writer_submitted(self, writer, editor):
        article = reviewable_article(created_by=writer)
        workflow.submit_for_review(article, by=writer)
        assert offered(editor, article)[A.WITHDRAW] == ""
        workflow.withdraw(article, by=editor)
        assert article.status == S.DRAFT

    @pytest.mark.parametrize("who", ["other_writer", "credentialed_reviewer", "moderator"])
    def test_nobody_else_may_withdraw(self, request, writer, who):
        article = reviewable_article(created_by=writer)
        workflow.submit_for_review(article, by=writer)
        user = request.getfixturevalue(who)
        assert A.WITHDRAW not in offered(user, article)
        with pytest.raises(workflow.InvalidTransition) as refused:
            workflow.withdraw(article, by=user)
        assert refused.value.reason == "permission"
        assert Article.objects.get(pk=article.pk).status == S.IN_REVIEW
        assert not article.status_changes.filter(action=A.WITHDRAW).exists()

    def test_a_co_author_who_did_not_submit_may_not_withdraw(self, writer, other_writer):
        from tests.factories import ContributorFactory

        article = reviewable_article(created_by=writer)
        article.authors.add(ContributorFactory(user=other_writer))
        workflow.submit_for_review(article, by=writer)
        with pytest.raises(workflow.InvalidTransition, match="submitted"):
            workflow.withdraw(article, by=other_writer)

    def test_once_a_reviewer_has_approved_it_cannot_be_withdrawn(self, writer, editor, credentialed_reviewer):
        article = reviewable_article(created_by=writer)
        workflow.submit_for_review(article, by=writer)
        workflow.approve(article, by=credentialed_reviewer)  # 1 of 2

        assert "approved" in offered(writer, article)[A.WITHDRAW]
        for person in (writer, editor):
            with pytest.raises(workflow.InvalidTransition, match="approved") as refused:
                workflow.withdraw(article, by=person)
            assert refused.value.reason == "requirement"
        assert Article.objects.get(pk=article.pk).status == S.IN_REVIEW

    @pytest.mark.parametrize("state", [S.DRAFT, S.CHANGES_REQUESTED, S.APPROVED])
    def test_only_work_in_review_can_be_withdrawn(self, writer, editor, state):
        article = reviewable_article(created_by=writer, status=state)
        with pytest.raises(workflow.InvalidTransition, match="not possible"):
            workflow.withdraw(article, by=editor)

    def test_a_new_round_can_be_withdrawn_though_the_text_was_approved_before(self, published, editor):
        workflow.unpublish(published, by=editor)
        workflow.reopen(published, by=editor)
        workflow.submit_for_review(published, by=editor)
        workflow.withdraw(published, by=editor)
        assert published.status == S.DRAFT

    def test_a_correction_is_withdrawn_and_readers_keep_the_live_text(self, published, editor):
        content = {**revisions.snapshot_of(published), "body": "## Symptoms\n\n- Corrected\n"}
        workflow.propose_correction(published, by=editor, content=content)
        workflow.submit_for_review(published, by=editor)
        assert workflow.label_for(A.WITHDRAW, published) == "Withdraw correction from review"

        workflow.withdraw(published, by=editor)

        assert (published.status, published.correction_status) == (S.PUBLISHED, S.DRAFT)
        assert published.is_live and "Corrected" not in published.body
        change = published.status_changes.latest("pk")
        assert (change.action, change.is_correction, change.to_status) == (A.WITHDRAW, True, S.DRAFT)

    def test_the_button_in_the_admin(self, client, writer):
        article = reviewable_article(created_by=writer)
        workflow.submit_for_review(article, by=writer)
        login(client, writer)
        assert "Withdraw from review</button>" in client.get(change_url(article)).content.decode()

        assert "Withdraw from review: done" in press(client, article, "withdraw")
        content = client.get(change_url(article)).content.decode()
        assert 'name="_save"' in content  # the writer can edit again
        assert "Withdrawn from review" in content  # in the editorial history
