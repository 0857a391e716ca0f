"""Uploading pictures to the image library in the admin: what is accepted, what is
refused (and why), and what is stored."""

import io
import struct
import zlib

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage

from media import images
from media.models import Image
from tests.factories import ImageFactory, picture_bytes

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:media_image_add")


def upload(name: str, content: bytes, content_type: str = "image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def add_image(client, file, **fields):
    data = {"title": "Nerve diagram", "slug": "", "alt_text": "A nerve reaching a muscle.", **fields}
    if file is not None:
        data["upload"] = file
    return client.post(ADD_URL, data)


def stored_files() -> set[str]:
    found = set()

    def walk(folder):
        directories, files = default_storage.listdir(folder)
        found.update(f"{folder}/{name}".lstrip("/") for name in files)
        for directory in directories:
            walk(f"{folder}/{directory}".lstrip("/"))

    if default_storage.exists(""):
        walk("")
    return found


def error_text(response) -> str:
    form = response.context["adminform"].form
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


@pytest.fixture
def huge_png() -> bytes:
    """A real 50,000 × 50,000 pixel PNG (2.5 gigapixels; ~300 KB on disk): a decompression bomb.

    One bit per pixel, every row blank, compressed a thousand rows at a time.
    """
    width = height = 50_000

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\x00" * (1 + (width + 7) // 8)
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row * 1000) for _ in range(height // 1000)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


@pytest.mark.parametrize(
    ("image_format", "name", "content_type", "formats_made"),
    [
        ("JPEG", "photo.jpg", "image/jpeg", {"avif", "webp", "jpeg"}),
        ("PNG", "diagram.png", "image/png", {"avif", "webp", "png"}),
        ("WEBP", "chart.webp", "image/webp", {"avif", "webp"}),
    ],
)
def test_editor_uploads_each_accepted_type_and_renditions_are_made(
    editor_client, editor, image_format, name, content_type, formats_made
):
    response = add_image(editor_client, upload(name, picture_bytes(image_format, (1000, 600)), content_type))

    assert response.status_code == 302, error_text(response)
    image = Image.objects.get()
    assert image.format == image_format
    assert (image.width, image.height) == (1000, 600)
    assert image.uploaded_by == editor
    assert image.slug == "nerve-diagram"
    with default_storage.open(image.file.name) as stored:
        assert PILImage.open(stored).format == image_format
    assert {r["format"] for r in image.renditions} == formats_made
    assert {r["width"] for r in image.renditions} == {400, 800, 1000}
    for rendition in image.renditions:
        with default_storage.open(rendition["name"]) as stored:
            made = PILImage.open(stored)
            assert made.size == (rendition["width"], rendition["height"])
            assert made.format == rendition["format"].upper()


def test_a_script_renamed_png_is_refused_and_nothing_is_stored(editor_client):
    before = stored_files()
    script = b"#!/bin/sh\nrm -rf /\n<script>alert(1)</script>\n"

    response = add_image(editor_client, upload("diagram.png", script))

    assert response.status_code == 200
    assert "not a JPEG, PNG or WebP picture" in error_text(response)
    assert not Image.objects.exists()
    assert stored_files() == before


@pytest.mark.parametrize(
    "content",
    [
        b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
        b"GIF89a\x01\x00\x01\x00\x00\x00\x00;",
        b"%PDF-1.4\n%%EOF\n",
        "\u202egnp.exe".encode(),
    ],
    ids=["svg", "gif", "pdf", "unicode"],
)
def test_other_kinds_of_file_are_refused(editor_client, content):
    response = add_image(editor_client, upload("picture.png", content))

    assert response.status_code == 200
    assert "not a JPEG, PNG or WebP picture" in error_text(response)
    assert not Image.objects.exists()


def test_a_50000_by_50000_png_is_refused_before_it_is_decoded(editor_client, huge_png):
    response = add_image(editor_client, upload("bomb.png", huge_png))

    assert response.status_code == 200
    assert "too large" in error_text(response)
    assert "at most 40 megapixels" in error_text(response)
    assert not Image.objects.exists()


def test_a_picture_just_over_the_pixel_limit_is_refused_with_its_size():
    # 8,000 × 5,001 pixels: over 40 megapixels, under Pillow's hard stop at twice its limit.
    content = picture_bytes("PNG", (8000, 5001), compress_level=1)

    with pytest.raises(images.ImageRejected, match="8,000 × 5,001 pixels"):
        images.open_checked(io.BytesIO(content))


def test_the_pixel_limit_is_also_pillows_own(huge_png):
    # Pillow itself refuses it from the header, whatever code opens the file.
    assert PILImage.MAX_IMAGE_PIXELS == images.MAX_PIXELS
    with pytest.raises(images.ImageRejected, match="megapixels"):
        images.open_checked(io.BytesIO(huge_png))


def test_a_file_over_20_mb_is_refused_without_reading_it(editor_client):
    big = upload("huge.jpg", b"\xff\xd8\xff" + b"\x00" * (20 * 1024 * 1024), "image/jpeg")

    response = add_image(editor_client, big)

    assert "at most 20.0 MB" in error_text(response)
    assert not Image.objects.exists()


def test_a_truncated_jpeg_is_refused_as_damaged(editor_client):
    whole = picture_bytes("JPEG", (800, 600), quality=95)

    response = add_image(editor_client, upload("cut.jpg", whole[: len(whole) // 2], "image/jpeg"))

    assert "damaged or incomplete" in error_text(response)
    assert not Image.objects.exists()


def test_an_empty_file_is_refused(editor_client):
    response = add_image(editor_client, upload("empty.png", b""))

    assert response.status_code == 200
    assert not Image.objects.exists()


def test_an_animated_picture_is_refused(editor_client):
    frames = [PILImage.new("RGB", (64, 64), colour) for colour in ("red", "blue")]
    buffer = io.BytesIO()
    frames[0].save(buffer, "WEBP", save_all=True, append_images=frames[1:])

    response = add_image(editor_client, upload("moving.webp", buffer.getvalue(), "image/webp"))

    assert "Animated pictures are not accepted" in error_text(response)


def test_alt_text_is_required_unless_the_picture_is_decorative(editor_client):
    response = add_image(editor_client, upload("d.png", picture_bytes()), alt_text="  ")

    assert response.status_code == 200
    assert "Describe what the picture shows" in error_text(response)
    assert not Image.objects.exists()

    response = add_image(
        editor_client, upload("d.png", picture_bytes()), alt_text="", is_decorative="on", title="Pattern"
    )

    assert response.status_code == 302
    assert Image.objects.get().alt == ""


def test_a_new_picture_needs_a_file(editor_client):
    response = add_image(editor_client, None)

    assert "Choose a picture to upload" in error_text(response)


def test_a_hostile_title_and_caption_are_stored_as_text_and_escaped(editor_client):
    hostile = "<script>alert('x')</script> & \"quotes\" ' OR 1=1 --"

    response = add_image(editor_client, upload("d.png", picture_bytes()), title=hostile, caption=hostile)

    assert response.status_code == 302
    image = Image.objects.get()
    assert image.caption == hostile
    page = editor_client.get(reverse("admin:media_image_change", args=[image.pk])).content.decode()
    assert "<script>alert('x')</script>" not in page


def test_replacing_the_file_makes_new_renditions_and_removes_the_old_files(
    editor_client, django_capture_on_commit_callbacks
):
    image = ImageFactory(pixels=(900, 600))
    old_files = {image.file.name, *(r["name"] for r in image.renditions)}
    data = {"title": image.title, "slug": image.slug, "alt_text": image.alt_text}

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            reverse("admin:media_image_change", args=[image.pk]),
            {**data, "upload": upload("new.jpg", picture_bytes("JPEG", (700, 500)), "image/jpeg")},
        )

    assert response.status_code == 302, error_text(response)
    image.refresh_from_db()
    assert (image.format, image.width) == ("JPEG", 700)
    assert {r["width"] for r in image.renditions} == {400, 700}
    assert not any(default_storage.exists(name) for name in old_files)
    assert all(default_storage.exists(r["name"]) for r in image.renditions)


def test_deleting_a_picture_removes_its_files(editor_client, django_capture_on_commit_callbacks):
    image = ImageFactory()
    names = [image.file.name, *(r["name"] for r in image.renditions)]

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(reverse("admin:media_image_delete", args=[image.pk]), {"post": "yes"})

    assert response.status_code == 302
    assert not any(default_storage.exists(name) for name in names)


def test_the_library_list_shows_thumbnails_and_finds_by_alt_text(editor_client):
    ImageFactory(title="Nerve diagram", alt_text="Nerve reaching a muscle")
    ImageFactory(title="Rash photo", alt_text="A red rash on an arm")

    response = editor_client.get(reverse("admin:media_image_changelist"), {"q": "rash"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Rash photo" in page and "Nerve diagram" not in page
    assert "<picture>" in page


def test_writers_may_upload_and_readers_may_not(client, writer, reader):
    client.force_login(writer)
    assert add_image(client, upload("d.png", picture_bytes())).status_code == 302
    client.force_login(reader)
    assert client.get(ADD_URL).status_code == 302  # sent to log in: not staff
