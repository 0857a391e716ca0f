"""The site's brand: its name, logo, primary colour and footer text.

Editors set these on the brand page in the admin (``pages.models.Brand``). The rules
that keep the brand readable live here: the primary colour must keep white text on
it (the header band, buttons) and the colour itself as text on white (links) at a
contrast of at least 4.5:1 (WCAG 2.2 AA), and a logo is a PNG, or an SVG with its
scripts and outside references removed.
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass
from xml.etree import ElementTree

import py_svg_hush
from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from healthsite import pagecache
from media import images

MIN_CONTRAST = 4.5
DEFAULT_COLOUR = "#0b4f8a"
MAX_LOGO_BYTES = 1024 * 1024
_HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
_SVG_NAMESPACE = "http://www.w3.org/2000/svg"
_SVG = f"{{{_SVG_NAMESPACE}}}svg"
_ANIMATION = {"set", "animate", "animateMotion", "animateTransform", "animateColor", "discard"}
# Written back without "ns0:" prefixes.
ElementTree.register_namespace("", _SVG_NAMESPACE)
ElementTree.register_namespace("xlink", "http://www.w3.org/1999/xlink")
_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
_LENGTH = re.compile(r"\s*([0-9]*\.?[0-9]+)\s*(px)?\s*")


class LogoRejected(ValueError):
    """The logo cannot be used; ``str()`` says why, in plain words."""


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    """WCAG relative luminance of a ``#rrggbb`` colour, from 0 (black) to 1 (white)."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(first: str, second: str) -> float:
    """WCAG contrast ratio of two ``#rrggbb`` colours, from 1 to 21."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def colour_problem(colour: str) -> str | None:
    """Why ``colour`` cannot be the primary colour, or None if it can."""
    if not _HEX_COLOUR.fullmatch(colour or ""):
        return "Write the colour as # and six hexadecimal digits, e.g. #0b4f8a."
    ratio = contrast_ratio(colour, "#ffffff")
    if ratio < MIN_CONTRAST:
        return (
            f"White text on {colour} has a contrast of only {ratio:.2f}:1; it must be at least "
            f"{MIN_CONTRAST}:1 so everyone can read the header, buttons and links. Choose a darker colour."
        )
    return None


@dataclass(frozen=True)
class CleanLogo:
    content: bytes
    extension: str  # "svg" or "png"
    width: int
    height: int

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def _svg_size(root: ElementTree.Element) -> tuple[int, int]:
    width, height = _LENGTH.fullmatch(root.get("width") or ""), _LENGTH.fullmatch(root.get("height") or "")
    if width and height:
        return round(float(width.group(1))), round(float(height.group(1)))
    box = (root.get("viewBox") or "").replace(",", " ").split()
    try:
        _, _, w, h = (float(n) for n in box)
    except ValueError:
        raise LogoRejected("The SVG has no size: give its <svg> element a viewBox.") from None
    if w <= 0 or h <= 0:
        raise LogoRejected("The SVG's viewBox has no area.")
    return round(w), round(h)


def clean_logo(upload) -> CleanLogo:
    """Check a logo upload and return what may be stored: a PNG encoded again without
    metadata, or an SVG with scripts, event handlers, outside references and entity
    declarations removed. Raises ``LogoRejected`` for anything else."""
    size = getattr(upload, "size", None)
    upload.seek(0)
    content = upload.read(MAX_LOGO_BYTES + 1)
    if (size or len(content)) > MAX_LOGO_BYTES:
        raise LogoRejected("A logo can be at most 1 MB.")
    if content.lstrip().startswith((b"<", b"\xef\xbb\xbf<")):
        return _clean_svg(content)
    try:
        clean = images.clean_upload(io.BytesIO(content))
    except images.ImageRejected as exc:
        raise LogoRejected(f"The logo must be an SVG or PNG file. {exc}") from None
    if clean.format != "PNG":
        raise LogoRejected("The logo must be an SVG or PNG file.")
    return CleanLogo(clean.content, "png", clean.width, clean.height)


def _clean_svg(content: bytes) -> CleanLogo:
    if re.search(rb"<!(DOCTYPE|ENTITY)", content, re.IGNORECASE):
        # Entity declarations can expand a few bytes into gigabytes, or read files.
        raise LogoRejected("The SVG declares a DOCTYPE or entities; save it again as plain SVG.")
    try:
        cleaned = py_svg_hush.filter_svg(content)
        root = ElementTree.fromstring(cleaned)
    except (ValueError, ElementTree.ParseError):
        raise LogoRejected("This file is not a valid SVG picture.") from None
    if root.tag != _SVG:
        raise LogoRejected("This file is not an SVG picture.")
    width, height = _svg_size(root)
    # A logo has no use for animation, which can change other attributes as it runs,
    # nor for links and references outside itself (svg-hush turns those into paths
    # on this site, which lead nowhere).
    changed = False
    for parent in list(root.iter()):
        for child in list(parent):
            if isinstance(child.tag, str) and child.tag.rpartition("}")[2] in _ANIMATION:
                parent.remove(child)
                changed = True
        for name in ("href", _XLINK_HREF):
            if parent.get(name) is not None and not parent.get(name).startswith("#"):
                del parent.attrib[name]
                changed = True
    if changed:
        cleaned = ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)
    return CleanLogo(cleaned, "svg", width, height)


@dataclass(frozen=True)
class SiteBrand:
    """What pages show of the brand (the header, the footer and ``brand.css``)."""

    name: str
    colour: str
    footer_text: str
    logo_url: str
    logo_width: int
    logo_height: int
    site_url: str
    logo_shows_name: bool = False

    @property
    def version(self) -> str:
        """Changes whenever anything ``brand.css`` says changes, so browsers may keep it for a year."""
        return hashlib.sha256(f"{self.colour}\n{self.site_url}".encode()).hexdigest()[:10]


_CACHE_KEY = "pages:brand"


def current_brand() -> SiteBrand:
    """The brand pages show: the brand page's values, or the defaults until an editor sets them.

    Kept in the cache, so a page costs no query for it; saving the brand drops the
    copy (``forget_brand``).
    """
    kept = cache.get(_CACHE_KEY)
    if not isinstance(kept, SiteBrand):
        kept = _load_brand()
        cache.set(_CACHE_KEY, kept, timeout=None)
    return kept


def _load_brand() -> SiteBrand:
    from pages.models import Brand

    row = Brand.objects.order_by("pk").first()
    if row is None:
        return SiteBrand(settings.SITE_NAME, DEFAULT_COLOUR, "", "", 0, 0, settings.SITE_URL)
    return SiteBrand(
        name=row.site_name or settings.SITE_NAME,
        colour=row.primary_colour if colour_problem(row.primary_colour) is None else DEFAULT_COLOUR,
        footer_text=row.footer_text,
        logo_url=row.logo.url if row.logo else "",
        logo_width=row.logo_width,
        logo_height=row.logo_height,
        site_url=settings.SITE_URL,
        logo_shows_name=row.logo_shows_name,
    )


def forget_brand() -> None:
    """Drop the kept brand now and once the change commits (see ``pagecache.site_changed``)."""
    cache.delete(_CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(_CACHE_KEY))
    pagecache.site_changed()


def brand_css(site_brand: SiteBrand) -> str:
    """The stylesheet carrying the brand: its colour, and the site's address for printed links."""
    origin = re.sub(r"[^A-Za-z0-9:/.\-\[\]]", "", site_brand.site_url)
    return f':root {{\n  --colour-brand: {site_brand.colour};\n  --site-origin: "{origin}";\n}}\n'
