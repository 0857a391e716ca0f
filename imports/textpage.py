"""Pages saved as plain text: the layout a browser's "save as text" or a copy and paste gives.

    More>Health>Recovery                  breadcrumb (Home and More are dropped)
    How to rebuild strength after a stay  title
    By Priya Natarajan                    byline
    Updated May 17, 2024                  dates, in the usual forms
    ...
    What helps                            short line without a full stop: a section heading
    • Short walks twice a day             bullets (•, -, *) and numbers: list items
    Tip: keep a water bottle by the bed   "Label: text" paragraphs, kept as they are
    Comments (2)                          then "By NAME — On DATE" and the comment's text

Each rule is a small function below, so a page that breaks one is easy to follow.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import urlsplit

from articles.bylines import people_in_byline
from imports import chrome, convert, dates, oldcomments
from imports.parsed import BadFile, ParsedArticle

_CRUMB_SPLIT = re.compile(r"\s*(?:>|›|»|→)\s*|\s+/\s+")
_LIST_ITEM = re.compile(r"^\s*(?:(?P<bullet>[•\-*–·▪◦●‣])|(?P<number>\d{1,3})[.)])\s+(?P<text>\S.*)$")
_BARE_BULLET = re.compile(r"^\s*[•\-*–·▪◦●‣]\s*$")
_LABEL = re.compile(r"^[A-Z][\w '’/&()-]{0,40}:\s+\S")
_URL = re.compile(
    r"^(?:(?:source|url|link|originally\s+published\s+(?:at|on)|canonical)\s*:?\s*)?(https?://\S+)$", re.I
)
_REVIEWED = re.compile(r"^\s*(?:medically|clinically|fact[-\s]?checked|reviewed)\b.*\bby\b", re.I)
_READ_TIME = re.compile(r"^\s*\d+\s+min(?:ute)?s?\s+read\s*$", re.I)


def _is_sentence(line: str) -> bool:
    return line.rstrip().endswith((".", "!", "…", '."', ".”", ".)")) and len(line.split()) > 3


def is_heading(line: str, next_line: str = "") -> bool:
    """A short line without a full stop, not continued on the next line, is a section heading."""
    line = line.strip()
    if not line or len(line) > 90 or len(line.split()) > 12:
        return False
    if line.endswith((".", ",", ";", ":", "…")) or _LIST_ITEM.match(line) or _LABEL.match(line):
        return False
    if next_line[:1].islower():
        return False  # a sentence wrapped onto the next line
    return line[:1].isupper() or line[:1].isdigit() or not line[:1].isalpha()


def _is_title_like(line: str) -> bool:
    line = line.strip()
    return bool(line) and len(line.split()) <= 16 and not line.endswith((".", ":", ";"))


def breadcrumb(line: str) -> list[str] | None:
    """The parts of a breadcrumb line such as "Health > Recovery" or "More>Health>Recovery", or None."""
    if not re.search(r">|›|»|→|\s/\s", line):
        return None
    parts = [part.strip() for part in _CRUMB_SPLIT.split(line.strip())]
    parts = [part for part in parts if part]
    if len(parts) < 2 or any(len(part.split()) > 6 or part.endswith(".") for part in parts):
        return None
    if any(
        part.lower().startswith(("http", "www", "=")) or re.search(r"[\"“”:;=()]", part) for part in parts
    ):
        return None
    return parts


def _is_meta(line: str) -> bool:
    """A line of the page's header other than the title: byline, dates, reading time, share buttons."""
    return bool(
        convert.is_byline(line)
        or _REVIEWED.match(line)
        or _READ_TIME.match(line)
        or _URL.match(line)
        or chrome.kind_from_text(line) in ("share", "advert")
        or (len(line.split()) <= 8 and dates.read_date(line) is not None)
    )


def _split_comments(lines: list[str]) -> tuple[list[str], list[str], str]:
    """The article's lines, the comment section's lines, and the comment heading."""
    for i, line in enumerate(lines):
        if not oldcomments.HEADING.match(line):
            continue
        following = [text for text in lines[i + 1 : i + 8] if text.strip()]
        explicit = re.search(r"\(\s*\d|discussion", line, re.I)
        if explicit or any(oldcomments.header(text) for text in following[:3]):
            return lines[:i], lines[i + 1 :], line.strip()
    return lines, [], ""


def read_text_page(text: str, *, source: str, name: str) -> ParsedArticle:
    """Read a page saved as text. ``name`` is the file's name (its origin); raises ``BadFile``."""
    lines = [line.replace("\u00a0", " ").replace("\t", " ").rstrip() for line in text.splitlines()]
    body_lines, comment_lines, comment_heading = _split_comments(lines)
    notes: list[str] = []
    removed: list[str] = []

    # --- The header: breadcrumb, title, byline, dates -------------------------------
    crumbs: list[str] = []
    title = ""
    authors: list[str] = []
    published = updated = None
    origin_url = ""
    plain: list[tuple[int, str]] = []  # short lines before the title is settled
    i = 0
    while i < len(body_lines):
        line = body_lines[i].strip()
        if not line:
            i += 1
            continue
        parts = breadcrumb(line) if not plain and not crumbs else None
        has_meta = bool(authors or published or updated)
        if parts:
            crumbs = parts
        elif _URL.match(line):
            origin_url = _URL.match(line).group(1)
        elif _REVIEWED.match(line) or convert.is_byline(line) or line.lower().startswith("by "):
            authors, published, updated = _byline(line, authors, published, updated, notes)
        elif _is_meta(line):
            kind = chrome.kind_from_text(line)
            read = None if kind else dates.read_date(line)
            if kind:
                removed.append(chrome.describe(kind, line))
            elif read is not None:
                published, updated = _place_date(read, published, updated, notes)
        elif _is_title_like(line) and len(plain) < 2 and not has_meta:
            plain.append((i, line))
        else:
            break
        i += 1
    if len(plain) == 2:
        if not (authors or published or updated):
            # No byline or date follows: the second short line starts the article (a heading).
            i = plain[1][0]
        elif not crumbs:
            crumbs = [plain[0][1]]  # a breadcrumb of one name, such as "Brain and Nervous System Health"
            plain = plain[1:]
        else:
            notes.append(f"Line before the title left out: “{plain[0][1]}”.")
            plain = plain[1:]
    if not plain:
        raise BadFile("No title found: the page should start with its title (after any breadcrumb).")
    title = plain[0][1]

    body, sections, first, more_removed, sources = _body(body_lines[i:], title)
    if sources:
        notes.append(f"{len(sources)} source(s) moved from the text to the article's list of sources.")
    removed.extend(more_removed)
    if not body.strip():
        raise BadFile("No article text found under the title.")

    comments, comment_notes, _ = oldcomments.from_lines(comment_lines)
    notes.extend(comment_notes)
    count = oldcomments.COUNT.search(comment_heading) if comment_heading else None
    if count and int(count.group().replace(",", "")) != len(comments):
        notes.append(f"The page said “{comment_heading}”; {len(comments)} comment(s) were found and read.")

    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    key = f"url:{origin_url}" if origin_url else f"file:{name}:{digest}"
    site = urlsplit(origin_url).hostname or "" if origin_url else ""
    return ParsedArticle(
        source=source,
        key=key,
        kind="text",
        title=title[:200],
        body=body,
        summary=convert.summary_from(first) if first else "",
        summary_from="the first paragraph" if first else "",
        crumbs=crumbs,
        authors=authors,
        origin=origin_url or name,
        origin_url=origin_url,
        origin_site=site.removeprefix("www.") if site else "",
        published_at=published,
        updated_at=updated,
        sections=sections,
        removed=removed,
        notes=notes,
        comments=comments,
        sources=sources,
    )


def _place_date(read: dates.ReadDate, published, updated, notes: list[str]):
    which = read.which or ("updated" if published is not None else "published")
    if which == "updated" and updated is None:
        updated = read.value
        notes.append(read.note("last updated") + ".")
    elif which == "published" and published is None:
        published = read.value
        notes.append(read.note("first published") + ".")
    else:
        notes.append(f"“{read.text}”: a second date of the same kind, left out.")
    return published, updated


def _byline(line: str, authors, published, updated, notes):
    """Names and dates on a credits line ("By Jane Doe · Updated May 17, 2024")."""
    for read in dates.labelled_dates(line):
        published, updated = _place_date(read, published, updated, notes)
    on_date = re.search(r"^\s*by\s.+?\s+on\s+(.+)$", line, re.I)  # "By Jane Doe on 3 May 2024"
    if on_date and not dates.labelled_dates(line):
        read = dates.read_date(on_date.group(1))
        if read is not None:
            published, updated = _place_date(read, published, updated, notes)
    names, reviewers, extras = people_in_byline(line)
    authors = authors + [name for name in names if name not in authors]
    if reviewers:
        notes.append(
            f"The old page named {', '.join(reviewers)} as reviewer: not carried over; "
            "the article is medically reviewed here."
        )
    if extras:
        notes.append(
            f"Byline also said “{', '.join(extras)}”: credentials are not copied; "
            "an editor adds them to the contributor after checking."
        )
    return authors, published, updated


def _body(lines: list[str], title: str):
    """Markdown for the article's lines: ``(markdown, sections, first paragraph, removed blocks)``."""
    blocks: list[str] = []
    sections: list[str] = []
    removed: list[str] = []
    first = ""
    previous_kind = list_kind = ""
    sources: list[dict] = []
    lines = [line.strip() for line in lines]
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line:
            previous_kind = "" if previous_kind != "item" else "item-gap"
            i += 1
            continue
        following = next((text for text in lines[i + 1 :] if text), "")
        if line == title:
            i += 1
            continue
        if _BARE_BULLET.match(line) and following:
            # A bullet on a line of its own, its text on the next.
            j = i + 1
            while not lines[j]:
                j += 1
            lines[j] = f"- {lines[j]}"
            i += 1
            continue
        kind = chrome.kind_from_text(line)
        if kind:
            removed.append(chrome.describe(kind, line))
            i += 1
            continue
        if chrome.LINK_LIST_HEADING.match(line) or chrome.CONTENTS_HEADING.match(line):
            end = _link_list_end(lines, i + 1)
            if end > i + 1:
                label = "links" if chrome.LINK_LIST_HEADING.match(line) else "contents"
                removed.append(chrome.describe(label, " · ".join(text for text in lines[i:end] if text)))
                i = end
                continue
        if _REVIEWED.match(line) and len(line.split()) <= 20:
            removed.append(chrome.describe("byline", line))
            i += 1
            continue
        if convert.SOURCES_HEADING.match(line) and not sources:
            found, end = _sources(lines, i + 1)
            if found:
                sources.extend(found)
                i = end
                continue
        item = _LIST_ITEM.match(line)
        if item:
            marker = f"{item['number']}." if item["number"] else "-"
            kind_of_list = "number" if item["number"] else "bullet"
            if blocks and (previous_kind not in ("item", "item-gap") or kind_of_list != list_kind):
                blocks.append("")  # a new list, or a change from bullets to numbers
            blocks.append(f"{marker} {convert.escape_text(item['text'].strip())}")
            previous_kind, list_kind = "item", kind_of_list
        elif is_heading(line, following):
            heading = convert.escape_text(line)
            blocks.extend(["", f"## {heading}", ""])
            sections.append(line)
            previous_kind = "heading"
        else:
            if previous_kind == "para" and not _is_sentence(blocks[-1]) and line[:1].islower():
                blocks[-1] += " " + convert.escape_text(line)  # a paragraph wrapped across lines
            else:
                if blocks and blocks[-1] != "":
                    blocks.append("")
                blocks.append(convert.escape_text(line))
                if not first and len(line) >= 40 and not _LABEL.match(line):
                    first = line
            previous_kind = "para"
        i += 1
    return convert.tidy_markdown("\n".join(blocks)), sections, first, removed, sources


_LINK = re.compile(r"https?://[^\s<>\"')\]]+")


def _sources(lines: list[str], start: int) -> tuple[list[dict], int]:
    """The lines of a "Sources" list, as ``{"title", "url"}``, and where the list ends."""
    found = []
    i = start
    while i < len(lines) and len(found) < convert.MAX_SOURCES:
        line = lines[i]
        if not line:
            if found:
                break
            i += 1
            continue
        if oldcomments.HEADING.match(line) or (is_heading(line) and not _LINK.search(line) and found):
            break
        item = _LIST_ITEM.match(line)
        text = item["text"] if item else line
        link = _LINK.search(text)
        url = link.group(0).rstrip(".,;") if link else ""
        title = " ".join((text.replace(link.group(0), "") if link else text).split()).strip(" ,;:-–—")
        found.append({"title": (title or url)[:300], "url": url if len(url) <= 500 else ""})
        i += 1
    return found, i


def _link_list_end(lines: list[str], start: int) -> int:
    """Where a "Latest" / "More in ..." list of article titles ends (its titles are short lines)."""
    i = start
    taken = 0
    while i < len(lines):
        line = lines[i]
        if not line:
            i += 1
            continue
        following = next((text for text in lines[i + 1 :] if text), "")
        if oldcomments.HEADING.match(line):
            break
        if not (_is_title_like(line) or _LIST_ITEM.match(line)):
            break
        if _is_sentence(following) and not _LIST_ITEM.match(line):
            break  # a heading with its text after it: the article goes on
        taken += 1
        i += 1
    return i if taken else start
