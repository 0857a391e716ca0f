#!/usr/bin/env python3
"""Newsletter benchmark: build and queue one digest edition for many subscribers, then send some.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hs_bench_newsletter DJANGO_SECRET_KEY=x \\
        python bench/newsletter.py [--subscribers 100000] [--send-batches 25] [--clean]

Uses the database it is given (migrated first; use a database of its own), the
database task backend (tasks are stored, not run) and the locmem email backend.
Each step is run twice: once timed, once with tracemalloc for the peak memory
Python allocated (tracemalloc slows what it watches). Sending is measured on
the first --send-batches batches. Nothing is asserted. The benchmark's
subscribers are kept for the next run unless --clean; its editions are removed.
"""

import argparse
import os
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "healthsite.settings")

import django  # noqa: E402

django.setup()

from datetime import timedelta  # noqa: E402

from django.core import mail  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402

from articles.models import Article, Category  # noqa: E402
from jobs.models import BackgroundTask  # noqa: E402
from newsletter import sending  # noqa: E402
from newsletter.models import Edition, Subscriber  # noqa: E402

PREFIX = "bench-subscriber-"
DATABASE_TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "newsletter"]}
}


def timed(label: str, work):
    started = time.perf_counter()
    result = work()
    print(f"{label:<48} {time.perf_counter() - started:9.2f} s")
    return result


def peak_memory(label: str, work):
    tracemalloc.start()
    result = work()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{label:<48} peak {peak / 2**20:8.1f} MiB")
    return result


def ensure_world(count: int) -> None:
    topic, _ = Category.objects.get_or_create(
        slug="bench-newsletter-topic", parent=None, defaults={"name": "Benchmark newsletter topic"}
    )
    now = timezone.now()
    for n in range(12):
        Article.objects.get_or_create(
            slug=f"bench-newsletter-article-{n}",
            defaults={
                "title": f"Benchmark digest article {n}",
                "summary": "A short summary of the kind a digest shows under each title.",
                "category": topic,
                "status": Article.Status.PUBLISHED,
                "go_live_at": now - timedelta(hours=n + 1),
                "published_at": now - timedelta(hours=n + 1),
            },
        )
    have = Subscriber.objects.filter(email__startswith=PREFIX).count()
    since = now - timedelta(days=7)
    Subscriber.objects.bulk_create(
        [
            Subscriber(
                email=f"{PREFIX}{n}@example.org",
                status=Subscriber.Status.CONFIRMED,
                confirmed_at=since,
                last_digest_at=since,
            )
            for n in range(have, count)
        ],
        batch_size=5000,
    )
    # Half choose the topic, half every topic.
    through = Subscriber.categories.through
    chosen = set(through.objects.filter(category=topic).values_list("subscriber_id", flat=True))
    ids = Subscriber.objects.filter(email__startswith=PREFIX).order_by("pk").values_list("pk", flat=True)
    through.objects.bulk_create(
        [through(subscriber_id=pk, category=topic) for pk in list(ids)[::2] if pk not in chosen],
        batch_size=5000,
    )


def send(edition: Edition, batches: int) -> int:
    sent = 0
    for first, last in sending.batch_ranges(edition)[:batches]:
        sending.send_batch(edition_id=edition.pk, first=first, last=last)
        sent += len(mail.outbox)
        mail.outbox = []  # what a real mail server would take away
    return sent


def fresh_edition() -> Edition:
    return sending.start_edition(frequency="weekly", period=f"bench-{time.time_ns()}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--subscribers", type=int, default=100_000)
    parser.add_argument("--send-batches", type=int, default=25, help="batches to send (0: none)")
    parser.add_argument("--clean", action="store_true", help="delete the benchmark's subscribers at the end")
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor}, subscribers: {args.subscribers:,}")
    timed("create subscribers (set-up)", lambda: ensure_world(args.subscribers))
    mail.outbox = []
    editions = []
    with override_settings(
        TASKS=DATABASE_TASKS, EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"
    ):
        edition = timed("build and queue the edition", fresh_edition)
        editions.append(edition)
        editions.append(peak_memory("build and queue the edition", fresh_edition))
        batches = BackgroundTask.objects.filter(task_path="newsletter.tasks.send_digest_batch")
        queued = batches.filter(args_kwargs__kwargs__edition_id=edition.pk).count()
        print(f"  {edition.deliveries.count():,} digest rows, {queued:,} batch tasks queued")
        if args.send_batches:
            sent = timed(
                f"send {args.send_batches} batches (locmem email)", lambda: send(edition, args.send_batches)
            )
            peak_memory("send one batch", lambda: send(editions[1], 1))
            print(f"  {sent:,} digests sent")
        batches.delete()
        for made in editions:
            made.delete()
        if args.clean:
            Subscriber.objects.filter(email__startswith=PREFIX).delete()


if __name__ == "__main__":
    main()
