from django.contrib import admin

from comments.models import Comment


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["short_text", "author", "article", "status", "created_at"]
    list_filter = ["status", "created_at"]
    list_select_related = ["author", "article"]
    search_fields = ["text", "author__username", "article__title"]
    raw_id_fields = ["article", "author"]
    date_hierarchy = "created_at"

    @admin.display(description="Comment")
    def short_text(self, obj: Comment) -> str:
        return obj.text if len(obj.text) <= 80 else obj.text[:79] + "…"
