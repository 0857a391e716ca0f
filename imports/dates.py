"""Reading dates as old pages write them, and saying how each one was read.

Dates a machine wrote (WordPress exports, ``<meta>`` tags, ``datetime``
attributes) are ISO 8601 or RFC 822 and read exactly. Dates people wrote
("Updated May 17, 2024", "17/05/2024") go through dateparser, day first for
numbers (the British order), and only complete dates count: "May 2024" is not
turned into the first of May. Relative dates ("2 days ago") are refused, since
the day the page was saved is unknown.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

import dateparser
from django.conf import settings
from django.utils import formats, timezone

# A label before the date says which date it is.
_UPDATED = re.compile(r"\b(?:last\s+)?(?:updated|modified|revised|edited)\b", re.I)
_PUBLISHED = re.compile(r"\b(?:first\s+)?(?:published|posted|written|date)\b", re.I)
_LABEL = re.compile(
    r"^\s*(?:(?:last|first|originally)\s+)?"
    r"(?:updated|modified|revised|edited|published|posted|written|date|reviewed)?"
    r"(?:\s+(?:on|at))?\s*[:\-–—]?\s*",
    re.I,
)
_NUMERIC = re.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2,4})\b")


@dataclass(frozen=True)
class ReadDate:
    value: datetime.datetime
    text: str  # the words it was read from
    which: str  # "published", "updated" or "" when the words do not say

    def note(self, what: str = "") -> str:
        """A line for the report: ``“Updated May 17, 2024” read as last updated 17 May 2024``."""
        what = what or {"published": "first published", "updated": "last updated"}.get(self.which, "")
        day = describe(self.value)
        reading = f"read as {what} {day}" if what else f"read as {day}"
        doubt = _other_reading(self.text)
        return f"“{self.text}” {reading}{doubt}"


def describe(value: datetime.datetime) -> str:
    local = timezone.localtime(value)
    if (local.hour, local.minute, local.second) == (0, 0, 0):
        return formats.date_format(local, "j F Y")
    return formats.date_format(local, "j F Y, H:i")


def _other_reading(text: str) -> str:
    match = _NUMERIC.match(_LABEL.sub("", text))
    if match and int(match[1]) <= 12 and int(match[2]) <= 12 and match[1] != match[2]:
        return " (day first; it could also be month first)"
    return ""


def _settings() -> dict:
    return {
        "DATE_ORDER": "DMY",
        "PREFER_DAY_OF_MONTH": "first",
        "RETURN_AS_TIMEZONE_AWARE": True,
        "TIMEZONE": settings.TIME_ZONE,
        "TO_TIMEZONE": "UTC",
        "PARSERS": ["custom-formats", "absolute-time"],
        "REQUIRE_PARTS": ["day", "month", "year"],
    }


def which_date(text: str) -> str:
    """Whether words such as "Updated ..." or "Published ..." say which date this is."""
    if _UPDATED.search(text):
        return "updated"
    if _PUBLISHED.search(text):
        return "published"
    return ""


def read_date(text: str) -> ReadDate | None:
    """The date written in ``text`` (a short line such as "Updated on May 17, 2024"), or None."""
    text = " ".join(text.split())
    if not text or len(text) > 80:
        return None
    words = _LABEL.sub("", text, count=1).strip()
    # "Updated May 17, 2024 by Jane Doe": the name is not part of the date.
    words = re.split(r"\s+(?:by|from)\s+|\s[|·•]\s", words, maxsplit=1, flags=re.I)[0].strip(" ,.")
    if not words or not any(ch.isdigit() for ch in words):
        return None
    try:
        value = dateparser.parse(words, languages=["en"], settings=_settings())
    except (ValueError, OverflowError, TypeError):
        return None
    if value is None or not 1900 <= value.year <= 2200:
        return None
    return ReadDate(value=value, text=text, which=which_date(text))


_LABEL_START = re.compile(
    r"\b(?:(?:last|first|originally)\s+)?(?:updated|modified|revised|published|posted|written)\b", re.I
)


def labelled_dates(text: str) -> list[ReadDate]:
    """Each labelled date in a line such as "Posted on June 3, 2018 by Tom · Last updated: 10/09/2025"."""
    text = " ".join(text.split())
    starts = [match.start() for match in _LABEL_START.finditer(text)]
    found = []
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(text)
        segment = re.split(r"\s[|·•—–]\s", text[start:end], maxsplit=1)[0].strip(" ,;|·•—–")
        read = read_date(segment)
        if read is not None:
            found.append(read)
    return found


def read_machine_date(text: str | None) -> datetime.datetime | None:
    """An ISO 8601 or RFC 822 date as written by software, or None; naive times are the site's."""
    text = (text or "").strip()
    if not text or text.startswith("0000"):
        return None
    value = None
    try:
        value = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            value = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    if value is None or not 1900 <= value.year <= 2200:
        return None
    if timezone.is_naive(value):
        value = timezone.make_aware(value, timezone.get_default_timezone())
    return value
