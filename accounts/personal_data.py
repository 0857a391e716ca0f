"""A reader's own data: what we hold about them, changing their email, deleting their account.

Used by the account pages; every change here writes an ``AccountAuditEntry``.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import timedelta

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import AccountAuditEntry
from comments.models import Comment, CommentReport, ReaderBan
from jobs.queue import enqueue_in_transaction
from jobs.tasks import send_email
from newsletter import subscriptions
from newsletter.models import Subscriber

# Kept comments of deleted accounts are shown under this name. Spaces make it a
# username nobody can sign up with.
FORMER_READER = "a former reader"
EMAIL_CHANGE_SALT = "accounts.email-change"
EMAIL_CHANGE_DAYS = 3


class EmailChangeProblem(Exception):
    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind  # "invalid", "expired", "used" or "taken"


def _audit(action: str, user, **details) -> AccountAuditEntry:
    return AccountAuditEntry.objects.create(action=action, user=user, account_number=user.pk, details=details)


# --- What we hold --------------------------------------------------------------


def export(user) -> dict:
    """Everything the site holds about ``user``, as JSON-ready data, and an audit row."""
    comments = Comment.objects.filter(author=user).select_related("article").order_by("created_at")
    reports = CommentReport.objects.filter(reporter=user).order_by("created_at")
    subscriber = Subscriber.objects.filter(email=subscriptions.normalise_email(user.email)).first()
    ban = ReaderBan.objects.filter(user=user).first()
    data = {
        "exported_at": timezone.now().isoformat(),
        "site": settings.SITE_NAME,
        "account": {
            "username": user.get_username(),
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "comments": [
            {
                "article": comment.article.title,
                "address": settings.SITE_URL + comment.article.get_absolute_url(),
                "text": comment.text,
                "state": comment.get_status_display(),
                "written_at": comment.created_at.isoformat(),
                "in_reply_to_another_comment": comment.parent_id is not None,
            }
            for comment in comments
        ],
        "reports_made": [
            {
                "comment": report.comment_id,
                "reason": report.get_reason_display(),
                "details": report.details,
                "made_at": report.created_at.isoformat(),
                "acted_on_at": report.resolved_at.isoformat() if report.resolved_at else None,
            }
            for report in reports
        ],
        "newsletter_subscription": _subscription(subscriber),
        "consents": [
            {
                "for": consent.email,
                "asked_at": consent.asked_at.isoformat(),
                "given_at": consent.given_at.isoformat(),
                "page": consent.page,
                "wording": consent.wording,
                "wording_version": consent.wording_version,
                "withdrawn_at": consent.withdrawn_at.isoformat() if consent.withdrawn_at else None,
                "withdrawn_by": consent.get_withdrawn_by_display() if consent.withdrawn_by else None,
            }
            for consent in (subscriber.consents.all() if subscriber else [])
        ],
        "comment_ban": {"since": ban.created_at.isoformat(), "reason": ban.note} if ban else None,
    }
    _audit(AccountAuditEntry.Action.DATA_DOWNLOADED, user)
    return data


def _subscription(subscriber: Subscriber | None) -> dict | None:
    if subscriber is None:
        return None
    return {
        "email": subscriber.email,
        "state": subscriber.get_status_display(),
        "frequency": subscriber.get_frequency_display(),
        "topics": [category.full_name for category in subscriber.categories.all()],
        "conditions": [condition.name for condition in subscriber.conditions.all()],
        "signed_up_at": subscriber.created_at.isoformat(),
        "confirmed_at": subscriber.confirmed_at.isoformat() if subscriber.confirmed_at else None,
        "unsubscribed_at": subscriber.unsubscribed_at.isoformat() if subscriber.unsubscribed_at else None,
    }


# --- Changing the email address -------------------------------------------------


def _fingerprint(email: str) -> str:
    return hashlib.sha256(email.casefold().encode()).hexdigest()[:16]


def request_email_change(user, new_email: str) -> None:
    """Email a confirmation link to ``new_email``; the account changes only when it is followed.

    If another account already uses the address, its owner is told so instead,
    and nothing on the page says which happened.
    """
    context = {
        "site_name": settings.SITE_NAME,
        "user": user,
        "new_email": new_email,
        "days": EMAIL_CHANGE_DAYS,
    }
    if get_user_model().objects.filter(email__iexact=new_email).exclude(pk=user.pk).exists():
        template, subject = "accounts/email/email_taken.txt", "Your address was entered on {site}"
    else:
        token = signing.dumps(
            {"u": user.pk, "e": new_email, "o": _fingerprint(user.email)}, salt=EMAIL_CHANGE_SALT
        )
        context["confirm_url"] = settings.SITE_URL + reverse("account_email_confirm", args=[token])
        template, subject = (
            "accounts/email/confirm_email_change.txt",
            "Confirm your new email address on {site}",
        )
    enqueue_in_transaction(
        send_email,
        key=f"email-change:{uuid.uuid4()}",
        message={
            "subject": subject.format(site=settings.SITE_NAME),
            "body": render_to_string(template, context),
            "to": [new_email],
        },
    )


def confirm_email_change(token: str):
    """Apply the change a confirmation link is for; returns the user. Raises ``EmailChangeProblem``."""
    if len(token) > 500:
        raise EmailChangeProblem("invalid")
    try:
        data = signing.loads(token, salt=EMAIL_CHANGE_SALT, max_age=timedelta(days=EMAIL_CHANGE_DAYS))
    except signing.SignatureExpired:
        raise EmailChangeProblem("expired") from None
    except (signing.BadSignature, ValueError):
        raise EmailChangeProblem("invalid") from None
    if not isinstance(data, dict) or not {"u", "e", "o"} <= data.keys():
        raise EmailChangeProblem("invalid")
    User = get_user_model()
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=data["u"], is_active=True).first()
        if user is None:
            raise EmailChangeProblem("invalid")
        if _fingerprint(user.email) != data["o"]:
            raise EmailChangeProblem("used")
        if User.objects.filter(email__iexact=data["e"]).exclude(pk=user.pk).exists():
            raise EmailChangeProblem("taken")
        old_email, user.email = user.email, data["e"]
        user.save(update_fields=["email"])
        _audit(AccountAuditEntry.Action.EMAIL_CHANGED, user)
        if old_email:
            enqueue_in_transaction(
                send_email,
                key=f"email-changed:{uuid.uuid4()}",
                message={
                    "subject": f"Your email address on {settings.SITE_NAME} was changed",
                    "body": render_to_string(
                        "accounts/email/email_changed.txt", {"site_name": settings.SITE_NAME, "user": user}
                    ),
                    "to": [old_email],
                },
            )
    return user


# --- Deleting the account -------------------------------------------------------


@dataclass
class DeletionSummary:
    comments_removed: int
    comments_kept: int
    reports_deleted: int
    newsletter_deleted: bool


def can_delete_own_account(user) -> bool:
    """Readers may; staff accounts carry editorial history and are closed by an administrator."""
    return user.is_authenticated and not user.is_staff and not user.is_superuser


def former_reader():
    """The one account kept comments of deleted accounts are moved to (it cannot log in)."""
    user, created = get_user_model().objects.get_or_create(
        username=FORMER_READER, defaults={"is_active": False, "email": ""}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def delete_account(user, *, keep_comments: bool) -> DeletionSummary:
    """Delete ``user`` and what is theirs; published comments are kept as "a former reader" if asked.

    Comments that were never published go with the account either way. Their
    reports go too; moderation log entries stay, without the account. Their
    newsletter subscription (by email address) and the login records holding
    their username and network address are deleted. One audit row remains.
    """
    if not can_delete_own_account(user):
        raise PermissionError("Staff accounts are closed by an administrator.")
    with transaction.atomic():
        comments = Comment.objects.filter(author=user)
        kept = 0
        if keep_comments:
            kept = comments.filter(status=Comment.Status.APPROVED).update(author=former_reader())
        mine = list(comments.values_list("pk", flat=True))
        # Other readers' replies to removed comments stay, as comments of their own.
        Comment.objects.filter(parent__in=mine).exclude(author=user).update(parent=None)
        removed, _ = Comment.objects.filter(pk__in=mine).delete()
        reports = CommentReport.objects.filter(reporter=user).count()
        subscriber = (
            Subscriber.objects.filter(email=subscriptions.normalise_email(user.email)).first()
            if user.email
            else None
        )
        if subscriber is not None:
            subscriptions.forget(subscriber)
        _forget_login_records(user.get_username())
        summary = DeletionSummary(
            comments_removed=len(mine),
            comments_kept=kept,
            reports_deleted=reports,
            newsletter_deleted=subscriber is not None,
        )
        _audit(
            AccountAuditEntry.Action.ACCOUNT_DELETED,
            user,
            comments_removed=summary.comments_removed,
            comments_kept=summary.comments_kept,
            reports_deleted=summary.reports_deleted,
            newsletter_deleted=summary.newsletter_deleted,
        )
        user.delete()
    return summary


def _forget_login_records(username: str) -> None:
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        model.objects.filter(username=username).delete()


# --- Network addresses ----------------------------------------------------------


def forget_network_addresses(*, now=None) -> int:
    """Delete the login and throttling records (which hold network addresses) older than
    ``NETWORK_ADDRESS_RETENTION_DAYS``. Returns how many rows went.

    Rate limits kept in the cache (comments, sign-ups) expire with their window
    (a day at most), so they never hold an address this long.
    """
    cutoff = (now or timezone.now()) - timedelta(days=settings.NETWORK_ADDRESS_RETENTION_DAYS)
    total = 0
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        deleted, _ = model.objects.filter(attempt_time__lt=cutoff).delete()
        total += deleted
    return total
