from django.contrib import admin

from feedback.models import PageFeedback


@admin.register(PageFeedback)
class PageFeedbackAdmin(admin.ModelAdmin):
    """Readers' answers, read-only: what they typed was masked before it was stored.

    Each article's page in the admin sums up its last 90 days; this list is for
    reading across articles.
    """

    list_display = ["created_at", "article", "is_helpful", "looking_for"]
    list_filter = ["is_helpful", "created_at"]
    search_fields = ["looking_for", "article__title"]
    list_select_related = ["article"]
    date_hierarchy = "created_at"
    fields = ["article", "is_helpful", "looking_for", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
