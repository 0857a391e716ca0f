"""What the article page needs to show its comment section.

The article view finds the article through ``with_reader_standing`` (so a logged-in
reader's standing comes with it), calls ``comment_section(request, article)`` and
merges the result into its template context; ``templates/comments/section.html``
renders it, with the list in ``comments/thread.html``. Keeping both here lets the
comments app grow without touching the article view.

A view that has just refused a comment re-renders the article page with the bound
form on ``request.comment_form``, so the reader sees why and keeps what they typed.

The list is the same for every reader who has no comment of their own on the
article (whether they may reply aside), so the template keeps it with
``{% cache %}`` for them; a reader with comments of their own, who may see one
awaiting moderation, gets it fresh. The section costs the same number of queries
however many comments there are.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

from django.contrib.auth import get_user_model
from django.db.models import Case, Exists, OuterRef, Q, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from comments import moderation
from comments.forms import CommentForm
from comments.models import Comment


@dataclass(slots=True)
class ShownComment:
    """One row of the list, in the order shown: each thread's first comment, then its replies.

    ``opens_replies`` and ``closes_thread`` tell the template where a thread's
    replies start and end, so one loop writes the nested threads.
    """

    pk: int
    parent_id: int | None
    author_id: int | None  # None: imported from another site
    author_name: str
    text: str
    status: str
    is_safeguarding: bool
    created_at: datetime | None
    is_removed: bool = False
    # A reply under a removed comment, which cannot be replied to.
    in_removed_thread: bool = False
    opens_replies: bool = False
    closes_thread: bool = False

    @property
    def is_reply(self) -> bool:
        return self.parent_id is not None

    @property
    def is_visible(self) -> bool:
        return self.status == Comment.Status.APPROVED  # as Comment.is_visible

    @property
    def is_own_pending(self) -> bool:
        # Only a reader's own pending comments are ever loaded.
        return self.status == Comment.Status.PENDING


def comment_section(request, article) -> dict:
    user = request.user
    form_url = f"{article.get_absolute_url()}#comment-form"
    is_banned, has_own = _standing(user, article)
    comments_open = moderation.are_comments_open(article)
    may_post = user.is_authenticated and comments_open and not is_banned
    rows = SimpleLazyObject(lambda: comment_rows(article, user if has_own else None))
    context = {
        "comment_rows": rows,
        "comment_count": SimpleLazyObject(lambda: sum(1 for row in rows if row.is_visible)),
        "comment_can_reply": may_post,
        # The variant of the list kept for everyone in the same position; None: not kept.
        "comment_list_variant": None if has_own else ("reply" if may_post else "read"),
        "comment_needs_help": has_own and any(row.is_own_pending and row.is_safeguarding for row in rows),
        "comments_open": comments_open,
        "comment_login_url": f"{reverse('login')}?next={quote(form_url)}",
        "comment_signup_url": f"{reverse('signup')}?next={quote(form_url)}",
        "comment_is_banned": is_banned,
        "comment_form": None,
        "comment_reply_to": None,
    }
    if may_post:
        form = getattr(request, "comment_form", None)
        raw_parent = form.data.get("parent") if form is not None else request.GET.get("reply_to")
        context["comment_reply_to"] = _reply_to(article, raw_parent)
        if form is None:
            reply_to = context["comment_reply_to"]
            form = CommentForm(initial={"parent": reply_to.pk if reply_to else None})
        context["comment_form"] = form
    return context


def with_reader_standing(articles, user):
    """``articles`` with ``reader_is_banned`` and ``reader_has_commented`` for ``user``.

    The article page asks for them in the statement that finds the article, so a
    logged-in reader's standing costs no query of its own. Nothing is added for an
    anonymous reader, who has no standing.
    """
    if not user.is_authenticated:
        return articles
    return articles.annotate(
        reader_is_banned=Exists(moderation.bans_of(user.pk)),
        reader_has_commented=Exists(Comment.objects.filter(article=OuterRef("pk"), author=user.pk)),
    )


def _standing(user, article) -> tuple[bool, bool]:
    """``(banned, has commented on article)`` for ``user``: read with the article when
    it was found through ``with_reader_standing``, else in one query (none when anonymous)."""
    if not user.is_authenticated:
        return False, False
    if not hasattr(article, "reader_is_banned"):
        article = with_reader_standing(type(article).objects.filter(pk=article.pk).only("pk"), user).first()
        if article is None:
            return False, False
    return article.reader_is_banned, article.reader_has_commented


def comment_rows(article, reader=None) -> list[ShownComment]:
    """The published comments on ``article`` (and ``reader``'s own awaiting
    moderation), as ``ShownComment`` rows in the order shown, threads oldest first.

    A removed comment that still has published replies stays as a marker, so the
    replies keep their place.
    """
    visible = Q(status=Comment.Status.APPROVED)
    if reader is not None:
        visible |= Q(status=Comment.Status.PENDING, author=reader)
    # An imported comment shows the name and date it was posted under on the old site.
    name = Case(
        When(is_imported=True, then="original_author_name"),
        default=f"author__{get_user_model().USERNAME_FIELD}",
    )
    fields = ("pk", "parent_id", "author_id", name, "text", "status", "is_safeguarding")
    found = [
        ShownComment(*values)
        for values in Comment.objects.filter(visible, article=article).values_list(
            *fields, Coalesce("original_posted_at", "created_at")
        )
    ]
    for comment in found:
        # Shown to the second: HTML's <time> takes at most three digits of a second.
        comment.created_at = comment.created_at.replace(microsecond=0)
    threads: dict[int, list[ShownComment]] = {}
    for comment in found:
        if comment.parent_id is None:
            threads.setdefault(comment.pk, []).insert(0, comment)
    for comment in found:
        if comment.parent_id is not None:
            thread = threads.get(comment.parent_id)
            if thread is None:  # the reply's parent is no longer shown
                marker = ShownComment(comment.parent_id, None, None, "", "", "", False, None, is_removed=True)
                thread = threads[comment.parent_id] = [marker]
            comment.in_removed_thread = thread[0].is_removed
            thread.append(comment)
    rows = []
    for thread in threads.values():
        if len(thread) > 1:
            thread[0].opens_replies = True
        thread[-1].closes_thread = True
        rows += thread
    return rows


def _reply_to(article, raw) -> Comment | None:
    """The published top-level comment a reader is replying to, if ``raw`` names one on this page."""
    try:
        pk = int(raw)
    except (TypeError, ValueError):
        return None
    return (
        Comment.objects.approved()
        .filter(article=article, parent=None, pk=pk)
        .select_related("author")
        .first()
    )
