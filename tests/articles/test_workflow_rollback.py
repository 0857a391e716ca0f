"""A database error in the middle of a workflow step undoes the whole step.

Each step changes the article, may add a version or an approval, writes an audit
row and queues emails, all in one transaction. Here the database fails at each of
those writes in turn: afterwards everything is exactly as it was, nobody was
emailed, the person who pressed the button is told in plain words, and pressing
it again once the database is back works.
"""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from articles import notifications, revisions, workflow
from articles.models import Article, ArticleApproval, ArticleRevision, ArticleStatusChange, Source
from healthsite.pagecache import PageCacheMiddleware
from tests.factories import reviewable_article

pytestmark = pytest.mark.django_db

S = Article.Status
NEXT_WEEK = timezone.now() + timedelta(days=7)


# --- The articles, in each state a step starts from ------------------------------


@pytest.fixture
def people(writer, credentialed_reviewer, second_reviewer, editor, settings):
    settings.MEDICAL_REVIEW_QUORUM_MAJOR = 2
    settings.MEDICAL_REVIEW_QUORUM_MINOR = 1
    return {"writer": writer, "reviewer": credentialed_reviewer, "second": second_reviewer, "editor": editor}


def _correct(article, people, body):
    content = {**revisions.snapshot_of(article), "body": body}
    workflow.propose_correction(article, by=people["editor"], content=content)


def article_in(state: str, people) -> Article:
    """An article brought to ``state`` through the workflow itself, with its history."""
    article = reviewable_article(title="Neuromyotonia explained", created_by=people["writer"])
    steps = {
        "draft": [],
        "in review": ["submit"],
        "approved": ["submit", "approve", "approve_again"],
        "approved, second version": ["edit", "submit", "approve", "approve_again"],
        "published": ["submit", "approve", "approve_again", "publish"],
        "archived": ["submit", "approve", "approve_again", "publish", "archive"],
        "scheduled": ["submit", "approve", "approve_again", "schedule"],
        "correction draft": ["submit", "approve", "approve_again", "publish", "correct"],
        "correction approved": [
            "submit",
            "approve",
            "approve_again",
            "publish",
            "correct",
            "submit",
            "approve",
        ],
    }[state]
    for step in steps:
        if step == "submit":
            workflow.submit_for_review(article, by=people["editor" if article.has_live_status else "writer"])
        elif step == "approve":
            workflow.approve(article, by=people["reviewer"])
        elif step == "approve_again":
            workflow.approve(article, by=people["second"])
        elif step == "publish":
            workflow.publish(article, by=people["editor"])
        elif step == "schedule":
            workflow.schedule(article, by=people["editor"], at=NEXT_WEEK)
        elif step == "archive":
            workflow.archive(article, by=people["editor"])
        elif step == "edit":
            workflow.keep_baseline(article)
            article.body += "\n## Outlook\n\nMost people improve."
            article.save()
            workflow.record_edit(article, by=people["writer"])
        elif step == "correct":
            _correct(article, people, "## Symptoms\n\n- Twitching\n- Cramps\n- Stiffness\n")
    mail.outbox.clear()
    return article


# --- What a step may touch -------------------------------------------------------


def everything_about(article) -> dict:
    """All stored state a workflow step can change, for before-and-after comparison."""
    return {
        "article": Article.objects.filter(pk=article.pk).values().get(),
        "versions": list(ArticleRevision.objects.filter(article=article).order_by("pk").values()),
        "approvals": list(ArticleApproval.objects.filter(revision__article=article).order_by("pk").values()),
        "history": list(ArticleStatusChange.objects.filter(article=article).order_by("pk").values()),
        "sources": list(Source.objects.filter(article=article).order_by("pk").values()),
        "tags": sorted(article.tags.names()),
    }


# --- Ways the database fails ------------------------------------------------------


def _raise_database_error(*args, **kwargs):
    raise DatabaseError("could not write: the disk is full")


def _statement_the_database_refuses(*args, **kwargs):
    # A real error from the database itself; on PostgreSQL it also aborts the
    # transaction, which must still be rolled back cleanly.
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO no_such_table_for_this_test (id) VALUES (1)")


FAILURES = {
    "audit row": (ArticleStatusChange, "save", _raise_database_error),
    "audit row, refused by the database": (ArticleStatusChange, "save", _statement_the_database_refuses),
    "new version": (ArticleRevision, "save", _raise_database_error),
    "approval": (ArticleApproval, "save", _raise_database_error),
    "finding whom to email": (notifications, "_send", _raise_database_error),
}


def break_database(monkeypatch, failure: str) -> None:
    target, name, replacement = FAILURES[failure]
    monkeypatch.setattr(target, name, replacement)


# --- The steps ----------------------------------------------------------------


def take(step: str, article: Article, people) -> None:
    if step == "submit":
        workflow.submit_for_review(article, by=people["editor" if article.has_live_status else "writer"])
    elif step == "approve":
        workflow.approve(article, by=people["reviewer"])
    elif step == "request_changes":
        workflow.request_changes(article, by=people["reviewer"], note="Please cite the 2019 trial.")
    elif step == "publish_due":
        workflow.publish_due(now=NEXT_WEEK + timedelta(minutes=1))
    elif step == "propose_correction":
        _correct(article, people, "## Symptoms\n\n- Twitching only\n")
    elif step == "restore":
        workflow.restore(article, by=people["editor"], number=1)
    elif step == "schedule":
        workflow.schedule(article, by=people["editor"], at=NEXT_WEEK)
    else:
        workflow.perform(step, article, by=people["editor"])


# step, the state it starts from, the writes at which the database fails
CASES = [
    ("submit", "draft", ["audit row", "audit row, refused by the database", "finding whom to email"]),
    ("withdraw", "in review", ["audit row"]),
    ("approve", "in review", ["approval", "audit row", "finding whom to email"]),
    ("request_changes", "in review", ["audit row", "finding whom to email"]),
    ("publish", "approved", ["audit row", "audit row, refused by the database"]),
    ("schedule", "approved", ["audit row"]),
    ("publish_due", "scheduled", ["audit row"]),
    ("unpublish", "published", ["audit row"]),
    ("archive", "published", ["audit row"]),
    ("reopen", "archived", ["audit row"]),
    ("publish_correction", "correction approved", ["audit row", "audit row, refused by the database"]),
    ("discard_correction", "correction draft", ["new version", "audit row"]),
    ("propose_correction", "published", ["new version", "audit row"]),
    ("restore", "approved, second version", ["new version", "audit row", "finding whom to email"]),
]
# What each step has done once it goes through.
DONE = {
    "submit": lambda a: a.status == S.IN_REVIEW,
    "withdraw": lambda a: a.status == S.DRAFT,
    # The first of the two approvals a new article needs.
    "approve": lambda a: a.status == S.IN_REVIEW and a.latest_revision().approvals.count() == 1,
    "request_changes": lambda a: a.status == S.CHANGES_REQUESTED,
    "publish": lambda a: a.status == S.PUBLISHED,
    "schedule": lambda a: a.status == S.SCHEDULED,
    "publish_due": lambda a: a.status == S.PUBLISHED,
    "unpublish": lambda a: a.status == S.UNPUBLISHED,
    "archive": lambda a: a.status == S.ARCHIVED,
    "reopen": lambda a: a.status == S.DRAFT,
    "publish_correction": lambda a: a.correction_status == "" and "Stiffness" in a.body,
    "discard_correction": lambda a: a.correction_status == "" and "Stiffness" not in a.body,
    "propose_correction": lambda a: a.correction_status == S.DRAFT,
    # Restoring an earlier text cancels the approvals of the current one.
    "restore": lambda a: a.status == S.IN_REVIEW and a.version == 3 and "Outlook" not in a.body,
}


@pytest.mark.parametrize(
    ("step", "state", "failure"),
    [(step, state, failure) for step, state, failures in CASES for failure in failures],
)
def test_a_database_error_undoes_the_whole_step_and_a_retry_works(
    step, state, failure, people, monkeypatch, django_capture_on_commit_callbacks
):
    article = article_in(state, people)
    before = everything_about(article)

    break_database(monkeypatch, failure)
    with django_capture_on_commit_callbacks(execute=True) as queued:
        with pytest.raises(DatabaseError):
            take(step, article, people)

    assert everything_about(article) == before
    assert queued == [] and mail.outbox == []

    # The database is back: the same step goes through.
    monkeypatch.undo()
    article = Article.objects.get(pk=article.pk)
    take(step, article, people)
    article.refresh_from_db()
    assert DONE[step](article)
    assert ArticleStatusChange.objects.filter(article=article).count() > len(before["history"])


def test_emails_for_a_step_go_out_only_once_it_is_committed(people, django_capture_on_commit_callbacks):
    article = article_in("draft", people)

    with django_capture_on_commit_callbacks(execute=False) as queued:
        workflow.submit_for_review(article, by=people["writer"])
        assert mail.outbox == []
    assert queued  # one email task per reviewer, run only after the commit
    for callback in queued:
        callback()
    assert sorted(message.to[0] for message in mail.outbox) == ["rita@example.org", "sam@example.org"]


# --- In the admin ------------------------------------------------------------------


def button(client, article, action, **data):
    return client.post(reverse("admin:articles_article_transition", args=[article.pk, action]), data)


def shown_after(client, response) -> list[str]:
    """Follow the redirect, as the browser does, and return the messages that page shows."""
    assert response.status_code == 302
    return [str(message) for message in client.get(response["Location"]).context["messages"]]


@pytest.mark.parametrize("failure", ["audit row", "audit row, refused by the database"])
def test_editor_pressing_publish_during_a_database_error_is_told_and_can_try_again(
    client, people, monkeypatch, failure, django_capture_on_commit_callbacks
):
    article = article_in("approved", people)
    before = everything_about(article)
    client.force_login(people["editor"])

    break_database(monkeypatch, failure)
    response = button(client, article, "publish")

    assert response["Location"] == reverse("admin:articles_article_change", args=[article.pk])
    assert shown_after(client, response) == [
        "“Publish now” could not be saved because of a problem with the database. "
        "Nothing was changed: please try again in a moment."
    ]
    assert everything_about(article) == before

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        response = button(client, article, "publish")
    assert shown_after(client, response) == ["Publish now: done. “Neuromyotonia explained” is now published."]
    article.refresh_from_db()
    assert article.status == S.PUBLISHED
    assert client.get(article.get_absolute_url()).status_code == 200


def test_reviewer_approving_during_a_database_error_leaves_no_half_approval(
    client, people, monkeypatch, django_capture_on_commit_callbacks
):
    article = article_in("in review", people)
    before = everything_about(article)
    client.force_login(people["reviewer"])

    break_database(monkeypatch, "finding whom to email")
    with django_capture_on_commit_callbacks(execute=True):
        response = button(client, article, "approve", note="Checked against the guideline.")

    assert shown_after(client, response) == [
        "“Approve” could not be saved because of a problem with the database. "
        "Nothing was changed: please try again in a moment."
    ]
    assert everything_about(article) == before
    assert mail.outbox == []
    # The change page still offers the button, with no approval counted.
    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert "Medical approvals of version 1: 0 of 2" in page


def test_bulk_publish_during_a_database_error_reports_each_article_and_changes_none(
    client, people, monkeypatch
):
    first, second = article_in("approved", people), article_in("approved", people)
    before = [everything_about(first), everything_about(second)]
    client.force_login(people["editor"])

    break_database(monkeypatch, "audit row")
    response = client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_selected", "_selected_action": [first.pk, second.pk], "index": 0},
    )

    assert (
        shown_after(client, response)
        == [
            "“Neuromyotonia explained” could not be saved because of a problem with the database. "
            "Nothing was changed: please try again in a moment."
        ]
        * 2
    )
    assert [everything_about(first), everything_about(second)] == before


def _edit_form(client, article) -> dict:
    response = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    form = response.context["adminform"].form
    data = {
        "title": article.title,
        "slug": article.slug,
        "summary": article.summary,
        "body": article.body,
        "category": "",
        "comments_open": "on",
        "loaded_version": str(form.initial.get("loaded_version", article.version)),
        "change_summary": "",
    }
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{name}"] = value
        for index, source in enumerate(formset.queryset):
            data[f"{formset.prefix}-{index}-id"] = source.pk
            data[f"{formset.prefix}-{index}-title"] = source.title
            data[f"{formset.prefix}-{index}-position"] = source.position
    return data


@pytest.mark.parametrize(
    ("who", "state", "failure"),
    [
        ("writer", "draft", "new version"),
        # Editing approved work sends it back to review, which writes an audit row.
        ("editor", "approved", "audit row, refused by the database"),
    ],
)
def test_saving_an_edit_during_a_database_error_keeps_the_typed_text_and_nothing_is_half_saved(
    client, people, monkeypatch, who, state, failure
):
    article = article_in(state, people)
    workflow.keep_baseline(article)
    before = everything_about(article)
    client.force_login(people[who])
    data = _edit_form(client, article)
    data["body"] += "\n## How is it treated?\n\nWith medicines that calm the nerves."
    data["change_summary"] = "Added treatment"

    break_database(monkeypatch, failure)
    response = client.post(reverse("admin:articles_article_change", args=[article.pk]), data)

    assert response.status_code == 503
    page = response.content.decode()
    assert "Your changes could not be saved because of a problem with the database" in page
    assert "With medicines that calm the nerves." in page
    assert everything_about(article) == before

    monkeypatch.undo()
    response = client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert response.status_code == 302
    article.refresh_from_db()
    assert "With medicines that calm the nerves." in article.body


def test_writer_adding_an_article_during_a_database_error_gets_the_text_back(client, people, monkeypatch):
    client.force_login(people["writer"])
    data = {
        "title": "Cramp: what helps",
        "slug": "cramp-what-helps",
        "summary": "Stretches and when to see a doctor.",
        "body": "## Stretches\n\nPull your toes towards you.",
        "comments_open": "on",
        "sources-TOTAL_FORMS": "0",
        "sources-INITIAL_FORMS": "0",
        "change_summary": "",
    }

    break_database(monkeypatch, "new version")
    response = client.post(reverse("admin:articles_article_add"), data)

    assert response.status_code == 503
    assert "Pull your toes towards you." in response.content.decode()
    assert not Article.objects.filter(slug="cramp-what-helps").exists()

    monkeypatch.undo()
    assert client.post(reverse("admin:articles_article_add"), data).status_code == 302
    assert Article.objects.get(slug="cramp-what-helps").version == 1


# --- Side effects that must wait for the commit -------------------------------------


def test_a_page_cached_while_a_step_is_being_saved_is_not_served_once_it_is_committed(
    client, people, monkeypatch, django_capture_on_commit_callbacks
):
    article = article_in("published", people)
    url = article.get_absolute_url()
    live_page = client.get(url).content
    write_audit_row = ArticleStatusChange.save

    def reader_answered_elsewhere_meanwhile(row, *args, **kwargs):
        # Another app server answers a reader while the unpublish is being saved. Until it
        # commits, that server's database connection still sees the article as published,
        # so it renders the live page and stores it in the shared page cache.
        PageCacheMiddleware(lambda request: HttpResponse(live_page))(RequestFactory().get(url))
        return write_audit_row(row, *args, **kwargs)

    monkeypatch.setattr(ArticleStatusChange, "save", reader_answered_elsewhere_meanwhile)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.unpublish(article, by=people["editor"])

    assert client.get(url).status_code == 404
