"""Admin search that lists the closest names first, for the pickers built on it.

The admin's autocomplete pickers (conditions, categories, tags, contributors on
the article form) list what ``ModelAdmin.get_search_results`` finds, in the
model's usual order, so a condition whose summary mentions the word typed could
come before the condition of that name. ``RankedSearchMixin`` orders the
matches: the name exactly, then names starting with what was typed, then names
with a word starting with it, then everything else; the usual order within each.
"""

from __future__ import annotations

from django.db.models import Case, IntegerField, Q, Value, When


class RankedSearchMixin:
    """For a ``ModelAdmin`` whose objects have a name; see the module docstring."""

    def name_matches(self, lookup: str, text: str) -> Q:
        """Objects whose name matches ``text`` with ``lookup`` (override to add other names)."""
        return Q(**{f"name__{lookup}": text})

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = " ".join(search_term.split())
        if not term:
            return queryset, may_have_duplicates
        rank = Case(
            When(self.name_matches("iexact", term), then=Value(0)),
            When(self.name_matches("istartswith", term), then=Value(1)),
            When(self.name_matches("icontains", f" {term}"), then=Value(2)),
            default=Value(3),
            output_field=IntegerField(),
        )
        ordering = list(self.get_ordering(request) or queryset.model._meta.ordering)
        return queryset.annotate(search_rank=rank).order_by(
            "search_rank", *ordering, "pk"
        ), may_have_duplicates
