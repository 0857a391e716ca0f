"""Where an article first appeared, and its original dates: the rules and the one audited way to change them.

An article brought in from another site keeps its origin (address or file name),
the other site's name, and when it was first published and last updated there.
These are facts about the past, kept apart from the workflow's own dates, and the
public page states them ("First published 17 May 2024 on Example Health").
The importer sets them when it creates a draft; afterwards editors correct them
through ``set_origin``, which checks the dates and writes a line in the
article's editorial history.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone

from articles.models import Article, ArticleStatusChange

EDIT_PERMISSION = "articles.publish_article"  # editors


@dataclass(frozen=True)
class Origin:
    """An article's provenance: what ``set_origin`` writes and ``origin_of`` reads."""

    origin: str = ""
    origin_site: str = ""
    published_at: datetime.datetime | None = None
    updated_at: datetime.datetime | None = None


def origin_of(article: Article) -> Origin:
    return Origin(
        origin=article.origin,
        origin_site=article.origin_site,
        published_at=article.original_published_at,
        updated_at=article.original_updated_at,
    )


def date_problems(
    published: datetime.datetime | None,
    updated: datetime.datetime | None,
    *,
    updated_here: datetime.datetime | None = None,
    now=None,
) -> dict[str, str]:
    """What is wrong with a pair of original dates, by field (empty when they are fine).

    A first-published date is never in the future and never after the last update,
    there (``updated``) or here (``updated_here``, the article's own); a last update
    is never in the future either.
    """
    now = now or timezone.now()
    problems = {}
    if published is not None and published > now:
        problems["published_at"] = "The first-published date cannot be in the future."
    if updated is not None and updated > now:
        problems["updated_at"] = "The last-updated date cannot be in the future."
    if published is not None and updated is not None and published > updated and not problems:
        problems["published_at"] = "The first-published date cannot be after the last update."
    if published is not None and updated_here is not None and published > updated_here and not problems:
        problems["published_at"] = (
            f"The first-published date cannot be after the article's last update here ({_day(updated_here)})."
        )
    return problems


def check_dates(published, updated, *, updated_here=None, now=None) -> None:
    """Raise ``ValidationError`` (by field) unless the original dates are possible."""
    problems = date_problems(published, updated, updated_here=updated_here, now=now)
    if problems:
        raise ValidationError(problems)


def can_change(user) -> bool:
    """Only editors set or correct where an article came from and its original dates."""
    return user.is_active and user.has_perm(EDIT_PERMISSION)


def _day(value) -> str:
    return formats.date_format(timezone.localtime(value), "j F Y") if value else "not set"


def describe_change(old: Origin, new: Origin) -> str:
    """One line per changed part, for the editorial history."""
    lines = []
    if old.published_at != new.published_at:
        lines.append(f"First published: {_day(old.published_at)} → {_day(new.published_at)}.")
    if old.updated_at != new.updated_at:
        lines.append(f"Last updated elsewhere: {_day(old.updated_at)} → {_day(new.updated_at)}.")
    if old.origin_site != new.origin_site:
        lines.append(f"Site: “{old.origin_site or 'not set'}” → “{new.origin_site or 'not set'}”.")
    if old.origin != new.origin:
        lines.append(f"Came from: “{old.origin or 'not set'}” → “{new.origin or 'not set'}”.")
    return "\n".join(lines)


def set_origin(article: Article, new: Origin, *, by, note: str = "") -> ArticleStatusChange | None:
    """Set or correct where ``article`` came from and its original dates, as editor ``by``.

    Checks the person and the dates (``ValidationError`` when refused; nothing is
    changed), saves only these fields (a live article's text and pending
    correction are untouched: this is not a change to what was reviewed) and
    records the change in the editorial history. Returns that history line, or
    None when nothing changed.
    """
    if not can_change(by):
        raise ValidationError("Only editors can change where an article came from and its original dates.")
    with transaction.atomic():
        locked = Article.objects.select_for_update().get(pk=article.pk)
        check_dates(new.published_at, new.updated_at, updated_here=locked.updated_at)
        old = origin_of(locked)
        if old == new:
            return None
        locked.origin, locked.origin_site = new.origin, new.origin_site
        locked.original_published_at, locked.original_updated_at = new.published_at, new.updated_at
        # Through save(), so the page cache hears of it like any other change.
        locked.save(update_fields=["origin", "origin_site", "original_published_at", "original_updated_at"])
        entry = ArticleStatusChange.objects.create(
            article=locked,
            action=ArticleStatusChange.Action.ORIGINAL_DATES,
            from_status=locked.status,
            to_status=locked.status,
            actor=by,
            note="\n".join(part for part in (describe_change(old, new), note.strip()) if part),
        )
    article.origin, article.origin_site = new.origin, new.origin_site
    article.original_published_at, article.original_updated_at = new.published_at, new.updated_at
    return entry
