from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.db import models
from taggit.models import Tag

from articles.models import Article, Category, Contributor, Source


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["full_name", "path", "position"]
    list_editable = ["position"]
    search_fields = ["name", "path", "description"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    fields = ["name", "slug", "parent", "description", "position", "path"]
    readonly_fields = ["path"]


@admin.register(Contributor)
class ContributorAdmin(admin.ModelAdmin):
    list_display = ["name", "credentials", "user"]
    search_fields = ["name", "credentials"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]


class SourceInline(admin.TabularInline):
    model = Source
    extra = 1
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fields = ["title", "url", "publisher", "accessed_on", "position"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "status",
        "category",
        "medical_reviewer",
        "go_live_at",
        "next_review_due",
        "updated_at",
    ]
    list_filter = [
        "status",
        "category",
        "medical_reviewer",
        "is_featured",
        ("tags", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["category", "medical_reviewer"]
    search_fields = ["title", "slug", "summary"]
    date_hierarchy = "created_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["category", "conditions", "authors", "medical_reviewer"]
    inlines = [SourceInline]
    readonly_fields = ["status", "created_at", "updated_at", "published_at", "last_reviewed_on"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body"]}),
        ("Filing", {"fields": ["category", "tags", "conditions", "is_featured", "comments_open"]}),
        ("People", {"fields": ["authors", "medical_reviewer"]}),
        (
            "Status and dates",
            {
                "fields": [
                    "status",
                    "go_live_at",
                    "next_review_due",
                    "published_at",
                    "last_reviewed_on",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "tags":
            # Pick tags with the admin's own autocomplete widget; the "+" beside it
            # adds a new tag without leaving the page.
            return forms.ModelMultipleChoiceField(
                queryset=Tag.objects.all(),
                required=False,
                widget=AutocompleteSelectMultiple(db_field, self.admin_site),
                help_text="Start typing to find a tag.",
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("tags")
