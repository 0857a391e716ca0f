"""Subscribers, editions and their digests in the admin.

Editors see who is subscribed to what, export subscribers, and follow each
edition: when, to how many, and what failed. Subscribers change only through
their own links; the admin does not edit them.
"""

from django.contrib import admin, messages
from django.urls import path, reverse
from django.utils.html import format_html

from newsletter import admin_views, sending
from newsletter.models import Consent, Delivery, Edition, Subscriber


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ConsentInline(admin.TabularInline):
    model = Consent
    extra = 0
    can_delete = False
    fields = [
        "email",
        "asked_at",
        "given_at",
        "page",
        "wording_version",
        "wording",
        "withdrawn_at",
        "withdrawn_by",
    ]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Subscriber)
class SubscriberAdmin(ReadOnlyAdmin):
    list_display = ["email", "status", "frequency", "topics", "confirmed_at", "last_digest_at"]
    list_filter = ["status", "frequency", "categories", "conditions"]
    search_fields = ["email"]
    ordering = ["email"]
    show_full_result_count = False
    actions = ["export_csv"]
    fields = [
        "email",
        "status",
        "frequency",
        "topics",
        "created_at",
        "confirmed_at",
        "unsubscribed_at",
        "last_digest_at",
        "signup_page",
    ]
    readonly_fields = fields
    inlines = [ConsentInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("categories", "conditions")

    def get_urls(self):
        return [
            path(
                "per-topic/",
                self.admin_site.admin_view(admin_views.subscribers_per_topic),
                name="newsletter_subscriber_per_topic",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "per_topic_url": reverse("admin:newsletter_subscriber_per_topic"),
        }
        return super().changelist_view(request, extra_context)

    @admin.display(description="topics")
    def topics(self, obj: Subscriber) -> str:
        names = [c.full_name for c in obj.categories.all()] + [c.name for c in obj.conditions.all()]
        return "; ".join(names) or "Every topic"

    def has_export_permission(self, request):
        return request.user.has_perm("newsletter.export_subscriber")

    @admin.action(description="Export selected subscribers as CSV", permissions=["export"])
    def export_csv(self, request, queryset):
        return admin_views.subscribers_csv(queryset)


@admin.register(Edition)
class EditionAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "created_at", "recipients", "sent", "skipped", "failed_count", "progress"]
    list_filter = ["frequency"]
    date_hierarchy = "created_at"
    actions = ["resume", "resend_failed"]
    fields = ["frequency", "period", "until", "created_at", "started_by", "finished_at", "numbers"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).with_counts()

    def get_urls(self):
        return [
            path(
                "start/",
                self.admin_site.admin_view(admin_views.start_edition),
                name="newsletter_edition_start",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_send": request.user.has_perm("newsletter.send_edition"),
            "start_url": reverse("admin:newsletter_edition_start"),
        }
        return super().changelist_view(request, extra_context)

    def has_send_permission(self, request):
        return request.user.has_perm("newsletter.send_edition")

    @admin.display(description="recipients", ordering="recipients")
    def recipients(self, obj):
        return obj.recipients

    @admin.display(description="sent", ordering="sent")
    def sent(self, obj):
        return obj.sent

    @admin.display(description="nothing new or unsubscribed", ordering="skipped")
    def skipped(self, obj):
        return obj.skipped

    @admin.display(description="failed", ordering="failed")
    def failed_count(self, obj):
        if not obj.failed:
            return 0
        url = reverse("admin:newsletter_delivery_changelist")
        return format_html('<a href="{}?edition__id__exact={}&problem=1">{}</a>', url, obj.pk, obj.failed)

    @admin.display(description="progress")
    def progress(self, obj):
        if obj.finished_at:
            return "Finished"
        return f"{obj.waiting} waiting to be sent"

    @admin.display(description="numbers")
    def numbers(self, obj):
        return (
            f"{obj.recipients} recipients: {obj.sent} sent, {obj.skipped} with nothing new or unsubscribed, "
            f"{obj.failed} failed or interrupted, {obj.waiting} waiting"
        )

    @admin.action(description="Send what is still waiting now", permissions=["send"])
    def resume(self, request, queryset):
        for edition in queryset:
            waiting = sending.resume(edition)
            self.message_user(request, f"{edition}: {waiting} digest(s) queued again.", messages.SUCCESS)

    @admin.action(description="Send failed and interrupted digests again", permissions=["send"])
    def resend_failed(self, request, queryset):
        for edition in queryset:
            waiting = sending.resume(edition, include_failed=True)
            self.message_user(request, f"{edition}: {waiting} digest(s) queued again.", messages.SUCCESS)


class ProblemFilter(admin.SimpleListFilter):
    title = "problem"
    parameter_name = "problem"

    def lookups(self, request, model_admin):
        return [("1", "Failed or interrupted")]

    def queryset(self, request, queryset):
        if self.value() == "1":
            return queryset.filter(status__in=[Delivery.Status.FAILED, Delivery.Status.INTERRUPTED])
        return queryset


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = ["edition", "subscriber", "status", "article_count", "sent_at", "error"]
    list_filter = [ProblemFilter, "status", "edition"]
    list_select_related = ["edition", "subscriber"]
    search_fields = ["subscriber__email"]
    show_full_result_count = False
    fields = ["edition", "subscriber", "status", "since", "article_count", "claimed_at", "sent_at", "error"]
    readonly_fields = fields

    def has_delete_permission(self, request, obj=None):
        return False
