"""Library pictures and documents as HTML.

A picture is a ``<picture>`` with AVIF and WebP sources and an ``<img>`` in the
original's format, each offering every width made (``srcset``) and saying how
wide the picture will be drawn (``sizes``), so the browser fetches the smallest
file that is sharp on the reader's screen. ``width`` and ``height`` give the
browser the shape before the file arrives: the page never jumps (no layout shift).

Written with ``format_html`` rather than a template: cards in long lists each show one.
"""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from media.renditions import FORMATS

# How wide each kind of picture is drawn, for the ``sizes`` attribute. These follow
# static/css/site.css: the article column is at most 42rem wide, the page has
# 0.75rem of padding each side on a phone, and a card's picture is at most 18rem.
SIZES = {
    "hero": "(min-width: 45rem) 42rem, calc(100vw - 1.5rem)",
    "inline": "(min-width: 45rem) 42rem, calc(100vw - 1.5rem)",
    "card": "(min-width: 40rem) 18rem, calc(100vw - 1.5rem)",
}
# The fields of an Image that ``picture`` reads: what a query that loads only some
# fields (search results) must load.
PICTURE_FIELDS = ("file", "format", "width", "height", "alt_text", "is_decorative", "renditions")
# The width an old browser that ignores srcset is given.
FALLBACK_WIDTH = 800


def _srcset(renditions: list[dict]) -> str:
    return ", ".join(f"{default_storage.url(r['name'])} {r['width']}w" for r in renditions)


def picture(image, size: str = "inline", *, eager: bool = False) -> SafeString:
    """``<picture>`` for ``image`` drawn as ``size`` (a key of ``SIZES``).

    ``eager`` for the picture at the top of a page (the largest thing a reader sees
    first): it is fetched at once and first, where others wait until they are near
    the screen. Returns an empty string for no image.
    """
    if image is None or not image.file:
        return mark_safe("")
    sizes = SIZES.get(size, SIZES["inline"])
    loading = 'loading="eager" fetchpriority="high"' if eager else 'loading="lazy"'
    by_format: dict[str, list[dict]] = {}
    for rendition in image.renditions:
        by_format.setdefault(rendition["format"], []).append(rendition)
    own = image.format.lower()
    fallback = by_format.get(own) or []
    if not fallback:
        # Renditions not made yet (a task still to run): the original, with its shape.
        return format_html(
            '<img src="{}" width="{}" height="{}" alt="{}" {} decoding="async">',
            image.url,
            image.width,
            image.height,
            image.alt,
            mark_safe(loading),  # noqa: S308 (one of the two fixed strings above)
        )
    widest = fallback[-1]
    src = next((r for r in fallback if r["width"] >= FALLBACK_WIDTH), widest)
    sources = format_html_join(
        "",
        '<source type="{}" srcset="{}" sizes="{}">',
        (
            (FORMATS[fmt][1], _srcset(by_format[fmt]), sizes)
            for fmt in FORMATS
            if fmt != own and by_format.get(fmt)
        ),
    )
    return format_html(
        '<picture>{}<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" {} '
        'decoding="async"></picture>',
        sources,
        default_storage.url(src["name"]),
        _srcset(fallback),
        sizes,
        widest["width"],
        widest["height"],
        image.alt,
        mark_safe(loading),  # noqa: S308 (one of the two fixed strings above)
    )


def credit_line(image) -> str:
    """ "Photo: Sam Jones (CC BY 4.0)": the credit and licence, as shown under the picture."""
    if image.credit and image.licence:
        return f"{image.credit} ({image.licence})"
    return image.credit or image.licence


def figure(image, size: str = "inline", *, eager: bool = False) -> SafeString:
    """The picture with its caption and credit underneath (``<figure>``)."""
    if image is None or not image.file:
        return mark_safe("")
    caption = format_html('<span class="figure__caption">{}</span>', image.caption) if image.caption else ""
    credit = credit_line(image)
    credit_html = format_html('<span class="figure__credit">{}</span>', credit) if credit else ""
    figcaption = (
        format_html("<figcaption>{}{}</figcaption>", caption, credit_html) if caption or credit else ""
    )
    return format_html(
        '<figure class="figure figure--{}">{}{}</figure>', size, picture(image, size, eager=eager), figcaption
    )


def document_link(document) -> SafeString:
    """A link to ``document`` saying its type and size: "Living with it (PDF, 240 KB)"."""
    if document is None or not document.file:
        return mark_safe("")
    return format_html(
        '<a class="document-link" href="{}" type="application/pdf">'
        '{} <span class="document-link__meta">({})</span></a>',
        document.url,
        document.title,
        document.type_and_size,
    )
