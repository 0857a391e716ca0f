"""Comment moderation: the only code that creates comments or changes their state.

Readers post and report through here, and the importer stores old comments (held)
through here; moderators approve, reject, mark spam, ban
and unban through here, from the admin and from views alike. Every moderator
decision, and every change the site makes on its own (hiding a comment after
reader reports), writes a ``ModerationLogEntry``: who, when, what, reason, note.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from comments import screening
from comments.models import (
    Comment,
    CommentReport,
    ModerationLogEntry,
    ModerationSettings,
    ReaderBan,
    Reason,
    WatchedPhrase,
)


class CommentRefused(Exception):
    """A reader's post or report was not accepted; ``message`` says why in plain words."""

    def __init__(self, message: str, *, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


class ModerationError(ValueError):
    """A moderator asked for something that cannot be done; ``str()`` says why."""


# --- Rules readers meet -------------------------------------------------------


def comments_close_at(article) -> datetime | None:
    """When comments close on their own: ``COMMENTS_CLOSE_AFTER_DAYS`` after publication (None: never)."""
    days = settings.COMMENTS_CLOSE_AFTER_DAYS
    published = article.published_at or article.go_live_at
    if not days or published is None:
        return None
    return published + timedelta(days=days)


def are_comments_open(article, *, at: datetime | None = None) -> bool:
    """Readers may comment: the article is live, comments are switched on and have not closed yet."""
    if not (article.pk and article.comments_open and article.is_live):
        return False
    closes = comments_close_at(article)
    return closes is None or (at or timezone.now()) < closes


def bans_of(user):
    """The bans on ``user`` (an account, or ``OuterRef`` to one): banned while any exists."""
    return ReaderBan.objects.filter(user=user)


def is_banned(user) -> bool:
    return bool(user.is_authenticated) and bans_of(user).exists()


def is_trusted(user, config: ModerationSettings | None = None) -> bool:
    """The reader has enough approved comments to be published without waiting."""
    config = config or ModerationSettings.load()
    if config.trusted_after == 0:
        return True
    return Comment.objects.approved().filter(author=user).count() >= config.trusted_after


def post_comment(*, article, author, text: str, parent: Comment | None = None) -> Comment:
    """Screen ``text`` and store it as a comment (or a reply to ``parent``) by ``author``.

    Every comment is screened, whoever wrote it. Returns the comment: pending when
    screening holds it or the author is not trusted yet; otherwise approved, and
    queued for a moderator as well when a phrase flags it. Raises
    ``CommentRefused`` for banned accounts, closed articles, replies to comments
    readers cannot see, blocked wording and repeated posts. A database error
    leaves nothing written and propagates.
    """
    if is_banned(author):
        raise CommentRefused(
            "Your account can no longer post comments. If you think this is a mistake, please contact us.",
            code="banned",
        )
    if not are_comments_open(article):
        raise CommentRefused("Comments are closed on this article.", code="closed")
    if parent is not None:
        if parent.article_id != article.pk or not parent.is_visible:
            raise CommentRefused("The comment you are replying to is no longer available.", code="reply")
        # One level of replies: answering a reply joins the same conversation.
        parent = parent.parent if parent.parent_id else parent
    if not text.strip():
        raise CommentRefused("Please write your comment before posting it.", code="empty")
    if len(text) > Comment.MAX_LENGTH:
        raise CommentRefused(
            f"Comments can be up to {Comment.MAX_LENGTH:,} characters long; yours is {len(text):,}.",
            code="too_long",
        )
    if "\x00" in text:
        # PostgreSQL cannot store it, so it is refused on every database alike.
        raise CommentRefused(
            "Your comment contains a null character, which cannot be saved. Please remove it.",
            code="null",
        )

    config = ModerationSettings.load()
    verdict = screening.screen(text=text, author=author, article=article, config=config)
    if verdict.action == screening.BLOCK:
        raise CommentRefused(verdict.refusal, code="blocked")

    # Trust skips the wait for a moderator, never the screening above: a phrase
    # that holds a comment holds it whoever wrote it.
    reasons = list(verdict.reasons)
    if verdict.action == screening.HOLD:
        status = Comment.Status.PENDING
    elif is_trusted(author, config):
        status = Comment.Status.APPROVED
        # Said on every such comment, so "Published in the last 24 hours" shows
        # moderators which ones no person has read yet.
        reasons.append(
            "Trusted reader: screened and published at once"
            + (", and flagged for a moderator." if verdict.action == screening.FLAG else ".")
        )
    else:
        status = Comment.Status.PENDING
        reasons.append(f"New reader: comments are checked until {config.trusted_after} have been approved.")
    # One transaction with everything written along with it (signal handlers
    # included): if any of it fails, no comment is left behind.
    with transaction.atomic():
        return Comment.objects.create(
            article=article,
            author=author,
            parent=parent,
            text=text,
            text_fingerprint=screening.fingerprint(text),
            status=status,
            needs_review=verdict.action == screening.FLAG,
            is_safeguarding=verdict.is_safeguarding,
            screening_reasons=reasons,
        )


@dataclass
class OldComment:
    """A comment from another site: the name and date it was posted under there, and its text.

    ``parent`` is the comment it replied to: another ``OldComment`` of the same
    batch, a comment already stored, or None.
    """

    name: str
    posted_at: datetime | None
    text: str
    parent: OldComment | Comment | None = None


def import_comments(
    *, article, comments: list[OldComment], origin: str, config=None, phrases=None
) -> list[Comment]:
    """Store comments brought in with ``article`` from another site, all held for a moderator.

    Each keeps the name and date it was posted under there and belongs to no
    account. Each is screened like any new comment, and whatever screening says
    it is never published here without a moderator: old comments can hold the
    same misinformation as new ones. ``origin`` (where they came from) and the
    screening reasons are shown in the moderation queue. Returns the stored
    comments in the order given. An importer storing many articles' comments may
    pass the moderation ``config`` and active watched ``phrases`` it loaded once.
    """
    config = config or ModerationSettings.load()
    if phrases is None:
        phrases = list(WatchedPhrase.objects.filter(is_active=True).order_by("pk"))
    stored: dict[int, Comment] = {}

    def thread_of(old: OldComment) -> OldComment | Comment | None:
        # One level of replies, as for readers: a reply to a reply joins the thread.
        parent = old.parent
        while isinstance(parent, OldComment) and parent.parent is not None:
            parent = parent.parent
        if isinstance(parent, Comment) and parent.parent_id:
            parent = parent.parent
        return parent

    def build(old: OldComment, parent: Comment | None) -> Comment:
        text = old.text.replace("\x00", "")
        verdict = screening.screen(text=text, author=None, article=article, config=config, phrases=phrases)
        reasons = [f"Imported from {origin}: held for a moderator, as every imported comment is."[:500]]
        return Comment(
            article=article,
            author=None,
            is_imported=True,
            original_author_name=" ".join(old.name.split())[:150] or "Anonymous",
            original_posted_at=old.posted_at,
            parent=parent,
            text=text,
            text_fingerprint=screening.fingerprint(text),
            status=Comment.Status.PENDING,
            is_safeguarding=verdict.is_safeguarding,
            screening_reasons=reasons + verdict.reasons,
        )

    first = [old for old in comments if not isinstance(thread_of(old), OldComment)]
    replies = [old for old in comments if isinstance(thread_of(old), OldComment)]
    with transaction.atomic():
        # Held comments of an unpublished article: nothing readers see changes, so no signals are needed.
        made = Comment.objects.bulk_create([build(old, thread_of(old)) for old in first])
        stored.update((id(old), comment) for old, comment in zip(first, made, strict=True))
        made = Comment.objects.bulk_create([build(old, stored[id(thread_of(old))]) for old in replies])
        stored.update((id(old), comment) for old, comment in zip(replies, made, strict=True))
    return [stored[id(old)] for old in comments]


def report_comment(comment: Comment, *, by, reason: str, details: str = "") -> CommentReport:
    """Record ``by``'s report on a published comment; enough open reports hide it until a moderator looks."""
    if is_banned(by):
        raise CommentRefused("Your account can no longer report comments.", code="banned")
    if comment.author_id == by.pk:
        raise CommentRefused("You cannot report your own comment.", code="own")
    if reason not in CommentReport.Reason.values:
        raise CommentRefused("Please choose why you are reporting this comment.", code="reason")
    if "\x00" in details:
        raise CommentRefused("Your note contains a null character. Please remove it.", code="null")
    duplicate = CommentRefused(
        "You have already reported this comment. Thank you: a moderator will look at it.", code="duplicate"
    )
    try:
        with transaction.atomic():
            locked = Comment.objects.select_for_update().get(pk=comment.pk)
            if not locked.is_visible:
                raise CommentRefused(
                    "This comment is no longer shown, so it cannot be reported.", code="gone"
                )
            if CommentReport.objects.filter(comment=locked, reporter=by).exists():
                raise duplicate
            report = CommentReport.objects.create(comment=locked, reporter=by, reason=reason, details=details)
            open_reports = locked.reports.filter(resolved_at__isnull=True).count()
            locked.needs_review = True
            threshold = ModerationSettings.load().reports_to_hide
            if threshold and open_reports >= threshold:
                locked.status = Comment.Status.PENDING
                _log(
                    ModerationLogEntry.Action.HIDE_REPORTED,
                    comment=locked,
                    by=None,
                    from_status=Comment.Status.APPROVED,
                    note=f"Hidden after {open_reports} reader reports.",
                )
            locked.save(update_fields=["status", "needs_review"])
    except IntegrityError as exc:
        # Two reports from the same reader at the same moment: the first one counts.
        raise duplicate from exc
    comment.status, comment.needs_review = locked.status, locked.needs_review
    return report


# --- Moderator decisions ------------------------------------------------------


def approve(comment: Comment, *, by, note: str = "") -> ModerationLogEntry:
    """Publish ``comment`` (or confirm it) and close its reports."""
    return _decide(comment, ModerationLogEntry.Action.APPROVE, Comment.Status.APPROVED, by=by, note=note)


approve.alters_data = True


def reject(comment: Comment, *, by, reason: str, note: str = "") -> ModerationLogEntry:
    """Remove ``comment`` from the site for ``reason`` (one of ``Reason``)."""
    if reason not in Reason.values:
        raise ModerationError("Choose a reason for rejecting the comment.")
    return _decide(
        comment, ModerationLogEntry.Action.REJECT, Comment.Status.REJECTED, by=by, reason=reason, note=note
    )


reject.alters_data = True


def mark_spam(comment: Comment, *, by, note: str = "") -> ModerationLogEntry:
    """Remove ``comment`` as spam."""
    return _decide(
        comment, ModerationLogEntry.Action.SPAM, Comment.Status.SPAM, by=by, reason=Reason.SPAM, note=note
    )


mark_spam.alters_data = True


def ban(user, *, by, note: str = "") -> ReaderBan:
    """Stop ``user`` posting or reporting comments. Banning a banned account changes nothing."""
    if user.is_staff:
        raise ModerationError(f"{user} is a staff account; change their roles instead of banning them.")
    with transaction.atomic():
        reader_ban, created = ReaderBan.objects.get_or_create(
            user=user, defaults={"banned_by": by, "note": note}
        )
        if created:
            _log(ModerationLogEntry.Action.BAN, account=user, by=by, note=note)
    return reader_ban


ban.alters_data = True


def unban(user, *, by, note: str = "") -> bool:
    """Let ``user`` comment again. Returns False when the account was not banned."""
    with transaction.atomic():
        deleted, _ = ReaderBan.objects.filter(user=user).delete()
        if deleted:
            _log(ModerationLogEntry.Action.UNBAN, account=user, by=by, note=note)
    return bool(deleted)


unban.alters_data = True


def _decide(comment: Comment, action: str, to_status: str, *, by, reason: str = "", note: str = ""):
    now = timezone.now()
    with transaction.atomic():
        locked = Comment.objects.select_for_update().get(pk=comment.pk)
        from_status = locked.status
        locked.status = to_status
        locked.needs_review = False
        locked.save(update_fields=["status", "needs_review"])
        locked.reports.filter(resolved_at__isnull=True).update(resolved_at=now)
        entry = _log(action, comment=locked, by=by, from_status=from_status, reason=reason, note=note)
    comment.status, comment.needs_review = locked.status, locked.needs_review
    return entry


def _log(action, *, by, comment=None, account=None, from_status="", reason="", note="") -> ModerationLogEntry:
    return ModerationLogEntry.objects.create(
        action=action,
        comment=comment,
        account_id=account.pk if account is not None else (comment.author_id if comment else None),
        moderator=by,
        from_status=from_status,
        to_status=comment.status if comment else "",
        reason=reason,
        note=note,
    )
