"""Signing up, confirming, choosing topics and unsubscribing: the only code that changes a subscriber.

Double opt-in: a sign-up sends a confirmation email and nothing else until its
signed link (valid ``CONFIRM_DAYS`` days, usable once) is followed. From
outside, a sign-up looks the same whatever the address's state, so the form
never tells anyone who is subscribed.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from jobs.queue import enqueue_in_transaction
from jobs.tasks import send_email
from newsletter.models import Consent, Subscriber

CONFIRM_DAYS = 7
CONFIRM_SALT = "newsletter.confirm"
MAX_TOKEN_LENGTH = 300

# The words beside every sign-up button. A new wording gets a new version; the
# old ones stay here, because each consent records the words its reader saw.
WORDING_VERSION = "2026-1"
WORDINGS = {
    "2026-1": (
        "Email me a digest of new and medically updated articles on the topics I choose, weekly or "
        "monthly. I can unsubscribe at any time with the link in every email."
    ),
}
WORDING = WORDINGS[WORDING_VERSION]


class LinkProblem(Exception):
    """A confirmation or preferences link that cannot be used; ``kind`` says why."""

    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind  # "invalid", "expired" or "used"


def normalise_email(address: str) -> str:
    """The form an address is stored and looked up in: trimmed and lower-cased."""
    return address.strip().lower()


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def preferences_url(subscriber: Subscriber) -> str:
    return absolute(reverse("newsletter:preferences", args=[subscriber.token]))


def unsubscribe_url(subscriber: Subscriber) -> str:
    return absolute(reverse("newsletter:unsubscribe", args=[subscriber.token]))


def request_signup(*, email: str, page: str, categories=(), conditions=(), now=None) -> None:
    """Start a sign-up for ``email`` from ``page``, optionally for the given topics.

    A new, waiting or unsubscribed address gets a fresh confirmation link (any
    earlier one stops working); an address already subscribed gets a reminder
    with its preferences link instead, and its topics are left alone.
    """
    now = now or timezone.now()
    email = normalise_email(email)
    with transaction.atomic():
        subscriber = _get_or_create_locked(email)
        if subscriber.is_confirmed:
            _send_already_subscribed(subscriber)
            return
        subscriber.confirm_nonce = secrets.token_hex(16)
        subscriber.confirmation_sent_at = now
        subscriber.signup_page = page[:300]
        subscriber.save()
        subscriber.categories.set(categories)
        subscriber.conditions.set(conditions)
        _send_confirmation(subscriber)


def _get_or_create_locked(email: str) -> Subscriber:
    subscriber = Subscriber.objects.select_for_update().filter(email=email).first()
    if subscriber is not None:
        return subscriber
    try:
        with transaction.atomic():
            return Subscriber.objects.create(email=email)
    except IntegrityError:  # two sign-ups for one address at the same moment
        return Subscriber.objects.select_for_update().get(email=email)


def confirmation_token(subscriber: Subscriber) -> str:
    return signing.dumps(
        {"s": subscriber.pk, "n": subscriber.confirm_nonce, "w": WORDING_VERSION}, salt=CONFIRM_SALT
    )


def _send_confirmation(subscriber: Subscriber) -> None:
    context = {
        "site_name": settings.SITE_NAME,
        "confirm_url": absolute(reverse("newsletter:confirm", args=[confirmation_token(subscriber)])),
        "days": CONFIRM_DAYS,
        "privacy_url": absolute(reverse("pages:detail", args=["privacy"])),
    }
    enqueue_in_transaction(
        send_email,
        key=f"newsletter-confirm:{subscriber.pk}:{subscriber.confirm_nonce}",
        message={
            "subject": f"Please confirm your {settings.SITE_NAME} newsletter subscription",
            "body": render_to_string("newsletter/email/confirm.txt", context),
            "to": [subscriber.email],
        },
    )


def _send_already_subscribed(subscriber: Subscriber) -> None:
    context = {
        "site_name": settings.SITE_NAME,
        "preferences_url": preferences_url(subscriber),
        "unsubscribe_url": unsubscribe_url(subscriber),
    }
    enqueue_in_transaction(
        send_email,
        key=f"newsletter-reminder:{subscriber.pk}:{secrets.token_hex(8)}",
        message={
            "subject": f"You are already subscribed to the {settings.SITE_NAME} newsletter",
            "body": render_to_string("newsletter/email/already_subscribed.txt", context),
            "to": [subscriber.email],
            "headers": unsubscribe_headers(subscriber),
        },
    )


def unsubscribe_headers(subscriber: Subscriber) -> dict:
    """RFC 8058 one-click unsubscribe: mail programs show a button that POSTs to the link."""
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(subscriber)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def confirm(token: str, *, now=None) -> Subscriber:
    """Confirm the subscription a confirmation link is for; records the consent.

    Raises ``LinkProblem``: "invalid" (forged, damaged, or its subscriber is
    gone), "expired" (older than ``CONFIRM_DAYS``) or "used" (followed before,
    or replaced by a newer link).
    """
    now = now or timezone.now()
    if len(token) > MAX_TOKEN_LENGTH:
        raise LinkProblem("invalid")
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=timedelta(days=CONFIRM_DAYS))
    except signing.SignatureExpired:
        raise LinkProblem("expired") from None
    except (signing.BadSignature, ValueError):
        raise LinkProblem("invalid") from None
    if not isinstance(data, dict) or not isinstance(data.get("s"), int) or not data.get("n"):
        raise LinkProblem("invalid")
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(pk=data["s"]).first()
        if subscriber is None:
            raise LinkProblem("invalid")
        if subscriber.confirm_nonce != data["n"]:
            raise LinkProblem("used")
        subscriber.status = Subscriber.Status.CONFIRMED
        subscriber.confirmed_at = now
        subscriber.unsubscribed_at = None
        subscriber.confirm_nonce = ""
        # The first digest covers what is published from now on.
        subscriber.last_digest_at = now
        subscriber.save()
        Consent.objects.create(
            subscriber=subscriber,
            email=subscriber.email,
            asked_at=subscriber.confirmation_sent_at or now,
            given_at=now,
            page=subscriber.signup_page,
            wording=WORDINGS.get(data.get("w"), WORDING),
            wording_version=data.get("w") if data.get("w") in WORDINGS else WORDING_VERSION,
        )
    return subscriber


def subscriber_for_token(token: str) -> Subscriber | None:
    """The subscriber a preferences or unsubscribe link is for, or None for a forged or old link."""
    if not token or len(token) > 64:
        return None
    return Subscriber.objects.filter(token=token).first()


def update_preferences(subscriber: Subscriber, *, frequency: str, categories, conditions) -> None:
    """Store the topics and frequency a subscriber chose (no topics: every topic)."""
    with transaction.atomic():
        subscriber.frequency = frequency
        subscriber.save(update_fields=["frequency"])
        subscriber.categories.set(categories)
        subscriber.conditions.set(conditions)


def unsubscribe(subscriber: Subscriber, *, by: str, now=None) -> None:
    """Stop every email to ``subscriber`` and record the consent as withdrawn. Safe to repeat."""
    now = now or timezone.now()
    with transaction.atomic():
        updated = Subscriber.objects.filter(pk=subscriber.pk).exclude(status=Subscriber.Status.UNSUBSCRIBED)
        updated.update(status=Subscriber.Status.UNSUBSCRIBED, unsubscribed_at=now, confirm_nonce="")
        subscriber.consents.filter(withdrawn_at=None).update(withdrawn_at=now, withdrawn_by=by)
    subscriber.refresh_from_db()


def forget(subscriber: Subscriber) -> None:
    """Delete a subscriber and their consents; editions keep their numbers, not the address."""
    subscriber.delete()


def forget_unconfirmed(*, now=None) -> int:
    """Delete sign-ups never confirmed whose link has expired (their address was never agreed to)."""
    cutoff = (now or timezone.now()) - timedelta(days=CONFIRM_DAYS)
    stale = Subscriber.objects.filter(status=Subscriber.Status.PENDING, created_at__lt=cutoff).filter(
        confirmation_sent_at__lt=cutoff
    )
    _, deleted = stale.delete()
    return deleted.get("newsletter.Subscriber", 0)
