"""Telling what a file is and reading its text: encodings, binary files, zips."""

import codecs
import zipfile

import pytest

from imports import reading
from imports.parsed import BadFile


@pytest.mark.parametrize(
    ("head", "name", "kind"),
    [
        (b'<?xml version="1.0"?><rss xmlns:wp="http://wordpress.org/export/1.2/">', "x.txt", "wordpress"),
        (b"\xef\xbb\xbf<?xml version='1.0'?><rss>", "export", "wordpress"),
        (b"<!DOCTYPE html><html><body>", "page.txt", "html"),
        (b"  \n<html lang='en'>", "page", "html"),
        (
            b"Health > Recovery\nA title\n",
            "page.html",
            "html",
        ),  # the name says so, and nothing contradicts it
        (b"Health > Recovery\nA title\nBy Jo\n", "page.txt", "text"),
        (b"%PDF-1.7\n", "page.html", "binary"),
        (b"PK\x03\x04rest", "pages.zip", "zip"),
        (b"text\x00with\x00nulls", "page.txt", "binary"),
    ],
)
def test_files_are_told_apart_by_their_content(head, name, kind):
    assert reading.sniff(head, name) == kind


def test_utf16_with_a_byte_order_mark_is_read():
    text, note = reading.decode(
        codecs.BOM_UTF16_LE + "Caf\u00e9 \u2013 a title\nBy Jo\n".encode("utf-16-le"), kind="text"
    )

    assert text.startswith("Café – a title") and "UTF-16" in note


def test_windows_1252_curly_quotes_are_read_and_noted():
    text, note = reading.decode("\u201cDon\u2019t panic\u201d".encode("cp1252"), kind="text")

    assert text == "“Don’t panic”" and "Windows-1252" in note


def test_garbled_text_is_refused():
    with pytest.raises(BadFile, match="garbled"):
        reading.decode(bytes(range(1, 32)) * 50, kind="text")


def test_a_page_over_the_limit_is_refused_without_reading_it(tmp_path):
    big = tmp_path / "big.html"
    big.write_bytes(b"x" * 5000)
    source = next(reading.walk([str(big)]))

    with pytest.raises(BadFile, match="Too large"):
        reading.read_bytes(source, limit=1000)


def test_folders_are_walked_in_order_without_hidden_files(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("x")
    (tmp_path / "1.txt").write_text("x")
    (tmp_path / ".DS_Store").write_text("x")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config").write_text("x")

    names = [entry.name for entry in reading.walk([str(tmp_path)])]

    assert names == [f"{tmp_path.name}/1.txt", f"{tmp_path.name}/b/2.txt"]


def test_zip_entries_are_named_safely_and_limits_hold(tmp_path, monkeypatch):
    archive = tmp_path / "pages.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr("../../escape.txt", "Title\nBy Jo\n\nText.")
        handle.writestr("folder/page.html", "<h1>T</h1>")
    names = [entry.name for entry in reading.walk([str(archive)])]
    assert names == ["pages.zip/escape.txt", "pages.zip/folder/page.html"]

    monkeypatch.setattr(reading, "MAX_ZIP_MEMBERS", 1)
    [entry] = reading.walk([str(archive)])
    assert isinstance(entry, reading.Unreadable) and "at most 1" in entry.message


def test_a_damaged_zip_is_one_unreadable_entry(tmp_path):
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04" + b"\x00" * 40)

    [entry] = reading.walk([str(broken)])

    assert isinstance(entry, reading.Unreadable) and "damaged zip" in entry.message
