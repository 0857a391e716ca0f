"""Reader comments on articles, and what moderators need to keep them safe.

``Comment.status`` and the moderation fields change only through
``comments.moderation``; this module holds the data and the questions asked of it.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Count, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce


class Reason(models.TextChoices):
    """Why a comment is removed, or what a watched phrase is about (a health-specific list)."""

    MISINFORMATION = "misinformation", "Misinformation"
    MEDICAL_ADVICE = "medical_advice", "Specific medical advice"
    PROMOTION = "promotion", "Product promotion"
    SAFEGUARDING = "safeguarding", "Safeguarding concern"
    PERSONAL_DATA = "personal_data", "Personal data"
    ABUSE = "abuse", "Abuse"
    SPAM = "spam", "Spam"


class CommentQuerySet(models.QuerySet):
    def approved(self) -> CommentQuerySet:
        """Comments readers may see."""
        return self.filter(status=Comment.Status.APPROVED)

    def pending(self) -> CommentQuerySet:
        return self.filter(status=Comment.Status.PENDING)

    def published_since(self, since: datetime) -> CommentQuerySet:
        """Approved comments posted at or after ``since``: what went live, read by a moderator or not."""
        return self.approved().filter(created_at__gte=since)

    def in_queue(self) -> CommentQuerySet:
        """Comments waiting for a moderator: held, flagged or reported."""
        return self.filter(Q(status=Comment.Status.PENDING) | Q(needs_review=True))

    def with_queue_priority(self) -> CommentQuerySet:
        """Annotate ``queue_priority``: 0 safeguarding in the queue, 1 rest of the queue, 2 handled."""
        in_queue = Q(status=Comment.Status.PENDING) | Q(needs_review=True)
        return self.annotate(
            queue_priority=Case(
                When(in_queue & Q(is_safeguarding=True), then=Value(0)),
                When(in_queue, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )

    def with_author_history(self) -> CommentQuerySet:
        """Annotate ``author_approved`` and ``author_rejected`` (spam included), in the same query."""

        def count(*statuses):
            return Coalesce(
                Subquery(
                    Comment.objects.filter(author=OuterRef("author"), status__in=statuses)
                    .order_by()
                    .values("author")
                    .annotate(n=Count("pk"))
                    .values("n")
                ),
                0,
            )

        return self.annotate(
            author_approved=count(Comment.Status.APPROVED),
            author_rejected=count(Comment.Status.REJECTED, Comment.Status.SPAM),
        )


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Awaiting moderation"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        SPAM = "spam", "Spam"

    MAX_LENGTH = 5000

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="comments")
    # Empty only for a comment imported from another site (``is_imported``): it
    # keeps the name and date it was posted under there, and belongs to no account.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    is_imported = models.BooleanField(
        default=False, editable=False, help_text="Brought in with an article from another site."
    )
    original_author_name = models.CharField(max_length=150, blank=True, editable=False)
    original_posted_at = models.DateTimeField(null=True, blank=True, editable=False)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
        help_text="The comment this one replies to. Replies go one level deep.",
    )
    # Stored exactly as typed; templates always escape it (never mark it safe).
    text = models.TextField(max_length=MAX_LENGTH)
    # A fingerprint of the text with case, spacing and invisible characters
    # ignored, so repeated posts are found with one indexed lookup.
    text_fingerprint = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    needs_review = models.BooleanField(
        default=False,
        db_index=True,
        help_text="Flagged or reported: a moderator should look even if it is published.",
    )
    is_safeguarding = models.BooleanField(
        default=False,
        verbose_name="safeguarding concern",
        help_text="Matched self-harm wording: goes to the top of the queue.",
    )
    screening_reasons = models.JSONField(default=list, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["article", "status", "created_at"], name="comment_article_status_idx"),
            models.Index(fields=["author", "status"], name="comment_author_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(author__isnull=False) | Q(is_imported=True), name="comment_author_unless_imported"
            ),
        ]

    def __str__(self) -> str:
        return f"Comment by {self.author_name} on {self.article}"

    @property
    def author_name(self) -> str:
        """The name shown with the comment: the reader's username, or the name used on the old site."""
        if self.is_imported:
            return self.original_author_name
        return self.author.get_username()

    @property
    def posted_at(self):
        """When it was written: on the other site for an imported comment, else when it was posted here."""
        return self.original_posted_at or self.created_at

    @property
    def is_visible(self) -> bool:
        """Same rule as ``CommentQuerySet.approved()``, for one comment."""
        return self.status == self.Status.APPROVED

    @property
    def is_in_queue(self) -> bool:
        """Same rule as ``CommentQuerySet.in_queue()``, for one comment."""
        return self.status == self.Status.PENDING or self.needs_review


class CommentReport(models.Model):
    """A reader's report that a comment breaks the rules."""

    class Reason(models.TextChoices):
        MISINFORMATION = "misinformation", "It spreads false or misleading health information"
        DANGEROUS_ADVICE = "dangerous_advice", "It gives advice that could harm someone"
        PROMOTION = "promotion", "It advertises or sells something"
        PERSONAL_DATA = "personal_data", "It shares someone's personal details"
        ABUSE = "abuse", "It is abusive, hateful or harassing"
        SAFEGUARDING = "safeguarding", "I am worried about the person who wrote it"
        SPAM = "spam", "It is spam"
        OTHER = "other", "Something else"

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comment_reports"
    )
    reason = models.CharField(max_length=20, choices=Reason.choices)
    details = models.TextField(max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(
        null=True, blank=True, help_text="When a moderator acted on the comment."
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["comment", "reporter"], name="one_report_per_reader_per_comment"),
        ]

    def __str__(self) -> str:
        return f"Report by {self.reporter} on comment {self.comment_id}"


class PhraseAction(models.TextChoices):
    """What a watched phrase does to a comment that contains it (``WatchedPhrase.Action``)."""

    BLOCK = "block", "Block: refuse the comment with a message"
    HOLD = "hold", "Hold for approval"
    FLAG = "flag", "Flag: publish, but put it in the queue"


class WatchedPhrase(models.Model):
    """Wording that moderators want to catch before readers see it."""

    Action = PhraseAction

    phrase = models.CharField(
        max_length=1000,
        help_text="Matched as whole words, ignoring case, extra spaces and invisible characters. "
        "A word ending in * matches any ending (detox* finds detoxing), and * alone stands for any one word.",
    )
    is_pattern = models.BooleanField(
        default=False,
        verbose_name="regular expression",
        help_text="Treat the phrase as a regular expression (Python syntax), searched in the comment "
        "in lower case with curly quotes made straight. Each one may search a comment for a moment only: "
        "a pattern that takes longer holds the comment for a moderator.",
    )
    category = models.CharField(max_length=20, choices=Reason.choices)
    action = models.CharField(max_length=10, choices=Action.choices, default=Action.HOLD)
    note = models.CharField(max_length=300, blank=True, help_text="Why this phrase is watched.")
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["category", "phrase"]
        constraints = [
            models.UniqueConstraint(fields=["phrase", "is_pattern"], name="unique_watched_phrase"),
            # Screening cannot act on a phrase whose category or action it does not
            # know, so the database refuses one however it is saved.
            models.CheckConstraint(
                condition=Q(category__in=Reason.values), name="watched_phrase_category_is_a_reason"
            ),
            models.CheckConstraint(
                condition=Q(action__in=PhraseAction.values), name="watched_phrase_action_is_known"
            ),
        ]

    def __str__(self) -> str:
        # Patterns can be hundreds of characters long; admin lists and messages show the start.
        return self.phrase if len(self.phrase) <= 80 else self.phrase[:79] + "…"

    def clean(self) -> None:
        super().clean()
        if not self.phrase.strip():
            raise ValidationError({"phrase": "Enter the words to watch for."})
        # Imported here: screening reads this model.
        from comments.screening import pattern_problem

        if problem := pattern_problem(self):
            raise ValidationError({"phrase": problem})
        if self.category == Reason.SAFEGUARDING and self.action == self.Action.BLOCK:
            raise ValidationError(
                {"action": "Safeguarding wording is always held, never refused: the writer may need help."}
            )


class ReaderBan(models.Model):
    """An account that may no longer post or report comments."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comment_ban"
    )
    note = models.TextField(max_length=1000, blank=True, help_text="Why the account was banned.")
    banned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "reader ban"

    def __str__(self) -> str:
        return f"{self.user} banned from commenting"


class ModerationLogEntry(models.Model):
    """One moderation decision: who, when, what, and why. Written only by ``comments.moderation``."""

    class Action(models.TextChoices):
        APPROVE = "approve", "Approved"
        REJECT = "reject", "Rejected"
        SPAM = "spam", "Marked as spam"
        HIDE_REPORTED = "hide_reported", "Hidden after reports"
        BAN = "ban", "Banned from commenting"
        UNBAN = "unban", "Ban lifted"

    action = models.CharField(max_length=20, choices=Action.choices)
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.SET_NULL, related_name="moderation_log"
    )
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="moderation_log_about",
        help_text="The reader the action concerns.",
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="moderation_log_entries",
        help_text="Empty when the site acted on its own (for example after reader reports).",
    )
    from_status = models.CharField(max_length=10, choices=Comment.Status.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=Comment.Status.choices, blank=True)
    reason = models.CharField(max_length=20, choices=Reason.choices, blank=True)
    note = models.TextField(max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "moderation log entry"
        verbose_name_plural = "moderation log"

    def __str__(self) -> str:
        return f"{self.get_action_display()} by {self.moderator or 'the site'}"


class ModerationSettings(models.Model):
    """The thresholds moderators tune while the site runs. There is only ever one row."""

    trusted_after = models.PositiveSmallIntegerField(
        default=3,
        verbose_name="approved comments before a reader is trusted",
        help_text="Comments from readers with at least this many approved comments are published at once "
        "(unless screening holds them). 0 trusts everyone.",
    )
    reports_to_hide = models.PositiveSmallIntegerField(
        default=3,
        verbose_name="reports that hide a comment",
        help_text="A published comment reported by this many readers is hidden until a moderator looks. "
        "0 never hides a comment.",
    )
    new_account_days = models.PositiveSmallIntegerField(
        default=7, help_text="Accounts younger than this many days count as new."
    )
    max_links = models.PositiveSmallIntegerField(
        default=2, help_text="Comments with more links than this are held for approval."
    )
    max_links_new_account = models.PositiveSmallIntegerField(
        default=0, verbose_name="max links from new accounts"
    )

    class Meta:
        verbose_name = "moderation settings"
        verbose_name_plural = "moderation settings"
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="single_moderation_settings_row")]

    def __str__(self) -> str:
        return "Moderation settings"

    def save(self, *args, **kwargs) -> None:
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def load(cls) -> ModerationSettings:
        """The one settings row, created with its defaults the first time it is needed."""
        obj, _ = cls.objects.get_or_create(pk=1)
        return obj
