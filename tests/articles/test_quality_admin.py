"""The quality gates in the admin, per role: writers see the checklist and fix their text,
reviewers see waivers, only editors waive, editors read reader feedback."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import checklist, workflow
from articles.models import ArticleRevision, ArticleType, ChecklistWaiver, JargonTerm
from feedback.models import PageFeedback
from tests.articles.test_admin_workflow import form_data
from tests.factories import ArticleFactory, ConditionFactory, reviewable_article

pytestmark = pytest.mark.django_db

JARGON_DRAFT = """Idiopathic myalgia is muscle pain with no known cause.

## Symptoms

- aching muscles
- stiffness in the morning

## When to get help

See a GP if the pain lasts more than a few weeks.
"""


FIXED_DRAFT = """Muscle pain with no clear reason is common.

## Symptoms

- aching muscles
- stiffness in the morning

## What causes it?

Often nobody knows. Hard work or a cold can bring it on.

## How is it diagnosed?

A GP asks about the pain and may check your blood.

## How is it treated?

Rest, warmth and gentle stretches help most people.

## When to get help

!!! gp
    See a GP if the pain lasts more than a few weeks.
"""


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def waive_url(article, item):
    return reverse("admin:articles_article_waive", args=[article.pk, item])


def text_of(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.fixture
def guide(writer):
    article = reviewable_article(
        title="Muscle pain",
        body=JARGON_DRAFT,
        article_type=ArticleType.objects.get(name="Condition guide"),
        created_by=writer,
    )
    article.conditions.add(ConditionFactory(name="Myalgia"))
    workflow.keep_baseline(article)
    return article


def test_the_writer_sees_reading_age_jargon_and_the_checklist_and_fixes_the_draft(client, writer, guide):
    client.force_login(writer)
    response = client.get(change_url(guide))
    page = text_of(response)
    assert "Pre-publish checklist: version 1" in page
    assert "Reading age of the whole text:" in page
    assert "idiopathic (1× in Introduction): try “no known cause”" in page
    assert "myalgia (1× in Introduction): try “muscle pain”" in page
    assert "Section “Causes” ✗ Fails" in page
    assert "A “when to get help” box ✗ Fails" in page
    assert "Waive" not in page  # writers never get the waive form

    data = form_data(response)
    data["body"] = FIXED_DRAFT
    data["change_summary"] = "Plainer words and the missing sections"
    assert client.post(change_url(guide), data).status_code == 302
    guide.refresh_from_db()
    page = text_of(client.get(change_url(guide)))
    assert "No words from the jargon list." in page
    assert "Nothing on the checklist holds back medical approval." in page
    assert guide.revisions.get(number=guide.version).reading_age is not None


def test_a_reviewer_cannot_approve_until_an_editor_waives_and_then_sees_why(
    client, writer, editor, credentialed_reviewer, guide
):
    workflow.submit_for_review(guide, by=writer)
    client.force_login(credentialed_reviewer)
    page = text_of(client.get(change_url(guide)))
    assert "Approve is not available yet: The pre-publish checklist is not done." in page
    assert "Section “When to get help”" not in page.split("Failing:")[1].split(".")[0]  # this one passes
    assert "A “when to get help” box" in page.split("Failing:")[1]
    response = client.post(
        reverse("admin:articles_article_transition", args=[guide.pk, "approve"]), follow=True
    )
    assert "A “when to get help” box" in text_of(response)
    assert not guide.status_changes.filter(action="approve").exists()
    # Reviewers cannot waive.
    assert client.post(waive_url(guide, "help_box"), {"note": "Fine"}).status_code == 403

    client.force_login(editor)
    for item in checklist.checklist_for(guide).blocking:
        response = client.post(
            waive_url(guide, item.key), {"note": "Urgent advice is under its own heading."}
        )
        assert response.status_code == 302
    assert ChecklistWaiver.objects.filter(article=guide, waived_by=editor).count() >= 3

    client.force_login(credentialed_reviewer)
    page = text_of(client.get(change_url(guide)))
    assert "Waived by ed on" in page
    assert "“Urgent advice is under its own heading.”" in page
    response = client.post(
        reverse("admin:articles_article_transition", args=[guide.pk, "approve"]), follow=True
    )
    assert "Approve: done" in text_of(response)


def test_the_editor_sees_waive_forms_only_for_failing_waivable_items(client, editor, guide):
    client.force_login(editor)
    html = client.get(change_url(guide)).content.decode()
    waivable = set(re.findall(r"/checklist/([\w-]+)/waive/", html))
    assert "help_box" in waivable
    assert not waivable & {"summary", "sources", "reading_age", "structure", "condition"}


def test_a_waiver_without_a_note_is_refused_with_a_message(client, editor, guide):
    client.force_login(editor)
    response = client.post(waive_url(guide, "help_box"), {"note": "  "}, follow=True)
    assert "Write a note saying why" in text_of(response)
    assert not ChecklistWaiver.objects.exists()


@pytest.mark.parametrize("who", ["writer", "medical_reviewer", "moderator"])
def test_only_editors_may_post_a_waiver(client, guide, who, request):
    client.force_login(request.getfixturevalue(who))
    response = client.post(waive_url(guide, "help_box"), {"note": "Fine"})
    assert response.status_code == 403
    assert not ChecklistWaiver.objects.exists()


def test_a_major_change_to_a_live_article_needs_a_public_summary(
    client, editor, credentialed_reviewer, second_reviewer, writer
):
    article = reviewable_article(title="Cramps", created_by=writer)
    workflow.submit_for_review(article, by=writer)
    workflow.approve(article, by=credentialed_reviewer)
    workflow.approve(article, by=second_reviewer)
    workflow.publish(article, by=editor)
    client.force_login(editor)
    data = form_data(client.get(change_url(article)))
    data.update({"body": article.body + "\n\n## Driving\n\nDo not drive during a cramp.", "is_major": "on"})
    response = client.post(change_url(article), data)
    assert response.status_code == 200
    assert "say in one line what changed for readers" in response.content.decode()
    data["public_summary"] = "Added advice on driving"
    assert client.post(change_url(article), data).status_code == 302
    assert ArticleRevision.objects.get(article=article, number=article.revisions.count()).public_summary == (
        "Added advice on driving"
    )


def test_the_type_of_a_live_article_changes_without_a_correction(client, editor, writer):
    article = ArticleFactory(published=True, title="News item", created_by=writer)
    news = ArticleType.objects.get(name="News")
    client.force_login(editor)
    data = form_data(client.get(change_url(article)))
    data["article_type"] = str(news.pk)
    assert client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.article_type == news
    assert article.correction_status == ""


def test_editors_see_reader_feedback_and_others_do_not(client, editor, writer, credentialed_reviewer):
    article = ArticleFactory(published=True, title="Cramp")
    PageFeedback.objects.create(article=article, is_helpful=True)
    PageFeedback.objects.create(
        article=article, is_helpful=False, looking_for="No, I wanted to know about <b>driving</b>"
    )
    PageFeedback.objects.create(
        article=article,
        is_helpful=False,
        looking_for="Too old to count",
        created_at=timezone.now() - timedelta(days=91),
    )
    client.force_login(editor)
    response = client.get(change_url(article))
    page = text_of(response)
    assert "Reader feedback: last 90 days" in page
    assert "50% helpful : 1 of 2 answers said yes." in page
    assert "&lt;b&gt;driving&lt;/b&gt;" in response.content.decode()
    assert "Too old to count" not in page
    for user in (writer, credentialed_reviewer):
        client.force_login(user)
        assert "Reader feedback: last 90 days" not in text_of(client.get(change_url(article)))


def test_the_review_due_report_puts_the_least_helpful_first(client, editor):
    soon = timezone.localdate() + timedelta(days=5)
    liked = ArticleFactory(published=True, title="Liked page", next_review_due=soon)
    disliked = ArticleFactory(published=True, title="Disliked page", next_review_due=soon + timedelta(days=1))
    ArticleFactory(published=True, title="Silent page", next_review_due=soon - timedelta(days=1))
    PageFeedback.objects.bulk_create(
        [
            PageFeedback(article=liked, is_helpful=True),
            PageFeedback(article=disliked, is_helpful=False),
            PageFeedback(article=disliked, is_helpful=True),
            PageFeedback(article=disliked, is_helpful=False),
        ]
    )
    client.force_login(editor)
    url = reverse("admin:articles_article_review_due")
    page = text_of(client.get(url))
    assert page.index("Disliked page") < page.index("Liked page") < page.index("Silent page")
    assert "33% of 3" in page and "no answers" in page
    by_date = text_of(client.get(url + "?order=due"))
    assert by_date.index("Silent page") < by_date.index("Liked page") < by_date.index("Disliked page")


def test_editors_keep_the_jargon_list_and_writers_only_read_it(client, editor, writer):
    client.force_login(editor)
    response = client.post(reverse("admin:articles_jargonterm_add"), {"term": "pruritus", "plain": "itching"})
    assert response.status_code == 302
    assert JargonTerm.objects.get(term="pruritus").plain == "itching"
    client.force_login(writer)
    assert client.get(reverse("admin:articles_jargonterm_changelist")).status_code == 200
    assert (
        client.post(reverse("admin:articles_jargonterm_add"), {"term": "x", "plain": "y"}).status_code == 403
    )


def test_the_version_history_shows_each_versions_reading_age(client, editor, guide):
    client.force_login(editor)
    page = text_of(client.get(change_url(guide)))
    revision = guide.revisions.get(number=1)
    assert revision.reading_age is not None
    assert f"{revision.reading_age:g}" in page


def test_the_checklist_panel_costs_a_fixed_number_of_queries(
    client, editor, guide, django_assert_max_num_queries
):
    client.force_login(editor)
    client.get(change_url(guide))
    with django_assert_max_num_queries(80):
        assert client.get(change_url(guide)).status_code == 200


def test_an_article_with_hostile_text_shows_its_checklist_escaped(client, editor, writer):
    article = reviewable_article(
        title="Hostile",
        body="## <img src=x onerror=alert(1)>\n\n[<script>x</script>](javascript:alert(1))",
        created_by=writer,
    )
    client.force_login(editor)
    html = client.get(change_url(article)).content.decode()
    assert "<script>x</script>" not in html
    assert "<img src=x onerror" not in html
    assert "The link text" in html or "has no text" in html
