"""The pre-publish checklist: each item passing, failing and waived; approval waiting on it;
the public page history after major and minor corrections."""

import json
import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from articles import checklist, revisions, workflow
from articles.models import (
    Article,
    ArticleRevision,
    ArticleType,
    ChecklistWaiver,
    PageHistoryEntry,
    SourceLinkCheck,
)
from tests.factories import ConditionFactory, SourceFactory, reviewable_article

pytestmark = pytest.mark.django_db

S = Article.Status
THIS_YEAR = timezone.localdate().year

GUIDE_BODY = """Cramp is a sudden, tight pain in a muscle. It is common and often harmless.

## Symptoms

- a hard, tight muscle
- sharp pain that lasts a few minutes

## What causes it?

Often there is no clear cause. Hard exercise can bring it on.

## How is it diagnosed?

A GP asks about your symptoms. You rarely need tests.

## How is it treated?

Stretch and rub the muscle. A warm bath can help.

## When to get help

!!! gp
    See a GP if cramps wake you most nights or last longer than ten minutes.
"""


@pytest.fixture
def guide_type():
    return ArticleType.objects.get(name="Condition guide")


@pytest.fixture
def guide(writer, guide_type):
    article = reviewable_article(
        title="Cramp: a guide", body=GUIDE_BODY, article_type=guide_type, created_by=writer
    )
    article.conditions.add(ConditionFactory(name="Cramp"))
    return article


def item_states(article) -> dict[str, str]:
    return {item.label: item.state for item in checklist.checklist_for(article).items}


def test_a_complete_condition_guide_passes_every_item(guide):
    result = checklist.checklist_for(guide)
    assert result.blocking == []
    labels = [item.label for item in result.items]
    assert labels == [
        "Summary",
        "At least one source",
        "Newest source no older than 5 years",
        "Section “Symptoms”",
        "Section “Causes”",
        "Section “How it is diagnosed”",
        "Section “How it is treated”",
        "Section “When to get help”",
        "A “when to get help” box",
        "Reading age within the target (9 to 11)",
        "No structure problems",
        "At least one linked condition",
    ]
    assert {item.state for item in result.items} == {checklist.PASS}


@pytest.mark.parametrize(
    ("change", "failing"),
    [
        (lambda a: Article.objects.filter(pk=a.pk).update(summary=""), "Summary"),
        (lambda a: a.sources.all().delete(), "At least one source"),
        (lambda a: a.sources.update(year=THIS_YEAR - 6), "Newest source no older than 5 years"),
        (lambda a: a.sources.update(year=None), "Newest source no older than 5 years"),
        (
            lambda a: Article.objects.filter(pk=a.pk).update(
                body=GUIDE_BODY.replace("## When to get help", "## Next")
            ),
            "Section “When to get help”",
        ),
        (
            lambda a: Article.objects.filter(pk=a.pk).update(body=GUIDE_BODY.replace("!!! gp", "!!! note")),
            "A “when to get help” box",
        ),
        (
            lambda a: Article.objects.filter(pk=a.pk).update(
                body=GUIDE_BODY
                + "\nIdiopathic neuromuscular hyperexcitability necessitates electrophysiological "
                "investigation, immunomodulatory intervention and multidisciplinary consideration."
            ),
            "Reading age within the target (9 to 11)",
        ),
        (
            lambda a: Article.objects.filter(pk=a.pk).update(
                body=GUIDE_BODY + "\n[Click here](https://x.example)"
            ),
            "No structure problems",
        ),
        (lambda a: a.conditions.clear(), "At least one linked condition"),
    ],
)
def test_each_item_fails_when_its_rule_is_broken(guide, change, failing):
    change(guide)
    guide.refresh_from_db()
    result = checklist.checklist_for(guide)
    assert [item.label for item in result.blocking] == [failing]


def test_source_age_follows_the_setting_and_only_the_newest_source_counts(guide, settings):
    SourceFactory(article=guide, year=THIS_YEAR - 12)
    guide.sources.filter(year=THIS_YEAR).update(year=THIS_YEAR - 3)
    assert item_states(guide)["Newest source no older than 5 years"] == checklist.PASS
    settings.SOURCES_MAX_AGE_YEARS = 2
    assert item_states(guide)["Newest source no older than 2 years"] == checklist.FAIL


def test_broken_source_links_fail_and_moved_ones_are_named(guide):
    SourceFactory(article=guide, title="Gone page", url="https://gone.example/a")
    SourceFactory(article=guide, title="Moved page", url="https://moved.example/a")
    now = timezone.now()
    SourceLinkCheck.objects.create(
        url="https://gone.example/a", outcome="broken", status_code=404, checked_at=now
    )
    SourceLinkCheck.objects.create(
        url="https://moved.example/a", outcome="moved", final_url="https://moved.example/b", checked_at=now
    )
    item = checklist.checklist_for(guide).item("source_links")
    assert item.state == checklist.FAIL
    assert "Broken: Gone page" in item.detail
    assert "Moved (update the address): Moved page" in item.detail
    SourceLinkCheck.objects.filter(url="https://gone.example/a").update(outcome="ok")
    assert checklist.checklist_for(guide).item("source_links").state == checklist.PASS


def test_an_article_without_a_type_needs_no_sections_box_or_condition(writer):
    article = reviewable_article(body="Short and plain. Easy to read.", created_by=writer)
    keys = [item.key for item in checklist.checklist_for(article).items]
    assert keys == ["summary", "sources", "source_age", "reading_age", "structure"]


def test_editors_can_add_types_and_their_sections_are_checked(writer):
    news = ArticleType.objects.create(name="Explainer")
    news.required_sections.create(heading="The facts", alternatives="What we know\nFacts about *")
    article = reviewable_article(
        body="## Facts about sleep\n\nSleep well.", article_type=news, created_by=writer
    )
    assert item_states(article)["Section “The facts”"] == checklist.PASS


# --- Approval waits on the checklist ------------------------------------------------


@pytest.fixture
def guide_without_help(guide):
    body = GUIDE_BODY.replace("## When to get help", "## Other advice").replace("!!! gp", "!!! note")
    Article.objects.filter(pk=guide.pk).update(body=body)
    guide.refresh_from_db()
    return guide


def test_approval_is_refused_naming_each_failing_item(guide_without_help, writer, credentialed_reviewer):
    workflow.submit_for_review(guide_without_help, by=writer)
    with pytest.raises(workflow.InvalidTransition) as refused:
        workflow.approve(guide_without_help, by=credentialed_reviewer)
    assert refused.value.reason == "requirement"
    assert "Section “When to get help”" in str(refused.value)
    assert "A “when to get help” box" in str(refused.value)
    guide_without_help.refresh_from_db()
    assert guide_without_help.status == S.IN_REVIEW
    assert not guide_without_help.status_changes.filter(action="approve").exists()


def test_options_for_shows_approval_blocked_by_the_checklist(
    guide_without_help, writer, credentialed_reviewer
):
    workflow.submit_for_review(guide_without_help, by=writer)
    options = {o.action: o for o in workflow.options_for(credentialed_reviewer, guide_without_help)}
    assert "Section “When to get help”" in options["approve"].blocked_because
    assert options["request_changes"].blocked_because == ""


def test_an_editor_waives_with_a_note_and_then_approval_goes_through(
    guide_without_help, writer, editor, credentialed_reviewer
):
    workflow.submit_for_review(guide_without_help, by=writer)
    for key in ("help_box", checklist.checklist_for(guide_without_help).blocking[0].key):
        checklist.waive(guide_without_help, item=key, by=editor, note="Urgent advice is in “Other advice”.")
    waivers = ChecklistWaiver.objects.filter(article=guide_without_help)
    assert {(w.version, w.waived_by, w.note) for w in waivers} == {
        (guide_without_help.version, editor, "Urgent advice is in “Other advice”.")
    }
    assert {item.state for item in checklist.checklist_for(guide_without_help).items if not item.passed} == {
        checklist.WAIVED
    }
    workflow.approve(guide_without_help, by=credentialed_reviewer)
    assert guide_without_help.status_changes.filter(action="approve").exists()


@pytest.mark.parametrize("who", ["writer", "credentialed_reviewer", "moderator"])
def test_only_editors_waive(guide_without_help, who, request):
    with pytest.raises(checklist.CannotWaive, match="Only editors"):
        checklist.waive(guide_without_help, item="help_box", by=request.getfixturevalue(who), note="Fine.")
    assert not ChecklistWaiver.objects.exists()


@pytest.mark.parametrize(
    ("item", "note", "message"),
    [
        ("help_box", "", "Write a note"),
        ("help_box", "   \n", "Write a note"),
        ("help_box", "x" * 2001, "too long"),
        ("help_box", "bad\x00note", "null character"),
        ("summary", "Fine.", "passes"),
        ("no-such-item", "Fine.", "no such item"),
        ("<script>", "Fine.", "no such item"),
        ("reading_age", "Fine.", "passes"),
    ],
)
def test_a_waiver_needs_a_note_and_a_failing_waivable_item(guide_without_help, editor, item, note, message):
    with pytest.raises(checklist.CannotWaive, match=message):
        checklist.waive(guide_without_help, item=item, by=editor, note=note)
    assert not ChecklistWaiver.objects.exists()


def test_summary_and_sources_cannot_be_waived(guide, editor):
    guide.sources.all().delete()
    with pytest.raises(checklist.CannotWaive, match="cannot be waived"):
        checklist.waive(guide, item="sources", by=editor, note="Trust me.")


def test_an_item_is_waived_once_and_the_waiver_does_not_carry_over_to_a_new_version(
    guide_without_help, writer, editor
):
    workflow.keep_baseline(guide_without_help)
    checklist.waive(guide_without_help, item="help_box", by=editor, note="Fine for now.")
    with pytest.raises(checklist.CannotWaive, match="already waived"):
        checklist.waive(guide_without_help, item="help_box", by=editor, note="Again.")
    guide_without_help.summary = "A changed summary."
    guide_without_help.save()
    workflow.record_edit(guide_without_help, by=writer)
    assert checklist.checklist_for(guide_without_help).item("help_box").state == checklist.FAIL


def test_a_correction_is_checked_on_its_own_text_not_the_live_one(
    guide, writer, editor, credentialed_reviewer, second_reviewer
):
    workflow.submit_for_review(guide, by=writer)
    workflow.approve(guide, by=credentialed_reviewer)
    workflow.approve(guide, by=second_reviewer)
    workflow.publish(guide, by=editor)
    content = {**revisions.snapshot_of(guide), "body": GUIDE_BODY.replace("## Symptoms", "## Overview")}
    workflow.propose_correction(guide, by=editor, content=content)
    workflow.submit_for_review(guide, by=editor)
    assert [item.label for item in checklist.checklist_for(guide).blocking] == ["Section “Symptoms”"]
    with pytest.raises(workflow.InvalidTransition, match="Section “Symptoms”"):
        workflow.approve(guide, by=credentialed_reviewer)


# --- Page history -------------------------------------------------------------------


@pytest.fixture
def live_guide(guide, writer, editor, credentialed_reviewer, second_reviewer):
    workflow.submit_for_review(guide, by=writer)
    workflow.approve(guide, by=credentialed_reviewer)
    workflow.approve(guide, by=second_reviewer)
    workflow.publish(guide, by=editor)
    return guide


def correct(article, *, editor, reviewers, body, is_major, public_summary="", summary="Internal note"):
    revision = workflow.propose_correction(
        article,
        by=editor,
        content={**revisions.snapshot_of(article), "body": body},
        change_summary=summary,
        is_major=is_major,
    )
    ArticleRevision.objects.filter(pk=revision.pk).update(public_summary=public_summary)
    workflow.submit_for_review(article, by=editor)
    for reviewer in reviewers:
        workflow.approve(article, by=reviewer)
    workflow.publish_correction(article, by=editor)


def page_history(client, article) -> list[str]:
    html = client.get(article.get_absolute_url()).content.decode()
    match = re.search(r'<section class="page-history".*?</section>', html, re.S)
    if not match:
        return []
    return [
        " ".join(re.sub(r"<[^>]+>", "", li).split()) for li in re.findall(r"<li>(.*?)</li>", match.group(0))
    ]


def json_ld_modified(client, article) -> str:
    html = client.get(article.get_absolute_url()).content.decode()
    for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
        data = json.loads(block)
        if data.get("@type") == "MedicalWebPage":
            return data["dateModified"]
    raise AssertionError("no MedicalWebPage")


def test_page_history_lists_first_publication_and_major_changes_only(
    client, live_guide, editor, credentialed_reviewer, second_reviewer
):
    published = timezone.localtime(live_guide.published_at)
    assert page_history(client, live_guide) == [f"{published:%-d %B %Y}: First published"]

    with time_machine.travel(timezone.now() + timedelta(days=3)):
        correct(
            live_guide,
            editor=editor,
            reviewers=[credentialed_reviewer],
            body=GUIDE_BODY.replace("harmless.", "harmless!"),
            is_major=False,
            public_summary="",
        )
    assert len(page_history(client, live_guide)) == 1  # a minor change is not listed

    later = timezone.now() + timedelta(days=10)
    with time_machine.travel(later):
        correct(
            live_guide,
            editor=editor,
            reviewers=[credentialed_reviewer, second_reviewer],
            body=GUIDE_BODY + "\n## Driving\n\nDo not drive during a bad cramp.\n",
            is_major=True,
            public_summary="Added advice on driving",
            summary="Internal: reviewer asked for driving section",
        )
    lines = page_history(client, live_guide)
    assert lines == [
        f"{published:%-d %B %Y}: First published",
        f"{timezone.localtime(later):%-d %B %Y}: Added advice on driving",
    ]
    html = client.get(live_guide.get_absolute_url()).content.decode()
    assert "Internal: reviewer asked" not in html
    entry = PageHistoryEntry.objects.get(article=live_guide)
    live_guide.refresh_from_db()
    assert live_guide.updated_at == entry.published_at
    assert json_ld_modified(client, live_guide)[:10] == timezone.localtime(later).strftime("%Y-%m-%d")


def test_json_ld_date_modified_is_never_before_first_publication(client, live_guide):
    Article.objects.filter(pk=live_guide.pk).update(updated_at=live_guide.published_at - timedelta(days=30))
    modified = json_ld_modified(client, live_guide)
    assert modified[:19] >= live_guide.published_at.isoformat()[:19]


def test_a_major_correction_without_a_public_summary_gets_a_plain_line(
    client, live_guide, editor, credentialed_reviewer, second_reviewer
):
    correct(
        live_guide,
        editor=editor,
        reviewers=[credentialed_reviewer, second_reviewer],
        body=GUIDE_BODY + "\nMore.",
        is_major=True,
        summary="Secret internal wording",
    )
    assert page_history(client, live_guide)[-1].endswith("Updated with changes to the medical information")


def test_a_draft_has_no_page_history(client, guide, editor):
    assert page_history(client, guide) == []  # not live: 404, and nothing listed
