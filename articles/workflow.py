"""The editorial workflow: the only code that changes an article's review state.

Two things go through medical review. Until an article first goes live, the
article itself does (``Article.status``). Once it is live, its row is what
readers see, so each later edit is held as a pending correction
(``Article.correction_status``) and readers keep the live text until the
correction is approved and published.

``TRANSITIONS`` and ``CORRECTION_TRANSITIONS`` say from which states each action
may be taken, where it leads and which permission it needs. Each verb checks the
state, the person and the content, changes the article inside a transaction,
writes an ``ArticleStatusChange`` row and queues the notifications. A refused
action raises ``InvalidTransition`` and changes nothing. Admin buttons, admin
actions and management commands all call these verbs.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import formats, timezone

from articles import notifications, revisions
from articles.models import Article, ArticleApproval, ArticleRevision, ArticleStatusChange

Status = Article.Status
Action = ArticleStatusChange.Action

EDIT_PERMISSION = "articles.change_article"
SUBMIT_PERMISSION = "articles.submit_article"
REVIEW_PERMISSION = "articles.review_article"
PUBLISH_PERMISSION = "articles.publish_article"

NO_CORRECTION = ""
NOTE_MAX_LENGTH = 2000
# Writers may change their own work only while it is with them.
EDITABLE_BY_AUTHORS = frozenset({Status.DRAFT, Status.CHANGES_REQUESTED})


class InvalidTransition(Exception):
    """An action that was refused; nothing was changed.

    ``reason`` says why: ``"state"`` (not possible from here), ``"permission"``
    (not for this person) or ``"requirement"`` (something must be done first).
    The message is written for the person who tried.
    """

    def __init__(self, message: str, *, reason: str = "state") -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class Transition:
    label: str
    sources: frozenset[str]
    target: str
    permission: str | None  # None: only the system takes this step


def _transition(label: str, sources, target: str, permission: str | None) -> Transition:
    return Transition(label, frozenset(sources), target, permission)


TRANSITIONS: dict[str, Transition] = {
    "submit": _transition(
        "Submit for review",
        {Status.DRAFT, Status.CHANGES_REQUESTED, Status.UNPUBLISHED},
        Status.IN_REVIEW,
        SUBMIT_PERMISSION,
    ),
    "approve": _transition("Approve", {Status.IN_REVIEW}, Status.APPROVED, REVIEW_PERMISSION),
    "request_changes": _transition(
        "Request changes", {Status.IN_REVIEW}, Status.CHANGES_REQUESTED, REVIEW_PERMISSION
    ),
    "publish": _transition(
        "Publish now",
        {Status.APPROVED, Status.SCHEDULED, Status.UNPUBLISHED},
        Status.PUBLISHED,
        PUBLISH_PERMISSION,
    ),
    "schedule": _transition(
        "Schedule", {Status.APPROVED, Status.UNPUBLISHED}, Status.SCHEDULED, PUBLISH_PERMISSION
    ),
    "go_live": _transition("Go live", {Status.SCHEDULED}, Status.PUBLISHED, None),
    "unpublish": _transition(
        "Unpublish", {Status.PUBLISHED, Status.SCHEDULED}, Status.UNPUBLISHED, PUBLISH_PERMISSION
    ),
    "archive": _transition("Archive", set(Status) - {Status.ARCHIVED}, Status.ARCHIVED, PUBLISH_PERMISSION),
    "reopen": _transition(
        "Return to draft", {Status.UNPUBLISHED, Status.ARCHIVED}, Status.DRAFT, PUBLISH_PERMISSION
    ),
}

# Corrections to a live article. "submit" with no correction yet asks for a
# medical review of the live text as it stands (for example when it is due).
CORRECTION_TRANSITIONS: dict[str, Transition] = {
    "submit": _transition(
        "Submit correction for review",
        {NO_CORRECTION, Status.DRAFT, Status.CHANGES_REQUESTED},
        Status.IN_REVIEW,
        SUBMIT_PERMISSION,
    ),
    "approve": _transition("Approve correction", {Status.IN_REVIEW}, Status.APPROVED, REVIEW_PERMISSION),
    "request_changes": _transition(
        "Request changes to correction", {Status.IN_REVIEW}, Status.CHANGES_REQUESTED, REVIEW_PERMISSION
    ),
    "publish_correction": _transition(
        "Publish correction", {Status.APPROVED}, NO_CORRECTION, PUBLISH_PERMISSION
    ),
    "discard_correction": _transition(
        "Discard correction",
        {Status.DRAFT, Status.IN_REVIEW, Status.CHANGES_REQUESTED, Status.APPROVED},
        NO_CORRECTION,
        PUBLISH_PERMISSION,
    ),
}

# The actions people take, in the order the admin offers them.
USER_ACTIONS = (
    "submit",
    "approve",
    "request_changes",
    "publish_correction",
    "publish",
    "schedule",
    "discard_correction",
    "unpublish",
    "archive",
    "reopen",
)
ACTIONS_NEEDING_NOTE = frozenset({"request_changes"})


# --- Rules ------------------------------------------------------------------------


def can_edit(user, article: Article) -> bool:
    """Whether ``user`` may change the article's content (on a live article: propose a correction).

    Editors may edit any article; writers only their own, and only while it is a
    draft or has changes requested.
    """
    if not user.is_active or not user.has_perm(EDIT_PERMISSION):
        return False
    if user.has_perm(PUBLISH_PERMISSION):
        return True
    return article.review_state in EDITABLE_BY_AUTHORS and article.is_authored_by(user)


def required_approvals(article: Article) -> int:
    """How many distinct medical reviewers must approve the work now in review.

    New articles and work containing a version marked major need the major
    quorum; anything else the minor one.
    """
    is_new = article.published_at is None and article.live_revision_id is None
    has_major = article.revisions.filter(number__gt=article.review_cycle_start, is_major=True).exists()
    if is_new or has_major:
        return settings.MEDICAL_REVIEW_QUORUM_MAJOR
    return settings.MEDICAL_REVIEW_QUORUM_MINOR


def next_review_date(reviewed_on: datetime.date) -> datetime.date:
    """When a review completed on ``reviewed_on`` falls due again (``MEDICAL_REVIEW_INTERVAL_MONTHS``)."""
    months = reviewed_on.month - 1 + settings.MEDICAL_REVIEW_INTERVAL_MONTHS
    year, month = reviewed_on.year + months // 12, months % 12 + 1
    return reviewed_on.replace(
        year=year, month=month, day=min(reviewed_on.day, calendar.monthrange(year, month)[1])
    )


def _lookup(action: str, article: Article) -> tuple[Transition, str, bool]:
    """The rule for ``action`` on this article, its current state, and whether it concerns a correction."""
    if article.has_live_status and action in CORRECTION_TRANSITIONS:
        return CORRECTION_TRANSITIONS[action], article.correction_status, True
    if action in TRANSITIONS:
        return TRANSITIONS[action], article.status, False
    if action in CORRECTION_TRANSITIONS:
        raise InvalidTransition("Only a published or scheduled article has corrections.")
    raise InvalidTransition("That is not a workflow action.")


def _state_name(state: str, is_correction: bool) -> str:
    if is_correction:
        if not state:
            return "there is no correction waiting"
        return f"the correction is {Status(state).label.lower()}"
    return f"the article is {Status(state).label.lower()}"


def label_for(action: str, article: Article) -> str:
    """The button text for ``action`` on this article."""
    transition, state, is_correction = _lookup(action, article)
    if action == "schedule" and article.go_live_at:
        when = formats.date_format(timezone.localtime(article.go_live_at), "j F Y, H:i")
        return f"Schedule for {when}"
    if action == "submit" and is_correction and state == NO_CORRECTION:
        return "Request a medical review"
    return transition.label


def _check_state_and_person(action: str, article: Article, user) -> tuple[Transition, str, bool]:
    transition, state, is_correction = _lookup(action, article)
    label = label_for(action, article)
    if transition.permission is None:
        raise InvalidTransition(f"“{label}” happens automatically.", reason="permission")
    if not (user.is_active and user.has_perm(transition.permission)):
        raise InvalidTransition(f"You do not have permission to {label.lower()}.", reason="permission")
    if state not in transition.sources:
        raise InvalidTransition(f"“{label}” is not possible: {_state_name(state, is_correction)}.")
    if action == "submit" and not can_edit(user, article):
        raise InvalidTransition(
            "You can submit only your own articles, while they are drafts or have changes requested.",
            reason="permission",
        )
    if action in ("approve", "request_changes") and article.is_own_work(user):
        raise InvalidTransition(
            "You cannot review your own work: another medical reviewer must do it.", reason="permission"
        )
    return transition, state, is_correction


def _content_under_review(article: Article, is_correction: bool) -> dict:
    pending = article.pending_revision() if is_correction else None
    return pending.content if pending else revisions.snapshot_of(article)


def _has_sign_off(article: Article) -> bool:
    """The version the article row holds is medically approved. (A check: never writes.)"""
    current = article.latest_revision()
    if current is None:
        return False  # nothing on record, so nothing was approved
    if current.approvals.count() >= required_approvals(article):
        return True
    # Unchanged since it was last live, and nothing goes live without sign-off.
    live = article.live_revision
    return live is not None and live.content == current.content


def _check_requirements(action: str, article: Article, user, *, note: str | None, at) -> None:
    def missing(message: str):
        raise InvalidTransition(message, reason="requirement")

    _, state, is_correction = _lookup(action, article)
    if action == "submit":
        content = _content_under_review(article, is_correction)
        if not content["title"].strip() or not content["body"].strip():
            missing("Add a title and the article text before submitting it for review.")
    elif action == "approve":
        contributor = getattr(user, "contributor", None)
        if contributor is None or not contributor.credentials.strip():
            missing(
                "Your account is not linked to a contributor profile with credentials, "
                "so your medical sign-off cannot be recorded. Ask an editor to set it up."
            )
        if ArticleApproval.objects.filter(
            revision__article=article, revision__number=article.version, reviewer=user
        ).exists():
            missing("You have already approved this version; another reviewer must approve it too.")
        content = _content_under_review(article, is_correction)
        if not content["summary"].strip():
            missing("The article needs a summary before it can be approved.")
        if not content["sources"]:
            missing("The article needs at least one source before it can be approved.")
    elif action == "request_changes" and note is not None and not note.strip():
        missing("Write a note telling the writer what needs to change.")
    elif action in ("publish", "schedule") and state != Status.SCHEDULED and not _has_sign_off(article):
        # The state says approved; this makes sure of it, since nothing may go live unreviewed.
        missing("This version has not been medically approved. Submit it for review first.")
    elif action == "publish_correction":
        pending = article.pending_revision()
        if pending is None or pending.approvals.count() < required_approvals(article):
            missing("This correction has not been medically approved. Submit it for review first.")
    if action == "schedule":
        when = at or article.go_live_at
        if when is None or when <= timezone.now():
            missing("Set a go-live date and time in the future and save, then schedule.")
    if note is not None and len(note) > NOTE_MAX_LENGTH:
        missing(f"The note is too long: keep it under {NOTE_MAX_LENGTH} characters.")
    if note is not None and "\x00" in note:
        missing("The note contains a null character, which cannot be stored. Please retype it.")


def check(action: str, article: Article, user, *, note: str | None = None, at=None) -> None:
    """Raise ``InvalidTransition`` unless ``user`` may take ``action`` on ``article`` now."""
    _check_state_and_person(action, article, user)
    _check_requirements(action, article, user, note=note, at=at)


@dataclass(frozen=True)
class Option:
    """An action offered to someone: allowed now, or blocked until something is done."""

    action: str
    label: str
    needs_note: bool = False
    blocked_because: str = ""


def options_for(user, article: Article) -> list[Option]:
    """The actions ``user`` may take on ``article`` now, and those waiting on a missing requirement."""
    options = []
    for action in USER_ACTIONS:
        try:
            _check_state_and_person(action, article, user)
        except InvalidTransition:
            continue
        label = label_for(action, article)
        try:
            _check_requirements(action, article, user, note=None, at=None)
        except InvalidTransition as exc:
            options.append(Option(action, label, blocked_because=str(exc)))
        else:
            options.append(Option(action, label, needs_note=action in ACTIONS_NEEDING_NOTE))
    return options


# --- Helpers that write -----------------------------------------------------------


def _lock(article: Article) -> Article:
    return Article.objects.select_for_update().get(pk=article.pk)


def _new_revision(
    article: Article, *, content: dict, by, summary: str, is_major: bool, is_correction: bool
) -> ArticleRevision:
    article.version += 1
    return ArticleRevision.objects.create(
        article=article,
        number=article.version,
        content=content,
        change_summary=summary[:200],
        is_major=is_major,
        is_correction=is_correction,
        created_by=by,
    )


def _ensure_baseline(article: Article) -> None:
    """Give an article saved outside the admin a first version, so review has something to attach to."""
    if article.version:
        return
    revision = _new_revision(
        article,
        content=revisions.snapshot_of(article),
        by=None,
        summary="Version on record when its history began",
        is_major=False,
        is_correction=False,
    )
    if article.has_live_status:
        article.live_revision = revision
    article.save(update_fields=["version", "live_revision"])


def _current_revision(article: Article) -> ArticleRevision:
    """The version now in review: the pending correction, or (before going live) the article row."""
    _ensure_baseline(article)
    return article.revisions.get(number=article.version)


def _audit(
    article: Article,
    action: str,
    *,
    by,
    from_status: str,
    to_status: str,
    is_correction: bool = False,
    note: str = "",
    revision: ArticleRevision | None = None,
) -> ArticleStatusChange:
    return ArticleStatusChange.objects.create(
        article=article,
        revision=revision,
        action=action,
        is_correction=is_correction,
        from_status=from_status,
        to_status=to_status,
        actor=by,
        note=note,
    )


def _set_state(article: Article, is_correction: bool, state: str) -> None:
    if is_correction:
        article.correction_status = state
    else:
        article.status = state


def _sign_off(article: Article, revision: ArticleRevision) -> None:
    """Record the completed medical review of ``revision`` on the article."""
    last = revision.approvals.order_by("-created_at", "-pk").first()
    if last.contributor_id:
        article.medical_reviewer_id = last.contributor_id
    article.last_reviewed_on = timezone.localdate(last.created_at)
    article.next_review_due = next_review_date(article.last_reviewed_on)


def _set_aside_correction(article: Article, *, by, action: str, note: str) -> None:
    """Drop the pending correction (it stays in the history and can be restored)."""
    if not article.correction_status:
        return
    pending = article.pending_revision()
    from_state = article.correction_status
    article.correction_status = NO_CORRECTION
    # The latest version is again the live text, and it starts the next review
    # cycle, so the set-aside work no longer counts towards quorum or authorship.
    article.live_revision = _new_revision(
        article,
        content=revisions.snapshot_of(article),
        by=None,
        summary=f"Back to the published text; correction (version {pending.number}) set aside",
        is_major=False,
        is_correction=False,
    )
    _audit(
        article,
        action,
        by=by,
        from_status=from_state,
        to_status=NO_CORRECTION,
        is_correction=True,
        note=note,
        revision=pending,
    )


def _finish(article: Article) -> None:
    # The caller's instance reflects the new state once the step is done.
    article.refresh_from_db()


# --- Verbs ------------------------------------------------------------------------


def submit_for_review(article: Article, *, by, note: str = "") -> None:
    """Send the article (or its correction) to the medical reviewers.

    On a live article with no correction waiting, this asks for a review of the
    live text unchanged, for example when its review is due.
    """
    with transaction.atomic():
        locked = _lock(article)
        check("submit", locked, by, note=note)
        _, state, is_correction = _lookup("submit", locked)
        _ensure_baseline(locked)
        if is_correction and state == NO_CORRECTION:
            _new_revision(
                locked,
                content=revisions.snapshot_of(locked),
                by=by,
                summary="Medical review of the published text; no changes",
                is_major=False,
                is_correction=True,
            )
        _set_state(locked, is_correction, Status.IN_REVIEW)
        locked.save()
        _audit(
            locked,
            Action.SUBMIT,
            by=by,
            from_status=state,
            to_status=Status.IN_REVIEW,
            is_correction=is_correction,
            note=note.strip(),
            revision=_current_revision(locked),
        )
        notifications.submitted(locked, by=by, is_correction=is_correction, note=note.strip())
    _finish(article)


def approve(article: Article, *, by, note: str = "") -> None:
    """Record ``by``'s medical approval of the exact version in review.

    Once enough distinct reviewers have approved (``required_approvals``) the
    work is approved; for a new article the sign-off ("medically reviewed by ...
    on ...", next review due) is recorded now, for a correction when it is
    published.
    """
    with transaction.atomic():
        locked = _lock(article)
        check("approve", locked, by, note=note)
        _, state, is_correction = _lookup("approve", locked)
        revision = _current_revision(locked)
        contributor = by.contributor
        ArticleApproval.objects.create(
            revision=revision,
            reviewer=by,
            contributor=contributor,
            signed_off_as=str(contributor),
            note=note.strip(),
        )
        count, needed = revision.approvals.count(), required_approvals(locked)
        target = Status.APPROVED if count >= needed else Status.IN_REVIEW
        if target == Status.APPROVED and not is_correction:
            _sign_off(locked, revision)
        _set_state(locked, is_correction, target)
        locked.save()
        progress = f"Approval {count} of {needed} by {contributor}."
        _audit(
            locked,
            Action.APPROVE,
            by=by,
            from_status=state,
            to_status=target,
            is_correction=is_correction,
            note=f"{progress} {note.strip()}".strip(),
            revision=revision,
        )
        notifications.approved(locked, by=by, is_correction=is_correction, count=count, needed=needed)
    _finish(article)


def request_changes(article: Article, *, by, note: str) -> None:
    """Send the work back to its writer with ``note`` saying what must change (required)."""
    with transaction.atomic():
        locked = _lock(article)
        check("request_changes", locked, by, note=note or "")
        _, state, is_correction = _lookup("request_changes", locked)
        _set_state(locked, is_correction, Status.CHANGES_REQUESTED)
        locked.save()
        _audit(
            locked,
            Action.REQUEST_CHANGES,
            by=by,
            from_status=state,
            to_status=Status.CHANGES_REQUESTED,
            is_correction=is_correction,
            note=note.strip(),
            revision=_current_revision(locked),
        )
        notifications.changes_requested(locked, by=by, note=note.strip(), is_correction=is_correction)
    _finish(article)


def publish(article: Article, *, by, note: str = "") -> None:
    """Put the approved article in front of readers now (also "publish now" for a scheduled one)."""
    with transaction.atomic():
        locked = _lock(article)
        check("publish", locked, by, note=note)
        state = locked.status
        now = timezone.now()
        if not locked.has_live_status:
            locked.live_revision = _current_revision(locked)
        _ensure_baseline(locked)
        locked.status = Status.PUBLISHED
        if locked.go_live_at is None or locked.go_live_at > now:
            locked.go_live_at = now
        if locked.published_at is None or locked.published_at > now:
            locked.published_at = now
        locked.save()
        _audit(
            locked,
            Action.PUBLISH,
            by=by,
            from_status=state,
            to_status=Status.PUBLISHED,
            note=note.strip(),
            revision=locked.live_revision,
        )
    _finish(article)


def schedule(article: Article, *, by, at: datetime.datetime | None = None, note: str = "") -> None:
    """Make the approved article go live at ``at`` (default: its go-live date), with no further step needed.

    ``Article.objects.live()`` shows it from that moment; ``publish_due`` only
    records the event.
    """
    with transaction.atomic():
        locked = _lock(article)
        check("schedule", locked, by, note=note, at=at)
        state = locked.status
        locked.live_revision = _current_revision(locked)
        locked.status = Status.SCHEDULED
        locked.go_live_at = at or locked.go_live_at
        if locked.published_at is None:
            locked.published_at = locked.go_live_at
        locked.save()
        when = formats.date_format(timezone.localtime(locked.go_live_at), "j F Y, H:i")
        _audit(
            locked,
            Action.SCHEDULE,
            by=by,
            from_status=state,
            to_status=Status.SCHEDULED,
            note=f"Goes live {when}. {note.strip()}".strip(),
            revision=locked.live_revision,
        )
    _finish(article)


def _take_down(article: Article, action: str, target: str, *, by, note: str) -> None:
    with transaction.atomic():
        locked = _lock(article)
        check(action, locked, by, note=note)
        state = locked.status
        _set_aside_correction(
            locked,
            by=by,
            action=Action.DISCARD_CORRECTION,
            note=f"Set aside because the article was {Status(target).label.lower()}.",
        )
        locked.status = target
        if locked.published_at and locked.published_at > timezone.now():
            locked.published_at = None  # scheduled, but taken down before it ever went live
        locked.save()
        _audit(locked, action, by=by, from_status=state, to_status=target, note=note.strip())
    _finish(article)


def unpublish(article: Article, *, by, note: str = "") -> None:
    """Take the article off the site. A correction waiting on it is set aside (kept in the history)."""
    _take_down(article, Action.UNPUBLISH, Status.UNPUBLISHED, by=by, note=note)


def archive(article: Article, *, by, note: str = "") -> None:
    """Retire the article from any state. A correction waiting on it is set aside (kept in the history)."""
    _take_down(article, Action.ARCHIVE, Status.ARCHIVED, by=by, note=note)


def reopen(article: Article, *, by, note: str = "") -> None:
    """Bring an unpublished or archived article back as a draft, to be revised and reviewed again."""
    with transaction.atomic():
        locked = _lock(article)
        check("reopen", locked, by, note=note)
        state = locked.status
        locked.status = Status.DRAFT
        locked.save()
        _audit(locked, Action.REOPEN, by=by, from_status=state, to_status=Status.DRAFT, note=note.strip())
    _finish(article)


def publish_correction(article: Article, *, by, note: str = "") -> None:
    """Replace the live text with the approved correction, and record its medical sign-off."""
    with transaction.atomic():
        locked = _lock(article)
        check("publish_correction", locked, by, note=note)
        revision = locked.pending_revision()
        text_changes = revisions.changed_fields(revisions.snapshot_of(locked), revision.content)
        revisions.apply_content(locked, revision.content)
        if text_changes:
            locked.updated_at = timezone.now()
        _sign_off(locked, revision)
        locked.correction_status = NO_CORRECTION
        locked.live_revision = revision
        locked.save()
        _audit(
            locked,
            Action.PUBLISH_CORRECTION,
            by=by,
            from_status=Status.APPROVED,
            to_status=Status.PUBLISHED,
            is_correction=True,
            note=f"{revision.change_summary}. {note.strip()}".strip(),
            revision=revision,
        )
    _finish(article)


def discard_correction(article: Article, *, by, note: str = "") -> None:
    """Drop the correction waiting on a live article; it stays in the history and can be restored."""
    with transaction.atomic():
        locked = _lock(article)
        check("discard_correction", locked, by, note=note)
        _set_aside_correction(locked, by=by, action=Action.DISCARD_CORRECTION, note=note.strip())
        locked.save()
    _finish(article)


VERBS: dict[str, Callable[..., None]] = {
    "submit": submit_for_review,
    "approve": approve,
    "request_changes": request_changes,
    "publish": publish,
    "schedule": schedule,
    "unpublish": unpublish,
    "archive": archive,
    "reopen": reopen,
    "publish_correction": publish_correction,
    "discard_correction": discard_correction,
}


def perform(action: str, article: Article, *, by, note: str = "") -> None:
    """Run the verb for ``action`` (as named in ``USER_ACTIONS``); for buttons and bulk actions."""
    verb = VERBS.get(action)
    if verb is None:
        raise InvalidTransition("That is not a workflow action.")
    verb(article, by=by, note=note)


def publish_due(*, now: datetime.datetime | None = None) -> list[Article]:
    """Record "went live" for every scheduled article whose go-live time has passed.

    Readers already see them (``live()`` decides); this makes the status and the
    history say so. Safe to run any number of times, and from several processes.
    """
    now = now or timezone.now()
    done = []
    for pk in Article.objects.scheduled().filter(go_live_at__lte=now).values_list("pk", flat=True):
        with transaction.atomic():
            locked = Article.objects.select_for_update().get(pk=pk)
            if locked.status not in TRANSITIONS["go_live"].sources or locked.go_live_at > now:
                continue  # another run got there first, or it was rescheduled
            locked.status = Status.PUBLISHED
            locked.published_at = locked.published_at or locked.go_live_at
            locked.save()
            _audit(
                locked,
                Action.GO_LIVE,
                by=None,
                from_status=Status.SCHEDULED,
                to_status=Status.PUBLISHED,
                revision=locked.live_revision,
            )
        done.append(locked)
    return done


# --- Editing ----------------------------------------------------------------------


def keep_baseline(article: Article) -> None:
    """Before the first edit of an article with no saved versions, keep its current content as version 1."""
    if article.pk is None:
        return
    with transaction.atomic():
        locked = _lock(article)
        _ensure_baseline(locked)
    # The caller may save this instance next; it must not write the old numbers back.
    article.version, article.live_revision_id = locked.version, locked.live_revision_id


def _check_can_edit(article: Article, by) -> None:
    if not can_edit(by, article):
        raise InvalidTransition(
            "You can edit only your own articles, while they are drafts or have changes requested.",
            reason="permission",
        )


def record_edit(
    article: Article, *, by, change_summary: str = "", is_major: bool = False
) -> ArticleRevision | None:
    """Keep the content just saved on a not-yet-live article as a new version.

    Returns the new version, or None if the text did not change. An approval
    belongs to the version it was given for, so an approved article goes back
    to review, and approvals given during review stop counting.
    """
    with transaction.atomic():
        locked = _lock(article)
        if locked.has_live_status:
            raise InvalidTransition("This article is live: changes to it are saved as a correction.")
        _check_can_edit(locked, by)
        previous = locked.latest_revision()
        content = revisions.snapshot_of(locked)
        if previous and previous.content == content:
            return None
        summary = change_summary.strip() or revisions.describe_change(
            previous.content if previous else None, content
        )
        revision = _new_revision(
            locked,
            content=content,
            by=by,
            summary=summary,
            is_major=is_major or previous is None,  # a first version is all new content
            is_correction=False,
        )
        locked.updated_at = revision.created_at
        approvals = previous.approvals.count() if previous else 0
        if locked.status == Status.APPROVED or (locked.status == Status.IN_REVIEW and approvals):
            state = locked.status
            locked.status = Status.IN_REVIEW
            _audit(
                locked,
                Action.EDIT,
                by=by,
                from_status=state,
                to_status=Status.IN_REVIEW,
                note=f"Edited after {approvals} approval(s) of version {previous.number}; "
                "approvals do not carry over to a new version, so it needs review again.",
                revision=revision,
            )
            notifications.submitted(locked, by=by, is_correction=False, again=True)
        locked.save(update_fields=["version", "updated_at", "status"])
    article.version, article.updated_at, article.status = locked.version, locked.updated_at, locked.status
    return revision


def propose_correction(
    article: Article, *, by, content: dict, change_summary: str = "", is_major: bool = False
) -> ArticleRevision | None:
    """Save ``content`` as the pending correction to a live article, leaving the live text alone.

    Returns the new version, or None if nothing changed. Editing an approved
    correction sends it back to review.
    """
    with transaction.atomic():
        locked = _lock(article)
        if not locked.has_live_status:
            raise InvalidTransition("This article is not live: save changes to it directly.")
        _check_can_edit(locked, by)
        _ensure_baseline(locked)
        pending = locked.pending_revision()
        base = pending.content if pending else revisions.snapshot_of(locked)
        if content == base:
            return None
        summary = change_summary.strip() or revisions.describe_change(base, content)
        revision = _new_revision(
            locked, content=content, by=by, summary=summary, is_major=is_major, is_correction=True
        )
        state = locked.correction_status
        approvals = pending.approvals.count() if pending else 0
        target = {NO_CORRECTION: Status.DRAFT, Status.APPROVED: Status.IN_REVIEW}.get(state, state)
        locked.correction_status = target
        if state == NO_CORRECTION:
            _audit(
                locked,
                Action.START_CORRECTION,
                by=by,
                from_status=state,
                to_status=target,
                is_correction=True,
                note=summary,
                revision=revision,
            )
        elif state != target or approvals:
            _audit(
                locked,
                Action.EDIT,
                by=by,
                from_status=state,
                to_status=target,
                is_correction=True,
                note=f"Edited after {approvals} approval(s) of version {pending.number}; "
                "approvals do not carry over to a new version, so it needs review again.",
                revision=revision,
            )
        if target == Status.IN_REVIEW and approvals:
            notifications.submitted(locked, by=by, is_correction=True, again=True)
        locked.save(update_fields=["version", "correction_status", "live_revision"])
    article.version, article.correction_status = locked.version, locked.correction_status
    return revision


def restore(article: Article, *, by, number: int, is_major: bool = False) -> ArticleRevision | None:
    """Bring back the content of version ``number`` as a new version.

    On a live article it becomes the pending correction and goes through review
    like any other edit; otherwise it replaces the article's content.
    """
    old = article.revisions.filter(number=number).first()
    if old is None:
        raise InvalidTransition(f"There is no version {number} of this article.")
    summary = f"Restored version {number}"
    if article.has_live_status:
        return propose_correction(
            article, by=by, content=old.content, change_summary=summary, is_major=is_major
        )
    with transaction.atomic():
        locked = _lock(article)
        _check_can_edit(locked, by)
        _ensure_baseline(locked)
        revisions.apply_content(locked, old.content)
        revision = record_edit(locked, by=by, change_summary=summary, is_major=is_major)
    article.refresh_from_db()
    return revision
