"""What is stored and served: no metadata, pictures the right way up, renditions made once."""

import io
import os

import pytest
from django.core.files.storage import default_storage
from PIL import Image as PILImage
from PIL import PngImagePlugin

from media import images, renditions
from media.models import Image
from tests.factories import ImageFactory, picture_bytes

pytestmark = pytest.mark.django_db

GPS = 0x8825
MAKE, MODEL, ORIENTATION, DATE = 0x010F, 0x0110, 0x0112, 0x0132


def jpeg_with_metadata(size=(1200, 600), orientation=1) -> bytes:
    """A JPEG as a phone writes it: camera, date, GPS location, a comment and XMP."""
    picture = PILImage.new("RGB", size, (200, 40, 40))
    picture.paste((20, 20, 200), (0, 0, size[0] // 2, size[1]))  # left half blue
    exif = PILImage.Exif()
    exif[MAKE], exif[MODEL], exif[DATE] = "PhoneMaker", "Model X", "2024:05:01 10:00:00"
    exif[ORIENTATION] = orientation
    exif.get_ifd(GPS).update({1: "N", 2: (51.0, 30.0, 12.5), 3: "W", 4: (0.0, 7.0, 39.0)})
    buffer = io.BytesIO()
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF>SecretPlace</rdf:RDF></x:xmpmeta>'
    picture.save(buffer, "JPEG", exif=exif, comment=b"Taken at 12 Home Street", xmp=xmp, quality=92)
    return buffer.getvalue()


def every_served_file(image: Image) -> list[str]:
    return [image.file.name, *(r["name"] for r in image.renditions)]


def read(name: str) -> bytes:
    with default_storage.open(name) as stored:
        return stored.read()


def test_exif_location_comments_and_xmp_are_gone_from_every_file_served():
    upload = jpeg_with_metadata()
    assert b"PhoneMaker" in upload and b"Home Street" in upload and b"SecretPlace" in upload

    image = ImageFactory(upload=upload)

    for name in every_served_file(image):
        content = read(name)
        for secret in (b"PhoneMaker", b"Model X", b"2024:05:01", b"Home Street", b"SecretPlace", b"Exif\x00"):
            assert secret not in content, (name, secret)
        opened = PILImage.open(io.BytesIO(content))
        assert not opened.getexif(), name
        assert not opened.getexif().get_ifd(GPS), name
        assert "comment" not in opened.info and "xmp" not in opened.info, name


def test_png_text_chunks_are_gone():
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Jo Bloggs, 12 Home Street")
    info.add_itxt("Location", "SecretPlace")
    upload = picture_bytes("PNG", (500, 300), pnginfo=info)

    image = ImageFactory(upload=upload)

    for name in every_served_file(image):
        content = read(name)
        assert b"Home Street" not in content and b"SecretPlace" not in content, name


def test_a_photo_taken_sideways_is_stored_upright():
    # Orientation 6: the camera was turned; the pixels are stored 1200 wide, shown 600 wide.
    image = ImageFactory(upload=jpeg_with_metadata((1200, 600), orientation=6))

    assert (image.width, image.height) == (600, 1200)
    stored = PILImage.open(io.BytesIO(read(image.file.name)))
    assert stored.size == (600, 1200)
    # Turned clockwise: the blue left half is now the top half.
    blue, red = stored.getpixel((300, 100)), stored.getpixel((300, 1100))
    assert blue[2] > 150 and red[0] > 150


def test_an_upright_jpeg_is_not_made_worse_by_encoding_it_again():
    upload = picture_bytes("JPEG", (800, 600), quality=95)

    clean = images.clean_upload(io.BytesIO(upload))

    assert (
        PILImage.open(io.BytesIO(clean.content)).quantization
        == PILImage.open(io.BytesIO(upload)).quantization
    )


def test_transparency_is_kept_in_png_and_web_renditions():
    picture = PILImage.new("RGBA", (600, 400), (0, 0, 0, 0))
    picture.paste((10, 120, 60, 255), (100, 100, 500, 300))
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")

    image = ImageFactory(upload=buffer.getvalue())

    for rendition in image.renditions:
        made = PILImage.open(io.BytesIO(read(rendition["name"])))
        assert made.convert("RGBA").getpixel((1, 1))[3] == 0, rendition["format"]


def test_renditions_are_never_wider_than_the_original():
    assert renditions.widths_for(300) == [300]
    assert renditions.widths_for(1000) == [400, 800, 1000]
    assert renditions.widths_for(5000) == [400, 800, 1200, 1600]
    image = ImageFactory(pixels=(5000, 2500))

    assert {r["width"] for r in image.renditions} == {400, 800, 1200, 1600}
    assert {(r["width"], r["height"]) for r in image.renditions if r["format"] == "webp"} == {
        (400, 200),
        (800, 400),
        (1200, 600),
        (1600, 800),
    }


def test_webp_and_avif_renditions_are_much_smaller_than_the_original_format():
    image = ImageFactory(upload=jpeg_with_metadata((1600, 1000)))
    sizes = {(r["format"], r["width"]): len(read(r["name"])) for r in image.renditions}

    assert sizes[("webp", 800)] < sizes[("jpeg", 800)]
    if "avif" in renditions.formats_for("JPEG"):
        assert sizes[("avif", 800)] < sizes[("jpeg", 800)]


def test_making_renditions_again_changes_nothing(django_assert_max_num_queries):
    image = ImageFactory(pixels=(900, 600))
    before = {r["name"]: os.path.getmtime(default_storage.path(r["name"])) for r in image.renditions}

    with django_assert_max_num_queries(4):  # lock and read the row; nothing to write
        again = renditions.make_renditions(image.pk)

    assert again == image.renditions
    assert {r["name"]: os.path.getmtime(default_storage.path(r["name"])) for r in again} == before


def test_a_lost_rendition_is_made_again_and_nothing_else_is():
    image = ImageFactory(pixels=(900, 600))
    lost = image.renditions[0]["name"]
    others = {r["name"]: os.path.getmtime(default_storage.path(r["name"])) for r in image.renditions[1:]}
    default_storage.delete(lost)

    renditions.make_renditions(image.pk)

    assert default_storage.exists(lost)
    assert {name: os.path.getmtime(default_storage.path(name)) for name in others} == others


def test_renditions_of_a_picture_that_has_gone_are_nothing():
    image = ImageFactory()
    image_id = image.pk
    image.delete()

    assert renditions.make_renditions(image_id) == []
    assert renditions.make_renditions(10**12) == []
