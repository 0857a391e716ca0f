"""Files uploaded on the admin's "Import articles" page, kept between the dry run and the confirmation.

Each upload goes into a folder of its own, named by a random token that the
editor's session remembers, under ``IMPORT_UPLOAD_DIR``; the confirmed import
reads the same files with the same code as the command, and the folder is then
removed. Folders left behind (a dry run never confirmed) are removed after a day.
File names are reduced to a safe base name: nothing an upload says can place a
file outside its folder.
"""

from __future__ import annotations

import re
import secrets
import shutil
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload

if TYPE_CHECKING:
    from imports.report import Report

ALLOWED_SUFFIXES = (".html", ".htm", ".xhtml", ".txt", ".text", ".md", ".xml", ".wxr", ".zip")
MAX_FILES = 100  # Django's own limit on files in one request (DATA_UPLOAD_MAX_NUMBER_FILES)
KEEP_SECONDS = 24 * 60 * 60
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,40}$")


def root() -> Path:
    return Path(
        getattr(settings, "IMPORT_UPLOAD_DIR", "") or Path(tempfile.gettempdir()) / "healthsite-imports"
    )


def folder(token: str) -> Path | None:
    """The folder of an earlier upload, or None when the token is not one of ours (or it has gone)."""
    if not isinstance(token, str) or not _TOKEN.match(token):
        return None
    path = root() / token
    return path if path.is_dir() else None


def safe_name(name: str, taken: set[str]) -> str:
    base = re.split(r"[\\/]", name or "")[-1]
    base = re.sub(r"[^\w.\- ]+", "_", base).strip(" .") or "upload"
    stem, dot, suffix = base[:100].rpartition(".")
    candidate, n = base[:120], 1
    while candidate.lower() in taken:
        n += 1
        candidate = f"{stem}-{n}.{suffix}" if dot else f"{base[:100]}-{n}"
    taken.add(candidate.lower())
    return candidate


def problems_with(files) -> list[str]:
    """What is wrong with a set of uploaded files before anything is read (empty list: fine)."""
    problems = []
    if not files:
        return ["Choose at least one file to import."]
    if len(files) > MAX_FILES:
        problems.append(f"Upload at most {MAX_FILES} files at once, or put them in a zip file.")
    total = sum(upload.size or 0 for upload in files)
    if total > settings.IMPORT_UPLOAD_MAX_BYTES:
        problems.append(
            f"The files come to {total / 1_048_576:.1f} MB; one upload can hold at most "
            f"{settings.IMPORT_UPLOAD_MAX_BYTES / 1_048_576:.1f} MB. Import larger sites with the "
            "import_articles command."
        )
    for upload in files:
        if not (upload.name or "").lower().endswith(ALLOWED_SUFFIXES):
            problems.append(f"“{upload.name}” is not an HTML, text, WordPress export (XML) or zip file.")
    return problems


def store(files) -> str:
    """Save uploaded files in a new folder; returns its token."""
    _remove_old()
    token = secrets.token_urlsafe(18)
    path = root() / token
    path.mkdir(parents=True, mode=0o700)
    taken: set[str] = set()
    for upload in files:
        with (path / safe_name(upload.name, taken)).open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
    return token


def discard(token: str) -> None:
    path = folder(token)
    if path is not None:
        shutil.rmtree(path, ignore_errors=True)


def _remove_old() -> None:
    base = root()
    if not base.is_dir():
        return
    cutoff = time.time() - KEEP_SECONDS
    for entry in base.iterdir():
        try:
            if entry.is_dir() and _TOKEN.match(entry.name) and entry.stat().st_mtime < cutoff:
                shutil.rmtree(entry, ignore_errors=True)
        except OSError:
            continue


class SizeLimitHandler(FileUploadHandler):
    """Stops reading an upload as soon as it passes ``IMPORT_UPLOAD_MAX_BYTES`` (``exceeded`` says so)."""

    def __init__(self, request=None):
        super().__init__(request)
        self.received = 0
        self.exceeded = False

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.IMPORT_UPLOAD_MAX_BYTES:
            self.exceeded = True
            # Read the rest and drop it, so the browser gets the page saying why.
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size):
        return None


def named_by_upload(report: Report, token: str) -> Report:
    """Lines name the files as uploaded, not the folder they waited in."""
    for line in report.lines:
        line.source = line.source.removeprefix(f"{token}/")
    report.skipped_counts = type(report.skipped_counts)(
        {
            (source.removeprefix(f"{token}/"), reason): n
            for (source, reason), n in report.skipped_counts.items()
        }
    )
    return report
