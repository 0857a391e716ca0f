"""Telling people about workflow steps: emails, and the newsroom inbox.

Emails are background tasks that run only once the step is committed, so a
refused or rolled-back step never tells anyone anything, and a slow mail server
never slows the admin. The inbox is worked out from the articles' current state
each time it is opened, so it can never list something already dealt with.
"""

from __future__ import annotations

import contextlib
import contextvars
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from django.urls import reverse

from accounts.roles import PUBLISH_ARTICLE, REVIEW_ARTICLE
from articles.models import Article, ArticleStatusChange
from jobs.queue import enqueue_in_transaction
from jobs.tasks import send_email

# Roles are groups with model permissions, so this backend knows who holds them.
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"

_muted = contextvars.ContextVar("notifications_muted", default=False)


@contextlib.contextmanager
def muted():
    """Send no emails inside this block (used when loading demo history)."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def _users_with(permission: str):
    return (
        get_user_model()
        # Named, because with_perm() refuses to guess when several backends are set.
        .objects.with_perm(permission, include_superusers=False, backend=MODEL_BACKEND)
        .filter(is_active=True)
        .exclude(email="")
    )


def _writers(article: Article):
    """Everyone whose work this is: its creator, credited authors, and editors of the work in review."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(email="")
        .filter(
            pk__in=[
                *([article.created_by_id] if article.created_by_id else []),
                *article.authors.exclude(user=None).values_list("user", flat=True),
                *article.revisions.filter(number__gt=article.review_cycle_start)
                .exclude(created_by=None)
                .values_list("created_by", flat=True),
            ]
        )
    )


def _link(article: Article) -> str:
    return settings.SITE_URL + reverse("admin:articles_article_change", args=[article.pk])


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def _send(recipients, subject: str, body: str, *, skip=None) -> None:
    if _muted.get():
        return
    # Titles are typed by people; a line break in a header would be refused.
    subject = " ".join(f"[{settings.SITE_NAME}] {subject}".split())
    addresses = sorted({user.email for user in recipients if skip is None or user.pk != skip.pk})
    # One task per person: a slow or refusing mail server delays nobody's request,
    # and each message is retried, and sent at most once, on its own.
    for address in addresses:
        enqueue_in_transaction(
            send_email,
            key=f"notification:{uuid.uuid4()}",
            message={"subject": subject, "body": body, "to": [address]},
        )


def submitted(article: Article, *, by, is_correction: bool, note: str = "", again: bool = False) -> None:
    """Tell the medical reviewers who may review it that work is waiting."""
    what = "A correction to" if is_correction else "The article"
    if again:
        lead = f"{what} “{article.title}” was edited during review and needs reviewing again."
    else:
        lead = f"{_name(by)} submitted {what.lower()} “{article.title}” for medical review."
    body = "\n\n".join(
        part for part in (lead, f"Note: {note}" if note else "", f"Open it: {_link(article)}") if part
    )
    reviewers = [user for user in _users_with(REVIEW_ARTICLE) if not article.is_own_work(user)]
    _send(reviewers, f"Ready for medical review: {article.title}", body, skip=by)


def changes_requested(article: Article, *, by, note: str, is_correction: bool) -> None:
    """Tell the writers what the reviewer asked for."""
    what = "your correction to" if is_correction else "your article"
    body = (
        f"{_name(by)} asked for changes to {what} “{article.title}”.\n\n"
        f"Their note:\n{note}\n\nOpen it: {_link(article)}"
    )
    _send(_writers(article), f"Changes requested: {article.title}", body, skip=by)


def approved(article: Article, *, by, is_correction: bool, count: int, needed: int) -> None:
    """Tell the writers about an approval, and the editors once sign-off is complete."""
    what = "The correction to" if is_correction else "The article"
    if count >= needed:
        status = "Medical sign-off is complete; it is ready for an editor to publish."
    else:
        status = f"This is approval {count} of the {needed} needed."
    body = f"{_name(by)} approved {what.lower()} “{article.title}”.\n\n{status}\n\nOpen it: {_link(article)}"
    recipients = list(_writers(article))
    if count >= needed:
        recipients += list(_users_with(PUBLISH_ARTICLE))
    _send(recipients, f"Approved: {article.title}", body, skip=by)


# --- The inbox ------------------------------------------------------------------


@dataclass
class InboxSection:
    title: str
    explanation: str
    articles: list


def _with_change_requests(queryset):
    requests = ArticleStatusChange.objects.filter(
        action=ArticleStatusChange.Action.REQUEST_CHANGES
    ).select_related("actor")
    return queryset.prefetch_related(Prefetch("status_changes", queryset=requests, to_attr="change_requests"))


def inbox(user) -> list[InboxSection]:
    """What is waiting for ``user`` now, by role, most urgent first. Empty sections are left out."""
    articles = Article.objects.select_related("category").order_by("-updated_at")
    sections = []
    if user.has_perm(REVIEW_ARTICLE):
        sections.append(
            InboxSection(
                "Waiting for your medical review",
                "Submitted articles and corrections you have not approved yet.",
                list(articles.awaiting_review_by(user)),
            )
        )
    sections.append(
        InboxSection(
            "Returned to you with changes requested",
            "A medical reviewer asked for changes. Edit, then submit for review again.",
            list(_with_change_requests(articles.authored_by(user).changes_requested())),
        )
    )
    if user.has_perm(PUBLISH_ARTICLE):
        sections.append(
            InboxSection(
                "Approved and ready to publish",
                "Medical sign-off is complete: publish, schedule or publish the correction.",
                list(articles.ready_to_publish()),
            )
        )
        sections.append(
            InboxSection(
                "Medical review overdue",
                "The next review date has passed. Ask for a medical review from the article page.",
                list(articles.review_overdue().order_by("next_review_due")),
            )
        )
    else:
        sections.append(
            InboxSection(
                "Your approved work",
                "Signed off by medical review and waiting for an editor to publish it.",
                list(articles.authored_by(user).ready_to_publish()),
            )
        )
    sections.append(
        InboxSection("Your drafts", "Not yet submitted for review.", list(articles.my_drafts(user)))
    )
    return [section for section in sections if section.articles]
