"""HTML to the Markdown editors write: sections, lists and links kept, the old site's furniture dropped.

The Markdown is stored as the article body and rendered (and sanitised) on save
exactly like an editor's text, so nothing here has to make HTML safe: it only
has to keep what is the article and say what was left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml import etree
from markdownify import MarkdownConverter

from articles.markdown import RESERVED_IDS
from imports import chrome

# Taken out whole: never text of the article (reported as below).
_SCRIPTS = ("script", "style", "noscript", "template", "link", "meta", "base")
_MEDIA = (
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "video",
    "audio",
    "canvas",
    "svg",
    "map",
)
_FORM_PARTS = ("form", "input", "button", "select", "textarea", "label", "fieldset", "dialog")
_BLOCKS = {
    "p", "div", "section", "aside", "ul", "ol", "li", "table", "blockquote", "figure", "form", "nav",
    "header", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "dl", "details", "article", "main", "pre",
}  # fmt: skip
_SAFE_SCHEMES = {"http", "https", "mailto", "tel", ""}
_ID = re.compile(r"^[A-Za-z][\w-]{0,63}$")
_CREDIT = re.compile(
    r"^\s*(?:written\s+by|words\s+by|(?:medically|clinically)\s+reviewed\s+by|fact[-\s]checked\s+by"
    r"|reviewed\s+by|\d+\s+min(?:ute)?s?\s+read)\b",
    re.I,
)
_DATED = re.compile(r"^\s*(?:(?:last\s+)?updated|published|posted|first\s+published|date)\b", re.I)
_BY_NAME = re.compile(r"^\s*by\s+[A-Z\u00C0-\u024F]", re.U)


def is_byline(text: str) -> bool:
    """A line of credits or dates ("By Jane Doe · Updated May 17, 2024"), not a sentence of the article."""
    text = " ".join(text.split())
    if not text or len(text.split()) > 30:
        return False
    if _CREDIT.match(text):
        return True
    if _DATED.match(text):
        return len(text.split()) <= 12 and any(ch.isdigit() for ch in text)
    if _BY_NAME.match(text):
        return len(text.split()) <= 12 and (not text.endswith(".") or any(ch.isdigit() for ch in text))
    return False


_SHORTCODE = re.compile(r"\[(/?)([A-Za-z][\w-]*)((?:\s[^\]]*)?)\]")
_WRAPPED_SHORTCODES = ("caption", "embed", "gallery", "audio", "video", "playlist", "wp_caption")


class HostileContent(ValueError):
    """Active content in an article's text (see ``hostile_markers``); the message says what."""


@dataclass
class Converted:
    markdown: str
    sections: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    first_paragraph: str = ""
    sources: list[dict] = field(default_factory=list)


_INLINE = {
    "a", "abbr", "b", "bdi", "cite", "code", "em", "i", "mark", "q", "s", "small", "span", "strong", "sub",
    "sup", "time", "u", "font", "ins", "del", "kbd", "var", "data",
}  # fmt: skip


def text_of(element) -> str:
    """The visible text of an element, with a space between blocks (and buttons, cells, items)."""
    if not isinstance(element.tag, str):
        return ""
    parts = []
    stack = [(element, False)]
    while stack:  # depth first, without recursion: hostile pages nest deeply
        node, closing = stack.pop()
        if not isinstance(node.tag, str):  # a comment: only the text after it counts
            if node is not element and node.tail:
                parts.append(node.tail)
            continue
        separate = node.tag not in _INLINE
        if closing:
            parts.append(" " if separate else "")
            if node is not element and node.tail:
                parts.append(node.tail)
            continue
        if separate:
            parts.append(" ")
        stack.append((node, True))
        if node.tag in _SCRIPTS:
            continue
        if node.text:
            parts.append(node.text)
        stack.extend((child, False) for child in reversed(node))
    return " ".join("".join(parts).split())


def _link_share(element) -> float:
    total = len(text_of(element))
    if not total:
        return 0.0
    linked = sum(len(text_of(a)) for a in element.iter("a"))
    return linked / total


def _heading_text(element) -> str:
    heading = next(element.iter("h1", "h2", "h3", "h4", "h5", "h6", "strong", "b"), None)
    return text_of(heading) if heading is not None else ""


def _drop(element) -> None:
    """Remove ``element`` but keep the text that follows it in its parent."""
    parent = element.getparent()
    if parent is None:
        return
    element.drop_tree()


def _text_lengths(root) -> dict:
    """The length of each element's visible text, found in one pass (a big page has many elements)."""
    lengths: dict = {}
    stack = [(root, False)]
    while stack:
        node, done = stack.pop()
        if not isinstance(node.tag, str):
            continue
        if not done:
            stack.append((node, True))
            if node.tag not in _SCRIPTS:
                stack.extend((child, False) for child in node)
            continue
        own = 0 if node.tag in _SCRIPTS else len((node.text or "").strip())
        lengths[node] = own + sum(
            lengths.get(child, 0) + len((child.tail or "").strip())
            for child in node
            if isinstance(child.tag, str)
        )
    return lengths


# Blocks longer than this are never judged by their wording: disclosures and sign-up boxes are short.
_WORDING_LIMIT = 1200


def remove_chrome(root, removed: list[str], *, protect=None) -> None:
    """Take the old site's non-article blocks out of ``root`` (an lxml tree), adding a report line for each.

    ``protect`` is an element never removed nor removed around (the article
    itself). A block is only removed when it is a small part of the page, so a
    site that names its whole article "share-wrapper" does not lose it.
    """
    lengths = _text_lengths(root)
    body_length = max(lengths.get(root, 0), 1)
    protected = set()
    if protect is not None:
        protected.update(protect.iterancestors())
        protected.add(protect)
    marked: set = set()

    def small(element) -> bool:
        return lengths.get(element, 0) <= min(0.4 * body_length, 2000)

    for element in root.iter():
        if not isinstance(element.tag, str) or element in protected or element.getparent() is None:
            continue
        if element.tag in ("article", "main", "body", "html") or not small(element):
            continue
        if element.getparent() in marked:
            marked.add(element)  # inside a block already taken out
            continue
        kind = _kind_of(element, lengths)
        if kind:
            removed.append(chrome.describe(kind, text_of(element)))
            marked.add(element)
    # A heading such as "Latest" followed by a list of links, as separate siblings.
    for heading in root.iter("h2", "h3", "h4", "h5", "h6", "p"):
        if heading in marked or any(ancestor in marked for ancestor in heading.iterancestors()):
            continue
        if lengths.get(heading, 0) > 200:
            continue
        text = text_of(heading)
        pattern = (
            "links"
            if chrome.LINK_LIST_HEADING.match(text)
            else "contents"
            if chrome.CONTENTS_HEADING.match(text)
            else ""
        )
        following = heading.getnext()
        if (
            pattern
            and following is not None
            and following.tag in ("ul", "ol")
            and small(following)
            and _link_share(following) > 0.6
        ):
            removed.append(chrome.describe(pattern, f"{text}: {text_of(following)}"))
            marked.update((heading, following))
    for element in list(marked):
        if element.getparent() is not None and not any(a in marked for a in element.iterancestors()):
            _drop(element)


def _kind_of(element, lengths: dict) -> str:
    tag = element.tag
    names = " ".join(filter(None, (element.get("class"), element.get("id"), element.get("aria-label"))))
    kind = chrome.kind_from_names(names) if names else ""
    if kind == "links" and _link_share(element) < 0.5:
        kind = ""  # a box named "related" that holds prose is part of the article
    if kind:
        return kind
    if tag == "form" and element.xpath(".//input[@type='email']"):
        return "newsletter"
    if tag in ("ul", "ol", "nav", "div", "section", "aside") and _is_titled_link_list(element):
        return "links"
    wording_tags = ("p", "div", "section", "aside", "span", "small", "em", "ul", "nav", "footer", "header",
                    "figure", "blockquote")  # fmt: skip
    if tag in wording_tags and lengths.get(element, 0) <= _WORDING_LIMIT:
        # Only blocks without big blocks inside: a wrapper is judged by its parts.
        if tag not in ("p", "span", "small", "em") and any(
            child.tag in ("p", "div", "section", "ul", "ol", "table", "h2", "h3")
            and lengths.get(child, 0) > 200
            for child in element
        ):
            return ""
        return chrome.kind_from_text(text_of(element))
    return ""


def _is_titled_link_list(element) -> bool:
    heading = _heading_text(element)
    if not heading or not (chrome.LINK_LIST_HEADING.match(heading) or chrome.CONTENTS_HEADING.match(heading)):
        return False
    return element.find(".//li") is not None and _link_share(element) > 0.5


# --- WordPress content ------------------------------------------------------------


def autop(html: str) -> str:
    """Paragraphs for classic WordPress content, which stores text with blank lines instead of ``<p>``.

    Blocks already in block tags (and the block editor's ``<!-- wp: -->`` markers) are left as they are.
    """
    blocks = []
    for chunk in re.split(r"\n\s*\n", html.replace("\r\n", "\n")):
        chunk = chunk.strip()
        if not chunk:
            continue
        if re.match(r"<(?:h[1-6]|ul|ol|div|blockquote|table|figure|pre|hr|dl|section|p|!--)", chunk, re.I):
            blocks.append(chunk)
        else:
            blocks.append("<p>" + chunk.replace("\n", "<br>\n") + "</p>")
    return "\n".join(blocks)


def strip_shortcodes(html: str, notes: list[str]) -> str:
    """Remove WordPress shortcodes: captions, galleries and embeds whole; layout wrappers keep their text."""
    found = set()

    def known(name: str) -> bool:
        return (
            name.lower() in _WRAPPED_SHORTCODES
            or "_" in name
            or name.lower().startswith(("vc", "et", "su", "fusion"))
        )

    for name in _WRAPPED_SHORTCODES:
        pattern = re.compile(rf"\[{name}\b[^\]]*\].*?\[/{name}\]", re.I | re.S)
        if pattern.search(html):
            found.add(name)
            html = pattern.sub("", html)

    def replace(match: re.Match) -> str:
        name = match.group(2)
        if known(name) or match.group(3).strip():
            found.add(name.lower())
            return ""
        return match.group(0)  # "[1]", "[sic]": part of the text

    html = _SHORTCODE.sub(replace, html)
    if found:
        notes.append(f"WordPress shortcodes removed: {', '.join(sorted(found))}.")
    return html


# --- Markdown ---------------------------------------------------------------------


def escape_text(text: str) -> str:
    """Plain text written as Markdown that shows exactly these characters (no accidental markup)."""
    text = text.replace("\\", "\\\\").replace("*", r"\*").replace("_", r"\_").replace("`", r"\`")
    text = text.replace("[", r"\[").replace("]", r"\]")
    # Could start an HTML tag or an entity: written so readers see the characters.
    text = re.sub(r"&(?=#?\w+;)", "&amp;", text)
    text = re.sub(r"<(?=[A-Za-z/!?])", "&lt;", text)
    # At the start of a block, these would make a heading, quote or list.
    text = re.sub(r"^(\s*)(#{1,6})(?=\s|$)", r"\1\\\2", text)
    text = re.sub(r"^(\s*)([>+\-])(?=\s)", r"\1\\\2", text)
    text = re.sub(r"^(\s*)(!!!)", r"\1\\!!!", text)
    return re.sub(r"^(\s*\d{1,9})([.)])(?=\s|$)", r"\1\\\2", text)


class _Converter(MarkdownConverter):
    """markdownify, writing Markdown that Python-Markdown (our renderer) reads as intended."""

    def escape(self, text, parent_tags):
        if not text or "_noformat" in parent_tags:
            return text or ""
        return escape_text(text)

    def convert_hN(self, n, el, text, parent_tags):  # noqa: N802 (markdownify's API name)
        markdown = super().convert_hN(n, el, text, parent_tags)
        anchor = el.get("data-anchor")
        if anchor and markdown.strip():
            markdown = markdown.rstrip("\n") + f" {{#{anchor}}}\n\n"
        return markdown

    def convert_img(self, el, text, parent_tags):
        return ""


def _promote_bold_paragraphs(root) -> None:
    # <p><strong>Symptoms</strong></p> is how many old posts wrote a heading.
    for p in list(root.iter("p")):
        children = [child for child in p if isinstance(child.tag, str)]
        if (
            len(children) == 1
            and children[0].tag in ("strong", "b")
            and not (p.text or "").strip()
            and not (children[0].tail or "").strip()
            and not len(children[0])
        ):
            text = text_of(p)
            if text and len(text.split()) <= 10 and not text.endswith((".", ",", ";")):
                p.tag = "h2"
                p.text = text
                p.remove(children[0])


def _fix_headings(root, title: str, heading_ids: dict[str, str]) -> None:
    def same(a: str, b: str) -> bool:
        return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()

    headings = list(root.iter("h1", "h2", "h3", "h4", "h5", "h6"))
    for h in headings:
        if h.tag == "h1" and title and same(text_of(h), title):
            _drop(h)
    headings = [h for h in root.iter("h1", "h2", "h3", "h4", "h5", "h6") if text_of(h)]
    for h in root.iter("h1", "h2", "h3", "h4", "h5", "h6"):
        if not text_of(h) and h.getparent() is not None:
            h.drop_tag()
    if not headings:
        return
    top = min(int(h.tag[1]) for h in headings)
    used = set(RESERVED_IDS)
    for h in headings:
        level = max(2, min(6, int(h.tag[1]) - top + 2))
        anchor = h.get("id") or next(
            (a.get("id") or a.get("name") for a in h.iter("a") if a.get("id") or a.get("name")), None
        )
        anchor = anchor or heading_ids.get(" ".join(text_of(h).split()).casefold())
        h.attrib.clear()
        h.tag = f"h{level}"
        if anchor and _ID.match(anchor) and anchor.lower() not in used:
            used.add(anchor.lower())
            h.set("data-anchor", anchor)


def heading_anchors(root) -> dict[str, str]:
    """The ids of a page's headings by their text, to keep them when an extractor loses them."""
    anchors = {}
    for h in root.iter("h1", "h2", "h3", "h4", "h5", "h6"):
        anchor = h.get("id") or next(
            (a.get("id") or a.get("name") for a in h.iter("a") if a.get("id") or a.get("name")), None
        )
        if anchor:
            anchors[" ".join(text_of(h).split()).casefold()] = anchor
    return anchors


def _remove_unsafe(root, removed: list[str], notes: list[str]) -> None:
    counts = {"scripts": 0, "media": 0, "pictures": 0, "forms": 0}
    for element in list(root.iter(*_SCRIPTS, *_MEDIA, *_FORM_PARTS, "img", "picture", "figure")):
        if element.getparent() is None:
            continue
        if element.tag in _SCRIPTS:
            counts["scripts"] += 1
        elif element.tag in _MEDIA:
            counts["media"] += 1
        elif element.tag in ("img", "picture"):
            counts["pictures"] += 1
        elif element.tag == "figure":
            if (
                element.find(".//img") is None
                and element.find(".//iframe") is None
                and element.find(".//video") is None
            ):
                continue  # a figure of text or a table stays
            counts["pictures"] += 1
        else:
            counts["forms"] += 1
        _drop(element)
    for comment in root.xpath("//comment() | //processing-instruction()"):
        if comment.getparent() is not None:
            _drop_comment(comment)
    if counts["scripts"]:
        removed.append(f"Scripts and styles ({counts['scripts']}): never imported")
    if counts["media"]:
        removed.append(
            f"Embedded videos, frames or players ({counts['media']}): not imported, add them by hand"
        )
    if counts["pictures"]:
        notes.append(f"Pictures not imported ({counts['pictures']}): add them by hand with alt text.")
    if counts["forms"]:
        removed.append(f"Form fields and buttons ({counts['forms']})")


def _drop_comment(comment) -> None:
    parent, previous, tail = comment.getparent(), comment.getprevious(), comment.tail or ""
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(comment)


def _fix_links(root, base_url: str, notes: list[str]) -> None:
    unsafe = relative = 0
    for a in root.iter("a"):
        href = (a.get("href") or "").strip()
        for name in list(a.attrib):
            if name not in ("href", "title"):
                del a.attrib[name]
        if not href:
            a.drop_tag()
            continue
        scheme = urlsplit(href).scheme.lower() if ":" in href else ""
        if scheme not in _SAFE_SCHEMES or re.match(r"^\s*(?:javascript|vbscript|data):", href, re.I):
            unsafe += 1
            a.drop_tag()
            continue
        if href.startswith("#"):
            continue
        if not scheme and not href.startswith("//"):
            if base_url:
                a.set("href", urljoin(base_url, href))
            else:
                relative += 1
        elif href.startswith("//"):
            a.set("href", "https:" + href)
    if unsafe:
        notes.append(
            f"Links with unsafe addresses (javascript: and the like) turned into plain text: {unsafe}."
        )
    if relative:
        notes.append(
            f"Links relative to the old site kept as they were ({relative}): "
            "they will not work here until fixed."
        )


def _top_blocks_byline(root, removed: list[str]) -> None:
    """Bylines and dates at the top of the text are metadata, already read; drop them from the body."""
    seen = 0
    for element in list(root.iter("p", "div", "span", "time", "ul")):
        if element.getparent() is None or any(child.tag in ("p", "div") for child in element):
            continue
        text = text_of(element)
        if not text:
            continue
        seen += 1
        if seen > 4:
            break
        if is_byline(text):
            removed.append(chrome.describe("byline", text))
            _drop(element)


def html_to_markdown(
    html,
    *,
    base_url: str = "",
    title: str = "",
    heading_ids: dict[str, str] | None = None,
    chrome_pass: bool = True,
    refuse_hostile: bool = False,
) -> Converted:
    """Markdown for an article's HTML (a string or an lxml element), with what was left out.

    Headings become sections from ``##`` down (an ``<h1>`` repeating the title is
    dropped), keeping their original anchors; links stay links (made absolute
    against ``base_url``); pictures, scripts and embeds are left out and counted.
    """
    removed: list[str] = []
    notes: list[str] = []
    if isinstance(html, str):
        if not html.strip():
            return Converted("")
        try:
            root = lxml.html.fragment_fromstring(html, create_parent="div")
        except (etree.ParserError, ValueError):
            return Converted("")
    else:
        root = html
    if refuse_hostile:
        markers = hostile_markers(root)
        if markers:
            raise HostileContent(refusal(markers))
    _remove_unsafe(root, removed, notes)
    sources = take_sources(root, base_url)
    if chrome_pass:
        remove_chrome(root, removed)
    _top_blocks_byline(root, removed)
    _promote_bold_paragraphs(root)
    _fix_headings(root, title, heading_ids or {})
    _fix_links(root, base_url, notes)
    first = next((text_of(p) for p in root.iter("p") if len(text_of(p)) >= 40), "")
    source = lxml.html.tostring(root, encoding="unicode")
    markdown = _Converter(
        heading_style="ATX", bullets="-", strong_em_symbol="*", autolinks=False, bs4_options="lxml"
    ).convert(source)
    markdown = tidy_markdown(markdown)
    return Converted(markdown, sections_of(markdown), removed, notes, first, sources)


def tidy_markdown(markdown: str) -> str:
    lines = [line if line.strip() else "" for line in markdown.replace("\r\n", "\n").split("\n")]
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip() + "\n" if text.strip() else ""


_SECTION = re.compile(r"^## (.+?)(?:\s+\{#[\w-]+\})?\s*$", re.M)


def sections_of(markdown: str) -> list[str]:
    """The ``##`` section headings of a Markdown body, as written."""
    return [re.sub(r"\\(.)", r"\1", heading) for heading in _SECTION.findall(markdown)]


def summary_from(text: str, limit: int = 300) -> str:
    """A summary of at most ``limit`` characters from a paragraph, cut at a sentence where possible."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    end = max(cut.rfind(". "), cut.rfind("! "), cut.rfind("? "))
    if end >= 60:
        return cut[: end + 1]
    return cut[: cut.rfind(" ")].rstrip(",;:") + "…"


def plain_text(html: str) -> str:
    """Text for something written with a little HTML (an old comment): paragraphs and line breaks kept.

    A link keeps its address in brackets after its words, so nothing said is lost.
    """
    if "<" not in html and "&" not in html:
        return html.strip()
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return html.strip()
    for element in list(root.iter(*_SCRIPTS)):
        if element.getparent() is not None:
            _drop(element)
    for br in list(root.iter("br")):
        br.tail = "\n" + (br.tail or "")
    for a in list(root.iter("a")):
        href, words = (a.get("href") or "").strip(), text_of(a)
        if href.startswith(("http://", "https://")) and href != words:
            a.tail = f" ({href})" + (a.tail or "")
    for block in root.iter("p", "div", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "pre"):
        if block is not root:
            block.tail = "\n\n" + (block.tail or "")
    text = root.text_content()
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


SOURCES_HEADING = re.compile(
    r"^\s*(?:sources?|references?|bibliography|citations?|works\s+cited|sources\s+and\s+references"
    r"|(?:article\s+)?sources)\s*:?\s*$",
    re.I,
)
MAX_SOURCES = 50


def _is_sources_heading(element) -> bool:
    if element.tag in ("h2", "h3", "h4", "h5", "h6"):
        return bool(SOURCES_HEADING.match(text_of(element)))
    if element.tag in ("p", "div"):
        children = [child for child in element if isinstance(child.tag, str)]
        return (
            len(children) == 1
            and children[0].tag in ("strong", "b")
            and not (element.text or "").strip()
            and bool(SOURCES_HEADING.match(text_of(element)))
        )
    return False


def take_sources(root, base_url: str = "") -> list[dict]:
    """Take a "Sources" / "References" list out of ``root``: ``[{"title", "url"}]`` for the article's sources.

    Medical reviewers check sources one by one, so they come in as the
    article's own source list rather than as a section of its text.
    """
    for heading in list(root.iter("h2", "h3", "h4", "h5", "h6", "p", "div")):
        if heading.getparent() is None or not _is_sources_heading(heading):
            continue
        items, taken = [], []
        node = heading.getnext()
        while node is not None and len(items) < MAX_SOURCES:
            if node.tag in ("ul", "ol"):
                items.extend(li for li in node.iter("li"))
                taken.append(node)
            elif node.tag == "p" and text_of(node) and not _is_sources_heading(node):
                items.append(node)
                taken.append(node)
            else:
                break
            node = node.getnext()
        sources = []
        for item in items[:MAX_SOURCES]:
            title = text_of(item)[:300]
            link = next((a.get("href") for a in item.iter("a") if a.get("href")), "")
            url = urljoin(base_url, link.strip()) if link else ""
            if urlsplit(url).scheme not in ("http", "https") or len(url) > 500:
                url = ""
            if title:
                sources.append({"title": title, "url": url})
        if sources:
            for element in (heading, *taken):
                _drop(element)
            return sources
    return []


_URL_ATTRIBUTES = (
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "background",
    "poster",
    "xlink:href",
    "cite",
)
_ACTIVE_URL = re.compile(
    r"^(?:javascript|vbscript|livescript|data:text/html|data:application|data:image/svg)", re.I
)
_LAYOUT = ("nav", "header", "footer", "aside", "form", "button")


def hostile_markers(region, *, inline_scripts: bool = True) -> list[str]:
    """Active content planted in an article's text, described for the report (empty when there is none).

    Event handlers, ``javascript:`` addresses, frames carrying their own document
    and script in styles have no place in an article; a page holding them is
    refused whole rather than quietly cleaned. Scripts loaded from an address
    (embed widgets) are only left out; inline scripts count when
    ``inline_scripts`` (the region is the article itself, not the whole page).
    """
    found = []
    layout = {inner for outer in region.iter(*_LAYOUT) if outer is not region for inner in outer.iter()}
    for element in region.iter():
        if not isinstance(element.tag, str) or element in layout:
            continue
        if element is region and element.tag == "body":
            continue  # <body onload="..."> belongs to the old site's page, not to the article
        for name, value in element.attrib.items():
            name = name.lower()
            compact = re.sub(r"[\s\x00-\x1f]+", "", value or "")
            if name.startswith("on"):
                found.append(f"an event handler ({name}) on <{element.tag}>")
            elif name in _URL_ATTRIBUTES and _ACTIVE_URL.match(compact):
                found.append(f"a {compact.split(':', 1)[0].lower()}: address on <{element.tag}>")
            elif name == "srcdoc":
                found.append(f"a frame with a document of its own (<{element.tag} srcdoc>)")
            elif name == "style" and re.search(r"expression\(|javascript:|vbscript:", compact, re.I):
                found.append(f"script hidden in a style on <{element.tag}>")
        if (
            element.tag == "script"
            and inline_scripts
            and (element.text or "").strip()
            and not element.get("src")
        ):
            if (element.get("type") or "").lower() not in ("application/ld+json", "application/json"):
                found.append("a script in the article's text")
        if element.tag == "meta" and (element.get("http-equiv") or "").lower() == "refresh":
            found.append("a <meta> refresh inside the article")
    return list(dict.fromkeys(found))


def refusal(markers: list[str]) -> str:
    listed = "; ".join(markers[:4]) + ("; …" if len(markers) > 4 else "")
    return (
        f"Refused as hostile: the article holds active content ({listed}). Nothing was stored; "
        "remove it from the page and import it again."
    )
