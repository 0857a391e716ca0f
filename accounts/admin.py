from django.contrib import admin

from accounts.models import AccountAuditEntry


@admin.register(AccountAuditEntry)
class AccountAuditEntryAdmin(admin.ModelAdmin):
    """Readers' downloads, email changes and deletions: a record nobody edits."""

    list_display = ["created_at", "account_number", "action", "details"]
    list_filter = ["action"]
    search_fields = ["=account_number"]
    date_hierarchy = "created_at"
    fields = ["created_at", "account_number", "user", "action", "details"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
