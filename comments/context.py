"""What the article page needs to show its comment section.

The article view calls ``comment_section(request, article)`` and merges the result
into its template context; ``templates/comments/section.html`` renders it, with the
threads written by ``comments.render``. Keeping
both here lets the comments app grow without touching the article view.

A view that has just refused a comment re-renders the article page with the bound
form on ``request.comment_form``, so the reader sees why and keeps what they typed.

The section costs the same number of queries however many comments there are:
one for the comments (the reader's own pending ones included), one for a
logged-in reader's ban. Anonymous readers all see the same list, so it is
rendered once and kept as a fragment until a comment on the article changes
(healthsite/pagecache.py): then it costs no query at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import quote

from django.contrib.auth import get_user_model
from django.db.models import Case, Q, When
from django.db.models.functions import Coalesce
from django.urls import reverse

from comments import moderation
from comments.forms import CommentForm
from comments.models import Comment
from comments.render import render_threads
from healthsite import pagecache


@dataclass(slots=True)
class ShownComment:
    """What the list shows of one comment: lighter to load than a model instance."""

    pk: int
    parent_id: int | None
    author_id: int | None  # None: imported from another site
    author_name: str
    text: str
    status: str
    is_safeguarding: bool
    created_at: datetime
    thread_replies: list = field(default_factory=list)
    is_removed: bool = False

    @property
    def is_visible(self) -> bool:
        return self.status == Comment.Status.APPROVED  # as Comment.is_visible

    @property
    def is_own_pending(self) -> bool:
        # Only a reader's own pending comments are ever loaded.
        return self.status == Comment.Status.PENDING


@dataclass
class RemovedComment:
    """Stands in for a removed comment that still has published replies."""

    pk: int
    thread_replies: list = field(default_factory=list)
    is_removed: bool = True


def comment_section(request, article) -> dict:
    user = request.user
    form_url = f"{article.get_absolute_url()}#comment-form" if article.pk else ""
    context = {
        "comments": [],
        "comment_count": 0,
        "comment_form": None,
        "comments_open": moderation.are_comments_open(article),
        "comment_login_url": f"{reverse('login')}?next={quote(form_url)}",
        "comment_signup_url": f"{reverse('signup')}?next={quote(form_url)}",
        "comment_is_banned": False,
        "comment_reply_to": None,
        "comment_needs_help": False,
    }
    if article.pk is None:  # an unsaved article in a staff preview has no comments yet
        return context

    if not user.is_authenticated:
        # Every anonymous reader sees the same list: render it once per change.

        def render_list():
            threads, _, count, _ = _threads(article, user)
            return render_threads(threads, article=article, user=user, can_reply=False), count

        cached = pagecache.cached_fragment("comments", article.get_absolute_url(), render_list)
        context["comments_html"], context["comment_count"] = cached
        return context

    threads, by_pk, count, needs_help = _threads(article, user)
    context["comment_count"] = count
    context["comment_needs_help"] = needs_help
    if user.is_authenticated:
        context["comment_is_banned"] = moderation.is_banned(user)
    if context["comments_open"] and not context["comment_is_banned"]:
        form = getattr(request, "comment_form", None)
        if form is None:
            reply_to = _visible_thread(by_pk, request.GET.get("reply_to"))
            form = CommentForm(initial={"parent": reply_to.pk if reply_to else None})
        else:
            reply_to = _visible_thread(by_pk, form.data.get("parent"))
        context["comment_form"] = form
        context["comment_reply_to"] = reply_to
    context["comments_html"] = render_threads(
        threads, article=article, user=user, can_reply=context["comment_form"] is not None
    )
    return context


def _threads(article, user) -> tuple[list, dict, int, bool]:
    """The visible comments as threads: ``(threads, top-level by pk, count, needs help)``."""
    visible = Q(status=Comment.Status.APPROVED)
    if user.is_authenticated:
        visible |= Q(status=Comment.Status.PENDING, author=user)
    # An imported comment shows the name and date it was posted under on the old site.
    name = Case(
        When(is_imported=True, then="original_author_name"),
        default=f"author__{get_user_model().USERNAME_FIELD}",
    )
    rows = [
        ShownComment(*values)
        for values in Comment.objects.filter(article=article)
        .filter(visible)
        .values_list(
            "pk",
            "parent_id",
            "author_id",
            name,
            "text",
            "status",
            "is_safeguarding",
            Coalesce("original_posted_at", "created_at"),
        )
    ]

    threads, by_pk = [], {}
    for comment in rows:
        if comment.parent_id is None:
            threads.append(comment)
            by_pk[comment.pk] = comment
    for comment in rows:
        if comment.parent_id is None:
            continue
        parent = by_pk.get(comment.parent_id)
        if parent is None:
            # The reply stays readable under a marker where its parent was.
            parent = by_pk[comment.parent_id] = RemovedComment(pk=comment.parent_id)
            threads.append(parent)
        parent.thread_replies.append(comment)
    count = sum(1 for comment in rows if comment.is_visible)
    needs_help = any(c.is_own_pending and c.is_safeguarding for c in rows)
    return threads, by_pk, count, needs_help


def _visible_thread(by_pk: dict, raw) -> ShownComment | None:
    """The published top-level comment a reader is replying to, if ``raw`` names one on this page."""
    try:
        comment = by_pk.get(int(raw))
    except (TypeError, ValueError):
        return None
    if isinstance(comment, ShownComment) and comment.is_visible:
        return comment
    return None
