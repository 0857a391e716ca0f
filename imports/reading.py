"""Finding the files to import, telling what each one is, and reading its text safely.

Folders are walked (sorted, hidden files left out) and zip files opened in
place, never extracted by their own names. Each file is checked before it is
read: size (``IMPORT_MAX_PAGE_BYTES`` for a page; a WordPress export is
streamed, up to ``IMPORT_MAX_EXPORT_BYTES``), emptiness, and whether it is text
at all. Text is read as UTF-8 (with or without a byte-order mark), UTF-16 with
a byte-order mark, the encoding an HTML page declares, or else Windows-1252,
which covers Latin-1 and the "smart quotes" Word and old Windows tools write.
"""

from __future__ import annotations

import codecs
import os
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from imports.parsed import BadFile

# Not pages: a clear word beats "unreadable".
_MAGIC = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"GIF8": "a GIF image",
    b"\xff\xd8\xff": "a JPEG image",
    b"\x1f\x8b": "a compressed (gzip) file",
    b"BZh": "a compressed (bzip2) file",
    b"\xd0\xcf\x11\xe0": "an old Microsoft Office document",
    b"Rar!": "a RAR archive",
    b"7z\xbc\xaf": "a 7-Zip archive",
    b"\x7fELF": "a program",
    b"MZ": "a Windows program",
    b"RIFF": "a sound or video file",
    b"OggS": "a sound file",
    b"ID3": "a sound file",
}
_ZIP_MAGIC = b"PK\x03\x04"
_DOCX_HINT = "word/document.xml"
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
MAX_ZIP_MEMBERS = 5000


@dataclass
class Source:
    """One file to import: a file on disk or a member of a zip file."""

    name: str  # as shown in the report: "pages/a.html" or "pages.zip/a.html"
    size: int
    opener: Callable[[], BinaryIO]

    @property
    def basename(self) -> str:
        return self.name.rsplit("/", 1)[-1]


@dataclass
class Unreadable:
    """A path that could not even be listed or opened (the report says why)."""

    name: str
    message: str


def _display(path: Path, root: Path) -> str:
    try:
        relative = path.relative_to(root.parent if root.is_file() else root)
        prefix = root.name if root.is_dir() else ""
        return str(Path(prefix) / relative) if prefix else str(relative)
    except ValueError:
        return str(path)


def walk(paths: list[str]) -> Iterator[Source | Unreadable]:
    """Every file under ``paths`` (files, folders searched recursively, zip files opened), sorted."""
    for raw in paths:
        root = Path(raw)
        if not root.exists():
            yield Unreadable(raw, "No such file or folder.")
            continue
        if root.is_dir():
            files = []
            for folder, dirs, names in os.walk(root, followlinks=False):
                dirs[:] = sorted(d for d in dirs if not d.startswith((".", "__MACOSX")))
                files.extend(Path(folder) / name for name in names if not name.startswith("."))
            for path in sorted(files):
                yield from _file(path, _display(path, root))
        else:
            yield from _file(root, root.name)


def _file(path: Path, name: str) -> Iterator[Source | Unreadable]:
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(4)
    except OSError as exc:
        yield Unreadable(name, f"Could not be read: {exc.strerror or exc}.")
        return
    if head == _ZIP_MAGIC:
        yield from zip_members(path, name)
        return
    yield Source(name=name, size=size, opener=lambda: path.open("rb"))


def zip_members(path: Path, name: str) -> Iterator[Source | Unreadable]:
    """The files in a zip, each read from the archive only when imported; nested archives are refused."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        yield Unreadable(name, f"A damaged zip file ({exc}).")
        return
    with archive:
        members = [info for info in archive.infolist() if not info.is_dir()]
        if len(members) > MAX_ZIP_MEMBERS:
            yield Unreadable(
                name, f"The zip file holds {len(members):,} files; at most {MAX_ZIP_MEMBERS:,} are read."
            )
            return
        if any(info.filename == _DOCX_HINT for info in members):
            yield Unreadable(name, "This is a Word document, not a page: save it as HTML or text first.")
            return
        for info in sorted(members, key=lambda i: i.filename):
            member = info.filename.replace("\\", "/")
            parts = [part for part in member.split("/") if part not in ("", ".", "..")]
            if not parts or any(part.startswith((".", "__MACOSX")) for part in parts):
                continue
            label = f"{name}/{'/'.join(parts)}"
            if info.flag_bits & 0x1:
                yield Unreadable(label, "The file is encrypted in the zip; unzip it first.")
                continue
            yield Source(name=label, size=info.file_size, opener=_member_opener(archive, info))


def _member_opener(archive: zipfile.ZipFile, info: zipfile.ZipInfo):
    return lambda: archive.open(info)


def sniff(head: bytes, name: str) -> str:
    """What a file is, from its first bytes: "wordpress", "html", "text", "zip" or "binary"."""
    if head.startswith(_ZIP_MAGIC):
        return "zip"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = head.decode("utf-16", errors="ignore")
    else:
        for magic in _MAGIC:
            if head.startswith(magic):
                return "binary"
        if b"\x00" in head[:4096]:
            return "binary"
        text = head.removeprefix(codecs.BOM_UTF8).decode("utf-8", errors="ignore")
    start = text.lstrip()[:2000].lower()
    lowered = text[:65536].lower()
    if start.startswith("<?xml") or start.startswith("<rss") or start.startswith("<!doctype rss"):
        if "<html" in start[:400]:
            return "html"
        return "wordpress"
    if start.startswith("<!doctype") and "<!doctype html" not in start:
        return "wordpress"  # another XML document type: the export reader refuses it with a reason
    if name.lower().endswith((".xml", ".wxr")) and "<" in start[:1]:
        return "wordpress"
    if start.startswith(
        ("<!doctype html", "<html", "<head", "<body", "<meta", "<!--")
    ) or name.lower().endswith((".html", ".htm", ".xhtml")):
        return "html"
    if lowered.count("<p") + lowered.count("<div") + lowered.count("<h1") + lowered.count("<h2") >= 3:
        return "html"
    return "text"


def binary_kind(head: bytes) -> str:
    for magic, what in _MAGIC.items():
        if head.startswith(magic):
            return what
    return "not text (it holds binary data)"


def read_bytes(source: Source, limit: int) -> bytes:
    """The file's bytes, refusing one over ``limit`` without reading it all."""
    if source.size > limit:
        raise BadFile(
            f"Too large: {source.size / 1_048_576:.1f} MB, "
            f"where the limit for a page is {limit / 1_048_576:.0f} MB."
        )
    with source.opener() as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise BadFile(f"Too large: over the limit of {limit / 1_048_576:.0f} MB for a page.")
    return data


def decode(data: bytes, *, kind: str) -> tuple[str, str]:
    """``(text, note)``: the bytes as text, and a note for the report when it was not plain UTF-8."""
    if data.startswith(codecs.BOM_UTF8):
        return _checked(
            data[3:].decode("utf-8", errors="replace")
        ), "Read as UTF-8 (the file starts with a byte-order mark)."
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return _checked(data.decode("utf-16")), "Read as UTF-16 (the file starts with a byte-order mark)."
        except UnicodeDecodeError as exc:
            raise BadFile("Marked as UTF-16 but not readable as it.") from exc
    try:
        return _checked(data.decode("utf-8")), ""
    except UnicodeDecodeError:
        pass
    if kind == "html":
        declared = _META_CHARSET.search(data[:4096])
        name = declared.group(1).decode("ascii", "ignore").lower() if declared else ""
        try:
            codec = codecs.lookup(name).name if name else ""
        except LookupError:
            codec = ""
        if codec and codec != "utf-8":
            # Browsers read a page declared Latin-1 as Windows-1252 (curly quotes and all); so does this.
            codec = "cp1252" if codec == "iso8859-1" else codec
            try:
                return _checked(data.decode(codec)), f"Read as {name} (the encoding the page declares)."
            except UnicodeDecodeError:
                pass
    try:
        return _checked(data.decode("cp1252")), "Not UTF-8: read as Windows-1252 (Latin-1 with curly quotes)."
    except UnicodeDecodeError:
        return _checked(data.decode("latin-1")), "Not UTF-8: read as Latin-1."


def _checked(text: str) -> str:
    """Refuse text that decoded but is plainly not text (control characters, replacement marks)."""
    sample = text[:200_000]
    if not sample.strip():
        raise BadFile("Empty: the file has no text.")
    odd = sum(
        1 for ch in sample if ch == "\ufffd" or (unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f")
    )
    if odd > max(8, len(sample) // 100):
        raise BadFile("The text is garbled (wrong encoding or not text): save it as UTF-8 and try again.")
    return text.replace("\x00", "")


def count_articles(paths: list[str]) -> int:
    """Roughly how many articles and files ``paths`` hold (posts counted in exports), for a progress bar."""
    total = 0
    for entry in walk(paths):
        if isinstance(entry, Unreadable):
            total += 1
            continue
        try:
            with entry.opener() as handle:
                head = handle.read(65536)
                if sniff(head, entry.name) != "wordpress":
                    total += 1
                    continue
                items, tail, chunk = 0, b"", head
                while chunk:
                    items += (tail + chunk).count(b"<item>") - tail.count(b"<item>")
                    tail = chunk[-6:]
                    chunk = handle.read(1 << 20)
                total += max(items, 1)
        except OSError:
            total += 1
    return total
