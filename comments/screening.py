"""Screening: what a new comment is checked for before any moderator sees it.

``screen()`` reads the text and the author's record and returns a verdict with
readable reasons; it changes nothing. ``comments.moderation.post_comment`` acts on
the verdict. Matching works on a normalised copy of the text (case folded,
compatibility forms and spacing unified, invisible and direction-control
characters removed) so "STOP  taking your\u200b medication" is still caught; the
comment itself is stored exactly as typed.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from comments.models import Comment, ModerationSettings, Reason, WatchedPhrase

# Identical text from the same account inside this window counts as a repeat.
REPEAT_WINDOW = timedelta(days=1)

_LINK = re.compile(
    r"(?:https?://|www\.)\S+"
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|info|biz|io|co|uk|shop|store|online|site|xyz|ru|cn|top)\b(?:/\S*)?",
    re.IGNORECASE,
)

# Verdicts, strongest first.
BLOCK = WatchedPhrase.Action.BLOCK
HOLD = WatchedPhrase.Action.HOLD
FLAG = WatchedPhrase.Action.FLAG
PUBLISH = "publish"
_STRENGTH = {BLOCK: 3, HOLD: 2, FLAG: 1, PUBLISH: 0}
_OUTCOME = {BLOCK: "refused", HOLD: "held for approval", FLAG: "flagged for a moderator"}


@dataclass
class Verdict:
    action: str = PUBLISH
    reasons: list[str] = field(default_factory=list)
    is_safeguarding: bool = False
    refusal: str = ""

    def raise_to(self, action: str) -> None:
        if _STRENGTH[action] > _STRENGTH[self.action]:
            self.action = action


# Curly quotes and look-alike apostrophes, so "don’t" matches "don't".
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"'})


def normalise(text: str) -> str:
    """The text as screening sees it: compatibility forms folded, no invisible characters, one space."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    # Category C covers control, format (zero-width, direction overrides) and
    # unassigned characters: none of them change what a reader sees as words.
    text = "".join(
        " " if ch.isspace() else ch for ch in text if ch.isspace() or unicodedata.category(ch)[0] != "C"
    )
    return " ".join(text.casefold().split())


def fingerprint(text: str) -> str:
    """A stable hash of the normalised text, for finding repeated posts."""
    return hashlib.sha256(normalise(text).encode("utf-8", "surrogatepass")).hexdigest()


def count_links(text: str) -> int:
    return len(_LINK.findall(normalise(text)))


def phrase_pattern(phrase: WatchedPhrase) -> re.Pattern:
    """The compiled pattern for a watched phrase: a regular expression, or whole words in order."""
    if phrase.is_pattern:
        return re.compile(phrase.phrase, re.IGNORECASE)
    words = [re.escape(word) for word in normalise(phrase.phrase).split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)")


def _matches(phrases, text: str):
    normalised = normalise(text)
    for phrase in phrases:
        try:
            found = phrase_pattern(phrase).search(normalised)
        except re.error:
            # Saved before validation existed, or edited in the database: skip it
            # rather than refuse every comment.
            continue
        if found:
            yield phrase, found.group(0)


def is_new_account(user, config: ModerationSettings, *, now=None) -> bool:
    now = now or timezone.now()
    return user.date_joined > now - timedelta(days=config.new_account_days)


def screen(*, text: str, author, article, config: ModerationSettings, now=None, phrases=None) -> Verdict:
    """Check ``text`` from ``author`` on ``article`` and say what should happen to it.

    ``author`` is None for a comment imported from another site. ``phrases`` (the
    active watched phrases) may be passed by a caller screening many comments at once.

    Checks, each adding a readable reason: watched phrases (block, hold or flag;
    safeguarding wording is always held, never refused), too many links for the
    account's age, and the same text posted again.
    """
    now = now or timezone.now()
    verdict = Verdict()

    if phrases is None:
        phrases = WatchedPhrase.objects.filter(is_active=True)
    for phrase, matched in _matches(phrases, text):
        category = Reason(phrase.category)
        action = WatchedPhrase.Action(phrase.action)
        if category == Reason.SAFEGUARDING:
            verdict.is_safeguarding = True
            action = WatchedPhrase.Action.HOLD
        # A pattern is described by its note: moderators should not have to read regular expressions.
        watched = (
            f"a watched pattern ({phrase.note or phrase.phrase})" if phrase.is_pattern else "a watched phrase"
        )
        verdict.reasons.append(f"{category.label}: “{matched}” matches {watched}; {_OUTCOME[action]}.")
        verdict.raise_to(action)
        if action == BLOCK and not verdict.refusal:
            verdict.refusal = (
                f"Your comment was not posted because it includes wording our comment rules do not allow "
                f"({category.label.lower()}: “{matched}”). Please change it and try again."
            )

    links = count_links(text)
    # An imported comment has no account here (author None): the ordinary limit applies.
    new_account = author is not None and is_new_account(author, config, now=now)
    allowed = config.max_links_new_account if new_account else config.max_links
    if links > allowed:
        who = f"accounts under {config.new_account_days} days old" if new_account else "readers"
        verdict.reasons.append(f"Too many links: {links}, where {who} may post {allowed}.")
        verdict.raise_to(HOLD)

    if author is not None:  # repeats of old imported comments say nothing about an account here
        _check_repeats(verdict, text=text, author=author, article=article, now=now)

    if verdict.is_safeguarding and verdict.action == BLOCK:
        # Never turn away someone who may be at risk: hold it for a person to read.
        verdict.action = HOLD
        verdict.refusal = ""
    return verdict


def _check_repeats(verdict: Verdict, *, text: str, author, article, now) -> None:
    text_print = fingerprint(text)
    repeats = list(
        Comment.objects.filter(text_fingerprint=text_print, created_at__gte=now - REPEAT_WINDOW)
        .values_list("author_id", "article_id")
        .order_by()[:50]
    )
    if (author.pk, article.pk) in repeats:
        verdict.reasons.append("Repeated post: this account already posted the same text here.")
        verdict.raise_to(BLOCK)
        verdict.refusal = verdict.refusal or "You have already posted this comment on this article."
    elif any(author_id == author.pk for author_id, _ in repeats):
        verdict.reasons.append("Repeated post: this account posted the same text on another article today.")
        verdict.raise_to(HOLD)
    elif repeats:
        verdict.reasons.append("Repeated post: another account posted the same text today.")
        verdict.raise_to(HOLD)
