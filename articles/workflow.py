"""The editorial workflow: the only code that changes an article's review state.

Two things go through medical review. Until an article first goes live, the
article itself does (``Article.status``). Once it is live, its row is what
readers see, so each later edit is held as a pending correction
(``Article.correction_status``) and readers keep the live text until the
correction is approved and published.

``TRANSITIONS`` is the table of steps: for each action, from which states it may
be taken, where it leads and which permission it needs. Every verb goes through
``_step()``, which locks the article, checks the step (state, person, content),
lets the verb do its own part, moves the article to the step's target, and writes
the ``ArticleStatusChange`` row, all in one transaction. A refused step raises
``InvalidTransition`` and changes nothing. Admin buttons, admin actions and
management commands all call these verbs.

Review rounds. An approval belongs to the exact version it was given for, and
every submission opens a new round that reviews a version of its own: when the
version sent for review already carries approvals from an earlier round (an
unpublished article returned to draft and submitted unchanged, or work sent
back unchanged after a change request), the round reviews a fresh copy of it
(``_open_review_round``). Earlier approvals therefore neither count towards the
new round nor stop anyone from approving again; they stay on record with the
version they were given for. An unchanged unpublished article can still go back
live without a new round ("Publish now"), on the sign-off it already has. While
no approval has been given in a round, its submitter (or an editor) may
withdraw it to draft.
"""

from __future__ import annotations

import calendar
import contextlib
import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import formats, timezone

from accounts.roles import EDIT_ARTICLE, PUBLISH_ARTICLE, REVIEW_ARTICLE, SUBMIT_ARTICLE
from articles import checklist, notifications, revisions
from articles.models import Article, ArticleApproval, ArticleRevision, ArticleStatusChange, PageHistoryEntry

Status = Article.Status
Action = ArticleStatusChange.Action

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
    """One step of the table: ``action`` moves the article (or, if ``correction``, the
    correction waiting on a live article) from one of ``sources`` to ``target``."""

    action: str
    label: str
    sources: frozenset[str]
    target: str
    permission: str | None  # None: only the system takes this step
    correction: bool = False
    needs_note: bool = False


def _t(action, label, sources, target, permission, **options) -> Transition:
    return Transition(action, label, frozenset(sources), target, permission, **options)


# In the order the admin offers the actions. On a published or scheduled article
# an action with a correction row moves the correction; otherwise the article.
# "submit" with no correction yet asks for a medical review of the live text as
# it stands (for example when it is due).
TRANSITIONS: tuple[Transition, ...] = (
    _t(
        Action.SUBMIT,
        "Submit for review",
        {Status.DRAFT, Status.CHANGES_REQUESTED, Status.UNPUBLISHED},
        Status.IN_REVIEW,
        SUBMIT_ARTICLE,
    ),
    _t(
        Action.SUBMIT,
        "Submit correction for review",
        {NO_CORRECTION, Status.DRAFT, Status.CHANGES_REQUESTED},
        Status.IN_REVIEW,
        SUBMIT_ARTICLE,
        correction=True,
    ),
    # Who may withdraw (the round's submitter, or an editor) is checked in _check_withdrawal.
    _t(Action.WITHDRAW, "Withdraw from review", {Status.IN_REVIEW}, Status.DRAFT, SUBMIT_ARTICLE),
    _t(
        Action.WITHDRAW,
        "Withdraw correction from review",
        {Status.IN_REVIEW},
        Status.DRAFT,
        SUBMIT_ARTICLE,
        correction=True,
    ),
    _t(Action.APPROVE, "Approve", {Status.IN_REVIEW}, Status.APPROVED, REVIEW_ARTICLE),
    _t(
        Action.APPROVE,
        "Approve correction",
        {Status.IN_REVIEW},
        Status.APPROVED,
        REVIEW_ARTICLE,
        correction=True,
    ),
    _t(
        Action.REQUEST_CHANGES,
        "Request changes",
        {Status.IN_REVIEW},
        Status.CHANGES_REQUESTED,
        REVIEW_ARTICLE,
        needs_note=True,
    ),
    _t(
        Action.REQUEST_CHANGES,
        "Request changes to correction",
        {Status.IN_REVIEW},
        Status.CHANGES_REQUESTED,
        REVIEW_ARTICLE,
        correction=True,
        needs_note=True,
    ),
    _t(
        Action.PUBLISH_CORRECTION,
        "Publish correction",
        {Status.APPROVED},
        NO_CORRECTION,
        PUBLISH_ARTICLE,
        correction=True,
    ),
    _t(
        Action.PUBLISH,
        "Publish now",
        {Status.APPROVED, Status.SCHEDULED, Status.UNPUBLISHED},
        Status.PUBLISHED,
        PUBLISH_ARTICLE,
    ),
    _t(Action.SCHEDULE, "Schedule", {Status.APPROVED, Status.UNPUBLISHED}, Status.SCHEDULED, PUBLISH_ARTICLE),
    _t(Action.GO_LIVE, "Go live", {Status.SCHEDULED}, Status.PUBLISHED, None),
    _t(
        Action.DISCARD_CORRECTION,
        "Discard correction",
        {Status.DRAFT, Status.IN_REVIEW, Status.CHANGES_REQUESTED, Status.APPROVED},
        NO_CORRECTION,
        PUBLISH_ARTICLE,
        correction=True,
    ),
    _t(
        Action.UNPUBLISH,
        "Unpublish",
        {Status.PUBLISHED, Status.SCHEDULED},
        Status.UNPUBLISHED,
        PUBLISH_ARTICLE,
    ),
    _t(Action.ARCHIVE, "Archive", set(Status) - {Status.ARCHIVED}, Status.ARCHIVED, PUBLISH_ARTICLE),
    _t(
        Action.REOPEN,
        "Return to draft",
        {Status.UNPUBLISHED, Status.ARCHIVED},
        Status.DRAFT,
        PUBLISH_ARTICLE,
    ),
)
_BY_ACTION = {(t.action, t.correction): t for t in TRANSITIONS}

# The actions people take, in the order the admin offers them.
USER_ACTIONS: tuple[str, ...] = tuple(dict.fromkeys(t.action for t in TRANSITIONS if t.permission))


# --- Rules ------------------------------------------------------------------------


def can_edit(user, article: Article) -> bool:
    """Whether ``user`` may change the article's content (on a live article: propose a correction).

    Editors may edit any article; writers only their own, and only while it is a
    draft or has changes requested.
    """
    if not user.is_active or not user.has_perm(EDIT_ARTICLE):
        return False
    if user.has_perm(PUBLISH_ARTICLE):
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


def _lookup(action: str, article: Article) -> tuple[Transition, str]:
    """The rule for ``action`` on this article, and the state it moves from."""
    if article.has_live_status and (action, True) in _BY_ACTION:
        return _BY_ACTION[action, True], article.correction_status
    if (action, False) in _BY_ACTION:
        return _BY_ACTION[action, False], article.status
    if (action, True) in _BY_ACTION:
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
    transition, state = _lookup(action, article)
    if action == Action.SCHEDULE and article.go_live_at:
        when = formats.date_format(timezone.localtime(article.go_live_at), "j F Y, H:i")
        return f"Schedule for {when}"
    if action == Action.SUBMIT and transition.correction and state == NO_CORRECTION:
        return "Request a medical review"
    return transition.label


def _check_state_and_person(action: str, article: Article, user) -> Transition:
    """The rule for ``action`` if ``user`` may take it from the state the article is in.

    ``user`` None is the system (the scheduler), which alone takes the steps that
    need no permission.
    """
    transition, state = _lookup(action, article)
    label = label_for(action, article)
    if transition.permission is None:
        if user is not None:
            raise InvalidTransition(f"“{label}” happens automatically.", reason="permission")
    elif user is None or not (user.is_active and user.has_perm(transition.permission)):
        raise InvalidTransition(f"You do not have permission to {label.lower()}.", reason="permission")
    if state not in transition.sources:
        raise InvalidTransition(f"“{label}” is not possible: {_state_name(state, transition.correction)}.")
    if action == Action.SUBMIT and not can_edit(user, article):
        raise InvalidTransition(
            "You can submit only your own articles, while they are drafts or have changes requested.",
            reason="permission",
        )
    if action == Action.WITHDRAW:
        _check_withdrawal(article, user, is_correction=transition.correction)
    if action in (Action.APPROVE, Action.REQUEST_CHANGES) and article.is_own_work(user):
        raise InvalidTransition(
            "You cannot review your own work: another medical reviewer must do it.", reason="permission"
        )
    return transition


def _check_withdrawal(article: Article, user, *, is_correction: bool) -> None:
    """Only the person who submitted the work now in review, or an editor, may take it back."""
    if user.has_perm(PUBLISH_ARTICLE):
        return
    submitted = (
        article.status_changes.filter(action=Action.SUBMIT, is_correction=is_correction)
        .order_by("-created_at", "-pk")
        .values_list("actor_id", flat=True)
        .first()
    )
    if submitted != user.pk:
        raise InvalidTransition(
            "Only the person who submitted this for review, or an editor, can withdraw it.",
            reason="permission",
        )


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

    transition, state = _lookup(action, article)
    if action == Action.SUBMIT:
        content = _content_under_review(article, transition.correction)
        if not content["title"].strip() or not content["body"].strip():
            missing("Add a title and the article text before submitting it for review.")
    elif action == Action.APPROVE:
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
        content = _content_under_review(article, transition.correction)
        if not content["summary"].strip():
            missing("The article needs a summary before it can be approved.")
        if not content["sources"]:
            missing("The article needs at least one source before it can be approved.")
        _check_prepublish_checklist(article, content)
    elif action == Action.WITHDRAW:
        in_review = article.latest_revision()  # before going live the article, after it the correction
        if in_review is not None and in_review.approvals.exists():
            missing(
                "A medical reviewer has already approved this version, so it can no longer be "
                "withdrawn. Ask a reviewer to request changes instead."
            )
    elif transition.needs_note and note is not None and not note.strip():
        missing("Write a note telling the writer what needs to change.")
    elif (
        action in (Action.PUBLISH, Action.SCHEDULE)
        and state != Status.SCHEDULED
        and not _has_sign_off(article)
    ):
        # The state says approved; this makes sure of it, since nothing may go live unreviewed.
        missing("This version has not been medically approved. Submit it for review first.")
    elif action == Action.PUBLISH_CORRECTION:
        pending = article.pending_revision()
        if pending is None or pending.approvals.count() < required_approvals(article):
            missing("This correction has not been medically approved. Submit it for review first.")
    if action == Action.SCHEDULE:
        when = at or article.go_live_at
        if when is None or when <= timezone.now():
            missing("Set a go-live date and time in the future and save, then schedule.")
    if note is not None and len(note) > NOTE_MAX_LENGTH:
        missing(f"The note is too long: keep it under {NOTE_MAX_LENGTH} characters.")
    if note is not None and "\x00" in note:
        missing("The note contains a null character, which cannot be stored. Please retype it.")


def _check_prepublish_checklist(article: Article, content: dict) -> None:
    """Approval waits until every pre-publish checklist item passes or an editor waived it."""
    failing = checklist.checklist_for(article, content=content).blocking
    if failing:
        names = "; ".join(item.label for item in failing)
        raise InvalidTransition(
            f"The pre-publish checklist is not done. Failing: {names}. "
            "Fix the text, or ask an editor to waive an item with a reason.",
            reason="requirement",
        )


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
            transition = _check_state_and_person(action, article, user)
        except InvalidTransition:
            continue
        label = label_for(action, article)
        try:
            _check_requirements(action, article, user, note=None, at=None)
        except InvalidTransition as exc:
            options.append(Option(action, label, blocked_because=str(exc)))
        else:
            options.append(Option(action, label, needs_note=transition.needs_note))
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


def _sign_off(article: Article, revision: ArticleRevision) -> None:
    """Record the completed medical review of ``revision`` on the article."""
    last = revision.approvals.order_by("-created_at", "-pk").first()
    if last.contributor_id:
        article.medical_reviewer_id = last.contributor_id
    article.signed_off_revision = revision  # its approvals name the reviewers on the page
    article.last_reviewed_on = timezone.localdate(last.created_at)
    article.next_review_due = next_review_date(article.last_reviewed_on)


def _set_aside_correction(article: Article) -> ArticleRevision:
    """Drop the pending correction (it stays in the history and can be restored); return it."""
    pending = article.pending_revision()
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
    return pending


def _count_going_live_as_updated(article: Article) -> None:
    """Readers first saw the text when it went live, so "Updated" never comes before "published".

    Never sets a date in the future: a scheduled article is seen to when it goes live.
    """
    published = article.published_at
    if published is not None and published <= timezone.now() and article.updated_at < published:
        article.updated_at = published


def _open_review_round(article: Article, *, by, is_correction: bool) -> None:
    """Give a new review round a version of its own if the one submitted was approved before.

    Approvals from an earlier round must neither count towards this one nor
    block a reviewer who gave one, so the text is kept again, unchanged, as a
    new version with no approvals (see "Review rounds" above).
    """
    current = _current_revision(article)
    if not current.approvals.exists():
        return
    _new_revision(
        article,
        content=_content_under_review(article, is_correction),
        by=by,
        summary=f"Submitted for a new review; the text is unchanged since version {current.number}",
        is_major=False,
        is_correction=is_correction,
    )


@dataclass
class Step:
    """A workflow step under way: what a verb may adjust before the move is written."""

    article: Article  # the locked row
    transition: Transition
    from_state: str
    # Where the step leads; a verb may hold it back (an approval short of the quorum).
    target: str
    note: str
    revision: ArticleRevision | None = None
    # What the history shows the step led to, when that is not the target: a
    # published correction ends the correction by making it the live text.
    recorded_to: str | None = None


@contextlib.contextmanager
def _step(action: str, article: Article, *, by, note: str = "", at=None) -> Iterator[Step]:
    """The one way a workflow step happens.

    Locks the article and checks the step; the verb's block then does the step's
    own part on ``step.article``; on leaving the block the article (or its
    correction) moves to ``step.target``, is saved, and the audit row is written.
    All of it is one transaction, so notifications queued in the block go out
    only once it commits, and a refusal or a failure changes nothing. The
    caller's ``article`` is refreshed afterwards.
    """
    note = note or ""
    with transaction.atomic():
        locked = _lock(article)
        check(action, locked, by, note=note, at=at)
        transition, state = _lookup(action, locked)
        step = Step(locked, transition, state, transition.target, note.strip())
        yield step
        if transition.correction:
            locked.correction_status = step.target
        else:
            locked.status = step.target
        locked.save()
        _audit(
            locked,
            transition.action,
            by=by,
            from_status=state,
            to_status=step.target if step.recorded_to is None else step.recorded_to,
            is_correction=transition.correction,
            note=step.note,
            revision=step.revision,
        )
    article.refresh_from_db()


# --- Verbs ------------------------------------------------------------------------

# action -> the verb that takes it, for ``perform()``; each verb registers itself.
VERBS: dict[str, Callable[..., None]] = {}


def _verb(action: str):
    def register(function):
        VERBS[action] = function
        return function

    return register


@_verb(Action.SUBMIT)
def submit_for_review(article: Article, *, by, note: str = "") -> None:
    """Send the article (or its correction) to the medical reviewers.

    On a live article with no correction waiting, this asks for a review of the
    live text unchanged, for example when its review is due.
    """
    with _step(Action.SUBMIT, article, by=by, note=note) as step:
        locked, is_correction = step.article, step.transition.correction
        _ensure_baseline(locked)
        if is_correction and step.from_state == NO_CORRECTION:
            _new_revision(
                locked,
                content=revisions.snapshot_of(locked),
                by=by,
                summary="Medical review of the published text; no changes",
                is_major=False,
                is_correction=True,
            )
        _open_review_round(locked, by=by, is_correction=is_correction)
        step.revision = _current_revision(locked)
        notifications.submitted(locked, by=by, is_correction=is_correction, note=step.note)


@_verb(Action.WITHDRAW)
def withdraw(article: Article, *, by, note: str = "") -> None:
    """Take the work (or correction) in review back to draft, before any reviewer has approved it.

    For the person who submitted it, or an editor: say, to fix a typo without
    waiting for a reviewer to send it back.
    """
    with _step(Action.WITHDRAW, article, by=by, note=note) as step:
        step.revision = _current_revision(step.article)


@_verb(Action.APPROVE)
def approve(article: Article, *, by, note: str = "") -> None:
    """Record ``by``'s medical approval of the exact version in review.

    Once enough distinct reviewers have approved (``required_approvals``) the
    work is approved; for a new article the sign-off ("medically reviewed by ...
    on ...", next review due) is recorded now, for a correction when it is
    published.
    """
    with _step(Action.APPROVE, article, by=by, note=note) as step:
        locked, is_correction = step.article, step.transition.correction
        step.revision = revision = _current_revision(locked)
        contributor = by.contributor
        ArticleApproval.objects.create(
            revision=revision,
            reviewer=by,
            contributor=contributor,
            signed_off_as=str(contributor),
            note=step.note,
        )
        count, needed = revision.approvals.count(), required_approvals(locked)
        if count < needed:
            step.target = Status.IN_REVIEW  # waiting for more reviewers
        elif not is_correction:
            _sign_off(locked, revision)
        step.note = f"Approval {count} of {needed} by {contributor}. {step.note}".strip()
        notifications.approved(locked, by=by, is_correction=is_correction, count=count, needed=needed)


@_verb(Action.REQUEST_CHANGES)
def request_changes(article: Article, *, by, note: str) -> None:
    """Send the work back to its writer with ``note`` saying what must change (required)."""
    with _step(Action.REQUEST_CHANGES, article, by=by, note=note) as step:
        step.revision = _current_revision(step.article)
        notifications.changes_requested(
            step.article, by=by, note=step.note, is_correction=step.transition.correction
        )


@_verb(Action.PUBLISH)
def publish(article: Article, *, by, note: str = "") -> None:
    """Put the approved article in front of readers now (also "publish now" for a scheduled one)."""
    with _step(Action.PUBLISH, article, by=by, note=note) as step:
        locked, now = step.article, timezone.now()
        if not locked.has_live_status:
            locked.live_revision = _current_revision(locked)
        _ensure_baseline(locked)
        if locked.go_live_at is None or locked.go_live_at > now:
            locked.go_live_at = now
        if locked.published_at is None or locked.published_at > now:
            locked.published_at = now
        _count_going_live_as_updated(locked)
        step.revision = locked.live_revision


@_verb(Action.SCHEDULE)
def schedule(article: Article, *, by, at: datetime.datetime | None = None, note: str = "") -> None:
    """Make the approved article go live at ``at`` (default: its go-live date), with no further step needed.

    ``Article.objects.live()`` shows it from that moment; ``publish_due`` only
    records the event.
    """
    with _step(Action.SCHEDULE, article, by=by, note=note, at=at) as step:
        locked = step.article
        locked.live_revision = step.revision = _current_revision(locked)
        locked.go_live_at = at or locked.go_live_at
        if locked.published_at is None:
            locked.published_at = locked.go_live_at
        when = formats.date_format(timezone.localtime(locked.go_live_at), "j F Y, H:i")
        step.note = f"Goes live {when}. {step.note}".strip()


def _take_down(action: str, article: Article, *, by, note: str) -> None:
    with _step(action, article, by=by, note=note) as step:
        locked = step.article
        if locked.correction_status:
            state = locked.correction_status
            pending = _set_aside_correction(locked)
            _audit(
                locked,
                Action.DISCARD_CORRECTION,
                by=by,
                from_status=state,
                to_status=NO_CORRECTION,
                is_correction=True,
                note=f"Set aside because the article was {Status(step.target).label.lower()}.",
                revision=pending,
            )
        if locked.published_at and locked.published_at > timezone.now():
            locked.published_at = None  # scheduled, but taken down before it ever went live


@_verb(Action.UNPUBLISH)
def unpublish(article: Article, *, by, note: str = "") -> None:
    """Take the article off the site. A correction waiting on it is set aside (kept in the history)."""
    _take_down(Action.UNPUBLISH, article, by=by, note=note)


@_verb(Action.ARCHIVE)
def archive(article: Article, *, by, note: str = "") -> None:
    """Retire the article from any state. A correction waiting on it is set aside (kept in the history)."""
    _take_down(Action.ARCHIVE, article, by=by, note=note)


@_verb(Action.REOPEN)
def reopen(article: Article, *, by, note: str = "") -> None:
    """Bring an unpublished or archived article back as a draft, to be revised and reviewed again."""
    with _step(Action.REOPEN, article, by=by, note=note):
        pass  # the move back to draft is the whole step


@_verb(Action.PUBLISH_CORRECTION)
def publish_correction(article: Article, *, by, note: str = "") -> None:
    """Replace the live text with the approved correction, and record its medical sign-off."""
    with _step(Action.PUBLISH_CORRECTION, article, by=by, note=note) as step:
        locked = step.article
        step.revision = revision = locked.pending_revision()
        if revisions.changed_fields(revisions.snapshot_of(locked), revision.content):
            locked.updated_at = timezone.now()
        previous_live = locked.live_revision
        revisions.apply_content(locked, revision.content)
        _sign_off(locked, revision)
        _record_page_history(locked, revision, since=previous_live)
        locked.live_revision = revision
        step.recorded_to = Status.PUBLISHED
        step.note = f"{revision.change_summary}. {step.note}".strip()


def _record_page_history(article: Article, revision: ArticleRevision, *, since) -> None:
    """Add a line to the public page history if the correction going live holds a major change.

    Its text is the newest public summary the writers gave among the versions
    since the last live one; the internal change summary is never shown.
    """
    work = article.revisions.filter(number__gt=since.number if since else 0, number__lte=revision.number)
    if not work.filter(is_major=True).exists():
        return
    told = work.exclude(public_summary="").order_by("-number").values_list("public_summary", flat=True)
    # The same moment as "Updated" and the JSON-LD's dateModified, so the three agree.
    article.updated_at = now = timezone.now()
    PageHistoryEntry.objects.create(
        article=article,
        revision=revision,
        published_at=now,
        summary=told.first() or "Updated with changes to the medical information",
    )


@_verb(Action.DISCARD_CORRECTION)
def discard_correction(article: Article, *, by, note: str = "") -> None:
    """Drop the correction waiting on a live article; it stays in the history and can be restored."""
    with _step(Action.DISCARD_CORRECTION, article, by=by, note=note) as step:
        step.revision = _set_aside_correction(step.article)


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
        article = Article(pk=pk)
        try:
            with _step(Action.GO_LIVE, article, by=None) as step:
                locked = step.article
                if locked.go_live_at > now:
                    raise InvalidTransition("Rescheduled since.")
                locked.published_at = locked.published_at or locked.go_live_at
                _count_going_live_as_updated(locked)
                step.revision = locked.live_revision
        except InvalidTransition:
            continue  # another run got there first, or it was rescheduled
        done.append(article)
    return done


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
