"""Newsletter subscribers, their consent, and the digests sent to them.

Subscribers' state changes only through ``newsletter.subscriptions``; sending
goes through ``newsletter.sending``. This module holds the data and the
questions asked of it.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Count, Q


def new_token() -> str:
    return secrets.token_urlsafe(32)


class Frequency(models.TextChoices):
    WEEKLY = "weekly", "Weekly"
    MONTHLY = "monthly", "Monthly"


class SubscriberQuerySet(models.QuerySet):
    def confirmed(self) -> SubscriberQuerySet:
        """Subscribers who confirmed and have not unsubscribed: the only ones digests go to."""
        return self.filter(status=Subscriber.Status.CONFIRMED)


class Subscriber(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for confirmation"
        CONFIRMED = "confirmed", "Subscribed"
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"

    # Stored lower-cased, so one address is one subscriber however it is typed.
    email = models.EmailField(max_length=254, unique=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING, db_index=True)
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY)
    categories = models.ManyToManyField(
        "articles.Category",
        blank=True,
        related_name="subscribers",
        help_text="Topics; none means every topic.",
    )
    conditions = models.ManyToManyField("conditions.Condition", blank=True, related_name="subscribers")
    # In every email's links to the preferences and unsubscribe pages: whoever holds
    # it may change this subscription and nothing else.
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    # The confirmation link in flight: used once, then cleared; a new sign-up replaces it.
    confirm_nonce = models.CharField(max_length=32, blank=True, editable=False)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    signup_page = models.CharField(max_length=300, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True, editable=False)
    unsubscribed_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_digest_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="The end of the period the last digest covered."
    )

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["email"]
        indexes = [models.Index(fields=["status", "frequency"], name="subscriber_sending_idx")]
        permissions = [("export_subscriber", "Can export newsletter subscribers as CSV")]

    def __str__(self) -> str:
        return self.email

    @property
    def is_confirmed(self) -> bool:
        """Same rule as ``SubscriberQuerySet.confirmed()``, for one subscriber."""
        return self.status == self.Status.CONFIRMED


class Consent(models.Model):
    """A subscriber's agreement to receive the newsletter: when, from which page, to which words."""

    class Withdrawal(models.TextChoices):
        LINK = "link", "Unsubscribe link in an email"
        ONE_CLICK = "one_click", "One-click unsubscribe in the reader's mail program"
        PREFERENCES = "preferences", "Preferences page"
        ACCOUNT = "account", "Account page"

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="consents")
    email = models.EmailField(max_length=254, help_text="The address the consent was given for.")
    asked_at = models.DateTimeField(help_text="When the sign-up form was sent.")
    given_at = models.DateTimeField(help_text="When the confirmation link was followed.")
    page = models.CharField(max_length=300, help_text="The page the sign-up form was on.")
    wording = models.TextField(help_text="The words next to the sign-up button, exactly as shown.")
    wording_version = models.CharField(max_length=20)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.CharField(max_length=12, choices=Withdrawal.choices, blank=True)

    class Meta:
        ordering = ["-given_at"]

    def __str__(self) -> str:
        return f"Consent of {self.email} on {self.given_at:%Y-%m-%d}"


class EditionQuerySet(models.QuerySet):
    def with_counts(self) -> EditionQuerySet:
        """Annotate ``recipients``, ``sent``, ``skipped``, ``failed`` and ``waiting``."""
        S = Delivery.Status
        return self.annotate(
            recipients=Count("deliveries"),
            sent=Count("deliveries", filter=Q(deliveries__status=S.SENT)),
            skipped=Count("deliveries", filter=Q(deliveries__status=S.SKIPPED)),
            failed=Count("deliveries", filter=Q(deliveries__status__in=[S.FAILED, S.INTERRUPTED])),
            waiting=Count("deliveries", filter=Q(deliveries__status__in=[S.QUEUED, S.SENDING])),
        )


class Edition(models.Model):
    """One sending of the digest to every subscriber of one frequency."""

    frequency = models.CharField(max_length=10, choices=Frequency.choices)
    # "2026-W07", "2026-03", or "now-..." for one started by hand: one edition per period.
    period = models.CharField(max_length=40)
    until = models.DateTimeField(help_text="Articles published or updated up to this time are included.")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = EditionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["frequency", "period"], name="one_edition_per_period"),
        ]
        permissions = [("send_edition", "Can start newsletter editions and resend failed digests")]

    def __str__(self) -> str:
        return f"{self.get_frequency_display()} digest {self.period}"


class Delivery(models.Model):
    """One subscriber's digest in one edition: the row that makes a resumed send skip who has theirs."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        SKIPPED = "skipped", "Not sent (nothing new, or unsubscribed)"
        FAILED = "failed", "Failed"
        INTERRUPTED = "interrupted", "Interrupted (may have been sent; not sent again)"

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="deliveries")
    # Kept when the subscriber is deleted, so an edition's numbers stay true.
    subscriber = models.ForeignKey(
        Subscriber, null=True, blank=True, on_delete=models.SET_NULL, related_name="deliveries"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    since = models.DateTimeField(help_text="The start of the period this digest covers.")
    article_count = models.PositiveIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "subscriber"], name="one_digest_per_subscriber_per_edition"
            ),
        ]
        indexes = [models.Index(fields=["edition", "status"], name="delivery_edition_status_idx")]

    def __str__(self) -> str:
        return f"{self.edition} to {self.subscriber or 'a deleted subscriber'}"
