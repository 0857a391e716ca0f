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
import logging
import re
import time
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from functools import lru_cache

import regex
from django.utils import timezone

from comments.models import Comment, ModerationSettings, Reason, WatchedPhrase

logger = logging.getLogger(__name__)

# How long one watched pattern may search one comment, and all of them together,
# in seconds. Moderators write patterns, and some patterns take very long on some
# text; past the limit screening stops that search and holds the comment for a
# moderator, so a pattern can neither hang the site nor be dodged by such text.
PATTERN_TIME_LIMIT = 0.1
SCREENING_TIME_BUDGET = 1.0

# A comment in which flagging phrases match this many different places is held,
# not just flagged: one mention of "big pharma" may be ordinary talk, several
# such claims together rarely are.
FLAGS_THAT_HOLD = 2

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


class UnusablePhrase(ValueError):
    """A watched phrase screening cannot use; ``str()`` says why in plain words."""


def _word(word: str) -> str:
    if word == "*":
        return r"\w+"
    if len(word) > 1 and word.endswith("*"):
        return regex.escape(word[:-1]) + r"\w*"
    return regex.escape(word)


def phrase_pattern(phrase: WatchedPhrase) -> regex.Pattern:
    """The compiled pattern for a watched phrase: a regular expression, or whole words in order.

    In a plain phrase a word ending in ``*`` matches any ending and ``*`` alone
    any one word. Raises ``UnusablePhrase`` for a pattern that does not compile
    or a phrase with no words.
    """
    return _compiled(phrase.phrase, phrase.is_pattern)


@lru_cache(maxsize=2048)
def _compiled(text: str, is_pattern: bool) -> regex.Pattern:
    # Once per process for each wording: every comment is screened against every
    # phrase, and an import screens thousands of comments in a row.
    if is_pattern:
        try:
            return regex.compile(text, regex.IGNORECASE | regex.VERSION0)
        except (regex.error, ValueError, OverflowError, RecursionError) as exc:
            raise UnusablePhrase(f"This is not a valid regular expression: {exc}.") from exc
    words = normalise(text).split()
    if not words:
        raise UnusablePhrase("Enter the words to watch for.")
    return regex.compile(r"(?<!\w)" + r"\s+".join(_word(word) for word in words) + r"(?!\w)")


# Ordinary comments a watched pattern must leave alone: one that matches them
# would hold nearly every comment.
_ORDINARY = [
    "",
    "thank you for this article, it helped me understand what my neurologist said. "
    "how long did your cramps last after you started the new tablets?",
]
# Text that makes a badly nested pattern backtrack for a long time; the words and
# letters of the pattern itself are repeated as well (see _stress_texts).
_STRESS = ["a" * 2000 + "!", "ab " * 700 + "!", "1" * 2000 + "x", "a." * 1000 + "!"]


def _stress_texts(pattern: str) -> list[str]:
    words = list(dict.fromkeys(regex.findall(r"[a-z0-9]+", pattern.casefold())))[:8]
    repeated = [word * (2000 // len(word)) + "!" for word in words]
    return _STRESS + repeated + [(word + " ") * 400 for word in words]


def pattern_problem(phrase: WatchedPhrase) -> str:
    """Why ``phrase`` cannot be saved as it is, in plain words, or "" when it is fine.

    Checks what screening needs: the pattern compiles, it does not match every
    comment, and it searches awkward text within the time limit.
    """
    try:
        pattern = phrase_pattern(phrase)
    except UnusablePhrase as exc:
        return str(exc)
    if not phrase.is_pattern:
        return ""
    try:
        for text in _ORDINARY:
            if pattern.search(text, timeout=PATTERN_TIME_LIMIT):
                return "This pattern matches ordinary text or an empty comment: it would catch every comment."
        for text in _stress_texts(phrase.phrase):
            pattern.search(text, timeout=PATTERN_TIME_LIMIT)
    except TimeoutError:
        return (
            "This pattern takes too long to search some text, so comments would be held whenever it "
            "runs out of time. Avoid repeats inside repeats such as (\\w+\\s?)+."
        )
    return ""


_REASONS = frozenset(Reason.values)
_ACTIONS = frozenset(WatchedPhrase.Action.values)


def _usable(phrase: WatchedPhrase) -> tuple[Reason, str, regex.Pattern]:
    if phrase.category not in _REASONS:
        raise UnusablePhrase(f"its category {phrase.category!r} is not one of the reasons")
    if phrase.action not in _ACTIONS:
        raise UnusablePhrase(f"its action {phrase.action!r} is not block, hold or flag")
    return Reason(phrase.category), phrase.action, phrase_pattern(phrase)


def is_new_account(user, config: ModerationSettings, *, now=None) -> bool:
    now = now or timezone.now()
    return user.date_joined > now - timedelta(days=config.new_account_days)


def check_phrases(text: str, phrases: Iterable[WatchedPhrase]) -> Verdict:
    """The verdict of ``phrases`` alone on ``text``: the strongest action among those that match.

    Safeguarding wording always holds. A phrase screening cannot use is skipped
    and logged; a pattern that runs out of time holds the comment. Two or more
    different flagging phrases (``FLAGS_THAT_HOLD``) hold it too.
    """
    verdict = Verdict()
    normalised = normalise(text)
    deadline = time.monotonic() + SCREENING_TIME_BUDGET
    flagged_by = []

    for phrase in phrases:
        try:
            category, action, pattern = _usable(phrase)
        except UnusablePhrase as exc:
            # Saved around the admin's checks (a fixture, an import, the shell):
            # one broken phrase must not stop every comment being posted.
            logger.warning("Watched phrase %s (%r) skipped: %s", phrase.pk, phrase.phrase, exc)
            continue
        # A pattern is described by its note: moderators should not have to read regular expressions.
        watched = (
            f"a watched pattern ({phrase.note or phrase.phrase})" if phrase.is_pattern else "a watched phrase"
        )
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            logger.warning("Screening ran out of time before watched phrase %s", phrase.pk)
            verdict.reasons.append(
                "Screening did not finish: it ran out of time before checking every watched phrase; "
                "held for approval."
            )
            verdict.raise_to(HOLD)
            break
        try:
            found = pattern.search(normalised, timeout=min(PATTERN_TIME_LIMIT, remaining))
        except TimeoutError:
            logger.warning("Watched phrase %s (%r) ran out of time on a comment", phrase.pk, phrase.phrase)
            verdict.reasons.append(
                f"Screening did not finish: {watched} took too long on this text; held for approval."
            )
            verdict.raise_to(HOLD)
            continue
        if not found:
            continue
        matched = found.group(0)
        if category == Reason.SAFEGUARDING:
            verdict.is_safeguarding = True
            action = HOLD
        overlaps = any(found.start() < end and start < found.end() for start, end in flagged_by)
        if action == FLAG and not overlaps:
            # Counted once however many flagging phrases match the same words.
            flagged_by.append(found.span())
        verdict.reasons.append(f"{category.label}: “{matched}” matches {watched}; {_OUTCOME[action]}.")
        verdict.raise_to(action)
        if action == BLOCK and not verdict.refusal:
            verdict.refusal = (
                f"Your comment was not posted because it includes wording our comment rules do not allow "
                f"({category.label.lower()}: “{matched}”). Please change it and try again."
            )

    if len(flagged_by) >= FLAGS_THAT_HOLD and verdict.action == FLAG:
        verdict.reasons.append(
            f"{len(flagged_by)} watched phrases flagged different words; held for approval, "
            "as misinformation usually makes several such claims at once."
        )
        verdict.raise_to(HOLD)
    return verdict


def screen(*, text: str, author, article, config: ModerationSettings, now=None, phrases=None) -> Verdict:
    """Check ``text`` from ``author`` on ``article`` and say what should happen to it.

    ``author`` is None for a comment imported from another site. ``phrases`` (the
    active watched phrases) may be passed by a caller screening many comments at once.

    Checks, each adding a readable reason: watched phrases (block, hold or flag;
    safeguarding wording is always held, never refused), too many links for the
    account's age, and the same text posted again.
    """
    now = now or timezone.now()
    if phrases is None:
        phrases = WatchedPhrase.objects.filter(is_active=True).order_by("pk")
    verdict = check_phrases(text, phrases)

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
