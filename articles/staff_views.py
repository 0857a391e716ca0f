"""The newsroom's own pages for articles, in the admin.

The inbox, the reviews due, an article's versions (one version, comparing two,
restoring one), the preview, and the workflow buttons' target. ``ArticleAdmin``
holds the declarations and wires these views under its own address in
``get_urls()``, passing itself as ``model_admin``: the views ask it who may see
and change what, and render inside the admin's frame. State changes go through
``articles.workflow`` like everywhere else.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import DatabaseError
from django.db.models import F
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_POST

from accounts.roles import VIEW_FEEDBACK
from articles import checklist, notifications, revisions, workflow
from articles.models import Article, Source, SourceLinkCheck
from articles.views import render_article
from feedback.models import PageFeedback, with_helpfulness

logger = logging.getLogger(__name__)


def database_problem(what: str) -> str:
    """What people are told when the database failed part-way through saving ``what``.

    Every workflow step is one transaction, so it is rolled back whole and can
    simply be tried again.
    """
    return (
        f"{what} could not be saved because of a problem with the database. "
        "Nothing was changed: please try again in a moment."
    )


def _page(request, model_admin, template: str, title: str, status: int = 200, **context):
    """``template`` inside the admin's frame (header, breadcrumbs, user links)."""
    return TemplateResponse(
        request,
        template,
        {
            **model_admin.admin_site.each_context(request),
            "opts": model_admin.opts,
            "title": title,
            **context,
        },
        status=status,
    )


def _viewable_article(request, model_admin, object_id) -> Article:
    article = model_admin.get_object(request, str(object_id))
    if article is None:
        raise Http404("No such article.")
    if not model_admin.has_view_or_change_permission(request, article):
        raise PermissionDenied
    return article


def _change_url(article: Article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


# --- The article's own page -------------------------------------------------------


def workflow_context(request, article: Article, *, model_admin) -> dict:
    """What the change page shows beside the form: the workflow buttons, approvals, history, versions."""
    versions = list(
        article.revisions.select_related("created_by").prefetch_related("approvals").order_by("-number")
    )
    pending = article.pending_revision()
    in_review = article.review_state == Article.Status.IN_REVIEW
    current = next((v for v in versions if v.number == article.version), None)
    can_edit = model_admin.has_change_permission(request, article)
    rows = []
    for version in versions:
        if pending and version.number == pending.number:
            label = "Pending correction"
        elif version.pk == article.live_revision_id:
            label = "Live" if article.has_live_status else "Last published"
        else:
            label = ""
        rows.append(
            {
                "revision": version,
                "label": label,
                "can_restore": can_edit and version.number != article.version,
            }
        )
    return {
        **quality_context(request, article),
        "workflow_options": workflow.options_for(request.user, article),
        "pending_revision": pending,
        "review_approvals": list(current.approvals.all()) if current and in_review else [],
        "required_approvals": workflow.required_approvals(article) if in_review else None,
        "status_changes": article.status_changes.select_related("actor", "revision"),
        "version_rows": rows,
        "note_max_length": workflow.NOTE_MAX_LENGTH,
    }


def quality_context(request, article: Article) -> dict:
    """The pre-publish checklist and readability report for the version under review, and
    (for editors) what readers said about the page."""
    context = {
        "checklist": checklist.checklist_for(article),
        "can_waive": checklist.can_waive(request.user),
        "page_history": list(article.page_history.all()),
    }
    if request.user.has_perm(VIEW_FEEDBACK):
        answers = PageFeedback.objects.filter(article=article).recent()
        context["feedback"] = {
            **answers.tally(),
            "comments": list(answers.exclude(looking_for="")[:10]),
        }
    return context


@require_POST
def waive(request, object_id: int, item: str, *, model_admin):
    """An editor lets one failing checklist item through on the version under review, with a note."""
    article = _viewable_article(request, model_admin, object_id)
    if not checklist.can_waive(request.user):
        raise PermissionDenied
    try:
        waiver = checklist.waive(article, item=item, by=request.user, note=request.POST.get("note", ""))
    except checklist.CannotWaive as exc:
        model_admin.message_user(request, str(exc), messages.ERROR)
    except DatabaseError:
        logger.exception("Waiving %r on article %s failed and was rolled back", item, article.pk)
        model_admin.message_user(request, database_problem("The waiver"), messages.ERROR)
    else:
        model_admin.message_user(
            request, f"“{waiver.item_label}” is waived for version {waiver.version}. Reviewers see your note."
        )
    return redirect(_change_url(article) + "#checklist-heading")


def edit_refused(request, article: Article | None, *, model_admin, status: int, problem: str = ""):
    """A page giving back what was typed into an article form that could not be saved."""
    return _page(
        request,
        model_admin,
        "admin/articles/article/edit_refused.html",
        "Your changes could not be saved",
        status=status,
        original=article,
        problem=problem,
        submitted=[
            (label, request.POST.get(name, ""))
            for name, label in (("title", "Title"), ("summary", "Summary"), ("body", "Body"))
        ],
    )


@require_POST
def transition(request, object_id: int, action: str, *, model_admin):
    """A workflow button: take ``action`` on the article, then back to its page with the outcome."""
    article = _viewable_article(request, model_admin, object_id)
    label = "That step"
    try:
        label = workflow.label_for(action, article)
        workflow.perform(action, article, by=request.user, note=request.POST.get("note", ""))
    except workflow.InvalidTransition as exc:
        model_admin.message_user(request, str(exc), messages.ERROR)
    except DatabaseError:
        logger.exception("Workflow step %r on article %s failed and was rolled back", action, article.pk)
        model_admin.message_user(request, database_problem(f"“{label}”"), messages.ERROR)
    else:
        model_admin.message_user(
            request, f"{label}: done. “{article}” is now {article.get_review_state_display().lower()}."
        )
    return redirect(_change_url(article))


def preview(request, object_id: int, number: int | None = None, *, model_admin):
    """The article (or version ``number`` of it) as readers would see it; staff only, never cached.

    Not behind the admin's login page: anyone but staff gets a 404, as for any
    article readers cannot see.
    """
    user = request.user
    if not (user.is_active and user.is_staff and model_admin.has_view_or_change_permission(request)):
        raise Http404
    article = (
        Article.objects.select_related("category", "medical_reviewer", "hero_image")
        .prefetch_related("authors", "sources", "tags", "conditions")
        .filter(pk=object_id)
        .first()
    )
    if article is None:
        raise Http404("No such article.")
    if number is not None:
        revision = article.revisions.filter(number=number).first()
        if revision is None:
            raise Http404("No such version.")
        article = revisions.preview_article(article, revision.content)
    response = render_article(request, article, preview=True)
    add_never_cache_headers(response)
    return response


# --- Versions ---------------------------------------------------------------------


def version(request, object_id: int, number: int, *, model_admin):
    """One saved version: its content field by field, its approvals, and a restore button."""
    article = _viewable_article(request, model_admin, object_id)
    revision = (
        article.revisions.filter(number=number)
        .select_related("created_by")
        .prefetch_related("approvals")
        .first()
    )
    if revision is None:
        raise Http404("No such version.")
    can_restore = model_admin.has_change_permission(request, article) and revision.number != article.version
    return _page(
        request,
        model_admin,
        "admin/articles/article/version.html",
        f"Version {revision.number} of “{article}”",
        original=article,
        revision=revision,
        fields=revisions.describe_content(revision.content),
        can_restore=can_restore,
    )


@require_POST
def restore(request, object_id: int, number: int, *, model_admin):
    """Bring back version ``number`` as a new version (on a live article: as a correction)."""
    article = _viewable_article(request, model_admin, object_id)
    if not model_admin.has_change_permission(request, article):
        raise PermissionDenied
    try:
        revision = workflow.restore(
            article, by=request.user, number=number, is_major=bool(request.POST.get("is_major"))
        )
    except workflow.InvalidTransition as exc:
        model_admin.message_user(request, str(exc), messages.ERROR)
    else:
        if revision is None:
            model_admin.message_user(request, f"Version {number} has the same text as now; nothing changed.")
        elif article.has_live_status:
            model_admin.message_user(
                request,
                f"Version {number} restored as a correction (version {revision.number}); readers see the "
                "published text until it is reviewed and published.",
                messages.WARNING,
            )
        else:
            model_admin.message_user(request, f"Version {number} restored as version {revision.number}.")
    return redirect(_change_url(article))


def compare(request, object_id: int, *, model_admin):
    """Two versions side by side (``?from=`` and ``?to=``: a version number or ``live``)."""
    article = _viewable_article(request, model_admin, object_id)
    pending = article.pending_revision()
    default_old = "live" if pending or not article.version else str(max(article.version - 1, 1))
    old_key = request.GET.get("from", default_old)
    new_key = request.GET.get("to", str(article.version) if article.version else "live")
    old_label, old = _version_content(article, old_key)
    new_label, new = _version_content(article, new_key)
    return _page(
        request,
        model_admin,
        "admin/articles/article/compare.html",
        f"Compare versions of “{article}”",
        original=article,
        old_label=old_label,
        new_label=new_label,
        old_key=old_key,
        new_key=new_key,
        diffs=revisions.compare(old, new),
        choices=[("live", _live_label(article))]
        + [(str(n), f"Version {n}") for n in article.revisions.values_list("number", flat=True)],
    )


def _live_label(article: Article) -> str:
    return "The live text" if article.has_live_status else "The article as it stands"


def _version_content(article: Article, key: str) -> tuple[str, dict]:
    if key == "live":
        return _live_label(article), revisions.snapshot_of(article)
    is_number = key.isascii() and key.isdigit() and len(key) < 10
    revision = article.revisions.filter(number=int(key)).first() if is_number else None
    if revision is None:
        raise Http404("No such version.")
    return f"Version {revision.number}", revision.content


# --- Lists ------------------------------------------------------------------------


def inbox(request, *, model_admin):
    """What is waiting for the person looking, by role (``notifications.inbox``)."""
    if not model_admin.has_view_or_change_permission(request):
        raise PermissionDenied
    return _page(
        request,
        model_admin,
        "admin/articles/article/inbox.html",
        "Your inbox",
        sections=notifications.inbox(request.user),
    )


def review_due(request, *, model_admin):
    """Articles whose medical review is overdue, and those due within ``REVIEW_DUE_SOON_DAYS``.

    Least helpful to readers first (``?order=helpful``, the default), or by date (``?order=due``).
    """
    if not model_admin.has_view_or_change_permission(request):
        raise PermissionDenied
    today = timezone.localdate()
    soon = today + timedelta(days=settings.REVIEW_DUE_SOON_DAYS)
    order = "due" if request.GET.get("order") == "due" else "helpful"
    articles = with_helpfulness(Article.objects.select_related("medical_reviewer", "category"))
    if order == "helpful":
        articles = articles.order_by(F("helpful_percent").asc(nulls_last=True), "next_review_due", "pk")
    else:
        articles = articles.order_by("next_review_due", "pk")
    return _page(
        request,
        model_admin,
        "admin/articles/article/review_due.html",
        "Medical reviews due",
        overdue=articles.review_overdue(on=today),
        due_soon=articles.review_due_between(today, soon),
        soon_days=settings.REVIEW_DUE_SOON_DAYS,
        today=today,
        order=order,
    )


def source_links(request, *, model_admin):
    """Sources whose links ``check_sources`` found broken, moved or unreachable, with their articles."""
    if not model_admin.has_view_or_change_permission(request):
        raise PermissionDenied
    problems = SourceLinkCheck.objects.exclude(
        outcome__in=[SourceLinkCheck.Outcome.OK, SourceLinkCheck.Outcome.RESTRICTED]
    ).order_by("outcome", "url")
    paginator = Paginator(problems, 100)
    page = paginator.get_page(request.GET.get("page"))
    checks = list(page.object_list)
    used_by: dict[str, list[Article]] = {}
    for source in (
        Source.objects.filter(url__in=[check.url for check in checks])
        .exclude(article__status=Article.Status.ARCHIVED)
        .select_related("article")
        .order_by("article__title")
    ):
        used_by.setdefault(source.url, []).append(source.article)
    return _page(
        request,
        model_admin,
        "admin/articles/article/source_links.html",
        "Source links that need attention",
        rows=[(check, used_by.get(check.url, [])) for check in checks],
        page=page,
        last_run=SourceLinkCheck.objects.order_by("-checked_at").values_list("checked_at", flat=True).first(),
    )
