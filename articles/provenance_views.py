"""The admin page where editors set or correct where an article came from and its original dates.

Wired into the article admin (``ArticleAdmin.get_urls``); the rules and the
audited change live in ``articles.provenance``. A page of its own rather than
fields on the article form: the form's save of a live article becomes a
correction waiting for medical review, while these are facts about the past
that an editor may put right at any time, with a line in the history.
"""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from articles import provenance
from articles.models import Article

# The browser's own date picker: no script, so nothing for the Content-Security-Policy to block.
_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OriginForm(forms.Form):
    origin = forms.CharField(
        label="Came from",
        max_length=500,
        required=False,
        help_text="The address the article was first published at, or the name of the file it came from.",
    )
    origin_site = forms.CharField(
        label="Name of the other site",
        max_length=200,
        required=False,
        help_text="The other site's name as readers would know it, e.g. “Clearwell Health”.",
    )
    published_on = forms.DateField(
        label="First published", required=False, widget=_DATE, help_text="Never in the future."
    )
    updated_on = forms.DateField(
        label="Last updated there",
        required=False,
        widget=_DATE,
        help_text="The last update on the other site, if known; not before the first-published date.",
    )
    note = forms.CharField(
        label="Why",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Kept in the article's editorial history, e.g. “Checked against the old site's archive”.",
    )

    def __init__(self, *args, article: Article, **kwargs):
        self.article = article
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        for name in ("origin", "origin_site", "note"):
            if "\x00" in cleaned.get(name, ""):
                self.add_error(
                    name, "This contains a null character, which cannot be stored. Please retype it."
                )
        published = _moment(cleaned.get("published_on"), self.article.original_published_at)
        updated = _moment(cleaned.get("updated_on"), self.article.original_updated_at)
        problems = provenance.date_problems(published, updated, updated_here=self.article.updated_at)
        if "published_at" in problems:
            self.add_error("published_on", problems["published_at"])
        if "updated_at" in problems:
            self.add_error("updated_on", problems["updated_at"])
        cleaned["published_at"], cleaned["updated_at"] = published, updated
        return cleaned


def _moment(day: datetime.date | None, current: datetime.datetime | None) -> datetime.datetime | None:
    """The date as a moment: the time already on record when the day is unchanged, else its start."""
    if day is None:
        return None
    if current is not None and timezone.localtime(current).date() == day:
        return current
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _initial(article: Article) -> dict:
    def day(value):
        return timezone.localtime(value).date() if value else None

    return {
        "origin": article.origin,
        "origin_site": article.origin_site,
        "published_on": day(article.original_published_at),
        "updated_on": day(article.original_updated_at),
    }


def origin_view(request, object_id: int, *, admin_site=admin.site):
    """GET: the form; POST: check and save through ``provenance.set_origin`` (audited)."""
    article = Article.objects.filter(pk=object_id).first()
    if article is None:
        raise Http404("No such article.")
    if not provenance.can_change(request.user):
        raise PermissionDenied
    change_url = reverse("admin:articles_article_change", args=[article.pk])
    status = 200
    if request.method == "POST":
        form = OriginForm(request.POST, article=article)
        if form.is_valid():
            data = form.cleaned_data
            new = provenance.Origin(
                origin=data["origin"].strip(),
                origin_site=data["origin_site"].strip(),
                published_at=data["published_at"],
                updated_at=data["updated_at"],
            )
            try:
                entry = provenance.set_origin(article, new, by=request.user, note=data["note"])
            except ValidationError as exc:
                form.add_error(None, exc)
                status = 400
            else:
                if entry is None:
                    messages.info(request, "Nothing was changed.")
                else:
                    messages.success(request, "Saved, and recorded in the article's editorial history.")
                return redirect(change_url)
        else:
            status = 400
    else:
        form = OriginForm(initial=_initial(article), article=article)
    context = {
        **admin_site.each_context(request),
        "opts": Article._meta,
        "original": article,
        "title": f"Where “{article}” came from",
        "form": form,
        "media": form.media,
        "change_url": change_url,
    }
    return TemplateResponse(request, "admin/articles/article/origin.html", context, status=status)


@admin.display(description="Original dates")
def origin_link(obj: Article) -> str:
    """A link to the page above, for the article form."""
    if obj is None or obj.pk is None:
        return "—"
    url = reverse("admin:articles_article_origin", args=[obj.pk])
    return format_html('<a href="{}">Set or correct where it came from and its original dates</a>', url)
