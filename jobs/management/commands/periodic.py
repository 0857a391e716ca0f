"""The site's periodic work, for a timer to run every few minutes (docs/tasks.md).

Each run: tasks whose worker died are queued again, then each periodic task is
queued unless one is already waiting. Workers do the work; with the immediate
backend it is done here. Safe to run as often as you like, from several machines.
"""

from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string

from jobs import queue

# Each is cheap when there is nothing to do, so all run on every tick.
PERIODIC_TASKS = [
    "articles.tasks.publish_scheduled",
    "newsletter.tasks.start_due_editions",
    "newsletter.tasks.forget_unconfirmed_signups",
    "accounts.tasks.forget_network_addresses",
    "jobs.tasks.forget_finished_tasks",
]


class Command(BaseCommand):
    help = "Queue the periodic tasks (scheduled go-lives, newsletters, clean-ups) and recover lost tasks."

    def handle(self, *args, **options):
        requeued = queue.requeue_abandoned()
        if requeued:
            self.stdout.write(self.style.WARNING(f"{requeued} task(s) left by a lost worker queued again."))
        for path in PERIODIC_TASKS:
            if queue.enqueue_unless_waiting(import_string(path)):
                self.stdout.write(f"Queued {path}.")
            else:
                self.stdout.write(f"Skipped {path}: one is already waiting.")
