"""The editorial workflow as people use it in the admin."""

from datetime import timedelta

import pytest
from django import forms
from django.urls import reverse
from django.utils import timezone

from articles import revisions, workflow
from articles.models import Article, ArticleStatusChange
from tests.factories import (
    ArticleFactory,
    CategoryFactory,
    ContributorFactory,
    SourceFactory,
    reviewable_article,
)

pytestmark = pytest.mark.django_db

S = Article.Status


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def button_url(article, action):
    return reverse("admin:articles_article_transition", args=[article.pk, action])


def form_data(response) -> dict:
    """What the browser would post back from a rendered admin change form, unchanged."""
    data = {}

    def add(form):
        for field in form:
            value, widget = field.value(), field.field.widget
            if isinstance(widget, forms.MultiWidget):
                for i, part in enumerate(widget.decompress(value)):
                    data[f"{field.html_name}_{i}"] = "" if part is None else str(part)
            elif isinstance(value, list | tuple):
                data[field.html_name] = [str(getattr(v, "pk", v)) for v in value]
            elif isinstance(value, bool):
                if value:
                    data[field.html_name] = "on"
            else:
                data[field.html_name] = "" if value is None else str(getattr(value, "pk", value))

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        add(inline.formset.management_form)
        for form in inline.formset.forms:
            add(form)
    return data


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def published(writer, editor, credentialed_reviewer, second_reviewer):
    article = reviewable_article(
        title="Neuromyotonia explained", body="## Symptoms\n\n- Twitching\n", created_by=writer
    )
    workflow.submit_for_review(article, by=writer)
    workflow.approve(article, by=second_reviewer)
    workflow.approve(article, by=credentialed_reviewer)
    workflow.publish(article, by=editor)
    return article


class TestButtons:
    def labels(self, client, article):
        response = client.get(change_url(article))
        assert response.status_code == 200
        return [option.label for option in response.context["workflow_options"] if not option.blocked_because]

    def test_writer_sees_submit_on_own_draft_only(self, client, writer):
        article = reviewable_article(created_by=writer)
        assert self.labels(login(client, writer), article) == ["Submit for review"]
        content = client.get(change_url(article)).content.decode()
        assert "Submit for review</button>" in content
        assert "Approve</button>" not in content

    def test_writer_sees_someone_elses_article_read_only(self, client, writer, other_writer):
        article = reviewable_article(created_by=other_writer, title="Their article")
        response = login(client, writer).get(change_url(article))
        content = response.content.decode()
        assert response.status_code == 200
        assert "Their article" in content
        assert 'name="_save"' not in content
        assert 'name="title"' not in content
        assert "There is nothing for you to do" in content
        # And a post is refused, with what was typed shown back.
        refused = client.post(change_url(article), {"title": "Hijacked"})
        assert refused.status_code == 409
        assert "Hijacked" in refused.content.decode()
        assert Article.objects.get(pk=article.pk).title == "Their article"

    def test_writer_cannot_edit_own_article_once_submitted(self, client, writer):
        article = reviewable_article(created_by=writer)
        workflow.submit_for_review(article, by=writer)
        content = login(client, writer).get(change_url(article)).content.decode()
        assert 'name="_save"' not in content

    def test_reviewer_sees_approve_and_request_changes_with_a_note_field(
        self, client, writer, credentialed_reviewer
    ):
        article = reviewable_article(created_by=writer)
        workflow.submit_for_review(article, by=writer)
        login(client, credentialed_reviewer)
        assert self.labels(client, article) == ["Approve", "Request changes"]
        content = client.get(change_url(article)).content.decode()
        assert '<label for="workflow-note-request_changes">Note for the writer (required)</label>' in content
        assert 'name="_save"' not in content  # reviewers do not edit

    def test_reviewer_is_told_why_approval_is_not_available(self, client, writer, credentialed_reviewer):
        article = reviewable_article(created_by=writer, source_count=0)
        workflow.submit_for_review(article, by=writer)
        content = login(client, credentialed_reviewer).get(change_url(article)).content.decode()
        assert "Approve</button>" not in content
        assert "<strong>Approve</strong> is not available yet" in content
        assert "at least one source" in content

    def test_editor_sees_publish_and_schedule_for_the_go_live_date(
        self, client, writer, editor, credentialed_reviewer, second_reviewer
    ):
        article = reviewable_article(created_by=writer)
        workflow.submit_for_review(article, by=writer)
        workflow.approve(article, by=second_reviewer)
        workflow.approve(article, by=credentialed_reviewer)
        article.go_live_at = timezone.make_aware(timezone.datetime(2099, 5, 4, 9, 30))
        article.save()
        assert self.labels(login(client, editor), article) == [
            "Publish now",
            "Schedule for 4 May 2099, 09:30",
            "Archive",
        ]

    def test_editor_sees_correction_buttons_on_a_live_article(self, client, editor, published):
        assert self.labels(login(client, editor), published) == [
            "Request a medical review",
            "Unpublish",
            "Archive",
        ]

    def test_moderator_cannot_see_articles_at_all(self, client, moderator, published):
        login(client, moderator)
        assert client.get(reverse("admin:articles_article_changelist")).status_code == 403
        assert client.get(change_url(published)).status_code == 403
        assert client.post(button_url(published, "unpublish")).status_code == 403
        assert "Articles" not in client.get(reverse("admin:index")).content.decode()


class TestTransitionView:
    def test_a_button_moves_the_article_on_and_says_so(self, client, writer):
        article = reviewable_article(created_by=writer)
        response = login(client, writer).post(button_url(article, "submit"), follow=True)
        assert response.redirect_chain[-1][0] == change_url(article)
        assert "Submit for review: done" in response.content.decode()
        assert Article.objects.get(pk=article.pk).status == S.IN_REVIEW

    def test_a_refused_step_is_shown_as_a_message_and_changes_nothing(self, client, writer):
        article = reviewable_article(created_by=writer)
        response = login(client, writer).post(button_url(article, "publish"), follow=True)
        assert response.status_code == 200
        assert "You do not have permission to publish now" in response.content.decode()
        assert Article.objects.get(pk=article.pk).status == S.DRAFT
        assert not ArticleStatusChange.objects.exists()

    @pytest.mark.parametrize("action", ["nonsense", "delete", "go_live", "x" * 200])
    def test_unknown_or_automatic_actions_are_refused(self, client, editor, action):
        article = reviewable_article()
        response = login(client, editor).post(button_url(article, action), follow=True)
        assert response.status_code == 200
        assert Article.objects.get(pk=article.pk).status == S.DRAFT
        assert not ArticleStatusChange.objects.exists()

    def test_only_post_is_accepted(self, client, editor):
        article = reviewable_article()
        assert login(client, editor).get(button_url(article, "archive")).status_code == 405

    @pytest.mark.parametrize("note", ["", "   ", "x" * 3000])
    def test_request_changes_needs_a_sensible_note(self, client, writer, credentialed_reviewer, note):
        article = reviewable_article(created_by=writer)
        workflow.submit_for_review(article, by=writer)
        response = login(client, credentialed_reviewer).post(
            button_url(article, "request_changes"), {"note": note}, follow=True
        )
        assert response.status_code == 200
        assert Article.objects.get(pk=article.pk).status == S.IN_REVIEW
        assert "note" in response.content.decode()

    def test_hostile_note_is_stored_as_typed_and_shown_escaped(self, client, writer, credentialed_reviewer):
        article = reviewable_article(created_by=writer)
        workflow.submit_for_review(article, by=writer)
        note = "<script>alert('x')</script> '; DROP TABLE articles_article; -- é 🩺"
        login(client, credentialed_reviewer).post(button_url(article, "request_changes"), {"note": note})

        assert article.status_changes.latest("pk").note == note
        content = login(client, writer).get(change_url(article)).content.decode()
        assert "<script>alert('x')</script>" not in content
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in content

    def test_bulk_action_and_button_write_the_same_audit_row(
        self, client, writer, editor, credentialed_reviewer, second_reviewer
    ):
        articles = []
        for _ in range(2):
            article = reviewable_article(created_by=writer)
            workflow.submit_for_review(article, by=writer)
            workflow.approve(article, by=second_reviewer)
            workflow.approve(article, by=credentialed_reviewer)
            articles.append(article)
        by_button, by_action = articles
        login(client, editor)

        client.post(button_url(by_button, "publish"))
        client.post(
            reverse("admin:articles_article_changelist"),
            {"action": "publish_selected", "_selected_action": [by_action.pk]},
        )

        def last_row(article):
            row = article.status_changes.latest("pk")
            return (row.action, row.from_status, row.to_status, row.actor, row.note, row.revision.number)

        assert (
            last_row(by_button) == last_row(by_action) == ("publish", S.APPROVED, S.PUBLISHED, editor, "", 1)
        )

    def test_bulk_action_reports_each_refusal(self, client, editor):
        draft = reviewable_article(title="Still a draft")
        response = login(client, editor).post(
            reverse("admin:articles_article_changelist"),
            {"action": "publish_selected", "_selected_action": [draft.pk]},
            follow=True,
        )
        assert "“Still a draft” was not changed" in response.content.decode()
        assert Article.objects.get(pk=draft.pk).status == S.DRAFT

    def test_writers_are_not_offered_publishing_actions(self, client, writer):
        reviewable_article(created_by=writer)
        response = login(client, writer).get(reverse("admin:articles_article_changelist"))
        actions = [value for value, _ in response.context["action_form"].fields["action"].choices]
        assert "submit_selected" in actions
        assert "publish_selected" not in actions
        assert "approve_selected" not in actions


class TestEditingInTheAdmin:
    def test_writer_creates_an_article_as_its_author(self, client, writer):
        ContributorFactory(user=writer, name="Wendy Writer")
        login(client, writer)
        add_url = reverse("admin:articles_article_add")
        assert client.get(add_url).context["adminform"].form.initial["authors"] == [writer.contributor.pk]
        response = client.post(
            add_url,
            {
                "title": "Cramps at night",
                "slug": "cramps-at-night",
                "summary": "Why they happen.",
                "body": "Stretch before bed.",
                "authors": [writer.contributor.pk],
                "change_summary": "First draft",
                "loaded_version": "0",
                "sources-TOTAL_FORMS": "0",
                "sources-INITIAL_FORMS": "0",
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        article = Article.objects.get(slug="cramps-at-night")
        assert article.created_by == writer
        assert article.status == S.DRAFT
        assert article.latest_revision().change_summary == "First draft"
        # ... and can then edit it.
        data = form_data(client.get(change_url(article)))
        data["body"] = "Stretch your calves before bed."
        assert client.post(change_url(article), data).status_code == 302
        assert Article.objects.get(pk=article.pk).version == 2

    def test_editing_a_live_article_keeps_readers_on_the_live_text(self, client, editor, published):
        login(client, editor)
        data = form_data(client.get(change_url(published)))
        data.update(body="## Symptoms\n\n- Twitching and cramps\n", change_summary="Added cramps")
        data["sources-0-title"] = "A better source"
        response = client.post(change_url(published), data, follow=True)

        assert "Saved as a correction" in response.content.decode()
        live = Article.objects.get(pk=published.pk)
        assert live.body == "## Symptoms\n\n- Twitching\n"
        assert live.correction_status == S.DRAFT
        assert "Twitching and cramps" not in client.get(live.get_absolute_url()).content.decode()

        # The form now carries on from the correction, sources included.
        again = client.get(change_url(live))
        assert again.context["adminform"].form["body"].value() == "## Symptoms\n\n- Twitching and cramps"
        assert "A better source" in again.content.decode()
        assert "You are editing the correction" in again.content.decode()

        # A second save of the correction, untouched, changes nothing.
        client.post(change_url(live), form_data(again))
        assert Article.objects.get(pk=live.pk).version == live.version

    def test_a_source_can_be_dropped_from_a_correction(self, client, editor, published):
        SourceFactory(article=published, title="Second source", position=1)
        login(client, editor)
        data = form_data(client.get(change_url(published)))
        data["body"] = "Changed."
        client.post(change_url(published), data)
        data = form_data(client.get(change_url(published)))
        for key in [k for k in data if k.startswith("sources-1-") and not k.endswith(("-id", "-article"))]:
            data[key] = ""
        client.post(change_url(published), data)
        pending = Article.objects.get(pk=published.pk).pending_revision()
        assert [s["title"] for s in pending.content["sources"]] == [published.sources.first().title]

    def test_second_of_two_concurrent_saves_is_refused_and_keeps_the_text(self, client, editor):
        article = reviewable_article(body="Original text.")
        login(client, editor)
        mine = form_data(client.get(change_url(article)))
        theirs = dict(mine, body="Their text.")
        assert client.post(change_url(article), theirs).status_code == 302

        mine["body"] = "My careful rewrite."
        response = client.post(change_url(article), mine)

        assert response.status_code == 200
        content = response.content.decode()
        assert "Your changes have not been saved" in content
        assert "saved a newer version of this article" in content
        assert "My careful rewrite." in content  # shown back, not lost
        assert Article.objects.get(pk=article.pk).body == "Their text."

    def test_edit_refused_because_it_was_submitted_meanwhile_gives_the_text_back(self, client, writer):
        article = reviewable_article(created_by=writer, body="Before.")
        login(client, writer)
        data = form_data(client.get(change_url(article)))
        workflow.submit_for_review(article, by=writer)  # e.g. from another tab

        data["body"] = "My unsaved <em>paragraph</em>."
        response = client.post(change_url(article), data)

        assert response.status_code == 409
        content = response.content.decode()
        assert "Your changes were not saved: you cannot edit" in content
        assert "My unsaved &lt;em&gt;paragraph&lt;/em&gt;." in content
        assert Article.objects.get(pk=article.pk).body == "Before."

    def test_an_edit_that_cancels_an_approval_says_so(
        self, client, writer, editor, credentialed_reviewer, second_reviewer
    ):
        article = reviewable_article(created_by=writer)
        workflow.submit_for_review(article, by=writer)
        workflow.approve(article, by=second_reviewer)
        workflow.approve(article, by=credentialed_reviewer)
        login(client, editor)
        data = form_data(client.get(change_url(article)))
        data["body"] = "Something new."
        response = client.post(change_url(article), data, follow=True)
        assert "back in review" in response.content.decode()
        assert Article.objects.get(pk=article.pk).status == S.IN_REVIEW

    def test_review_dates_and_reviewer_cannot_be_typed_in(self, client, editor):
        article = reviewable_article()
        login(client, editor)
        data = form_data(client.get(change_url(article)))
        data.update(last_reviewed_on="2020-01-01", next_review_due="2099-01-01", body="Edited")
        client.post(change_url(article), data)
        article.refresh_from_db()
        assert (article.last_reviewed_on, article.next_review_due, article.medical_reviewer) == (
            None,
            None,
            None,
        )
        assert article.body == "Edited"


class TestVersions:
    def test_history_lists_every_step_with_who_and_when(self, client, editor, published):
        content = login(client, editor).get(change_url(published)).content.decode()
        assert "Editorial history" in content
        for text in (
            "Submitted for review",
            "Approval 1 of 2 by Dr Sam Shah",
            "Approval 2 of 2",
            "Published",
        ):
            assert text in content

    def test_compare_a_correction_with_the_live_text(self, client, editor, published):
        login(client, editor)
        data = form_data(client.get(change_url(published)))
        data["body"] = "## Symptoms\n\n- Twitching <script>alert(1)</script>\n"
        client.post(change_url(published), data)

        response = client.get(
            reverse("admin:articles_article_compare", args=[published.pk]), {"from": "live", "to": "2"}
        )
        content = response.content.decode()
        assert response.status_code == 200
        assert "&lt;script&gt;alert(1)&lt;/script&gt;</ins>" in content
        assert '<span class="visually-hidden">added: </span>' in content
        assert "<script>alert(1)</script>" not in content

    @pytest.mark.parametrize(
        "params",
        [
            {"from": "abc"},
            {"to": "999"},
            {"from": "-1"},
            {"to": "1; DROP TABLE x"},
            {"from": "١"},
            {"to": "9" * 30},
        ],
    )
    def test_compare_with_a_bad_version_is_not_found(self, client, editor, published, params):
        response = login(client, editor).get(
            reverse("admin:articles_article_compare", args=[published.pk]), params
        )
        assert response.status_code == 404

    def test_view_and_restore_an_older_version(self, client, editor):
        article = reviewable_article(title="First title")
        login(client, editor)
        for title in ("Second title", "Third title"):
            data = form_data(client.get(change_url(article)))
            data["title"] = title
            client.post(change_url(article), data)

        # Version 1 is the text as it stood before the first edit in the admin.
        page = client.get(reverse("admin:articles_article_version", args=[article.pk, 1]))
        assert page.status_code == 200
        assert "First title" in page.content.decode()

        response = client.post(reverse("admin:articles_article_restore", args=[article.pk, 1]), follow=True)
        assert "Version 1 restored as version 4" in response.content.decode()
        article.refresh_from_db()
        assert article.title == "First title"
        assert [r.change_summary for r in article.revisions.order_by("number")][-1] == "Restored version 1"

    def test_restore_is_for_people_who_may_edit(self, client, credentialed_reviewer, editor):
        article = reviewable_article(title="First title")
        workflow.keep_baseline(article)
        assert (
            login(client, credentialed_reviewer)
            .post(reverse("admin:articles_article_restore", args=[article.pk, 1]))
            .status_code
            == 403
        )


class TestPreview:
    @pytest.mark.parametrize("role", ["writer", "medical_reviewer", "editor", "superuser"])
    def test_staff_see_a_draft_with_the_public_template(self, client, request, role):
        article = reviewable_article(title="Draft about cramps")
        response = login(client, request.getfixturevalue(role)).get(
            reverse("admin:articles_article_preview", args=[article.pk])
        )
        assert response.status_code == 200
        content = response.content.decode()
        assert "Draft about cramps" in content
        assert "Preview: readers cannot see this version." in content
        assert "no-cache" in response["Cache-Control"]
        assert "no-store" in response["Cache-Control"]

    @pytest.mark.parametrize("who", ["anonymous", "reader", "moderator"])
    def test_everyone_else_gets_404(self, client, request, who):
        article = reviewable_article()
        if who != "anonymous":
            login(client, request.getfixturevalue(who))
        assert client.get(reverse("admin:articles_article_preview", args=[article.pk])).status_code == 404
        assert (
            client.get(reverse("admin:articles_article_version_preview", args=[article.pk, 1])).status_code
            == 404
        )

    def test_preview_of_a_pending_correction_shows_its_text_and_sources(self, client, editor, published):
        login(client, editor)
        data = form_data(client.get(change_url(published)))
        data.update({"body": "## Symptoms\n\n- Newly corrected\n", "sources-0-title": "Corrected source"})
        client.post(change_url(published), data)

        preview = client.get(reverse("admin:articles_article_version_preview", args=[published.pk, 2]))
        assert preview.status_code == 200
        assert "Newly corrected" in preview.content.decode()
        assert "Corrected source" in preview.content.decode()
        public = client.get(published.get_absolute_url()).content.decode()
        assert "Newly corrected" not in public

    def test_preview_of_a_missing_article_or_version_is_404(self, client, editor):
        login(client, editor)
        assert client.get(reverse("admin:articles_article_preview", args=[99999])).status_code == 404
        article = reviewable_article()
        assert (
            client.get(reverse("admin:articles_article_version_preview", args=[article.pk, 9])).status_code
            == 404
        )


class TestListsAndReports:
    def test_saved_views(self, client, writer, other_writer, credentialed_reviewer, editor):
        mine = reviewable_article(title="Mine", created_by=writer)
        reviewable_article(title="Theirs", created_by=other_writer)
        in_review = reviewable_article(title="In review", created_by=other_writer)
        workflow.submit_for_review(in_review, by=other_writer)
        returned = reviewable_article(title="Returned", created_by=other_writer)
        workflow.submit_for_review(returned, by=other_writer)
        workflow.request_changes(returned, by=credentialed_reviewer, note="More detail.")
        scheduled = ArticleFactory(title="Scheduled", scheduled=True)
        overdue = ArticleFactory(
            title="Overdue", published=True, next_review_due=timezone.localdate() - timedelta(1)
        )

        def titles(user, view):
            response = login(client, user).get(reverse("admin:articles_article_changelist"), {"view": view})
            assert response.status_code == 200
            return {a.title for a in response.context["cl"].result_list}

        assert titles(writer, "my_drafts") == {mine.title}
        assert titles(credentialed_reviewer, "awaiting_my_review") == {in_review.title}
        assert titles(editor, "changes_requested") == {returned.title}
        assert titles(editor, "scheduled") == {scheduled.title}
        assert titles(editor, "review_overdue") == {overdue.title}

    def test_list_shows_when_scheduled_articles_go_live(self, client, editor):
        ArticleFactory(scheduled=True, go_live_at=timezone.make_aware(timezone.datetime(2099, 1, 2, 8, 0)))
        content = login(client, editor).get(reverse("admin:articles_article_changelist")).content.decode()
        assert "Scheduled for 2 Jan 2099, 08:00" in content

    def test_inbox_shows_each_person_what_waits_for_them(self, client, writer, credentialed_reviewer, editor):
        waiting = reviewable_article(title="Waiting for review", created_by=writer)
        workflow.submit_for_review(waiting, by=writer)
        returned = reviewable_article(title="Sent back", created_by=writer)
        workflow.submit_for_review(returned, by=writer)
        workflow.request_changes(returned, by=credentialed_reviewer, note="Please cite the trial.")
        inbox = reverse("admin:articles_article_inbox")

        reviewer_page = login(client, credentialed_reviewer).get(inbox).content.decode()
        assert "Waiting for your medical review (1)" in reviewer_page
        assert "Waiting for review" in reviewer_page

        writer_page = login(client, writer).get(inbox).content.decode()
        assert "Returned to you with changes requested (1)" in writer_page
        assert "Please cite the trial." in writer_page
        assert "Waiting for your medical review" not in writer_page

    def test_inbox_link_is_on_every_admin_page_for_newsroom_staff(self, client, writer, moderator):
        assert "Inbox</a>" in login(client, writer).get(reverse("admin:index")).content.decode()
        assert "Inbox</a>" not in login(client, moderator).get(reverse("admin:index")).content.decode()

    def test_review_due_report(self, client, editor):
        today = timezone.localdate()
        ArticleFactory(title="Long overdue", published=True, next_review_due=today - timedelta(days=40))
        ArticleFactory(title="Due next week", published=True, next_review_due=today + timedelta(days=7))
        ArticleFactory(title="Due next year", published=True, next_review_due=today + timedelta(days=300))
        ArticleFactory(
            title="Archived long ago", status=S.ARCHIVED, next_review_due=today - timedelta(days=40)
        )

        response = login(client, editor).get(reverse("admin:articles_article_review_due"))
        assert [a.title for a in response.context["overdue"]] == ["Long overdue"]
        assert [a.title for a in response.context["due_soon"]] == ["Due next week"]
        assert "Due next year" not in response.content.decode()

    def test_pages_answer_in_a_bounded_number_of_queries(
        self, client, editor, writer, credentialed_reviewer, django_assert_max_num_queries
    ):
        category = CategoryFactory()
        for i in range(15):
            article = reviewable_article(
                created_by=writer, category=category, next_review_due=timezone.localdate()
            )
            workflow.submit_for_review(article, by=writer)
            if i % 2:
                workflow.request_changes(article, by=credentialed_reviewer, note=f"Note {i}")
        login(client, editor)
        with django_assert_max_num_queries(20):
            client.get(reverse("admin:articles_article_inbox"))
        with django_assert_max_num_queries(12):
            client.get(reverse("admin:articles_article_review_due"))
        with django_assert_max_num_queries(20):
            client.get(reverse("admin:articles_article_changelist"))

    def test_change_page_queries_do_not_grow_with_history(
        self, client, editor, published, credentialed_reviewer, django_assert_max_num_queries
    ):
        for i in range(6):
            content = {**revisions.snapshot_of(published), "body": f"Fix {i}"}
            workflow.propose_correction(published, by=editor, content=content)
            workflow.submit_for_review(published, by=editor)
            workflow.approve(published, by=credentialed_reviewer)
            workflow.publish_correction(published, by=editor)
        login(client, editor)
        with django_assert_max_num_queries(31):  # the same with 1 correction or 6
            assert client.get(change_url(published)).status_code == 200


class TestBadInput:
    @pytest.mark.parametrize("pk", ["99999999999999999999", "0"])
    def test_urls_for_missing_articles_are_not_found(self, client, editor, pk):
        login(client, editor)
        base = f"/admin/articles/article/{pk}"
        assert client.get(f"{base}/preview/").status_code == 404
        assert client.get(f"{base}/versions/1/").status_code == 404
        assert client.get(f"{base}/compare/").status_code == 404
        assert client.post(f"{base}/workflow/archive/").status_code == 404
        assert client.post(f"{base}/versions/1/restore/").status_code == 404

    def test_missing_version_numbers_are_not_found(self, client, editor):
        article = reviewable_article()
        login(client, editor)
        for number in ("99999999999999999999", "0", "5"):
            assert client.get(f"/admin/articles/article/{article.pk}/versions/{number}/").status_code == 404
        response = client.post(f"/admin/articles/article/{article.pk}/versions/5/restore/", follow=True)
        assert "There is no version 5" in response.content.decode()

    def test_a_long_change_summary_is_a_form_error_and_nothing_is_saved(self, client, editor):
        article = reviewable_article(body="Before.")
        login(client, editor)
        data = form_data(client.get(change_url(article)))
        data.update(body="After.", change_summary="x" * 201)
        response = client.post(change_url(article), data)
        assert response.status_code == 200
        assert "Ensure this value has at most 200 characters" in response.content.decode()
        assert Article.objects.get(pk=article.pk).body == "Before."

    def test_a_form_without_its_version_is_refused(self, client, editor):
        article = reviewable_article(body="Before.")
        login(client, editor)
        data = form_data(client.get(change_url(article)))
        del data["loaded_version"]
        data["body"] = "After."
        response = client.post(change_url(article), data)
        assert response.status_code == 200
        assert "Your changes have not been saved" in response.content.decode()
        assert Article.objects.get(pk=article.pk).body == "Before."

    def test_odd_text_survives_a_correction_and_is_escaped_in_history(self, client, editor, published):
        odd = "Zero\u200bwidth, RTL \u202eevil, emoji 🧠, null-ish \\x00 and 'quotes' -- ; DROP TABLE"
        login(client, editor)
        data = form_data(client.get(change_url(published)))
        data.update(body=odd, change_summary="<img src=x onerror=alert(1)>")
        assert client.post(change_url(published), data).status_code == 302
        pending = Article.objects.get(pk=published.pk).pending_revision()
        assert pending.content["body"] == odd
        page = client.get(change_url(published)).content.decode()
        assert "<img src=x onerror=alert(1)>" not in page
        assert "&lt;img src=x onerror=alert(1)&gt;" in page

    def test_null_characters_are_refused_with_a_message(self, client, writer, credentialed_reviewer):
        article = reviewable_article(created_by=writer, body="Before.")
        login(client, writer)
        data = form_data(client.get(change_url(article)))
        data["body"] = "After\x00."
        response = client.post(change_url(article), data)
        assert response.status_code == 200
        assert "Null characters are not allowed" in response.content.decode()
        assert Article.objects.get(pk=article.pk).body == "Before."

        workflow.submit_for_review(article, by=writer)
        response = login(client, credentialed_reviewer).post(
            button_url(article, "request_changes"), {"note": "Fix\x00this"}, follow=True
        )
        assert "null character" in response.content.decode()
        assert Article.objects.get(pk=article.pk).status == S.IN_REVIEW


def test_reviewer_sees_the_live_sources_while_a_correction_waits(
    client, editor, credentialed_reviewer, published
):
    workflow.propose_correction(
        published, by=editor, content={**revisions.snapshot_of(published), "sources": []}
    )
    response = login(client, credentialed_reviewer).get(change_url(published))
    assert published.sources.get().title in response.content.decode()
    assert "A correction is waiting" in response.content.decode()


def test_an_article_with_a_history_cannot_be_deleted_but_a_fresh_draft_can(client, editor, writer):
    with_history = reviewable_article(created_by=writer, title="Submitted once")
    workflow.submit_for_review(with_history, by=writer)
    fresh = reviewable_article(title="Never submitted")
    login(client, editor)

    refused = client.post(reverse("admin:articles_article_delete", args=[with_history.pk]), {"post": "yes"})
    assert refused.status_code == 200
    assert "protected" in refused.content.decode()
    assert Article.objects.filter(pk=with_history.pk).exists()

    client.post(reverse("admin:articles_article_delete", args=[fresh.pk]), {"post": "yes"})
    assert not Article.objects.filter(pk=fresh.pk).exists()


def test_opening_an_article_page_writes_nothing(client, editor):
    article = reviewable_article(status=S.APPROVED, go_live_at=timezone.now() + timedelta(days=1))
    page = login(client, editor).get(change_url(article)).content.decode()
    assert "not been medically approved" in page  # no approval on record, so it cannot go live
    assert not article.revisions.exists()
    assert not ArticleStatusChange.objects.exists()


def test_filter_by_correction_state(client, editor, published):
    workflow.propose_correction(
        published, by=editor, content={**revisions.snapshot_of(published), "body": "x"}
    )
    ArticleFactory(published=True, title="No correction")
    url = reverse("admin:articles_article_changelist")
    response = login(client, editor).get(url, {"correction": "draft"})
    assert [a.title for a in response.context["cl"].result_list] == [published.title]
    assert client.get(url, {"correction": "<script>"}).status_code == 200


def test_featuring_a_live_article_needs_no_review(client, editor, published):
    login(client, editor)
    data = form_data(client.get(change_url(published)))
    data["is_featured"] = "on"
    response = client.post(change_url(published), data, follow=True)
    assert "The text is unchanged, so no correction was saved." in response.content.decode()
    live = Article.objects.get(pk=published.pk)
    assert live.is_featured
    assert live.correction_status == ""
