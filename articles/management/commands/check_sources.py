"""Check that every source's web address still works, and store what was found.

Run it from a timer, for example nightly from cron:

    .venv/bin/python manage.py check_sources

Each address is asked at most once a day (``--recheck-hours``) and each site at
most ``SOURCE_CHECK_PER_HOST`` times a run; the rest wait for the next run.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand

from articles.links import check_sources
from articles.models import SourceLinkCheck


class Command(BaseCommand):
    help = "Check sources' web addresses (HEAD, then GET) and store each result for the checklist and report."

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, help="Seconds to wait for each server.")
        parser.add_argument("--per-host", type=int, help="Most requests to one site in this run.")
        parser.add_argument(
            "--recheck-hours", type=float, default=20, help="Skip addresses checked more recently."
        )

    def handle(self, *args, **options):
        verbosity = options["verbosity"]

        def progress(done, total, url, result):
            if verbosity >= 2 or result.outcome != SourceLinkCheck.Outcome.OK:
                label = SourceLinkCheck.Outcome(result.outcome).label
                self.stdout.write(
                    f"[{done}/{total}] {label}: {url}"
                    + (f" -> {result.final_url}" if result.final_url else "")
                )
            elif done % 25 == 0 or done == total:
                self.stdout.write(f"[{done}/{total}] checked")

        report = check_sources(
            timeout=options["timeout"],
            per_host=options["per_host"],
            recheck_after=timedelta(hours=options["recheck_hours"]),
            progress=progress,
        )
        found = ", ".join(
            f"{count} {SourceLinkCheck.Outcome(outcome).label.lower()}"
            for outcome, count in sorted(report.checked.items())
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Checked {report.total} address(es){': ' + found if found else ''}. "
                f"{report.skipped_recent} checked recently, "
                f"{report.deferred} left for the next run (per-site limit)."
            )
        )
