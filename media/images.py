"""Checking uploaded pictures and writing them out without their metadata.

An upload is trusted for nothing: not its name, not its declared type. Pillow
reads the header to learn the real format and size, and the image is refused
before any pixel is decoded when it is too large (a "decompression bomb": a small
file that unpacks into gigabytes). Only then is it decoded in full, which also
catches truncated or damaged files.

What is stored and served is always a fresh encoding made here, carrying none of
the upload's metadata: no EXIF (camera, date, GPS location), XMP, comments or
text chunks. Only the colour profile is kept, so colours stay true.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

# Formats accepted for the image library, by Pillow's name: (file extension, MIME type).
ACCEPTED_FORMATS = {
    "JPEG": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "WEBP": ("webp", "image/webp"),
}
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 40_000_000

# Quality of the stored original when it has to be encoded again (a JPEG turned
# upright, or in CMYK); an upright JPEG keeps its own quality exactly.
ORIGINAL_JPEG_QUALITY = 90


class ImageRejected(ValueError):
    """The upload is not a picture the library accepts; ``str()`` says why, in plain words."""


@dataclass(frozen=True)
class CleanImage:
    """A checked picture, encoded again without metadata, ready to store."""

    content: bytes
    format: str  # a key of ACCEPTED_FORMATS
    width: int
    height: int

    @property
    def extension(self) -> str:
        return ACCEPTED_FORMATS[self.format][0]

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def open_checked(upload) -> Image.Image:
    """Open ``upload`` (a file object) as a JPEG, PNG or WebP picture, fully decoded.

    Raises ``ImageRejected`` for anything else: too big a file, not a picture (a
    script renamed ``.png``), more than ``MAX_PIXELS`` pixels, an animation, or a
    damaged or incomplete file.
    """
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, io.SEEK_END)
        size = upload.tell()
    if size > MAX_UPLOAD_BYTES:
        raise ImageRejected(
            f"This file is {_megabytes(size)}; pictures can be at most {_megabytes(MAX_UPLOAD_BYTES)}. "
            "Save it smaller (for example 2,000 pixels wide) and upload it again."
        )
    if size == 0:
        raise ImageRejected("This file is empty.")
    upload.seek(0)
    with warnings.catch_warnings():
        # Pillow warns past its limit and refuses past twice it; the check below
        # refuses from the limit itself, and says how large the picture is.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            image = Image.open(upload, formats=list(ACCEPTED_FORMATS))
        except Image.DecompressionBombError:
            raise ImageRejected(_too_many_pixels_message(None)) from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            raise ImageRejected(
                "This file is not a JPEG, PNG or WebP picture. Other files cannot go in the image "
                "library, whatever their name ends with."
            ) from None
        width, height = image.size
        if width * height > MAX_PIXELS:
            raise ImageRejected(_too_many_pixels_message((width, height)))
        if getattr(image, "n_frames", 1) > 1:
            raise ImageRejected("Animated pictures are not accepted: upload a single still picture.")
        try:
            image.load()
        except (OSError, SyntaxError, ValueError, EOFError):
            raise ImageRejected(
                "This picture is damaged or incomplete (perhaps the upload was cut short). "
                "Open it on your computer to check it, then upload it again."
            ) from None
    return image


def _too_many_pixels_message(size: tuple[int, int] | None) -> str:
    limit = f"{MAX_PIXELS / 1_000_000:g} megapixels"
    if size is None:
        return f"This picture is far too large: pictures can have at most {limit}."
    width, height = size
    return (
        f"This picture is {width:,} × {height:,} pixels; pictures can have at most {limit}. "
        "Make it smaller and upload it again."
    )


def _without_metadata(image: Image.Image) -> Image.Image:
    """``image`` with every piece of metadata forgotten but its colour profile and transparency."""
    kept = {key: image.info[key] for key in ("icc_profile", "transparency") if key in image.info}
    image.info.clear()
    image.info.update(kept)
    return image


def clean_upload(upload) -> CleanImage:
    """Check ``upload`` (see ``open_checked``) and encode it again, upright and without metadata.

    The format stays the upload's own (JPEG, PNG or WebP).
    """
    image = open_checked(upload)
    image_format = image.format
    orientation = image.getexif().get(ImageOps.ExifTags.Base.Orientation, 1)
    keep_jpeg_quality = image_format == "JPEG" and orientation in (0, 1) and image.mode in ("L", "RGB")
    if orientation not in (0, 1):
        # Turn it the way the camera meant, since the tag saying so is dropped.
        image = ImageOps.exif_transpose(image)
    icc_profile = image.info.get("icc_profile")
    buffer = io.BytesIO()
    if image_format == "JPEG":
        if keep_jpeg_quality:
            # Keeps the upload's quantisation tables: no visible loss from encoding again.
            _without_metadata(image).save(buffer, "JPEG", quality="keep", icc_profile=icc_profile)
        else:
            image = _without_metadata(image if image.mode in ("L", "RGB") else image.convert("RGB"))
            image.save(buffer, "JPEG", quality=ORIGINAL_JPEG_QUALITY, optimize=True, icc_profile=icc_profile)
    elif image_format == "PNG":
        if image.mode not in ("1", "L", "LA", "P", "RGB", "RGBA"):
            image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
        _without_metadata(image).save(buffer, "PNG", optimize=True, icc_profile=icc_profile)
    else:
        image = image if image.mode in ("RGB", "RGBA") else image.convert(_web_mode(image))
        _without_metadata(image).save(buffer, "WEBP", lossless=False, quality=90, icc_profile=icc_profile)
    return CleanImage(content=buffer.getvalue(), format=image_format, width=image.width, height=image.height)


def _web_mode(image: Image.Image) -> str:
    """RGBA when the picture has any transparency, else RGB: what WebP and AVIF take."""
    has_alpha = "A" in image.getbands() or "transparency" in image.info
    return "RGBA" if has_alpha else "RGB"


def for_web(image: Image.Image) -> Image.Image:
    """``image`` in a mode every web format can encode (RGB, or RGBA when it has transparency)."""
    mode = _web_mode(image)
    return image if image.mode == mode else image.convert(mode)
