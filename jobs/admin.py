"""The task queue as editors see it: what is waiting, running or failed, and why.

Read-only apart from one action: run failed tasks again. With the immediate
backend (development, the demo) tasks run at once and none are listed.
"""

from django.contrib import admin, messages
from django.utils.html import format_html
from django_tasks_db.models import DBTaskResult

from jobs import queue
from jobs.models import BackgroundTask

# The package's own admin shows the same rows with nothing to act on.
if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)


class StateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("waiting", "Queued"),
            ("running", "Running"),
            ("abandoned", "Running too long (worker lost)"),
            ("failed", "Failed"),
            ("done", "Done"),
        ]

    def queryset(self, request, queryset):
        return {
            "waiting": queryset.waiting,
            "running": queryset.running,
            "abandoned": queryset.abandoned,
            "failed": queryset.failed,
            "done": queryset.successful,
        }.get(self.value(), queryset.all)()


@admin.register(BackgroundTask)
class BackgroundTaskAdmin(admin.ModelAdmin):
    list_display = ["description", "state", "enqueued_at", "started_at", "finished_at", "tries", "error"]
    list_filter = [StateFilter, "queue_name"]
    search_fields = ["task_path", "exception_class_path"]
    ordering = ["-enqueued_at"]
    date_hierarchy = "enqueued_at"
    actions = ["retry"]
    list_per_page = 50
    fields = [
        "task_name",
        "description",
        "state",
        "queue_name",
        "priority",
        "enqueued_at",
        "waits_until",
        "started_at",
        "finished_at",
        "tries",
        "error",
        "traceback_block",
        "result",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_retry_permission(self, request):
        return request.user.has_perm("jobs.retry_backgroundtask")

    @admin.display(description="state", ordering="status")
    def state(self, obj: BackgroundTask) -> str:
        if obj.is_abandoned:
            return "Running too long: its worker was probably lost; it will be queued again"
        return obj.get_status_display()

    @admin.display(description="what it does")
    def description(self, obj: BackgroundTask) -> str:
        try:
            doc = obj.task.func.__doc__ or ""
        except Exception:  # the code moved or was removed since the task was queued
            return f"{obj.task_path} (no longer in the code)"
        return doc.strip().splitlines()[0] if doc.strip() else "-"

    @admin.display(description="tries")
    def tries(self, obj: BackgroundTask) -> int:
        return len(obj.worker_ids or [])

    @admin.display(description="waits until")
    def waits_until(self, obj: BackgroundTask):
        return obj.run_after if obj.run_after and obj.run_after.year < 9999 else "-"

    @admin.display(description="error")
    def error(self, obj: BackgroundTask) -> str:
        if not obj.traceback:
            return "-"
        lines = [line for line in obj.traceback.strip().splitlines() if line.strip()]
        return lines[-1][:300] if lines else obj.exception_class_path

    @admin.display(description="details of the error")
    def traceback_block(self, obj: BackgroundTask) -> str:
        return format_html("<pre>{}</pre>", obj.traceback) if obj.traceback else "-"

    @admin.display(description="result")
    def result(self, obj: BackgroundTask) -> str:
        return "-" if obj.return_value is None else str(obj.return_value)[:500]

    @admin.action(description="Run selected failed tasks again", permissions=["retry"])
    def retry(self, request, queryset):
        count = queue.retry_failed(queryset)
        skipped = queryset.count() - count
        if count:
            self.message_user(request, f"{count} failed task(s) queued to run again.", messages.SUCCESS)
        if skipped:
            self.message_user(
                request, f"{skipped} selected task(s) had not failed and were left alone.", messages.WARNING
            )
