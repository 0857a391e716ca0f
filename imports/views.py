"""The admin's "Import articles" page: upload, read the dry-run report, confirm.

Wired into the admin by ``ImportRunAdmin.get_urls``; for editors only
(``imports.import_articles``). Both steps run ``imports.importer`` on the
uploaded files, exactly as the ``import_articles`` command does.
"""

from __future__ import annotations

import json
import logging

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, TooManyFilesSent
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from imports import importer, tasks, uploads
from imports.models import ImportRun
from imports.report import OUTCOMES, Line, Report

logger = logging.getLogger(__name__)
SESSION_KEY = "imports_pending"
LINES_SHOWN = 500


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        # No file at all is cleaned as one missing file, so "required" still applies.
        files = data if isinstance(data, list | tuple) and data else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


class ImportForm(forms.Form):
    files = MultipleFileField(
        label="Files",
        help_text="Saved web pages (.html), pages saved as text (.txt), a WordPress export (.xml) "
        "or a zip of them.",
    )
    category = forms.CharField(
        required=False,
        max_length=500,
        help_text="Where articles without a usable category go, e.g. “Health > Recovery”.",
    )
    drop_crumbs = forms.CharField(
        label="Breadcrumb words that are not categories",
        required=False,
        max_length=500,
        initial=", ".join(importer.DEFAULT_DROP_CRUMBS),
        help_text="Separated by commas.",
    )
    no_new_categories = forms.BooleanField(
        label="Never create a category", required=False, help_text="Use the category above instead."
    )
    include_drafts = forms.BooleanField(
        label="Include WordPress drafts",
        required=False,
        help_text="Also drafts, pending and scheduled posts.",
    )

    def clean(self):
        cleaned = super().clean()
        for problem in uploads.problems_with(cleaned["files"]) if cleaned.get("files") else []:
            self.add_error("files", problem)
        for name in ("category", "drop_crumbs"):
            if "\x00" in cleaned.get(name, ""):
                self.add_error(name, "This contains a null character. Please retype it.")
        return cleaned

    def options(self) -> dict:
        data = self.cleaned_data
        return {
            "category": data["category"].strip(),
            "drop_crumbs": [word.strip() for word in data["drop_crumbs"].split(",") if word.strip()],
            "new_categories": not data["no_new_categories"],
            "include_drafts": data["include_drafts"],
        }


def _page(request, admin_site, template, title, status=200, **context):
    return TemplateResponse(
        request,
        template,
        {**admin_site.each_context(request), "opts": ImportRun._meta, "title": title, **context},
        status=status,
    )


def _check(request) -> None:
    if not importer.can_import(request.user):
        raise PermissionDenied


@csrf_exempt  # checked below, once the upload size limit is in place
def import_view(request, *, admin_site=admin.site):
    """GET: the upload form. POST: store the files, run a dry run and show its report."""
    _check(request)
    if request.method == "POST":
        # Before the body is read: a too-large upload is refused without storing it.
        limit = settings.IMPORT_UPLOAD_MAX_BYTES + 1_048_576  # files plus the form around them
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit:
            return _too_large(request, admin_site)
        handler = uploads.SizeLimitHandler(request)
        request.upload_handlers.insert(0, handler)
        return csrf_protect(_upload)(request, admin_site=admin_site, handler=handler)
    return csrf_protect(_form)(request, admin_site=admin_site)


def _form(request, *, admin_site, form=None, status=200, problem=""):
    return _page(
        request,
        admin_site,
        "admin/imports/importrun/import.html",
        "Import articles",
        status=status,
        form=form or ImportForm(),
        problem=problem,
        limit=size(settings.IMPORT_UPLOAD_MAX_BYTES),
    )


def size(number: int) -> str:
    return f"{number / 1_048_576:.0f} MB" if number >= 1_048_576 else f"{number / 1024:.0f} KB"


def _too_large(request, admin_site):
    problem = (
        f"The upload is larger than {size(settings.IMPORT_UPLOAD_MAX_BYTES)}, so it was not read. "
        "Import large sites with the import_articles command."
    )
    return _form(request, admin_site=admin_site, status=413, problem=problem)


def _upload(request, *, admin_site, handler):
    try:
        form = ImportForm(request.POST, request.FILES)
        valid = form.is_valid()
    except TooManyFilesSent:
        problem = f"Upload at most {uploads.MAX_FILES} files at once, or put them in a zip file."
        return _form(request, admin_site=admin_site, status=400, problem=problem)
    if handler.exceeded:
        return _too_large(request, admin_site)
    if not valid:
        return _form(request, admin_site=admin_site, form=form, status=400)
    token = uploads.store(form.cleaned_data["files"])
    stored = form.options()
    runner = importer.Importer(importer.Options.from_form(stored, user=request.user, dry_run=True))
    problem = runner.check_fallback_category()
    if problem:
        uploads.discard(token)
        form.add_error("category", problem)
        return _form(request, admin_site=admin_site, form=form, status=400)
    report = uploads.named_by_upload(runner.run([str(uploads.folder(token))]), token)
    (uploads.folder(token) / ".dry-run-report.json").write_text(report.to_json(), encoding="utf-8")
    request.session[SESSION_KEY] = {"token": token, "options": stored}
    return _report_page(request, admin_site, report, token=token, dry_run=True)


def _report_page(request, admin_site, report: Report, *, token="", dry_run: bool, run=None):
    return _page(
        request,
        admin_site,
        "admin/imports/importrun/report.html",
        "Dry run: what the import would do" if dry_run else "Import report",
        summary=report.summary_lines(),
        counts=report.counts(),
        lines=report.lines[:LINES_SHOWN],
        hidden_lines=max(0, len(report.lines) - LINES_SHOWN),
        token=token,
        dry_run=dry_run,
        run=run,
        can_confirm=dry_run and (report.counts()["imported"] or report.counts()["updated"]),
    )


@csrf_protect
def confirm_view(request, *, admin_site=admin.site):
    """POST: import for real the files of the dry run this session made."""
    _check(request)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    pending = request.session.get(SESSION_KEY) or {}
    token = request.POST.get("token", "")
    path = uploads.folder(token) if token and token == pending.get("token") else None
    if path is None:
        messages.error(
            request, "That upload has expired or was already imported. Please upload the files again."
        )
        return redirect("admin:imports_importrun_import")
    request.session.pop(SESSION_KEY, None)
    run = ImportRun.objects.create(
        user=request.user,
        via=ImportRun.Via.ADMIN,
        status=ImportRun.Status.QUEUED,
        sources="\n".join(sorted(entry.name for entry in path.iterdir() if not entry.name.startswith("."))),
        upload_token=token,
        options=pending["options"],
    )
    # With the database backend the task is a row in this request's transaction;
    # the immediate backend runs it now, on this connection, which sees the run.
    tasks.run_admin_import.enqueue(run.pk)
    run.refresh_from_db()
    if run.status == ImportRun.Status.DONE:  # run at once (no task workers)
        counts = report_for(run).counts()
        messages.add_message(
            request,
            messages.WARNING if counts["failed"] else messages.SUCCESS,
            f"{counts['imported']} imported and {counts['updated']} updated as drafts; "
            f"{counts['already there']} already there; {counts['failed']} failed.",
        )
    elif run.status == ImportRun.Status.FAILED:
        messages.error(request, run.error)
    else:
        messages.info(
            request,
            "The import has started and runs in the background. This page shows its report "
            "when it has finished: reload it in a while.",
        )
    return redirect("admin:imports_importrun_change", run.pk)


def cancel_view(request, *, admin_site=admin.site):
    """POST: drop the uploaded files of a dry run without importing them."""
    _check(request)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    pending = request.session.pop(SESSION_KEY, None) or {}
    if pending.get("token"):
        uploads.discard(pending["token"])
    messages.info(request, "Nothing was imported; the uploaded files were removed.")
    return redirect("admin:imports_importrun_import")


def report_for(run: ImportRun) -> Report:
    """A stored run's report, for showing and downloading."""
    fields = set(Line.__dataclass_fields__)
    report = Report(dry_run=run.dry_run)
    for row in run.report or []:
        if isinstance(row, dict) and row.get("outcome") in OUTCOMES:
            report.add(Line(**{key: value for key, value in row.items() if key in fields}))
    return report


def download_view(request, object_id: int, fmt: str):
    if not request.user.has_perm("imports.view_importrun"):
        raise PermissionDenied
    run = get_object_or_404(ImportRun, pk=object_id)
    report = report_for(run)
    name = f"import-{run.started_at:%Y%m%d-%H%M}-{run.pk}"
    if fmt == "csv":
        response = HttpResponse(report.to_csv(), content_type="text/csv; charset=utf-8")
    else:
        body = json.dumps({"summary": run.summary, "lines": run.report}, ensure_ascii=False, indent=2)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
