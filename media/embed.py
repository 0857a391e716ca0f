"""Library pictures and documents inside article text.

Editors write ``[[image: nerve-diagram]]`` on a line of its own, or
``[[document: leaflet]]`` anywhere in a sentence, naming an item of the library
by its slug (or its number). Nothing else can put a picture in a page: Markdown's
own ``![alt](https://…)`` and raw ``<img>`` are removed by the sanitiser, so no
page ever loads a picture from another site.

The Markdown renderer (``articles.markdown``) leaves a placeholder for each
reference in the stored HTML; ``expand()`` swaps each for the item as it is now
when the page is drawn, so a corrected alt text or caption shows everywhere at
once. A placeholder whose item is missing becomes nothing at all, and
``reference_problems()`` tells the editor before they save.
"""

from __future__ import annotations

import re

from django.utils.safestring import SafeString, mark_safe

from media import render
from media.models import Document, Image

# What articles.markdown writes for a reference, after sanitising (exact form).
_PLACEHOLDER = re.compile(
    r'<figure data-image="([\w-]{1,100})"></figure>|<span data-document="([\w-]{1,100})"></span>'
)
# References as editors type them, well-formed or not (for telling them what is wrong).
_TYPED_REFERENCE = re.compile(r"\[\[\s*(image|document)\s*:(.*?)\]\]", re.IGNORECASE)
_VALID_REF = re.compile(r"[\w-]{1,100}")
_IMAGE_LINE = re.compile(r"^ {0,3}\[\[\s*image\s*:\s*[\w-]{1,100}\s*\]\]\s*$", re.IGNORECASE)
# Markdown's own picture syntax (inline and reference style) and raw HTML pictures.
_OUTSIDE_PICTURE = re.compile(r"!\[[^\]]*\]\s*[(\[]|<\s*(img|picture|svg|image)\b", re.IGNORECASE)


def _by_ref(items) -> dict[str, object]:
    found = {}
    for item in items:
        found[item.slug] = item
        found[str(item.pk)] = item
    return found


def expand(html: str) -> SafeString:
    """``html`` (sanitised article HTML) with each library placeholder drawn as the item it names.

    At most two queries (pictures, documents), and none when the text has no
    references. A reference to an item no longer in the library is dropped.
    """
    html = html or ""
    if 'data-image="' not in html and 'data-document="' not in html:
        return mark_safe(html)  # noqa: S308 (already sanitised by articles.markdown)
    matches = list(_PLACEHOLDER.finditer(html))
    image_refs = {m.group(1) for m in matches if m.group(1)}
    document_refs = {m.group(2) for m in matches if m.group(2)}
    images = _by_ref(Image.objects.referenced_by(image_refs)) if image_refs else {}
    documents = _by_ref(Document.objects.referenced_by(document_refs)) if document_refs else {}

    def replace(match: re.Match) -> str:
        if match.group(1):
            return render.figure(images.get(match.group(1)), "inline")
        return render.document_link(documents.get(match.group(2)))

    return mark_safe(_PLACEHOLDER.sub(replace, html))  # noqa: S308 (sanitised HTML and format_html pieces)


def references(text: str) -> tuple[set[str], set[str]]:
    """The well-formed image and document references in Markdown ``text``."""
    images, documents = set(), set()
    for kind, ref in _TYPED_REFERENCE.findall(text or ""):
        ref = ref.strip()
        if _VALID_REF.fullmatch(ref):
            (images if kind.lower() == "image" else documents).add(ref)
    return images, documents


def reference_problems(text: str) -> list[str]:
    """What is wrong with the library references in Markdown ``text``, in plain words
    for the editor: references to nothing in the library, malformed references, and a
    picture reference inside a sentence (see also ``outside_pictures_warning``)."""
    text = text or ""
    problems = []
    for kind, ref in _TYPED_REFERENCE.findall(text):
        ref = ref.strip()
        if not _VALID_REF.fullmatch(ref):
            problems.append(
                f"“[[{kind.lower()}: {ref[:80]}]]” does not name anything in the library: use the "
                f"slug shown in the library, e.g. [[{kind.lower()}: nerve-diagram]]. Addresses of other "
                "sites cannot be used."
            )
    images, documents = references(text)
    found_images = _by_ref(Image.objects.referenced_by(images)) if images else {}
    found_documents = _by_ref(Document.objects.referenced_by(documents)) if documents else {}
    problems += [
        f"There is no picture “{ref}” in the image library. Upload it first, or check the slug."
        for ref in sorted(images - found_images.keys())
    ]
    problems += [
        f"There is no document “{ref}” in the library. Upload it first, or check the slug."
        for ref in sorted(documents - found_documents.keys())
    ]
    for line in text.splitlines():
        if re.search(r"\[\[\s*image\s*:", line, re.IGNORECASE) and not _IMAGE_LINE.match(line):
            problems.append(
                f"Put each picture on a line of its own: “{line.strip()[:80]}” would show as text."
            )
    return problems


def outside_pictures_warning(text: str) -> str | None:
    """A warning for the editor when Markdown ``text`` tries to show a picture from
    outside the library (readers will not see it), or None.

    A warning rather than a refusal: such text is harmless once sanitised, and
    articles brought in from elsewhere often carry it.
    """
    if not _OUTSIDE_PICTURE.search(text or ""):
        return None
    return (
        "Readers will not see the pictures written as Markdown pictures (![…](…)) or HTML <img> "
        "tags in this text: pictures can only come from the image library. Upload each one there "
        "and write [[image: its-slug]] on a line of its own."
    )
