"""Checking uploaded documents: only PDF files, up to a size readers can download on a phone."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
# A PDF starts with "%PDF-" (readers accept it within the first kilobyte) and ends
# with "%%EOF" (followed by at most some line ends or padding).
_HEADER = b"%PDF-"
_TRAILER = b"%%EOF"


class DocumentRejected(ValueError):
    """The upload is not a document the library accepts; ``str()`` says why, in plain words."""


@dataclass(frozen=True)
class CleanDocument:
    content: bytes

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def check_pdf(upload) -> CleanDocument:
    """Read ``upload`` and return it if it is a complete PDF file; else raise ``DocumentRejected``.

    The content decides, never the file's name or declared type: a web page or a
    program renamed ``.pdf`` is refused, and so is a PDF cut short in uploading.
    """
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise DocumentRejected(
            f"This file is {size / (1024 * 1024):.1f} MB; documents can be at most "
            f"{MAX_UPLOAD_BYTES // (1024 * 1024)} MB."
        )
    upload.seek(0)
    content = upload.read(MAX_UPLOAD_BYTES + 1)
    if len(content) > MAX_UPLOAD_BYTES:
        raise DocumentRejected(f"Documents can be at most {MAX_UPLOAD_BYTES // (1024 * 1024)} MB.")
    if not content:
        raise DocumentRejected("This file is empty.")
    if _HEADER not in content[:1024]:
        raise DocumentRejected("This file is not a PDF. Only PDF documents can be uploaded.")
    if _TRAILER not in content[-1024:]:
        raise DocumentRejected(
            "This PDF is incomplete (perhaps the upload was cut short). Check that it opens on your "
            "computer, then upload it again."
        )
    return CleanDocument(content=content)
