"""Queueing background work the same way everywhere (docs/tasks.md).

Tasks are plain functions in each app's ``tasks.py``, decorated with ``task``
from here. Django's tasks API runs them: in production the database backend
stores them and ``manage.py db_worker`` processes run them; in development and
tests the immediate backend runs each at once. Every task must be safe to run
twice, because a worker that dies mid-task leaves it to be run again: tasks
that send email claim a key first (``claim``) and never repeat a claimed one.
"""

from __future__ import annotations

from datetime import timedelta
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import get_date_max

try:  # Django 6 has the tasks API built in.
    from django.tasks import Task, TaskResultStatus, task
except ImportError:  # Django 5.2: the django-tasks backport of the same API.
    from django_tasks import TaskResultStatus, task
    from django_tasks.base import Task

from jobs.models import BackgroundTask, DoneMarker

__all__ = ["Task", "TaskResultStatus", "task"]


def stores_in_database(task: Task) -> bool:
    """Whether ``task`` is queued as a row for workers (not run at once)."""
    return isinstance(task.get_backend(), DatabaseBackend)


def enqueue_in_transaction(task: Task, *args, **kwargs) -> None:
    """Queue ``task`` as part of the current transaction: it runs only if that commits.

    With the database backend the task's row is written in the same transaction,
    so a rolled-back change leaves no task behind and a committed change cannot
    lose its task. With the immediate backend the task runs right after the
    commit, never for work that was rolled back.
    """
    if stores_in_database(task):
        task.enqueue(*args, **kwargs)
    else:
        transaction.on_commit(partial(task.enqueue, *args, **kwargs))


def retry_delay(attempt: int) -> timedelta:
    """How long to wait before try number ``attempt`` (2, 3, ...): doubling from the first delay."""
    return timedelta(seconds=settings.TASKS_RETRY_DELAY_SECONDS * 2 ** max(attempt - 2, 0))


def retry_later(task: Task, *args, attempt: int, **kwargs) -> None:
    """Queue ``task`` again as try number ``attempt``, after ``retry_delay(attempt)``.

    The immediate backend cannot wait, so there the next try runs at once.
    """
    if task.get_backend().supports_defer:
        task = task.using(run_after=timezone.now() + retry_delay(attempt))
    task.enqueue(*args, attempt=attempt, **kwargs)


def enqueue_unless_waiting(task: Task, *args, **kwargs) -> bool:
    """Queue ``task`` unless one like it is already queued or running (for periodic work).

    Returns whether it was queued. Without workers a timer would otherwise pile
    up copies of the same periodic task.
    """
    if stores_in_database(task):
        waiting = BackgroundTask.objects.filter(task_path=task.module_path, status__in=["READY", "RUNNING"])
        if waiting.exists():
            return False
    task.enqueue(*args, **kwargs)
    return True


def claim(key: str) -> bool:
    """Record that the work named ``key`` is starting; False if it was started before.

    Committed at once, before the work, so a task run a second time skips what
    the first run began. The price: work interrupted between the claim and its
    end (a worker killed mid-send) is not tried again by itself (see
    docs/tasks.md).
    """
    try:
        with transaction.atomic():
            DoneMarker.objects.create(key=key[:200])
    except IntegrityError:
        return False
    return True


def release(key: str) -> None:
    """Forget a claim whose work did not happen (it failed), so a retry may do it."""
    DoneMarker.objects.filter(key=key[:200]).delete()


def requeue_abandoned(*, now=None) -> int:
    """Queue again the tasks whose worker died mid-task. Returns how many.

    A worker stopped with SIGTERM finishes its task first; one killed (out of
    memory, SIGKILL, a machine lost) leaves its task "running" for ever. Tasks are
    safe to run twice, so after ``TASKS_RUNNING_TIMEOUT_MINUTES`` they run again.
    """
    return BackgroundTask.objects.abandoned(now=now).update(
        status=TaskResultStatus.READY, started_at=None, run_after=get_date_max()
    )


def retry_failed(tasks) -> int:
    """Queue the failed tasks among ``tasks`` to run again; the others are left alone.

    The last error stays on the row until the new run finishes.
    """
    return tasks.filter(status=TaskResultStatus.FAILED).update(
        status=TaskResultStatus.READY, finished_at=None, started_at=None, run_after=get_date_max()
    )


def forget_finished(*, now=None) -> int:
    """Delete finished tasks and completed-step keys older than ``TASKS_KEEP_FINISHED_DAYS``."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.TASKS_KEEP_FINISHED_DAYS)
    tasks, _ = BackgroundTask.objects.finished().filter(finished_at__lt=cutoff).delete()
    markers, _ = DoneMarker.objects.filter(created_at__lt=cutoff).delete()
    return tasks + markers
