"""The database task backend in tests, and a worker that runs what is queued."""

from unittest import mock

import pytest


@pytest.fixture
def database_tasks(settings):
    """Tasks stored as rows for workers, as in production (tests otherwise run them at once)."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "newsletter"]}
    }


def run_worker() -> None:
    """What one ``manage.py db_worker --batch`` does: run every task that is ready, then stop."""
    # Between tasks a worker closes stale connections, as Django does between
    # requests; inside a test's transaction that would close the test's own.
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        _worker()


def _worker():
    from django_tasks_db.management.commands.db_worker import Worker

    return Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()
