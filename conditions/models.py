"""Condition entries: structured reference pages about one medical condition.

This app never imports ``articles``: articles point at conditions (``Article.conditions``,
``related_name="articles"``), and the few questions a condition asks about its
articles go through that reverse relation.
"""

from __future__ import annotations

from django.apps import apps
from django.db import models
from django.db.models import Exists, OuterRef
from django.urls import reverse


class ConditionQuerySet(models.QuerySet):
    def with_live_articles(self) -> ConditionQuerySet:
        """Conditions that at least one live article is linked to."""
        Article = apps.get_model("articles", "Article")
        return self.filter(Exists(Article.objects.live().filter(conditions=OuterRef("pk"))))

    def search_name(self, text: str) -> ConditionQuerySet:
        """Conditions whose name or any other name contains ``text`` (any case)."""
        return self.filter(
            models.Q(name__icontains=text) | models.Q(aliases__name__icontains=text)
        ).distinct()


class Condition(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    summary = models.TextField(help_text="One or two plain sentences shown at the top and in lists.")
    related_conditions = models.ManyToManyField(
        "self", blank=True, symmetrical=True, help_text="Linked both ways automatically."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ConditionQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("conditions:detail", kwargs={"slug": self.slug})


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
