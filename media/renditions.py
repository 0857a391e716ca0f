"""Renditions: each library picture in a few widths, in AVIF (where Pillow can write it),
WebP and the original's own format.

``make_renditions(image_id)`` is a plain function so that a task queue can run it
later; it is idempotent. It makes what is missing, keeps what is already stored
for the current original, and deletes what belonged to an earlier original.
"""

from __future__ import annotations

import io
import logging

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from PIL import Image as PILImage
from PIL import features

from media.images import for_web
from media.models import Image, delete_files_on_commit

logger = logging.getLogger(__name__)

# Widths in CSS pixels × device pixel ratio that pages ask for: a phone at 390 px
# wide with a 2× screen wants about 800; a desktop article column (42rem) at 2×
# wants about 1,350.
WIDTHS = (400, 800, 1200, 1600)

# format -> (file extension, MIME type, Pillow save options)
FORMATS = {
    "avif": ("avif", "image/avif", {"quality": 60, "speed": 8}),
    "webp": ("webp", "image/webp", {"quality": 80, "method": 4}),
    "jpeg": ("jpg", "image/jpeg", {"quality": 82, "optimize": True, "progressive": True}),
    "png": ("png", "image/png", {"optimize": True}),
}


def formats_for(original_format: str) -> list[str]:
    """Formats made for a picture whose original is ``original_format`` (JPEG, PNG or WEBP),
    best first: AVIF when this Pillow can write it, WebP, then the original's format."""
    made = ["avif"] if features.check("avif") else []
    made.append("webp")
    own = original_format.lower()
    if own not in made:
        made.append(own)
    return made


def widths_for(original_width: int) -> list[int]:
    """The widths made for a picture ``original_width`` pixels wide: never wider than the original."""
    widths = [w for w in WIDTHS if w < original_width]
    if original_width <= WIDTHS[-1]:
        widths.append(original_width)
    else:
        widths.append(WIDTHS[-1])
    return sorted(set(widths))


def _name(image: Image, fmt: str, width: int) -> str:
    # The original's name holds its content hash, so renditions of a new original
    # get new names too and never collide with cached copies of the old ones.
    stem = image.file.name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return f"images/renditions/{image.pk}/{stem}-{width}w.{FORMATS[fmt][0]}"


def _encode(picture: PILImage.Image, fmt: str) -> bytes:
    buffer = io.BytesIO()
    if fmt == "jpeg" and picture.mode != "RGB":
        picture = picture.convert("RGB")
    picture.save(buffer, fmt.upper(), **FORMATS[fmt][2])
    return buffer.getvalue()


def make_renditions(image_id: int) -> list[dict]:
    """Make every rendition ``image_id`` should have and store the list on the image.

    Safe to run again at any time (idempotent), and from a task queue: the image
    row is locked while it works, so two runs never both write. Returns the list of
    renditions (``{"format", "width", "height", "name"}``), or ``[]`` if the image
    has gone.
    """
    with transaction.atomic():
        image = Image.objects.select_for_update().filter(pk=image_id).first()
        if image is None or not image.file:
            return []
        wanted = [(fmt, width) for width in widths_for(image.width) for fmt in formats_for(image.format)]
        have = {
            (r["format"], r["width"]): r
            for r in image.renditions
            if r.get("name") == _name(image, r["format"], r["width"]) and default_storage.exists(r["name"])
        }
        missing = [key for key in wanted if key not in have]
        renditions = [have[key] for key in wanted if key in have]
        if missing:
            with default_storage.open(image.file.name, "rb") as stored:
                original = PILImage.open(stored)
                original.load()
            original = for_web(original)
            for width in sorted({width for _, width in missing}):
                height = max(1, round(image.height * width / image.width))
                sized = (
                    original if width == image.width else original.resize((width, height), PILImage.LANCZOS)
                )
                for fmt, _ in [key for key in missing if key[1] == width]:
                    name = _name(image, fmt, width)
                    if default_storage.exists(name):
                        default_storage.delete(name)
                    stored_name = default_storage.save(name, ContentFile(_encode(sized, fmt)))
                    renditions.append({"format": fmt, "width": width, "height": height, "name": stored_name})
        order = {key: i for i, key in enumerate(wanted)}
        renditions.sort(key=lambda r: order[(r["format"], r["width"])])
        kept = {r["name"] for r in renditions}
        delete_files_on_commit([r["name"] for r in image.renditions if r.get("name") not in kept])
        if renditions != image.renditions:
            image.renditions = renditions
            # Through save(): the page cache hears of it and drops pages showing the picture.
            image.save(update_fields=["renditions"])
        return renditions
