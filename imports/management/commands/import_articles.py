"""Import articles from a WordPress export, saved web pages or pages saved as text.

    python manage.py import_articles export.xml pages/ --user editor --report report.json
    python manage.py import_articles pages/ --dry-run

See docs/importing.md for what each option does and how the report reads.
"""

import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from imports import importer, reading
from imports.models import ImportRun


class Command(BaseCommand):
    help = "Import articles (as drafts) from WordPress exports, saved HTML pages and pages saved as text."

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="+", metavar="PATH", help="Files and folders (searched recursively)."
        )
        parser.add_argument("--dry-run", action="store_true", help="Read and report; store nothing.")
        parser.add_argument(
            "--category",
            default="",
            metavar="PATH",
            help='Where articles without a usable category go, e.g. "Health > Recovery".',
        )
        parser.add_argument(
            "--drop-crumb",
            action="append",
            metavar="WORD",
            help="A breadcrumb word that is not a category (repeat for several). Default: Home and More.",
        )
        parser.add_argument(
            "--no-new-categories",
            action="store_true",
            help="Never create a category; use --category instead.",
        )
        parser.add_argument(
            "--user", metavar="USERNAME", help="The editor the import is recorded as (required to import)."
        )
        parser.add_argument("--report", metavar="FILE", help="Write the full report to FILE (.json or .csv).")
        parser.add_argument(
            "--include-drafts",
            action="store_true",
            help="Also import drafts, pending and scheduled WordPress posts.",
        )

    def handle(
        self,
        *args,
        paths,
        dry_run,
        category,
        drop_crumb,
        no_new_categories,
        user,
        report,
        include_drafts,
        **options,
    ):
        if report and Path(report).suffix.lower() not in (".json", ".csv"):
            raise CommandError("--report must name a .json or .csv file.")
        account = None
        if user:
            account = get_user_model().objects.filter(username=user).first()
            if account is None:
                raise CommandError(f"There is no user called “{user}”.")
        if not dry_run:
            if account is None:
                raise CommandError(
                    "Say who the import is recorded as with --user USERNAME (or use --dry-run)."
                )
            if not importer.can_import(account):
                raise CommandError(f"“{user}” may not import articles: only editors can.")
        drops = tuple(
            word
            for word in (drop_crumb if drop_crumb is not None else importer.DEFAULT_DROP_CRUMBS)
            if word.strip()
        )
        run_options = importer.Options(
            dry_run=dry_run,
            user=account,
            category=category,
            drop_crumbs=drops,
            new_categories=not no_new_categories,
            include_drafts=include_drafts,
        )
        runner = importer.Importer(run_options)
        problem = runner.check_fallback_category()
        if problem:
            raise CommandError(problem)

        started = timezone.now()
        show_bar = sys.stderr.isatty() and options.get("verbosity", 1) > 0
        total = reading.count_articles(paths) if show_bar else None
        with tqdm(
            total=total, unit=" articles", disable=not show_bar, file=sys.stderr, dynamic_ncols=True
        ) as bar:
            runner.progress = bar.update
            result = runner.run(paths)

        verbosity = options.get("verbosity", 1)
        for line in result.lines:
            if verbosity >= 2 or line.group in ("failed", "already there") and line.outcome != "unchanged":
                self.stdout.write(line.headline())
        for summary_line in result.summary_lines():
            self.stdout.write(summary_line)
        if report:
            Path(report).write_text(
                result.to_json() if report.lower().endswith(".json") else result.to_csv(), encoding="utf-8"
            )
            self.stdout.write(f"Full report written to {report}.")
        if not dry_run:
            ImportRun.objects.create(
                started_at=started,
                user=account,
                via=ImportRun.Via.COMMAND,
                finished_at=timezone.now(),
                sources="\n".join(paths),
                summary=result.summary(),
                report=result.as_dict()["lines"],
            )
        if result.failed:
            failed = result.counts()["failed"]
            raise CommandError(
                f"{failed} file(s) or post(s) could not be imported; see the lines above.", returncode=1
            )
