"""What the admin shows of the task queue, and the record that keeps tasks from repeating work."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, DBTaskResultQuerySet


class BackgroundTaskQuerySet(DBTaskResultQuerySet):
    def waiting(self) -> "BackgroundTaskQuerySet":
        """Queued and not started yet (including retries waiting for their time)."""
        return self.filter(status="READY")

    def abandoned(self, *, now=None) -> "BackgroundTaskQuerySet":
        """Running for longer than any task should: its worker died or was killed.

        ``BackgroundTask.is_abandoned`` states the same rule for one row.
        """
        now = now or timezone.now()
        cutoff = now - timedelta(minutes=settings.TASKS_RUNNING_TIMEOUT_MINUTES)
        return self.running().filter(started_at__lt=cutoff)


class BackgroundTask(DBTaskResult):
    """A task in the database queue, as editors see it in the admin."""

    objects = BackgroundTaskQuerySet.as_manager()

    class Meta:
        proxy = True
        verbose_name = "background task"
        permissions = [("retry_backgroundtask", "Can run failed background tasks again")]

    def __str__(self) -> str:
        return f"{self.task_name} ({self.get_status_display().lower()})"

    @property
    def is_abandoned(self) -> bool:
        """Same rule as ``BackgroundTaskQuerySet.abandoned()``, for one row."""
        if self.status != "RUNNING" or self.started_at is None:
            return False
        return timezone.now() - self.started_at > timedelta(minutes=settings.TASKS_RUNNING_TIMEOUT_MINUTES)


class DoneMarker(models.Model):
    """A piece of work with side effects outside the database (an email) that was started.

    A task claims its key before the side effect and never repeats a claimed one,
    so a task that runs twice (its worker died after sending, before recording
    success) does not send twice. See ``jobs.queue.claim``.
    """

    key = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "completed step"

    def __str__(self) -> str:
        return self.key
