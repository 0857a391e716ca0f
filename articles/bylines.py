"""Crediting a person by name: an existing contributor, or a new one with no account.

Used by the importer (a byline on an old page) and by the article form (a writer
crediting an outside author). A new contributor gets the name only: no login and
no credentials, since credentials are a claim an editor must check, never guessed
from a byline.
"""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify

from articles.models import Contributor

NAME_MAX_LENGTH = Contributor._meta.get_field("name").max_length
_BY = re.compile(r"^\s*(?:written\s+by|words\s+by|posted\s+by|reviewed\s+by|by|author)\s*[:\-–—]?\s+", re.I)
_SPLIT = re.compile(r"\s*(?:;|\band\b|&|\|)\s*", re.I)


def _tidy(name: str) -> str:
    name = unicodedata.normalize("NFC", name)
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C" or ch == " ")
    return " ".join(name.split()).strip(" ,.;:-–—|")


def split_byline(text: str) -> tuple[list[str], list[str]]:
    """The names in a byline such as "By Jane Doe, RN and Tom Roe", and what followed each name.

    Returns ``(names, extras)``: ``["Jane Doe", "Tom Roe"]`` and ``["RN"]``. Extras
    (credentials, job titles) are only reported, never stored.
    """
    text = _BY.sub("", _tidy(text))
    names, extras = [], []
    for part in _SPLIT.split(text):
        name, _, extra = part.partition(",")
        name = _tidy(name)
        if extra.strip():
            extras.append(_tidy(extra))
        if is_plausible_name(name) and name not in names:
            names.append(name)
    return names, extras


def is_plausible_name(name: str) -> bool:
    """A person's or team's name, not a date, an address or a sentence."""
    name = _tidy(name)
    if not name or len(name) > NAME_MAX_LENGTH or len(name.split()) > 6:
        return False
    if any(mark in name for mark in ("@", "://", "www.", "<", ">")):
        return False
    return any(ch.isalpha() for ch in name)


def matching_contributor(name: str) -> Contributor | None:
    """The contributor with this name, ignoring case and spacing, if there is one."""
    name = _tidy(name)
    if not name:
        return None
    return Contributor.objects.filter(name__iexact=name).order_by("pk").first()


def _free_slug(name: str) -> str:
    base = slugify(name)[:140] or "contributor"
    slug, n = base, 1
    while Contributor.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def credit(name: str) -> tuple[Contributor, bool]:
    """The contributor to credit as ``name``: ``(contributor, created)``.

    An existing contributor with the same name is reused, so the same person is
    never added twice; otherwise a new one is made with the name alone.
    Raises ``ValidationError`` for something that is not a name.
    """
    name = _tidy(name)
    if not is_plausible_name(name):
        raise ValidationError(f"“{name[:80]}” does not look like a person's name.")
    existing = matching_contributor(name)
    if existing is not None:
        return existing, False
    for _ in range(3):
        try:
            with transaction.atomic():
                return Contributor.objects.create(name=name, slug=_free_slug(name)), True
        except IntegrityError:
            # Someone took the slug at the same moment: look again.
            existing = matching_contributor(name)
            if existing is not None:
                return existing, False
    raise ValidationError(f"Could not add “{name}” as a contributor; please try again.")


def credit_in_form(cleaned_data: dict) -> Contributor:
    """Add the article form's "outside author" to ``cleaned_data["authors"]``, as a contributor."""
    contributor, _ = credit(cleaned_data["outside_author"])
    authors = list(cleaned_data.get("authors") or [])
    if contributor not in authors:
        authors.append(contributor)
    cleaned_data["authors"] = authors
    return contributor


_PARTS = re.compile(r"\s+[|·•—–]\s+|\s+-\s+|\s{2,}")
_REVIEWER = re.compile(
    r"^\s*(?:(?:medically|clinically)\s+)?(?:reviewed|fact[-\s]?checked|verified)\s+by\s+", re.I
)
_WRITER = re.compile(r"^\s*(?:written\s+by|words\s+by|posted\s+by|by|author\s*:)\s+", re.I)
# "By Jane Doe on May 17, 2024": the date is not part of the name.
_DATE_TAIL = re.compile(r"\s+(?:on|updated|published|posted)\b.*$|,?\s+\d.*$", re.I)


def people_in_byline(text: str) -> tuple[list[str], list[str], list[str]]:
    """Who a credits line names: ``(authors, reviewers, extras)``.

    Reads lines such as "Medically reviewed by Dr A, MD — Written by B, RN — Updated
    on May 17, 2024": writers are authors, reviewers are listed apart (a review
    elsewhere is not one here), and credentials are returned as extras to report.
    """
    authors: list[str] = []
    reviewers: list[str] = []
    extras: list[str] = []
    for part in _PARTS.split(_tidy(text)):
        if _REVIEWER.match(part):
            reviewers += split_byline(_DATE_TAIL.sub("", _REVIEWER.sub("", part)))[0]
        elif _WRITER.match(part):
            names, more = split_byline(_DATE_TAIL.sub("", part))
            authors += [name for name in names if name not in authors]
            extras += more
    return authors, reviewers, extras
