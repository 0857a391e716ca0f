"""Turn an editor's Markdown into HTML that is safe to show readers.

Markdown lets raw HTML through, so the output is always cleaned by nh3 (the Rust
``ammonia`` sanitiser) against an allow-list: no scripts, no event handlers, no
``javascript:`` links, no styles. Headings get stable ``id`` anchors derived from
their text so links to "#symptoms" keep working after unrelated edits.

Editors add a "when to get help" box with Python-Markdown's admonition syntax and
one of three urgency levels (see ``HELP_BOX_LEVELS`` and the README)::

    !!! urgent
        Ask for an urgent GP appointment or call 111 if your symptoms get worse.

Pictures and documents come only from the library (see ``media.embed``):
``[[image: nerve-diagram]]`` on a line of its own, ``[[document: leaflet]]``
anywhere. The renderer leaves a placeholder for each, drawn when the page is.
"""

import re
from html.parser import HTMLParser
from xml.etree import ElementTree

import markdown
import nh3
from django.utils.text import slugify
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

# level -> (short label, default heading). The label is printed in the box, so the
# level never depends on colour alone.
HELP_BOX_LEVELS = {
    "gp": ("Non-urgent", "See a GP"),
    "urgent": ("Urgent", "Get medical help today"),
    "emergency": ("Emergency", "Call 999 or go to A&E now"),
}

ALLOWED_TAGS = {
    "a", "abbr", "aside", "blockquote", "br", "caption", "code", "dd", "del", "div", "dl",
    "dt", "em", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "li", "ol", "p", "pre", "span",
    "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip

ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "aside": {"aria-label"},
    # Placeholders for library items (LibraryExtension); media.embed draws them.
    "figure": {"data-image"},
    "span": {"data-document"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "h5": {"id"},
    "h6": {"id"},
    "th": {"scope"},
}

# Only the classes our own stylesheet knows may survive.
ALLOWED_CLASSES = {
    "aside": {"help-box", *(f"help-box--{level}" for level in HELP_BOX_LEVELS)},
    "p": {"help-box__title"},
    "strong": {"help-box__level"},
}

URL_SCHEMES = {"http", "https", "mailto", "tel"}

# Ids the page templates use themselves; a heading that slugifies to one of these
# gets a suffix so the page never has two elements with the same id.
RESERVED_IDS = {"main", "contents", "content", "comments", "sources", "top", "feedback"}


def _slugify_heading(value: str, separator: str) -> str:
    slug = slugify(value) or "section"
    return f"{slug}-section" if slug in RESERVED_IDS else slug


class HelpBoxTreeprocessor(Treeprocessor):
    """Turn admonition blocks of a known urgency level into labelled help boxes.

    Any other admonition type loses its styling and becomes plain paragraphs, so
    a typo never produces a box that looks official but carries no level.
    """

    def run(self, root: ElementTree.Element) -> None:
        for element in root.iter("div"):
            classes = element.get("class", "").split()
            if "admonition" not in classes:
                continue
            kinds = [c for c in classes if c != "admonition"]
            level = kinds[0] if kinds and kinds[0] in HELP_BOX_LEVELS else None
            title_element = next(
                (child for child in element if child.get("class") == "admonition-title"), None
            )
            title = title_element.text if title_element is not None else None
            if level is None:
                element.attrib.pop("class")
                if title_element is not None:
                    title_element.attrib.pop("class")
                continue
            label, default_title = HELP_BOX_LEVELS[level]
            # The admonition extension uses the capitalised type as the default title.
            if title is None or title == level.capitalize():
                title = default_title
            element.tag = "aside"
            element.set("class", f"help-box help-box--{level}")
            element.set("aria-label", f"{label}: {title}")
            if title_element is None:
                title_element = ElementTree.Element("p")
                element.insert(0, title_element)
            title_element.set("class", "help-box__title")
            title_element.text = None
            strong = ElementTree.SubElement(title_element, "strong", {"class": "help-box__level"})
            strong.text = f"{label}:"
            strong.tail = f" {title}"


class HelpBoxExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API name)
        # After block parsing, before inline patterns (priority 20) run on the text.
        md.treeprocessors.register(HelpBoxTreeprocessor(md), "help_box", 25)


_LIBRARY_REF = r"[\w-]{1,100}"
_IMAGE_LINE = re.compile(rf"^ {{0,3}}\[\[\s*image\s*:\s*({_LIBRARY_REF})\s*\]\]\s*$", re.IGNORECASE)


class _ImageLinesApart(Preprocessor):
    """Give each ``[[image: …]]`` line blank lines around it, so it is a block of its own
    even when the editor typed it straight under a paragraph."""

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        for line in lines:
            if _IMAGE_LINE.match(line):
                out += ["", line.strip(), ""]
            else:
                out.append(line)
        return out


class _LibraryImageBlock(BlockProcessor):
    """A block that is only ``[[image: slug]]`` becomes ``<figure data-image="slug">``."""

    def test(self, parent, block: str) -> bool:
        return bool(_IMAGE_LINE.match(block))

    def run(self, parent, blocks: list[str]) -> None:
        ref = _IMAGE_LINE.match(blocks.pop(0)).group(1)
        ElementTree.SubElement(parent, "figure", {"data-image": ref})


class _LibraryDocumentInline(InlineProcessor):
    """``[[document: slug]]`` within text becomes ``<span data-document="slug">``."""

    def handleMatch(self, m, data):  # noqa: N802 (Markdown's API name)
        return ElementTree.Element("span", {"data-document": m.group(1)}), m.start(0), m.end(0)


class LibraryExtension(Extension):
    """References to the image and document library (``media.embed`` draws them)."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API name)
        # After fenced code is set aside (25), so a reference shown as code stays code.
        md.preprocessors.register(_ImageLinesApart(md), "library_image_lines", 15)
        md.parser.blockprocessors.register(_LibraryImageBlock(md.parser), "library_image", 95)
        md.inlinePatterns.register(
            _LibraryDocumentInline(rf"\[\[\s*document\s*:\s*({_LIBRARY_REF})\s*\]\]"), "library_document", 185
        )


def render_markdown(text: str) -> str:
    """Return sanitised HTML for ``text`` written in Markdown."""
    html = markdown.markdown(
        text or "",
        extensions=["extra", "sane_lists", "toc", "admonition", HelpBoxExtension(), LibraryExtension()],
        extension_configs={"toc": {"slugify": _slugify_heading, "toc_depth": "2-4"}},
        output_format="html",
    )
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


class _SectionHeadings(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.sections: list[dict[str, str]] = []
        self._current: dict[str, str] | None = None

    def handle_starttag(self, tag, attrs):
        anchor = dict(attrs).get("id")
        if tag == "h2" and anchor:
            self._current = {"id": anchor, "title": ""}

    def handle_data(self, data):
        if self._current is not None:
            self._current["title"] += data

    def handle_endtag(self, tag):
        if tag == "h2" and self._current is not None:
            self._current["title"] = " ".join(self._current["title"].split())
            self.sections.append(self._current)
            self._current = None


def table_of_contents(html: str) -> list[dict[str, str]]:
    """The ``<h2>`` sections of rendered article HTML, as ``{"id", "title"}`` dicts.

    Read from the stored, sanitised HTML so the contents list always matches the
    headings readers see, without rendering the Markdown again.
    """
    parser = _SectionHeadings()
    parser.feed(html or "")
    parser.close()
    return parser.sections
