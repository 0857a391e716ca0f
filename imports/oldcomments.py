"""Old reader comments found on saved pages: who wrote them, when, and what they said.

Two shapes are read: the markup blog software writes (each comment an element
with its author, a ``<time>`` and the text, replies nested inside), and the
plain layout a page saved as text has::

    Comments (2)
    By Jo Baker — On 29 April 2014
    I had this for years before anyone named it.
    Reply

Comments are only ever text: any markup in them is flattened, since comment
text is never shown as HTML.
"""

from __future__ import annotations

import hashlib
import re

from articles.bylines import is_plausible_name
from imports import dates
from imports.convert import text_of
from imports.parsed import ParsedComment

HEADING = re.compile(
    r"^\s*(?:(?:reader\s+|discussion\s+|user\s+)?comments?(?:\s*\(\s*\d[\d,]*\s*\))?"
    r"|\d[\d,]*\s+(?:comments?|responses?|replies)|discussion(?:\s+comments)?|responses?|reader\s+comments"
    r"|what\s+(?:readers|people)\s+(?:say|said))\s*:?\s*$",
    re.I,
)
COUNT = re.compile(r"\d[\d,]*")
# Where a comment section ends: the form to write a new one.
END = re.compile(
    r"^\s*(?:leave\s+a\s+(?:comment|reply)|add\s+(?:a|your)\s+comment|post\s+a\s+comment|write\s+a\s+comment"
    r"|log\s+in\s+to\s+(?:comment|reply)|your\s+email\s+address\s+will\s+not\s+be\s+published|comment\s+policy"
    r"|load\s+more\s+comments|show\s+more\s+comments)\b",
    re.I,
)
# Buttons and counters under a comment, not its text.
_NOISE = re.compile(
    r"^\s*(?:reply|report|flag|like|share|permalink|edit|upvote|downvote|\d+\s+(?:likes?|replies|votes?)"
    r"|reply\s+to\s+.{1,60}|(?:show|hide|view)\s+\d*\s*repl(?:y|ies)|↑|↓)\s*$",
    re.I,
)
_HEADER_PATTERNS = (
    re.compile(
        r"^\s*By\s+(?P<name>.+?)\s*(?:[—–|·•,]|\s-\s|\s(?=[Oo]n\s))\s*(?:[Oo]n\s+)?(?P<date>[^—–|·•]+?)\s*:?\s*$"
    ),
    re.compile(r"^\s*(?P<name>[^—–|·•]{1,80}?)\s*(?:[—–|·•]|\s-\s)\s*(?:[Oo]n\s+)?(?P<date>.+?)\s*:?\s*$"),
    re.compile(r"^\s*(?P<name>.{1,80}?)\s+(?:said|wrote|commented|says)\s+on\s+(?P<date>.+?)\s*:?\s*$", re.I),
)
MAX_NAME = 150


def header(line: str):
    """``(name, ReadDate)`` when ``line`` introduces a comment ("By Jo — On 29 April 2014"), else None."""
    line = " ".join(line.split())
    if not line or len(line) > 160:
        return None
    for pattern in _HEADER_PATTERNS:
        match = pattern.match(line)
        if not match:
            continue
        name = match["name"].strip(" ,:-–—")
        name = re.sub(r"^by\s+", "", name, flags=re.I)
        if not name or len(name.split()) > 6 or len(name) > MAX_NAME:
            continue
        read = dates.read_date(match["date"])
        if read is not None:
            return name, read
    return None


def comment_key(name: str, posted_at, text: str) -> str:
    """A key for a comment with no id of its own: the same comment always gets the same key."""
    stamp = posted_at.isoformat() if posted_at else ""
    digest = hashlib.sha256(f"{name}\n{stamp}\n{' '.join(text.split())}".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:32]


def from_lines(lines: list[str]) -> tuple[list[ParsedComment], list[str], int | None]:
    """Comments from the lines after a comment heading: ``(comments, notes, count the heading gave)``.

    Lines before the first comment header are ignored; "Reply" and the like are
    dropped; the section ends where a "leave a comment" form begins.
    """
    comments: list[ParsedComment] = []
    notes: list[str] = []
    current = None
    body: list[str] = []

    def finish():
        if current is None:
            return
        name, read = current
        text = "\n".join(_paragraphs(body)).strip()
        if not text:
            notes.append(f"A comment by {name} had no text and was left out.")
            return
        comments.append(
            ParsedComment(name=name, posted_at=read.value, text=text, key=comment_key(name, read.value, text))
        )
        notes.append(f"Comment by {name}: {read.note('posted')}.")

    skip = False
    for i, line in enumerate(lines):
        if skip:
            skip = False
            continue
        if END.match(line):
            break
        found = header(line) or _two_line_header(line, lines[i + 1] if i + 1 < len(lines) else "")
        if found:
            finish()
            current, body = found, []
            skip = not header(line)  # the date line was part of the header
            continue
        if current is not None and not _NOISE.match(line):
            body.append(line)
    finish()
    return comments, notes, None


def _two_line_header(line: str, following: str):
    """``(name, ReadDate)`` for a name on a line of its own and the date on the next ("May 3, 2019")."""
    name = " ".join(line.split())
    if not name or len(name.split()) > 5 or len(name) > 60 or name.endswith((".", "!", "?", ":")):
        return None
    if not is_plausible_name(name) or len(following.split()) > 8:
        return None
    read = dates.read_date(following)
    return (name, read) if read is not None else None


def _paragraphs(lines: list[str]) -> list[str]:
    out, blank = [], False
    for line in lines:
        if not line.strip():
            blank = True
            continue
        if blank and out:
            out.append("")
        out.append(line.strip())
        blank = False
    return out


# --- HTML ---------------------------------------------------------------------------

_COMMENT_WORDS = {"comment", "comment-item", "commentlist-item", "comment-body", "reply"}
_CONTAINER_WORDS = {
    "comments", "comment-list", "commentlist", "comments-area", "comment-section", "comments-section",
    "disqus_thread", "discussion",
}  # fmt: skip
_AUTHOR_WORDS = {"fn", "comment-author", "author", "author-name", "comment-author-name", "username", "name"}
_TEXT_WORDS = {"comment-content", "comment-text", "comment-body", "text", "content", "message"}


def _words(element) -> set[str]:
    return set((element.get("class") or "").lower().split()) | {(element.get("id") or "").lower()}


def find_container(root):
    """The element holding a page's comment section, or None."""
    for element in root.iter():
        if isinstance(element.tag, str) and _words(element) & _CONTAINER_WORDS:
            return element
    for heading in root.iter("h2", "h3", "h4", "h5", "p", "div", "span"):
        if HEADING.match(text_of(heading)) and heading.getparent() is not None:
            parent = heading.getparent()
            # The heading's own section, if it has one; otherwise the heading and what follows it.
            if parent.tag in ("section", "div", "aside") and parent.tag not in ("body", "article", "main"):
                if len(text_of(parent)) < 0.8 * max(len(text_of(root)), 1):
                    return parent
            return heading
    return None


def _comment_elements(container) -> list:
    found = []
    for element in container.iter("li", "article", "div", "section"):
        if element is container:
            continue
        if _words(element) & {"comment", "comment-item", "commentlist-item"} or (
            element.get("itemtype") or ""
        ).endswith("/Comment"):
            found.append(element)
    return found


def _owner(node, comment_elements: set):
    while node is not None and node not in comment_elements:
        node = node.getparent()
    return node


def from_html(root) -> tuple[list[ParsedComment], list[str], int | None]:
    """The comments on a saved page, removed from ``root``: ``(comments, notes, count the page gave)``."""
    container = find_container(root)
    if container is None:
        return [], [], None
    is_heading = container.tag in ("h2", "h3", "h4", "h5", "p", "span", "div") and HEADING.match(
        text_of(container)
    )
    heading = (
        container
        if is_heading
        else next(
            (h for h in container.iter("h2", "h3", "h4", "h5", "p", "span") if HEADING.match(text_of(h))),
            None,
        )
    )
    count = None
    if heading is not None and COUNT.search(text_of(heading)):
        count = int(COUNT.search(text_of(heading)).group().replace(",", ""))
    elements = [] if is_heading else _comment_elements(container)
    if elements:
        comments, notes = _structured_comments(elements)
    else:
        comments, notes, _ = from_lines(_lines_after(container, is_heading))
    _remove_section(container, is_heading)
    return comments, notes, count


def _structured_comments(elements: list) -> tuple[list[ParsedComment], list[str]]:
    members = set(elements)
    comments, notes, keys = [], [], {}
    for element in elements:
        own = [
            node for node in element.iter() if isinstance(node.tag, str) and _owner(node, members) is element
        ]
        parsed = _structured(element, own)
        if parsed is None:
            continue
        name, read, text = parsed
        posted = read.value if read else None
        key = comment_key(name, posted, text)
        keys[element] = key
        parent = _owner(element.getparent(), members)
        comments.append(
            ParsedComment(name=name, posted_at=posted, text=text, key=key, parent_key=keys.get(parent, ""))
        )
        notes.append(
            f"Comment by {name}: {read.note('posted')}." if read else f"Comment by {name}: no date found."
        )
    return comments, notes


def _structured(element, own: list):
    name_el = date_el = text_el = None
    for node in own:
        words = _words(node)
        if (
            name_el is None
            and node is not element
            and (words & _AUTHOR_WORDS or node.get("itemprop") == "author")
        ):
            name_el = node
        if date_el is None and node.tag == "time":
            date_el = node
        if (
            text_el is None
            and node is not element
            and (words & _TEXT_WORDS or node.get("itemprop") in ("text", "commentText"))
        ):
            text_el = node
    if name_el is None:
        return None
    name = re.sub(r"\s+(?:says|said|wrote)\s*:?$", "", text_of(name_el), flags=re.I).strip()
    if not name or len(name) > MAX_NAME:
        return None
    read = None
    if date_el is not None:
        machine = dates.read_machine_date(date_el.get("datetime"))
        if machine is not None:
            read = dates.ReadDate(value=machine, text=date_el.get("datetime"), which="")
        else:
            read = dates.read_date(text_of(date_el))
    skip = {name_el, date_el}
    blocks = [
        node
        for node in own
        if node.tag in ("p", "li", "blockquote")
        and (text_el is None or text_el in node.iterancestors() or node is text_el)
        and not any(a in skip for a in node.iterancestors())
        and node not in skip
    ]
    parts = [text_of(b) for b in blocks if text_of(b) and not _NOISE.match(text_of(b))]
    if not parts and text_el is not None:
        parts = [text_of(text_el)]
    text = "\n\n".join(dict.fromkeys(parts)).strip()
    return (name, read, text) if text else None


def _lines_after(container, is_heading) -> list[str]:
    if is_heading:
        elements = []
        node = container.getnext()
        while node is not None:
            elements.append(node)
            node = node.getnext()
    else:
        elements = [container]
    lines = []
    for element in elements:
        for block in element.iter(
            "p", "div", "li", "h3", "h4", "h5", "span", "time", "header", "footer", "blockquote"
        ):
            if block.find("p") is not None or block.find("div") is not None or block.find("li") is not None:
                continue
            text = text_of(block)
            if text and (not lines or lines[-1] != text):
                lines.append(text)
            elif not text:
                lines.append("")
    return lines


def _remove_section(container, is_heading) -> None:
    if is_heading:
        node = container.getnext()
        while node is not None:
            following = node.getnext()
            node.drop_tree()
            node = following
    if container.getparent() is not None:
        container.drop_tree()
