from django.contrib import admin
from django.db.models import Exists, OuterRef, Q

from conditions.models import Condition, ConditionAlias, ConditionSection
from healthsite.admin_search import RankedSearchMixin


class AliasInline(admin.TabularInline):
    model = ConditionAlias
    extra = 1


class SectionInline(admin.StackedInline):
    model = ConditionSection
    extra = 1
    fields = ["kind", "heading", "body", "position"]


@admin.register(Condition)
class ConditionAdmin(RankedSearchMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "other_names", "shown_to_readers", "updated_at"]
    search_fields = ["name", "slug", "aliases__name", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["related_conditions"]
    inlines = [AliasInline, SectionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("aliases")

    def name_matches(self, lookup: str, text: str) -> Q:
        # An other name typed in full ("Isaacs' syndrome") is as good as the name.
        other_names = ConditionAlias.objects.filter(condition=OuterRef("pk"), **{f"name__{lookup}": text})
        return super().name_matches(lookup, text) | Q(Exists(other_names))

    @admin.display(description="Other names")
    def other_names(self, obj: Condition) -> str:
        return ", ".join(alias.name for alias in obj.aliases.all())

    @admin.display(description="Shown to readers", boolean=True, ordering="live_from")
    def shown_to_readers(self, obj: Condition) -> bool:
        return obj.is_shown_to_readers
