"""What the readers of each kind of file hand to the importer: plain data, no database."""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import asdict, dataclass, field


@dataclass
class ParsedComment:
    """An old reader comment: the name and date it was posted under, and its text."""

    name: str
    posted_at: datetime.datetime | None
    text: str
    key: str  # unique within its article: the export's comment id, or a hash of the comment
    parent_key: str = ""


@dataclass
class ParsedArticle:
    """One article read from a source file, ready to be matched and stored.

    ``notes`` are lines for the report (how dates were read, what was not kept);
    ``removed`` lists the blocks taken out as not part of the article.
    """

    source: str  # the file it came from (a display name)
    key: str  # what makes it the same article next time (guid, canonical address, or file and text)
    kind: str  # "wordpress", "html" or "text"
    title: str
    body: str = ""  # Markdown, as editors write it
    summary: str = ""
    summary_from: str = ""  # where the summary was guessed from
    item: str = ""  # which item of the file (a WordPress post), if it holds several
    crumbs: list[str] = field(default_factory=list)  # category path, from the root
    other_categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    origin: str = ""  # the original address, or the file name
    origin_url: str = ""
    origin_site: str = ""
    published_at: datetime.datetime | None = None
    updated_at: datetime.datetime | None = None
    sections: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    comments: list[ParsedComment] = field(default_factory=list)
    sources: list[dict] = field(default_factory=list)  # {"title", "url"}: the article's references

    def content_hash(self) -> str:
        """A fingerprint of everything the import would store, to tell an unchanged source."""
        data = asdict(self)
        for name in ("source", "notes", "removed", "item"):
            data.pop(name)
        text = json.dumps(data, sort_keys=True, default=str, ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class BadFile(Exception):
    """A file (or one item of it) that cannot be imported; the message says why, for the report."""
