"""Imports confirmed on the admin's "Import articles" page run here, on the task queue.

The editor's request only records the run and queues it, so a large upload never
holds a web worker (or meets its timeout). With the immediate task backend
(``make run``, tests) the import runs straight after the confirmation instead.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone

from imports import importer, uploads
from imports.models import ImportRun
from jobs.queue import task

logger = logging.getLogger(__name__)


def _fail(run: ImportRun, message: str) -> None:
    run.status, run.error, run.finished_at = ImportRun.Status.FAILED, message, timezone.now()
    run.save(update_fields=["status", "error", "finished_at"])


@task()
def run_admin_import(run_id: int) -> str:
    """Import the files of the queued run ``run_id`` and store its report.

    Safe to run twice: a finished run is left alone, and a run started again
    after its worker died finds what was already stored "already there" (the
    importer matches every source item to what it made before). The uploaded
    files are removed only once the import has finished.
    """
    with transaction.atomic():
        run = (
            ImportRun.objects.select_for_update(of=("self",))
            .filter(pk=run_id, status__in=ImportRun.UNFINISHED)
            .select_related("user")
            .first()
        )
        if run is None:
            return "nothing to do"
        run.status = ImportRun.Status.RUNNING
        run.save(update_fields=["status"])
    folder = uploads.folder(run.upload_token)
    if folder is None:
        _fail(run, "The uploaded files were no longer there (they are kept for a day). Upload them again.")
        return "files gone"
    if not importer.can_import(run.user):
        _fail(run, "The editor who confirmed this import can no longer import articles.")
        return "not allowed"
    chosen = importer.Options.from_form(run.options, user=run.user, dry_run=False)
    try:
        report = importer.run([str(folder)], chosen)
    except Exception as error:
        logger.exception("Import %s failed", run.pk)
        _fail(run, f"The import stopped with an error ({type(error).__name__}: {error}).")
        raise
    report = uploads.named_by_upload(report, run.upload_token)
    run.summary, run.report = report.summary(), report.as_dict()["lines"]
    run.status, run.finished_at = ImportRun.Status.DONE, timezone.now()
    run.save(update_fields=["summary", "report", "status", "finished_at"])
    uploads.discard(run.upload_token)
    return "imported"
