"""Condition entries: structured reference pages about one medical condition.

This app never imports ``articles``: articles point at conditions (``Article.conditions``,
``related_name="articles"``), and the few questions a condition asks about its
articles go through that reverse relation. What a condition stores about its
articles (``live_from``) and its search document are kept from the articles'
side, by ``articles.indexing``.
"""

from __future__ import annotations

import re

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, SearchVectorField
from django.db import connection, models
from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from healthsite.postgres import (
    SEARCH_CONFIG,
    PostgresOnlyGinIndex,
    store_search_documents,
    word_start_pattern,
)
from healthsite.slugs import remember_old_slug


def condition_search_vector() -> SearchVector:
    """A condition's search document: its name and other names (A), its summary (B)."""
    return (
        SearchVector("name", weight="A", config=SEARCH_CONFIG)
        + SearchVector(other_names_of(OuterRef("pk")), weight="A", config=SEARCH_CONFIG)
        + SearchVector("summary", weight="B", config=SEARCH_CONFIG)
    )


def other_names_of(condition) -> Subquery:
    """The other names of ``condition`` (an id or ``OuterRef``) as one text, for search documents."""
    return Subquery(
        ConditionAlias.objects.filter(condition=condition)
        .order_by()
        .values("condition")
        .annotate(names=StringAgg("name", " "))
        .values("names")
    )


def refresh_condition_search_documents(conditions) -> None:
    """Store the search document of ``conditions`` (PostgreSQL only; SQLite matches words).

    Called by ``articles.indexing`` after every save of a condition or one of its
    other names, and after bulk inserts: search reads the stored document (one index, ranked), where
    building it from each name, other name and summary would cost a parse per
    matching condition on every search.
    """
    store_search_documents(conditions, condition_search_vector())


class ConditionQuerySet(models.QuerySet):
    def with_live_articles(self, *, at=None) -> ConditionQuerySet:
        """Conditions that at least one live article is linked to (at ``at``, default now).

        Reads ``Condition.live_from``, so the cost does not grow with the number
        of articles; ``articles.indexing`` keeps it.
        """
        return self.filter(live_from__lte=at or timezone.now())

    def search(self, query: str) -> ConditionQuerySet:
        """Conditions readers can see that match ``query``, best first.

        PostgreSQL: full text on the stored ``search_document``, where the name and
        other names weigh more than the summary. SQLite: every word must start a
        word of the name, an other name or the summary.
        """
        shown = self.with_live_articles()
        if connection.vendor == "postgresql":
            words = SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")
            return shown.filter(search_document=words).order_by(
                SearchRank(F("search_document"), words).desc(), "name"
            )
        words = re.findall(r"\w+", query)
        for word in words:
            pattern = word_start_pattern(word)
            shown = shown.filter(
                Q(name__iregex=pattern)
                | Q(summary__iregex=pattern)
                | Q(pk__in=ConditionAlias.objects.filter(name__iregex=pattern).values("condition_id"))
            )
        return shown.order_by("name") if words else shown.none()

    def without_live_articles(self, *, at=None) -> ConditionQuerySet:
        """The others: no article linked to them is live (yet, or any more)."""
        return self.filter(Q(live_from__isnull=True) | Q(live_from__gt=at or timezone.now()))


class Condition(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    summary = models.TextField(help_text="One or two plain sentences shown at the top and in lists.")
    related_conditions = models.ManyToManyField(
        "self", blank=True, symmetrical=True, help_text="Linked both ways automatically."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # ``condition_search_vector()`` of this row, kept by ``articles.indexing``; PostgreSQL only.
    search_document = SearchVectorField(null=True, editable=False)
    # The earliest go-live time of the published and scheduled articles linked to
    # it, empty when there are none: readers see the condition from then on
    # (``with_live_articles``). Kept by ``articles.indexing.store_live_from()``.
    live_from = models.DateTimeField(null=True, editable=False)

    objects = ConditionQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [PostgresOnlyGinIndex(fields=["search_document"], name="condition_search_document_idx")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("conditions:detail", kwargs={"slug": self.slug})

    @property
    def is_shown_to_readers(self) -> bool:
        """Same rule as ``ConditionQuerySet.with_live_articles()``, for one condition."""
        return self.live_from is not None and self.live_from <= timezone.now()


class ConditionAlias(models.Model):
    """Another name a condition is known by ("Isaacs' syndrome" for neuromyotonia)."""

    condition = models.ForeignKey(Condition, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["name"]
        verbose_name = "other name"
        verbose_name_plural = "other names"
        constraints = [
            models.UniqueConstraint(fields=["condition", "name"], name="unique_alias_per_condition")
        ]

    def __str__(self) -> str:
        return self.name


class ConditionSection(models.Model):
    """One headed section of a condition entry, in the order editors choose."""

    class Kind(models.TextChoices):
        SYMPTOMS = "symptoms", "Symptoms"
        CAUSES = "causes", "Causes"
        DIAGNOSIS = "diagnosis", "Diagnosis"
        TREATMENT = "treatment", "Treatment"
        MANAGEMENT = "management", "Management"
        OUTLOOK = "outlook", "Outlook"
        OTHER = "other", "Other"

    condition = models.ForeignKey(Condition, on_delete=models.CASCADE, related_name="sections")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    heading = models.CharField(
        max_length=200, blank=True, help_text="Leave empty to use the kind as the heading."
    )
    body = models.TextField(help_text="Plain text; start a line with '- ' for a bullet point.")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.display_heading

    @property
    def display_heading(self) -> str:
        return self.heading or self.get_kind_display()


# ---------------------------------------------------------------------------
# Public site: old addresses and other names that redirect to a condition.
# ---------------------------------------------------------------------------


class ConditionSlugHistory(models.Model):
    """A slug a condition used to have; its old address redirects to the current one."""

    condition = models.ForeignKey(Condition, on_delete=models.CASCADE, related_name="old_slugs")
    slug = models.SlugField(max_length=200, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "old condition address"
        verbose_name_plural = "old condition addresses"

    def __str__(self) -> str:
        return self.slug


@receiver(pre_save, sender=Condition, dispatch_uid="conditions_record_old_slug")
def _record_old_condition_slug(sender, instance, raw=False, **kwargs) -> None:
    # A signal so that every path that saves a condition keeps old links working.
    if not raw:
        remember_old_slug(instance, ConditionSlugHistory, "condition")


def condition_for_old_slug(slug: str) -> Condition | None:
    """The condition (with live articles) that ``slug`` should redirect to, if any.

    ``slug`` is either an address the condition used to have, or one of its other
    names written as a slug: ``isaacs-syndrome`` finds neuromyotonia through its
    alias "Isaacs' syndrome".
    """
    conditions = Condition.objects.with_live_articles()
    history = (
        ConditionSlugHistory.objects.filter(slug=slug, condition__in=conditions)
        .select_related("condition")
        .first()
    )
    if history:
        return history.condition
    # Aliases have no stored slug; narrow the candidates to names containing every
    # word of the slug, then compare slugs exactly.
    words = [word for word in slug.split("-") if word]
    if not words or len(words) > 20:
        return None
    candidates = ConditionAlias.objects.filter(condition__in=conditions).select_related("condition")
    for word in words:
        candidates = candidates.filter(name__icontains=word)
    for alias in candidates[:50]:
        if slugify(alias.name) == slug:
            return alias.condition
    return None
