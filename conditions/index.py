"""The conditions A-Z: every condition and every other name, filed under a letter."""

import unicodedata
from dataclasses import dataclass

OTHER = "#"


def index_letter(name: str) -> str:
    """The A-Z letter ``name`` is filed under: accents ignored, digits and symbols under "#"."""
    first = unicodedata.normalize("NFKD", name.strip()[:1]).encode("ascii", "ignore").decode().upper()
    return first if first.isalpha() else OTHER


def sort_key(name: str) -> str:
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()


@dataclass
class Entry:
    name: str
    condition: object
    is_alias: bool


def az_index(conditions) -> list[tuple[str, list[Entry]]]:
    """``[(letter, entries)]`` for ``conditions`` (with ``aliases`` prefetched).

    Each other name gets an entry of its own pointing to its condition, so a
    reader who knows only "Isaacs' syndrome" finds it under I.
    """
    entries = []
    for condition in conditions:
        entries.append(Entry(condition.name, condition, is_alias=False))
        entries.extend(Entry(alias.name, condition, is_alias=True) for alias in condition.aliases.all())
    entries.sort(key=lambda entry: (sort_key(entry.name), entry.is_alias))
    letters: dict[str, list[Entry]] = {}
    for entry in entries:
        letters.setdefault(index_letter(entry.name), []).append(entry)
    # Letters first in alphabetical order, then "#".
    return sorted(letters.items(), key=lambda item: (item[0] == OTHER, item[0]))
