from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.compatibility, deploy=True)
def tasks_run_in_workers(app_configs=None, **kwargs):
    """In production, tasks should be queued for workers, not run inside web requests."""
    if settings.TASKS_BACKEND == "immediate":
        return [
            checks.Warning(
                "Background tasks run inside web requests (DJANGO_TASKS_BACKEND=immediate).",
                hint="Set DJANGO_TASKS_BACKEND=database and run `manage.py db_worker` (docs/tasks.md).",
                id="jobs.W001",
            )
        ]
    return []
