"""The comment threads under an article, as HTML.

An article can carry hundreds of comments, and a template include per comment
costs more than the rest of the page together, so the list is written here with
plain string building instead. Every piece of reader-supplied text (names,
comments) goes through ``html.escape`` (what Django's own ``escape`` calls, without
its lazy-string wrapper); nothing a reader typed is ever marked safe.

``comments.context.comment_section`` calls ``render_threads``; the threads come
from its ``_threads`` (top-level comments, each with ``thread_replies``).
"""

from __future__ import annotations

import re
from html import escape

from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.safestring import SafeString, mark_safe

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# A comment number that cannot occur in a real address, swapped for each comment's own.
_PK_MARK = 987654321


def render_threads(threads, *, article, user, can_reply: bool) -> SafeString:
    """HTML for ``threads``; reply links only when ``can_reply`` (the reader may post)."""
    if not threads:
        return mark_safe("<p>No comments yet.</p>")
    renderer = _Renderer(article, user, can_reply)
    return mark_safe("\n".join(renderer.thread(thread) for thread in threads))  # noqa: S308 (escaped above)


class _Renderer:
    def __init__(self, article, user, can_reply: bool):
        self.reply_url = escape(article.get_absolute_url()) + "?reply_to={}#comment-form"
        self.report_url = reverse("comments:report", args=[_PK_MARK]).replace(str(_PK_MARK), "{}")
        self.user_pk = user.pk  # None for an anonymous reader
        self.can_reply = can_reply
        self.dates: dict = {}  # many comments share a day: format each day once

    def thread(self, comment) -> str:
        parts = [f'<article class="comment" id="comment-{comment.pk}">']
        if getattr(comment, "is_removed", False):
            parts.append('<p class="comment-meta comment-removed">This comment has been removed.</p>')
        else:
            parts.append(self.comment(comment, thread=comment))
        if comment.thread_replies:
            parts.append('<div class="comment-replies">')
            for reply in comment.thread_replies:
                parts.append(
                    f'<article class="comment comment-reply" id="comment-{reply.pk}">'
                    f"{self.comment(reply, thread=comment)}</article>"
                )
            parts.append("</div>")
        parts.append("</article>")
        return "\n".join(parts)

    def comment(self, comment, *, thread) -> str:
        name = escape(comment.author_name)
        machine_date, shown_date = self.date(comment.created_at)
        parts = [
            f'<p class="comment-meta">By <bdi>{name}</bdi> on '
            f'<time datetime="{machine_date}">{shown_date}</time></p>'
        ]
        if comment.is_own_pending:
            parts.append(
                '<p class="comment-status"><strong>Awaiting moderation.</strong> '
                "Only you can see this until a moderator approves it.</p>"
            )
        parts.append(f'<div class="comment-text" dir="auto">{_text(comment.text)}</div>')
        if comment.is_visible:
            links = []
            if self.can_reply and not getattr(thread, "is_removed", False):
                links.append(
                    f'<a href="{self.reply_url.format(thread.pk)}" aria-label="Reply to {name}">Reply</a>'
                )
            if comment.author_id is None or comment.author_id != self.user_pk:
                links.append(
                    f'<a href="{self.report_url.format(comment.pk)}" rel="nofollow" '
                    f'aria-label="Report this comment by {name}">Report</a>'
                )
            parts.append(f'<p class="comment-actions">{" ".join(links)}</p>')
        return "\n".join(parts)

    def date(self, moment) -> tuple[str, str]:
        """``(ISO 8601 time, "5 March 2026")`` in the site's time zone."""
        local = timezone.localtime(moment)
        day = local.date()
        if day not in self.dates:
            self.dates[day] = dateformat.format(local, "j F Y")
        return local.isoformat(), self.dates[day]


def _text(text: str) -> str:
    """A comment's text, escaped, with its line breaks kept (as Django's ``linebreaksbr``)."""
    return "<br>".join(escape(line) for line in _LINE_BREAK.split(text))
