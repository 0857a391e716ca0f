"""The moderation queue and its tools.

Every change to a comment or a ban goes through ``comments.moderation``, so the
admin writes the same log rows as everything else. Comments cannot be added or
edited here: they are readers' words, stored as typed.
"""

from datetime import timedelta

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Prefetch
from django.http import HttpResponseRedirect
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join

from accounts import roles
from comments import moderation
from comments.forms import ModerationActionForm, ModerationDecisionForm, ReaderBanForm
from comments.models import (
    Comment,
    CommentReport,
    ModerationLogEntry,
    ModerationSettings,
    ReaderBan,
    Reason,
    WatchedPhrase,
)


def _excerpt(text: str, length: int = 80) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


class QueueFilter(admin.SimpleListFilter):
    title = "queue"
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [
            ("waiting", "Waiting for a moderator"),
            ("safeguarding", "Safeguarding concerns"),
            ("reported", "Reported by readers"),
            ("flagged", "Published but flagged"),
            ("published_24h", "Published in the last 24 hours"),
            ("handled", "Handled"),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "waiting":
            return queryset.in_queue()
        if value == "safeguarding":
            return queryset.in_queue().filter(is_safeguarding=True)
        if value == "reported":
            open_reports = CommentReport.objects.filter(comment=OuterRef("pk"), resolved_at__isnull=True)
            return queryset.filter(Exists(open_reports))
        if value == "flagged":
            return queryset.filter(status=Comment.Status.APPROVED, needs_review=True)
        if value == "published_24h":
            # Trusted readers' comments go live without a moderator: this is where they are checked.
            return queryset.published_since(timezone.now() - timedelta(hours=24))
        if value == "handled":
            return queryset.exclude(pk__in=Comment.objects.in_queue().values("pk"))
        return queryset


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReportInline(ReadOnlyInline):
    model = CommentReport
    fields = ["reporter", "reason", "details", "created_at", "resolved_at"]
    readonly_fields = fields
    verbose_name_plural = "reports from readers"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("reporter")


class LogInline(ReadOnlyInline):
    model = ModerationLogEntry
    fk_name = "comment"
    fields = ["created_at", "moderator", "action", "reason", "note"]
    readonly_fields = fields
    verbose_name_plural = "moderation history"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("moderator")


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    form = ModerationDecisionForm
    action_form = ModerationActionForm
    list_display = [
        "queue_state",
        "short_text",
        "article_link",
        "author_history",
        "status",
        "screening",
        "reports_summary",
        "created_at",
    ]
    list_display_links = ["short_text"]
    list_filter = [QueueFilter, "status", "is_safeguarding", "is_imported", "created_at"]
    list_select_related = ["author", "author__comment_ban", "article"]
    search_fields = ["text", "author__username", "original_author_name", "article__title"]
    date_hierarchy = "created_at"
    list_per_page = 50
    actions = ["approve_selected", "reject_selected", "spam_selected", "ban_authors", "unban_authors"]
    readonly_fields = [
        "queue_state",
        "article_link",
        "author_history",
        "in_reply_to",
        "created_at",
        "status",
        "full_text",
        "screening",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "queue_state",
                    "status",
                    "article_link",
                    "author_history",
                    "in_reply_to",
                    "created_at",
                ]
            },
        ),
        ("What they wrote", {"fields": ["full_text", "screening"]}),
        ("Decision", {"fields": ["decision", "reason", "note", "ban_author"]}),
    ]
    inlines = [ReportInline, LogInline]

    def get_queryset(self, request):
        # Annotate before ordering: the queue is ordered by an annotation.
        open_reports = CommentReport.objects.filter(resolved_at__isnull=True).order_by("created_at")
        return (
            Comment.objects.with_queue_priority()
            .with_author_history()
            .prefetch_related(Prefetch("reports", queryset=open_reports, to_attr="open_reports"))
            .order_by(*self.get_ordering(request))
        )

    def get_ordering(self, request):
        # Safeguarding first, then everything else waiting, then the rest; newest first within each.
        return ["queue_priority", "-created_at"]

    def has_add_permission(self, request):
        return False

    # --- columns --------------------------------------------------------------

    @admin.display(description="Queue", ordering="queue_priority")
    def queue_state(self, obj: Comment) -> str:
        labels = []
        if obj.is_safeguarding and obj.is_in_queue:
            labels.append("⚠ Safeguarding")
        if obj.open_reports:
            labels.append(f"Reported ({len(obj.open_reports)})")
        if obj.is_imported:
            labels.append("Imported")
        if obj.status == Comment.Status.PENDING:
            labels.append("Held")
        elif obj.needs_review:
            labels.append("Flagged")
        return ", ".join(labels) or "—"

    @admin.display(description="Comment")
    def short_text(self, obj: Comment) -> str:
        return _excerpt(obj.text)

    @admin.display(description="Comment")
    def full_text(self, obj: Comment) -> str:
        return format_html('<div dir="auto">{}</div>', linebreaksbr(obj.text, autoescape=True))

    @admin.display(description="Article", ordering="article__title")
    def article_link(self, obj: Comment) -> str:
        return format_html('<a href="{}">{}</a>', obj.article.get_absolute_url(), obj.article.title)

    @admin.display(description="Author and record", ordering="author__username")
    def author_history(self, obj: Comment) -> str:
        if obj.author_id is None:
            when = formats.date_format(timezone.localtime(obj.posted_at), "j F Y")
            return format_html(
                "<bdi>{}</bdi><br>Imported: posted on the old site on {}; no account here",
                obj.author_name,
                when,
            )
        banned = " · banned" if hasattr(obj.author, "comment_ban") else ""
        return format_html(
            "<bdi>{}</bdi><br>{} approved, {} rejected{}",
            obj.author.get_username(),
            obj.author_approved,
            obj.author_rejected,
            banned,
        )

    @admin.display(description="In reply to")
    def in_reply_to(self, obj: Comment) -> str:
        if obj.parent_id is None:
            return "—"
        parent = obj.parent
        url = reverse("admin:comments_comment_change", args=[parent.pk])
        return format_html('<a href="{}">{}</a>', url, _excerpt(parent.text))

    @admin.display(description="Screening")
    def screening(self, obj: Comment) -> str:
        if not obj.screening_reasons:
            return "—"
        return format_html_join("", "<div>{}</div>", ((reason,) for reason in obj.screening_reasons))

    @admin.display(description="Reports")
    def reports_summary(self, obj: Comment) -> str:
        if not obj.open_reports:
            return "—"
        return format_html_join(
            "",
            "<div>{}{}</div>",
            (
                (report.get_reason_display(), f": {_excerpt(report.details, 60)}" if report.details else "")
                for report in obj.open_reports
            ),
        )

    # --- one comment at a time --------------------------------------------------

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        decision, note = data.get("decision"), data.get("note", "")
        if decision == form.APPROVE:
            moderation.approve(obj, by=request.user, note=note)
        elif decision == form.REJECT:
            moderation.reject(obj, by=request.user, reason=data["reason"], note=note)
        elif decision == form.SPAM:
            moderation.mark_spam(obj, by=request.user, note=note)
        if data.get("ban_author") and obj.author is not None:
            try:
                moderation.ban(obj.author, by=request.user, note=note)
            except moderation.ModerationError as exc:
                self.message_user(request, str(exc), messages.ERROR)

    # --- in bulk ----------------------------------------------------------------

    def _action_data(self, request) -> tuple[str, str]:
        form = ModerationActionForm(request.POST)
        form.fields["action"].choices = self.get_action_choices(request)
        form.is_valid()
        return form.cleaned_data.get("reason", ""), form.cleaned_data.get("note", "")

    @admin.action(description="Approve selected comments", permissions=["change"])
    def approve_selected(self, request, queryset):
        _, note = self._action_data(request)
        for comment in queryset:
            moderation.approve(comment, by=request.user, note=note)
        self.message_user(request, f"Approved {len(queryset)} comment(s).", messages.SUCCESS)

    @admin.action(description="Reject selected comments (choose a reason)", permissions=["change"])
    def reject_selected(self, request, queryset):
        reason, note = self._action_data(request)
        if reason not in Reason.values:
            self.message_user(
                request,
                "Nothing was rejected: choose a reason in the list next to the action menu first.",
                messages.ERROR,
            )
            return
        for comment in queryset:
            moderation.reject(comment, by=request.user, reason=reason, note=note)
        label = Reason(reason).label.lower()
        self.message_user(request, f"Rejected {len(queryset)} comment(s) as {label}.", messages.SUCCESS)

    @admin.action(description="Mark selected comments as spam", permissions=["change"])
    def spam_selected(self, request, queryset):
        _, note = self._action_data(request)
        for comment in queryset:
            moderation.mark_spam(comment, by=request.user, note=note)
        self.message_user(request, f"Marked {len(queryset)} comment(s) as spam.", messages.SUCCESS)

    @admin.action(description="Ban the authors of selected comments from commenting", permissions=["ban"])
    def ban_authors(self, request, queryset):
        _, note = self._action_data(request)
        authors = {comment.author for comment in queryset if comment.author is not None}
        banned = 0
        for author in authors:
            try:
                moderation.ban(author, by=request.user, note=note)
                banned += 1
            except moderation.ModerationError as exc:
                self.message_user(request, str(exc), messages.WARNING)
        if banned:
            self.message_user(request, f"{banned} account(s) can no longer comment.", messages.SUCCESS)

    @admin.action(description="Lift the ban on the authors of selected comments", permissions=["unban"])
    def unban_authors(self, request, queryset):
        _, note = self._action_data(request)
        lifted = sum(
            moderation.unban(author, by=request.user, note=note)
            for author in {c.author for c in queryset if c.author is not None}
        )
        self.message_user(request, f"Lifted the ban on {lifted} account(s).", messages.SUCCESS)

    def has_ban_permission(self, request) -> bool:
        return request.user.has_perm(roles.BAN_READER)

    def has_unban_permission(self, request) -> bool:
        return request.user.has_perm(roles.LIFT_BAN)


@admin.register(CommentReport)
class CommentReportAdmin(admin.ModelAdmin):
    list_display = ["comment_excerpt", "reporter", "reason", "created_at", "resolved_at"]
    list_filter = ["reason", ("resolved_at", admin.EmptyFieldListFilter), "created_at"]
    list_select_related = ["comment", "reporter"]
    search_fields = ["details", "comment__text", "reporter__username"]
    fields = ["comment_link", "reporter", "reason", "details", "created_at", "resolved_at"]
    readonly_fields = fields

    @admin.display(description="Comment")
    def comment_excerpt(self, obj: CommentReport) -> str:
        return _excerpt(obj.comment.text)

    @admin.display(description="Comment")
    def comment_link(self, obj: CommentReport) -> str:
        url = reverse("admin:comments_comment_change", args=[obj.comment_id])
        return format_html('<a href="{}">{}</a>', url, _excerpt(obj.comment.text))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(WatchedPhrase)
class WatchedPhraseAdmin(admin.ModelAdmin):
    list_display = ["short_phrase", "is_pattern", "category", "action", "is_active", "note"]
    list_display_links = ["short_phrase"]
    list_editable = ["action", "is_active"]
    list_filter = ["category", "action", "is_active", "is_pattern"]
    search_fields = ["phrase", "note"]
    fields = ["phrase", "is_pattern", "category", "action", "note", "is_active"]

    @admin.display(description="Phrase", ordering="phrase")
    def short_phrase(self, obj: WatchedPhrase) -> str:
        # Seeded patterns run to hundreds of characters; the note says what they catch.
        return _excerpt(obj.phrase, 70)


@admin.register(ReaderBan)
class ReaderBanAdmin(admin.ModelAdmin):
    list_display = ["user", "note", "banned_by", "created_at"]
    list_select_related = ["user", "banned_by"]
    search_fields = ["user__username", "note"]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = ReaderBanForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        return ["username", "note"] if obj is None else ["user", "note", "banned_by", "created_at"]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else ["user", "note", "banned_by", "created_at"]

    def has_change_permission(self, request, obj=None):
        # A ban is lifted (deleted), never edited, so its log stays true.
        return False

    def save_model(self, request, obj, form, change):
        ban = moderation.ban(form.cleaned_data["user"], by=request.user, note=form.cleaned_data["note"])
        obj.pk, obj.user, obj.created_at, obj.banned_by = ban.pk, ban.user, ban.created_at, ban.banned_by

    def delete_model(self, request, obj):
        moderation.unban(obj.user, by=request.user, note="Ban lifted in the admin.")

    def delete_queryset(self, request, queryset):
        for reader_ban in queryset.select_related("user"):
            moderation.unban(reader_ban.user, by=request.user, note="Ban lifted in the admin.")


@admin.register(ModerationLogEntry)
class ModerationLogEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "who", "action", "comment_link", "account", "change", "reason", "note"]
    list_filter = ["action", "reason", "created_at"]
    list_select_related = ["moderator", "account", "comment"]
    search_fields = ["note", "moderator__username", "account__username", "comment__text"]
    date_hierarchy = "created_at"
    # Listed, so the page shows the comment as a link instead of building a choice
    # of every comment, which the queue's own ordering (an annotation) would break.
    fields = ["created_at", "who", "action", "comment_link", "account", "change", "reason", "note"]
    readonly_fields = fields

    @admin.display(description="Who", ordering="moderator__username")
    def who(self, obj: ModerationLogEntry) -> str:
        return obj.moderator.get_username() if obj.moderator else "The site (automatic)"

    @admin.display(description="Comment")
    def comment_link(self, obj: ModerationLogEntry) -> str:
        if obj.comment is None:
            return "—"
        url = reverse("admin:comments_comment_change", args=[obj.comment_id])
        return format_html('<a href="{}">{}</a>', url, _excerpt(obj.comment.text, 60))

    @admin.display(description="Status")
    def change(self, obj: ModerationLogEntry) -> str:
        if not obj.from_status and not obj.to_status:
            return "—"
        return f"{obj.get_from_status_display() or '—'} → {obj.get_to_status_display() or '—'}"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ModerationSettings)
class ModerationSettingsAdmin(admin.ModelAdmin):
    fields = ["trusted_after", "reports_to_hide", "new_account_days", "max_links", "max_links_new_account"]

    def changelist_view(self, request, extra_context=None):
        # One row only: the list is just the way in to it.
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        settings_row = ModerationSettings.load()
        return HttpResponseRedirect(
            reverse("admin:comments_moderationsettings_change", args=[settings_row.pk])
        )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
