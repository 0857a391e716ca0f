"""Readers' answers to "Was this page helpful?": no account, no personal data."""

from __future__ import annotations

from datetime import timedelta

from django.db import models
from django.db.models import Case, Count, ExpressionWrapper, F, FloatField, Q, Value, When
from django.utils import timezone

# Editors see answers from this many days back.
REPORT_DAYS = 90
LOOKING_FOR_MAX_LENGTH = 500


class PageFeedbackQuerySet(models.QuerySet):
    def recent(self, *, days: int = REPORT_DAYS, now=None) -> PageFeedbackQuerySet:
        """Answers given in the last ``days`` days."""
        return self.filter(created_at__gte=(now or timezone.now()) - timedelta(days=days))

    def tally(self) -> dict:
        """``{"answers", "helpful", "percent"}`` for these answers (percent None when there are none)."""
        counts = self.aggregate(answers=Count("pk"), helpful=Count("pk", filter=Q(is_helpful=True)))
        counts["percent"] = round(100 * counts["helpful"] / counts["answers"]) if counts["answers"] else None
        return counts


class PageFeedback(models.Model):
    """One reader's answer about one article.

    Nothing identifies the reader: no account, no network address (the rate limit
    keeps only a hashed count in the cache), no browser details. What they typed
    is stored with phone numbers and email addresses masked (``feedback.privacy``).
    """

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="feedback")
    is_helpful = models.BooleanField("helpful")
    looking_for = models.TextField("what they were looking for", blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = PageFeedbackQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "page feedback"
        verbose_name_plural = "page feedback"
        indexes = [models.Index(fields=["article", "-created_at"], name="feedback_article_recent_idx")]

    def __str__(self) -> str:
        return f"{'Yes' if self.is_helpful else 'No'} on {self.article_id}"


def with_helpfulness(articles, *, days: int = REPORT_DAYS, now=None):
    """``articles`` with ``feedback_answers``, ``feedback_helpful`` and ``helpful_percent``
    (None without answers) over the last ``days`` days."""
    since = (now or timezone.now()) - timedelta(days=days)
    recent = Q(feedback__created_at__gte=since)
    answers = Count("feedback", filter=recent)
    helpful = Count("feedback", filter=recent & Q(feedback__is_helpful=True))
    return articles.annotate(feedback_answers=answers, feedback_helpful=helpful).annotate(
        helpful_percent=Case(
            When(feedback_answers=0, then=Value(None)),
            default=ExpressionWrapper(100.0 * F("feedback_helpful") / F("feedback_answers"), FloatField()),
            output_field=FloatField(),
        )
    )
