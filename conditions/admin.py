from django.contrib import admin

from conditions.models import Condition, ConditionAlias, ConditionSection


class AliasInline(admin.TabularInline):
    model = ConditionAlias
    extra = 1


class SectionInline(admin.StackedInline):
    model = ConditionSection
    extra = 1
    fields = ["kind", "heading", "body", "position"]


@admin.register(Condition)
class ConditionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "other_names", "shown_to_readers", "updated_at"]
    search_fields = ["name", "slug", "aliases__name", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["related_conditions"]
    inlines = [AliasInline, SectionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("aliases")

    @admin.display(description="Other names")
    def other_names(self, obj: Condition) -> str:
        return ", ".join(alias.name for alias in obj.aliases.all())

    @admin.display(description="Shown to readers", boolean=True, ordering="live_from")
    def shown_to_readers(self, obj: Condition) -> bool:
        return obj.is_shown_to_readers
