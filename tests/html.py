"""Checks that a page is well-formed HTML a browser and a screen reader can rely on."""

import json
import re
from collections import Counter

import html5lib


def parse_html(content: bytes | str):
    """Parse with html5lib's strict parser: any parse error (bad nesting, stray end tag,
    duplicate attribute, missing doctype) fails the test. Also checks that ids are unique,
    every form field has a label, and every in-page link has a target."""
    text = content.decode() if isinstance(content, bytes) else content
    document = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(text)
    ids = [el.get("id") for el in document.iter() if el.get("id")]
    duplicates = [i for i, n in Counter(ids).items() if n > 1]
    assert not duplicates, f"duplicate ids: {duplicates}"
    labelled = {el.get("for") for el in document.iter("label")}
    for field in document.iter("input"):
        if field.get("type") not in {"hidden", "submit", "button"}:
            assert field.get("id") in labelled, f"input without a label: {field.attrib}"
    for link in document.iter("a"):
        href = link.get("href") or ""
        if href.startswith("#") and len(href) > 1:
            assert href[1:] in ids, f"in-page link to a missing id: {href}"
    assert document.find(".//title") is not None and document.find(".//title").text.strip()
    assert document.find(".//h1") is not None, "page has no h1"
    return document


def json_ld(content: bytes | str) -> list[dict]:
    """Every JSON-LD block on the page, parsed."""
    text = content.decode() if isinstance(content, bytes) else content
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, flags=re.S)
    return [json.loads(block) for block in blocks]


def meta(document, name: str) -> str | None:
    for el in document.iter("meta"):
        if el.get("name") == name or el.get("property") == name:
            return el.get("content")
    return None


def canonical(document) -> str | None:
    for el in document.iter("link"):
        if el.get("rel") == "canonical":
            return el.get("href")
    return None
