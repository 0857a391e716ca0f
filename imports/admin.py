"""Imports in the admin: the list of past imports, and the "Import articles" page (``imports.views``)."""

from django.contrib import admin
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from imports import importer, views
from imports.models import ImportRun


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = ["started_at", "user", "via", "status", "imported", "updated", "already_there", "failed"]
    list_filter = ["status", "via", "started_at"]
    list_select_related = ["user"]
    date_hierarchy = "started_at"
    fields = [
        *("started_at", "finished_at", "user", "via", "status", "error"),
        *("sources", "summary_text", "lines"),
    ]

    class Media:
        css = {"all": ["admin/css/imports.css"]}

    readonly_fields = fields

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("import/", wrap(views.import_view), name="imports_importrun_import"),
            path("import/confirm/", wrap(views.confirm_view), name="imports_importrun_confirm"),
            path("import/cancel/", wrap(views.cancel_view), name="imports_importrun_cancel"),
            path(
                "<int:object_id>/report.<str:fmt>",
                wrap(views.download_view),
                name="imports_importrun_download",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_import": importer.can_import(request.user)}
        return super().changelist_view(request, extra_context)

    # An import run is a record: made by importing ("Import articles"), never added,
    # edited or deleted by hand.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def _count(self, obj, group):
        return (obj.summary or {}).get("counts", {}).get(group, 0)

    @admin.display(description="Imported")
    def imported(self, obj):
        return self._count(obj, "imported")

    @admin.display(description="Updated")
    def updated(self, obj):
        return self._count(obj, "updated")

    @admin.display(description="Already there")
    def already_there(self, obj):
        return self._count(obj, "already there")

    @admin.display(description="Failed")
    def failed(self, obj):
        return self._count(obj, "failed")

    def get_fields(self, request, obj=None):
        # "Error" only for a run that failed.
        return [f for f in self.fields if f != "error" or (obj and obj.status == ImportRun.Status.FAILED)]

    @admin.display(description="Summary")
    def summary_text(self, obj):
        if obj.is_unfinished:
            return "Not finished yet: reload this page in a while to see what was imported."
        return format_html_join(
            "", "<div>{}</div>", ((line,) for line in views.report_for(obj).summary_lines())
        )

    @admin.display(description="Report")
    def lines(self, obj):
        if obj.is_unfinished:
            return "—"
        report = views.report_for(obj)
        links = format_html(
            '<p>Full report: <a href="{}">CSV</a> · <a href="{}">JSON</a></p>',
            reverse("admin:imports_importrun_download", args=[obj.pk, "csv"]),
            reverse("admin:imports_importrun_download", args=[obj.pk, "json"]),
        )
        table = render_to_string(
            "admin/imports/importrun/_lines.html",
            {"lines": report.lines[: views.LINES_SHOWN], "dry_run": False},
        )
        return format_html("{}{}", links, mark_safe(table))  # noqa: S308 (the template escapes every value)
