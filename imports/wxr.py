"""WordPress exports (WXR, the XML file from Tools > Export), read as a stream.

The file is parsed with defusedxml's ``iterparse``: a document type, entity
declarations and external entities are refused outright (a real export has
none; an XML bomb needs them), and each post is handed on and dropped from
memory as soon as it has been read, so a 200 MB export needs a few megabytes.

Only posts come in (``post_type`` post), published ones, plus drafts, pending
and scheduled posts with ``include_drafts``; pages, attachments, menu items,
private, password-protected and binned posts are counted and skipped. Of the
comments, only approved ones come in; pending, spam, binned comments and
pingbacks are counted in the report.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse
from django.conf import settings
from django.utils import timezone

from imports import convert, dates
from imports.htmlpage import clean_tags, normal_url
from imports.oldcomments import comment_key
from imports.parsed import BadFile, ParsedArticle, ParsedComment

_NAMESPACES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
}
_INCLUDED_WITH_DRAFTS = {"draft", "pending", "future"}
_STATUS_NAMES = {
    "private": "private posts",
    "trash": "posts in the bin",
    "auto-draft": "automatic drafts",
    "inherit": "revisions",
    "draft": "drafts (use --include-drafts)",
    "pending": "posts pending review (use --include-drafts)",
    "future": "scheduled posts (use --include-drafts)",
}
_UNCATEGORISED = {"uncategorized", "uncategorised"}


@dataclass
class Skipped:
    """A post or other item of the export that is not imported, and why (counted in the report)."""

    reason: str


@dataclass
class BadItem:
    """One post that could not be read; the rest of the export carries on."""

    item: str
    title: str
    message: str


def _name(tag: str) -> tuple[str, str]:
    """``(namespace kind, local name)``: kind is "wp", "excerpt", "content", "dc" or ""."""
    if not isinstance(tag, str) or not tag.startswith("{"):
        return "", tag if isinstance(tag, str) else ""
    namespace, _, local = tag[1:].partition("}")
    if namespace.startswith("http://wordpress.org/export/"):
        return ("excerpt" if namespace.rstrip("/").endswith("excerpt") else "wp"), local
    return _NAMESPACES.get(namespace, "other"), local


def _fields(element) -> dict[str, str]:
    """Child elements' text by "kind:name" (for wp: children) or plain name."""
    out = {}
    for child in element:
        kind, local = _name(child.tag)
        key = f"{kind}:{local}" if kind else local
        if key not in out:
            out[key] = (
                (child.text or "").strip()
                if key not in ("content:encoded", "excerpt:encoded")
                else child.text or ""
            )
    return out


def _wp_time(local: str, gmt: str) -> tuple[datetime.datetime | None, bool]:
    """A WordPress time: ``(value, was the local time)``. ``0000-00-00`` means none."""
    for text, is_gmt in ((gmt, True), (local, False)):
        text = (text or "").strip()
        if not text or text.startswith("0000"):
            continue
        try:
            value = datetime.datetime.fromisoformat(text)
        except ValueError:
            continue
        if timezone.is_naive(value):
            zone = datetime.UTC if is_gmt else timezone.get_default_timezone()
            value = timezone.make_aware(value, zone)
        return value, not is_gmt
    return None, False


class _Channel:
    """What the export says before its posts: the site, its authors and its category tree."""

    def __init__(self):
        self.title = ""
        self.link = ""
        self.authors: dict[str, str] = {}
        self.categories: dict[str, tuple[str, str]] = {}  # slug -> (name, parent slug)
        self.is_wordpress = False

    def add_author(self, fields: dict) -> None:
        login = fields.get("wp:author_login", "")
        name = fields.get("wp:author_display_name") or " ".join(
            filter(None, (fields.get("wp:author_first_name"), fields.get("wp:author_last_name")))
        )
        if login:
            self.authors[login] = (name or login).strip()

    def add_category(self, fields: dict) -> None:
        slug = fields.get("wp:category_nicename") or fields.get("wp:term_slug", "")
        name = fields.get("wp:cat_name") or fields.get("wp:term_name", "")
        parent = fields.get("wp:category_parent") or fields.get("wp:term_parent", "")
        if slug and name:
            self.categories[slug] = (" ".join(name.split()), parent)

    def path(self, slug: str, name: str) -> list[str]:
        """The category path from the root for a post's category."""
        parts, seen = [], set()
        while slug and slug in self.categories and slug not in seen and len(parts) < 20:
            seen.add(slug)
            category_name, slug = self.categories[slug]
            parts.insert(0, category_name)
        return parts or [name]

    @property
    def site(self) -> str:
        return self.title or (urlsplit(self.link).hostname or "").removeprefix("www.")


def read_export(
    stream, *, source: str, include_drafts: bool = False
) -> Iterator[ParsedArticle | Skipped | BadItem]:
    """The posts of a WordPress export, one at a time.

    Raises ``BadFile`` for a file that is not an export, or is damaged (after the posts before the damage).
    """
    channel = _Channel()
    parent_of_items = None
    read = 0
    events = iterparse(
        stream, events=("start", "end"), forbid_dtd=True, forbid_entities=True, forbid_external=True
    )
    try:
        for event, element in events:
            kind, local = _name(element.tag)
            if event == "start":
                if parent_of_items is None and local == "rss" and kind == "":
                    continue
                if parent_of_items is None and local != "channel":
                    raise BadFile(
                        f"Not a WordPress export: an XML file whose top element is <{local}>. "
                        "Export from WordPress with Tools > Export."
                    )
                if local == "channel" and parent_of_items is None:
                    parent_of_items = element
                continue
            if kind == "wp" and not channel.is_wordpress:
                channel.is_wordpress = True
            if local == "item" and kind == "":
                if not channel.is_wordpress:
                    raise BadFile("Not a WordPress export: an RSS feed without WordPress's export fields.")
                read += 1
                yield _item(element, channel, source=source, include_drafts=include_drafts, number=read)
                parent_of_items.remove(element)
            elif kind == "wp" and local == "author" and _is_channel_child(parent_of_items, element):
                channel.add_author(_fields(element))
                parent_of_items.remove(element)
            elif (
                kind == "wp" and local in ("category", "term") and _is_channel_child(parent_of_items, element)
            ):
                fields = _fields(element)
                if local == "category" or fields.get("wp:term_taxonomy") == "category":
                    channel.add_category(fields)
                parent_of_items.remove(element)
            elif kind == "" and local in ("title", "link") and _is_channel_child(parent_of_items, element):
                setattr(channel, local, " ".join((element.text or "").split()))
    except DefusedXmlException as exc:
        raise BadFile(
            "Refused: the file declares a document type or entities, which a WordPress export never does "
            f"and which is how XML bombs work ({type(exc).__name__})."
        ) from exc
    except ParseError as exc:
        where = f"line {exc.position[0]}" if getattr(exc, "position", None) else "somewhere"
        done = f"; the {read} post(s) before that point were read" if read else ""
        raise BadFile(
            f"The export is damaged near {where} ({exc.msg if hasattr(exc, 'msg') else exc}){done}."
        ) from exc
    if parent_of_items is None or not channel.is_wordpress:
        raise BadFile("Not a WordPress export: no WordPress export fields found.")


def _is_channel_child(channel, element) -> bool:
    return channel is not None and any(child is element for child in channel)


def _item(element, channel: _Channel, *, source: str, include_drafts: bool, number: int):
    fields = _fields(element)
    post_type = fields.get("wp:post_type", "post")
    status = fields.get("wp:status", "publish")
    post_id = fields.get("wp:post_id", str(number))
    title = " ".join(fields.get("title", "").split())
    label = f"post {post_id}"
    if post_type != "post":
        return Skipped(
            reason=f"{post_type}s"
            if post_type not in ("page", "attachment")
            else f"{post_type}s (only posts are imported)"
        )
    if status != "publish" and not (include_drafts and status in _INCLUDED_WITH_DRAFTS):
        return Skipped(reason=_STATUS_NAMES.get(status, f"posts with status “{status}”"))
    if fields.get("wp:post_password"):
        return Skipped(reason="password-protected posts")
    if not title:
        return BadItem(item=label, title="", message="No title: a post needs one to be imported.")
    html = fields.get("content:encoded", "")
    if len(html.encode("utf-8", "surrogatepass")) > settings.IMPORT_MAX_PAGE_BYTES:
        return BadItem(
            item=label, title=title, message="The post's text is over the size limit for one article."
        )

    notes: list[str] = []
    link = fields.get("link", "")
    origin_url = normal_url(link)
    guid = fields.get("guid", "")
    key = (
        f"wordpress:{guid}"
        if guid
        else (f"url:{origin_url}" if origin_url else f"wordpress:{channel.link}:{post_id}")
    )

    published, local = _wp_time(fields.get("wp:post_date", ""), fields.get("wp:post_date_gmt", ""))
    if status != "publish":
        published = None
        notes.append(f"Was a {status} post on the old site: it has no first-published date.")
    elif published is not None:
        text = fields.get("wp:post_date_gmt") if not local else fields.get("wp:post_date")
        zone = "site time" if local else "UTC"
        notes.append(f"“{text}” (post date, {zone}) read as first published {dates.describe(published)}.")
    updated, local = _wp_time(fields.get("wp:post_modified", ""), fields.get("wp:post_modified_gmt", ""))
    if updated is not None and published is not None and updated <= published:
        updated = None  # saved at publication, never updated
    elif updated is not None:
        text = fields.get("wp:post_modified_gmt") if not local else fields.get("wp:post_modified")
        zone = "site time" if local else "UTC"
        notes.append(f"“{text}” (last modified, {zone}) read as last updated {dates.describe(updated)}.")

    paths, tags, meta = [], [], {}
    for child in element:
        kind, local_name = _name(child.tag)
        if kind == "" and local_name == "category":
            domain, slug, name = (
                child.get("domain"),
                child.get("nicename", ""),
                " ".join((child.text or "").split()),
            )
            if domain == "category":
                if slug.lower() in _UNCATEGORISED or name.lower() in _UNCATEGORISED:
                    notes.append("Filed as “Uncategorized” in WordPress: treated as no category.")
                    continue
                paths.append(channel.path(slug, name))
            elif domain == "post_tag":
                tags.append(name)
        elif kind == "wp" and local_name == "postmeta":
            meta_fields = _fields(child)
            meta[meta_fields.get("wp:meta_key", "")] = meta_fields.get("wp:meta_value", "")
    paths.sort(key=len, reverse=True)
    crumbs = paths[0] if paths else []
    others = [" > ".join(path) for path in paths[1:]]

    login = fields.get("dc:creator", "")
    authors = [channel.authors.get(login, login)] if login else []

    html = convert.strip_shortcodes(convert.autop(html), notes)
    try:
        converted = convert.html_to_markdown(
            html, base_url=link or channel.link, title=title, refuse_hostile=True
        )
    except convert.HostileContent as exc:
        return BadItem(item=label, title=title, message=str(exc))
    notes.extend(converted.notes)
    if converted.sources:
        notes.append(
            f"{len(converted.sources)} source(s) moved from the text to the article's list of sources."
        )
    excerpt = convert.plain_text(fields.get("excerpt:encoded", ""))
    description = meta.get("_yoast_wpseo_metadesc", "").strip()
    if excerpt:
        summary, summary_from = convert.summary_from(excerpt, 500), "the post's excerpt"
    elif description:
        summary, summary_from = convert.summary_from(description, 500), "the post's search description"
    elif converted.first_paragraph:
        summary, summary_from = convert.summary_from(converted.first_paragraph), "the first paragraph"
    else:
        summary, summary_from = "", ""

    comments, skipped = _comments(element)
    if skipped:
        listed = ", ".join(f"{what}: {count}" for what, count in sorted(skipped.items()))
        notes.append(f"Comments not imported: {listed}.")

    return ParsedArticle(
        source=source,
        key=key,
        kind="wordpress",
        item=label,
        title=title[:200],
        body=converted.markdown,
        summary=summary,
        summary_from=summary_from,
        crumbs=crumbs,
        other_categories=others,
        tags=clean_tags(tags),
        authors=authors,
        origin=link or f"{source} ({label})",
        origin_url=origin_url,
        origin_site=channel.site[:200],
        published_at=published,
        updated_at=updated,
        sections=converted.sections,
        removed=converted.removed,
        notes=notes,
        comments=comments,
        sources=converted.sources,
    )


def _comments(item) -> tuple[list[ParsedComment], Counter]:
    comments: list[ParsedComment] = []
    skipped: Counter = Counter()
    kept = set()
    for child in item:
        kind, local = _name(child.tag)
        if kind != "wp" or local != "comment":
            continue
        fields = _fields(child)
        comment_type = fields.get("wp:comment_type", "")
        approved = fields.get("wp:comment_approved", "")
        if comment_type not in ("", "comment"):
            skipped[f"{comment_type}s"] += 1
            continue
        if approved != "1":
            skipped[
                {"0": "pending (never approved there)", "spam": "spam", "trash": "in the bin"}.get(
                    approved, approved or "unknown"
                )
            ] += 1
            continue
        text = convert.plain_text(fields.get("wp:comment_content", ""))
        if not text:
            skipped["empty"] += 1
            continue
        comment_id = fields.get("wp:comment_id", "")
        posted, _ = _wp_time(fields.get("wp:comment_date", ""), fields.get("wp:comment_date_gmt", ""))
        name = " ".join(fields.get("wp:comment_author", "").split()) or "Anonymous"
        parent = fields.get("wp:comment_parent", "0")
        key = f"wp:{comment_id}" if comment_id else comment_key(name, posted, text)
        comments.append(
            ParsedComment(
                name=name[:150],
                posted_at=posted,
                text=text,
                key=key,
                parent_key=f"wp:{parent}" if parent not in ("", "0") else "",
            )
        )
        kept.add(key)
    for comment in comments:
        if comment.parent_key and comment.parent_key not in kept:
            comment.parent_key = ""  # a reply to a comment that is not imported stands on its own
    comments.sort(key=lambda c: (c.posted_at is None, c.posted_at or timezone.now()))
    return comments, skipped
