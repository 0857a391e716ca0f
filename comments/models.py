"""Reader comments on articles."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class CommentQuerySet(models.QuerySet):
    def approved(self) -> CommentQuerySet:
        """Comments readers may see."""
        return self.filter(status=Comment.Status.APPROVED)

    def pending(self) -> CommentQuerySet:
        return self.filter(status=Comment.Status.PENDING)


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Awaiting moderation"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        SPAM = "spam", "Spam"

    MAX_LENGTH = 5000

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comments")
    # Stored exactly as typed; templates always escape it (never mark it safe).
    text = models.TextField(max_length=MAX_LENGTH)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["article", "status", "created_at"], name="comment_article_status_idx"),
        ]

    def __str__(self) -> str:
        return f"Comment by {self.author} on {self.article}"
