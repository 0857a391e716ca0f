"""Turn an editor's Markdown into HTML that is safe to show readers.

Markdown lets raw HTML through, so the output is always cleaned by nh3 (the Rust
``ammonia`` sanitiser) against an allow-list: no scripts, no event handlers, no
``javascript:`` links, no styles. Headings get stable ``id`` anchors derived from
their text so links to "#symptoms" keep working after unrelated edits.
"""

import markdown
import nh3

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "caption", "code", "dd", "del", "div", "dl", "dt",
    "em", "h2", "h3", "h4", "h5", "h6", "hr", "li", "ol", "p", "pre", "strong", "sub",
    "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip

ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "h5": {"id"},
    "h6": {"id"},
    "th": {"scope"},
}

# Only the classes our own templates style may survive on a <div>.
ALLOWED_CLASSES = {"div": {"help-box", "help-box--gp", "help-box--urgent", "help-box--emergency"}}

URL_SCHEMES = {"http", "https", "mailto", "tel"}


def _slugify_heading(value: str, separator: str) -> str:
    from django.utils.text import slugify

    return slugify(value) or "section"


def render_markdown(text: str) -> str:
    """Return sanitised HTML for ``text`` written in Markdown."""
    html = markdown.markdown(
        text or "",
        extensions=["extra", "sane_lists", "toc"],
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
