import logging
from functools import partial

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, models
from django.forms.models import BaseInlineFormSet
from django.shortcuts import redirect
from django.urls import path
from django.utils import formats, timezone
from taggit.admin import TagAdmin as TaggitTagAdmin
from taggit.models import Tag

from accounts import roles
from articles import bylines, provenance_views, revisions, staff_views, workflow
from articles.models import (
    Article,
    ArticleRevision,
    ArticleType,
    Category,
    Contributor,
    JargonTerm,
    RequiredSection,
    Source,
)
from healthsite.admin_search import RankedSearchMixin
from media import embed

logger = logging.getLogger(__name__)


admin.site.unregister(Tag)


@admin.register(Tag)
class TagAdmin(RankedSearchMixin, TaggitTagAdmin):
    """django-taggit's tag admin, with merging kept to those who may change tags.

    Merging re-tags published articles, so it needs the same permission as
    renaming a tag; taggit's own merge page is open to any staff account.
    """

    @admin.action(description="Merge selected tags", permissions=["change"])
    def render_tag_form(self, request, queryset):
        return super().render_tag_form(request, queryset)

    def merge_tags_view(self, request):
        if not self.has_change_permission(request):
            raise PermissionDenied
        # The choice waits in the session; tags deleted since, or a missing
        # choice, would otherwise be a server error.
        chosen = request.session.get("selected_tag_ids", "").split(",")
        ids = [int(pk) for pk in chosen if pk.isdigit() and len(pk) < 19]
        existing = list(Tag.objects.filter(pk__in=ids).values_list("pk", flat=True))
        if not existing:
            self.message_user(
                request, "Choose the tags to merge in the list of tags first.", messages.WARNING
            )
            return redirect("admin:taggit_tag_changelist")
        request.session["selected_tag_ids"] = ",".join(str(pk) for pk in existing)
        return super().merge_tags_view(request)


@admin.register(Category)
class CategoryAdmin(RankedSearchMixin, admin.ModelAdmin):
    list_display = ["full_name", "path", "position"]
    list_editable = ["position"]
    search_fields = ["name", "path", "description"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    fields = ["name", "slug", "parent", "description", "position", "path"]
    readonly_fields = ["path"]


@admin.register(Contributor)
class ContributorAdmin(RankedSearchMixin, admin.ModelAdmin):
    list_display = ["name", "credentials", "user"]
    search_fields = ["name", "credentials"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]


class RequiredSectionInline(admin.TabularInline):
    model = RequiredSection
    extra = 1
    fields = ["heading", "alternatives", "position"]
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 3, "cols": 40})}}


@admin.register(ArticleType)
class ArticleTypeAdmin(admin.ModelAdmin):
    """Kinds of article and what the pre-publish checklist asks of each (articles.checklist)."""

    list_display = ["name", "needs_help_box", "needs_condition", "position"]
    list_editable = ["position"]
    search_fields = ["name", "description"]
    inlines = [RequiredSectionInline]


@admin.register(JargonTerm)
class JargonTermAdmin(admin.ModelAdmin):
    """Words the readability report points out, with the plain words to use instead."""

    list_display = ["term", "plain"]
    search_fields = ["term", "plain"]


class SourceFormSet(BaseInlineFormSet):
    """The article's sources, or those of the correction waiting on it.

    A correction's sources are not rows yet, so they are offered as prefilled new
    rows; on save they go into the correction, never onto the live article.
    """

    def __init__(self, *args, pending_sources=None, **kwargs):
        if pending_sources is not None:
            kwargs["queryset"] = Source.objects.none()
            if kwargs.get("data") is None:
                kwargs["initial"] = pending_sources
        super().__init__(*args, **kwargs)
        if pending_sources is not None and not self.is_bound:
            self.extra = len(pending_sources) + 1

    def kept_rows(self) -> list[dict]:
        """Cleaned data of the rows the editor kept (filled in and not marked for deletion)."""
        return [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


class SourceForm(forms.ModelForm):
    def has_changed(self):
        # A new row with nothing but its position filled in is an empty row, so
        # clearing a prefilled row drops that source.
        if self.instance._state.adding:
            return bool(set(self.changed_data) - {"position"})
        return super().has_changed()


class SourceInline(admin.TabularInline):
    model = Source
    form = SourceForm
    formset = SourceFormSet
    extra = 1
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fields = ["title", "url", "publisher", "year", "accessed_on", "position"]


STALE_EDIT_MESSAGE = (
    "Your changes have not been saved: {who} saved a newer version of this article (version {number}, "
    "{when}) while you were editing. Your text is still in the form below. Copy anything you want to "
    "keep, reload the page to see their version, then make your changes again."
)


class ArticleAdminForm(forms.ModelForm):
    change_summary = forms.CharField(
        label="What changed?",
        max_length=200,
        required=False,
        help_text="One line for the history, e.g. “Corrected the dose in ‘How is it treated?’”. "
        "Leave empty to list the changed fields.",
    )
    is_major = forms.BooleanField(
        label="Major change",
        required=False,
        help_text="New medical content or changed advice: needs more medical reviewers than a minor "
        "change such as a typo or a broken link.",
    )
    public_summary = forms.CharField(
        label="What changed, for readers",
        max_length=200,
        required=False,
        help_text="For a major change to a live article: one line for the “Page history” at the foot of "
        "the page, e.g. “Added advice on driving”. Readers see this; “What changed?” stays internal.",
    )
    # The version the form was loaded from (optimistic locking).
    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    outside_author = forms.CharField(
        label="Credit an outside author",
        max_length=bylines.NAME_MAX_LENGTH,
        required=False,
        help_text="The name of a writer with no account here; they are added to the authors as a contributor "
        "(an existing one with that name, or a new one with the name only: an editor adds credentials).",
    )

    class Meta:
        model = Article
        fields = [
            "title",
            "slug",
            "summary",
            "hero_image",
            "body",
            "category",
            "tags",
            "conditions",
            "article_type",
            "is_featured",
            "authors",
            "go_live_at",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["loaded_version"].initial = self.instance.version
        self.fields["is_major"].help_text += (
            f" Major: {settings.MEDICAL_REVIEW_QUORUM_MAJOR} reviewers; "
            f"minor: {settings.MEDICAL_REVIEW_QUORUM_MINOR}."
        )
        pending = self.instance.pending_revision() if self.instance.pk else None
        if pending is not None:
            # Editors carry on from the correction, not from the live text.
            self.initial.update(revisions.form_initial(pending.content))

    def clean_outside_author(self):
        name = " ".join(self.cleaned_data.get("outside_author", "").split())
        if name and not bylines.is_plausible_name(name):
            raise ValidationError("Enter a person's name, e.g. “Maya Brennan”.")
        return name

    def clean(self):
        cleaned = super().clean()
        if (
            self.instance.pk
            and self.instance.has_live_status
            and cleaned.get("is_major")
            and not (cleaned.get("public_summary") or "").strip()
        ):
            self.add_error(
                "public_summary",
                "A major change to a live article is listed in its public page history: say in one line "
                "what changed for readers.",
            )
        if self.instance.pk:
            # The row stays locked until this save commits, so two saves cannot both pass.
            current = (
                Article.objects.select_for_update()
                .filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )
            if cleaned.get("loaded_version") != current:
                latest = (
                    ArticleRevision.objects.filter(article_id=self.instance.pk, number=current)
                    .select_related("created_by")
                    .first()
                )
                who = latest.created_by if latest and latest.created_by else "someone else"
                when = (
                    formats.date_format(timezone.localtime(latest.created_at), "j F Y, H:i") if latest else ""
                )
                raise ValidationError(
                    STALE_EDIT_MESSAGE.format(who=who, number=current, when=when), code="stale"
                )
        return cleaned


class SavedViewFilter(admin.SimpleListFilter):
    """The lists people come back to: each is one ArticleQuerySet method."""

    title = "saved view"
    parameter_name = "view"

    def lookups(self, request, model_admin):
        return [
            ("my_drafts", "My drafts"),
            ("awaiting_my_review", "Awaiting my review"),
            ("changes_requested", "Changes requested"),
            ("scheduled", "Scheduled"),
            ("review_overdue", "Review overdue"),
        ]

    def queryset(self, request, queryset):
        views = {
            "my_drafts": lambda: queryset.my_drafts(request.user),
            "awaiting_my_review": lambda: queryset.awaiting_review_by(request.user),
            "changes_requested": lambda: queryset.changes_requested(),
            "scheduled": lambda: queryset.scheduled(),
            "review_overdue": lambda: queryset.review_overdue(),
        }
        view = views.get(self.value())
        return view() if view else queryset


class CorrectionFilter(admin.SimpleListFilter):
    title = "correction"
    parameter_name = "correction"

    def lookups(self, request, model_admin):
        states = (Article.Status.DRAFT, Article.Status.IN_REVIEW, Article.Status.CHANGES_REQUESTED)
        return [(state.value, state.label) for state in (*states, Article.Status.APPROVED)]

    def queryset(self, request, queryset):
        if self.value() in dict(self.lookup_choices):
            return queryset.with_live_status().filter(correction_status=self.value())
        return queryset


def _when(value) -> str:
    return formats.date_format(timezone.localtime(value), "j M Y, H:i")


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    list_display = [
        "title",
        "state",
        "category",
        "medical_reviewer",
        "goes_live",
        "next_review_due",
        "updated_at",
    ]
    list_filter = [
        SavedViewFilter,
        "status",
        CorrectionFilter,
        "category",
        "medical_reviewer",
        "is_featured",
        ("tags", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["category", "medical_reviewer"]
    search_fields = ["title", "slug", "summary"]
    date_hierarchy = "created_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["category", "conditions", "authors", "hero_image"]
    inlines = [SourceInline]
    actions = [
        "submit_selected",
        "approve_selected",
        "publish_selected",
        "unpublish_selected",
        "archive_selected",
    ]
    readonly_fields = [
        "status",
        "correction_status",
        "medical_reviewer",
        "last_reviewed_on",
        "next_review_due",
        "published_at",
        "created_at",
        "updated_at",
        "created_by",
        "origin",
        "origin_site",
        "original_published_at",
        "original_updated_at",
        provenance_views.origin_link,
    ]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "hero_image", "body"]}),
        (
            "Filing",
            {"fields": ["article_type", "category", "tags", "conditions", "is_featured", "comments_open"]},
        ),
        ("People", {"fields": ["authors", "medical_reviewer", "created_by"]}),
        (
            "Where it came from",
            {
                "fields": [
                    "origin",
                    "origin_site",
                    "original_published_at",
                    "original_updated_at",
                    provenance_views.origin_link,
                ],
                "classes": ["collapse"],
            },
        ),
        (
            "Status and dates",
            {
                "fields": [
                    "status",
                    "correction_status",
                    "go_live_at",
                    "last_reviewed_on",
                    "next_review_due",
                    "published_at",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]

    def view_on_site(self, obj):
        # Only a live article has a public page; any other would answer 404.
        return obj.get_absolute_url() if obj.is_live else None

    # --- Who may do what ------------------------------------------------------------

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return workflow.can_edit(request.user, obj)

    def has_submit_permission(self, request):
        return request.user.has_perm(roles.SUBMIT_ARTICLE)

    def has_review_permission(self, request):
        return request.user.has_perm(roles.REVIEW_ARTICLE)

    def has_publish_permission(self, request):
        return request.user.has_perm(roles.PUBLISH_ARTICLE)

    # --- The form -------------------------------------------------------------------

    def get_fieldsets(self, request, obj=None):
        in_words = self._switches_in_words(request, obj)

        def shown(field: str) -> str:
            return self.SWITCHES_IN_WORDS[field] if field in in_words else field

        fieldsets = [
            (name, {**options, "fields": [shown(field) for field in options["fields"]]})
            for name, options in self.fieldsets
        ]
        if obj is None:
            fields = ["outside_author", "change_summary", "loaded_version"]
            fieldsets.append(("About this version", {"fields": fields}))
        elif self.has_change_permission(request, obj):
            about = ["outside_author", "change_summary", "is_major", "loaded_version"]
            if obj.has_live_status:
                about.insert(3, "public_summary")
            fieldsets.append(("About this change", {"fields": about}))
        return fieldsets

    # A read-only tick or cross reads like an error to a writer: these switches are
    # shown in words ("Yes"/"No") wherever they cannot be changed.
    SWITCHES_IN_WORDS = {"is_featured": "is_featured_in_words", "comments_open": "comments_open_in_words"}

    def _switches_in_words(self, request, obj) -> set[str]:
        if obj is not None and not self.has_change_permission(request, obj):
            return set(self.SWITCHES_IN_WORDS)  # the whole page is read-only
        return set() if self.has_publish_permission(request) else {"is_featured"}

    @admin.display(description="Is featured")
    def is_featured_in_words(self, obj):
        return "Yes" if obj.is_featured else "No"

    @admin.display(description="Comments open")
    def comments_open_in_words(self, obj):
        return "Yes" if obj.comments_open else "No"

    def get_readonly_fields(self, request, obj=None):
        fields = list(self.readonly_fields)
        fields += [self.SWITCHES_IN_WORDS[name] for name in sorted(self._switches_in_words(request, obj))]
        if not self.has_publish_permission(request):
            fields += ["go_live_at"]
        if obj is not None and obj.has_live_status:
            # The address readers know stays put, and going live again is a workflow step.
            fields += [name for name in ("slug", "go_live_at") if name not in fields]
        return fields

    def get_prepopulated_fields(self, request, obj=None):
        if obj is not None and obj.has_live_status:
            return {}
        return super().get_prepopulated_fields(request, obj)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        contributor = getattr(request.user, "contributor", None)
        if contributor is not None and "authors" not in initial:
            initial["authors"] = [contributor.pk]
        return initial

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

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        pending = obj.pending_revision() if obj is not None and obj.pk else None
        # Those who may only look see the live sources; editors edit the correction's.
        if (
            isinstance(inline, SourceInline)
            and pending is not None
            and self.has_change_permission(request, obj)
        ):
            kwargs["pending_sources"] = revisions.source_initial(pending.content)
        return kwargs

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("tags")

    # --- Saving ---------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        warning = embed.outside_pictures_warning(form.cleaned_data.get("body", ""))
        if warning:
            self.message_user(request, warning, messages.WARNING)
        if change and obj.has_live_status:
            # The live row is left alone; save_related() keeps the edit as a correction.
            filing = [name for name in ("is_featured", "article_type") if name in form.changed_data]
            if filing:
                # Featuring and the type are not text, so they need no review; save them
                # through the model so anything listening for saves (cache purges) hears of it.
                live = Article.objects.get(pk=obj.pk)
                for name in filing:
                    setattr(live, name, getattr(obj, name))
                live.save(update_fields=filing)
            return
        if change:
            workflow.keep_baseline(obj)
        else:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        article = form.instance
        if form.cleaned_data.get("outside_author"):
            bylines.credit_in_form(form.cleaned_data)
        summary = form.cleaned_data.get("change_summary", "")
        is_major = form.cleaned_data.get("is_major", False)
        if change and article.has_live_status:
            source_formset = next((fs for fs in formsets if isinstance(fs, SourceFormSet)), None)
            content = revisions.snapshot_from_form_data(
                form.cleaned_data, source_formset.kept_rows() if source_formset else []
            )
            if source_formset is None:
                # Sources were not on the form: keep the ones the correction (or live text) has.
                pending = article.pending_revision()
                content["sources"] = (pending.content if pending else revisions.snapshot_of(article))[
                    "sources"
                ]
            revision = workflow.propose_correction(
                article, by=request.user, content=content, change_summary=summary, is_major=is_major
            )
            public_summary = form.cleaned_data.get("public_summary", "").strip()
            if revision is not None and public_summary:
                # Read by workflow.publish_correction for the page history.
                ArticleRevision.objects.filter(pk=revision.pk).update(public_summary=public_summary)
            for formset in formsets:
                # Nothing was saved from the formsets; the change message reads these.
                formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
            featured = ""
            if "is_featured" in form.changed_data:
                now = "now featured" if article.is_featured else "no longer featured"
                featured = f"“{article}” is {now} on the home page. "
            if revision is None:
                self.message_user(
                    request, f"{featured}The text is unchanged, so no correction was saved.", messages.INFO
                )
            else:
                self.message_user(
                    request,
                    f"{featured}Saved as a correction (version {revision.number}). Readers still see the "
                    "published text until the correction is medically reviewed and published.",
                    messages.WARNING,
                )
            return
        super().save_related(request, form, formsets, change)
        status_before = article.status
        workflow.record_edit(article, by=request.user, change_summary=summary, is_major=is_major)
        if article.status != status_before:
            self.message_user(
                request,
                "This edit cancelled the earlier medical approval, so the article is back in review.",
                messages.WARNING,
            )

    def response_change(self, request, obj):
        if not obj.has_live_status:
            return super().response_change(request, obj)
        # save_related() has said what became of the edit to a live article (kept as a
        # correction, or nothing to keep); the stock "was changed successfully" would
        # contradict "no correction was saved", so it is left out, and only it: it is
        # the one message below the warning level that the stock response adds.
        level = messages.get_level(request)
        messages.set_level(request, messages.WARNING)
        try:
            return super().response_change(request, obj)
        finally:
            messages.set_level(request, level)

    # --- The change page ------------------------------------------------------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "POST":
            article = self.get_object(request, unquote(object_id))
            if (
                article is not None
                and self.has_view_permission(request, article)
                and not self.has_change_permission(request, article)
            ):
                # Typically it was submitted or published while this person was
                # editing: say so, and give their text back rather than a bare 403.
                return staff_views.edit_refused(request, article, model_admin=self, status=409)
        return super().change_view(request, object_id, form_url, extra_context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            # Django runs the whole save (article, sources, tags, new version) in one transaction.
            return super().changeform_view(request, object_id, form_url, extra_context)
        except DatabaseError:
            if request.method != "POST":
                raise
            logger.exception("Saving article %s failed; the save was rolled back", object_id or "(new)")
            article = None
            if object_id:
                try:
                    article = self.get_object(request, unquote(object_id))
                except DatabaseError:
                    pass
            problem = staff_views.database_problem("Your changes")
            return staff_views.edit_refused(request, article, model_admin=self, status=503, problem=problem)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context.update(staff_views.workflow_context(request, obj, model_admin=self))
        return super().render_change_form(request, context, add, change, form_url, obj)

    # --- The newsroom's pages (articles.staff_views) -------------------------------

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        wrap = self.admin_site.admin_view
        mine = {"model_admin": self}
        return [
            path("inbox/", wrap(staff_views.inbox), mine, name=f"{name}_inbox"),
            path("review-due/", wrap(staff_views.review_due), mine, name=f"{name}_review_due"),
            path(
                "<int:object_id>/workflow/<slug:action>/",
                wrap(staff_views.transition),
                mine,
                name=f"{name}_transition",
            ),
            # Not wrapped: anyone but staff gets a 404 here, not a login page.
            path("<int:object_id>/preview/", staff_views.preview, mine, name=f"{name}_preview"),
            path(
                "<int:object_id>/versions/<int:number>/preview/",
                staff_views.preview,
                mine,
                name=f"{name}_version_preview",
            ),
            path(
                "<int:object_id>/versions/<int:number>/",
                wrap(staff_views.version),
                mine,
                name=f"{name}_version",
            ),
            path(
                "<int:object_id>/versions/<int:number>/restore/",
                wrap(staff_views.restore),
                mine,
                name=f"{name}_restore",
            ),
            path("<int:object_id>/compare/", wrap(staff_views.compare), mine, name=f"{name}_compare"),
            path(
                "<int:object_id>/origin/",
                wrap(partial(provenance_views.origin_view, admin_site=self.admin_site)),
                name=f"{name}_origin",
            ),
            path(
                "<int:object_id>/checklist/<slug:item>/waive/",
                wrap(staff_views.waive),
                mine,
                name=f"{name}_waive",
            ),
            path("source-links/", wrap(staff_views.source_links), mine, name=f"{name}_source_links"),
            *super().get_urls(),
        ]

    # --- The list -------------------------------------------------------------------

    @admin.display(description="Status", ordering="status")
    def state(self, obj):
        return obj.get_review_state_display()

    @admin.display(description="Goes live", ordering="go_live_at")
    def goes_live(self, obj):
        if obj.go_live_at is None:
            return "–"
        if obj.status == Article.Status.SCHEDULED and obj.go_live_at > timezone.now():
            return f"Scheduled for {_when(obj.go_live_at)}"
        return _when(obj.go_live_at)

    def _bulk(self, request, queryset, action):
        done, refused = 0, []
        for article in queryset:
            try:
                workflow.perform(action, article, by=request.user)
            except workflow.InvalidTransition as exc:
                refused.append(f"“{article}” was not changed: {exc}")
            except DatabaseError:
                logger.exception(
                    "Workflow step %r on article %s failed and was rolled back", action, article.pk
                )
                refused.append(staff_views.database_problem(f"“{article}”"))
            else:
                done += 1
        if done:
            self.message_user(request, f"Done for {done} article(s).", messages.SUCCESS)
        for message in refused:
            self.message_user(request, message, messages.WARNING)

    @admin.action(description="Submit selected articles for review", permissions=["submit"])
    def submit_selected(self, request, queryset):
        self._bulk(request, queryset, workflow.Action.SUBMIT)

    @admin.action(description="Approve selected articles (medical sign-off)", permissions=["review"])
    def approve_selected(self, request, queryset):
        self._bulk(request, queryset, workflow.Action.APPROVE)

    @admin.action(description="Publish selected articles now", permissions=["publish"])
    def publish_selected(self, request, queryset):
        self._bulk(request, queryset, workflow.Action.PUBLISH)

    @admin.action(description="Unpublish selected articles", permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        self._bulk(request, queryset, workflow.Action.UNPUBLISH)

    @admin.action(description="Archive selected articles", permissions=["publish"])
    def archive_selected(self, request, queryset):
        self._bulk(request, queryset, workflow.Action.ARCHIVE)
