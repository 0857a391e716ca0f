"""The brand page: the site's name, logo, colour and footer text, and the rules that keep
them readable and safe."""

import io
import re

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage

from pages import brand
from pages.models import Brand
from tests.factories import ArticleFactory, picture_bytes
from tests.html import parse_html

pytestmark = pytest.mark.django_db

HOSTILE_SVG = b"""<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 120 40"
     onload="alert('svg')">
  <script>alert(document.cookie)</script>
  <rect width="120" height="40" fill="#0b4f8a" onclick="alert(1)"/>
  <a href="javascript:alert(2)"><text x="10" y="25">Nerve Health</text></a>
  <image href="https://tracker.example/pixel.png" width="1" height="1"/>
  <use xlink:href="https://tracker.example/sprite.svg#logo"/>
  <foreignObject width="10" height="10"><iframe xmlns="http://www.w3.org/1999/xhtml" src="https://tracker.example/"/></foreignObject>
  <set attributeName="onmouseover" to="alert(3)"/>
</svg>"""

ENTITY_BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><text>&c;</text></svg>"""

CHANGE_URL = "admin:pages_brand_change"


def brand_form(**fields):
    return {"site_name": "Nerve Health", "primary_colour": "#0b4f8a", "footer_text": "", **fields}


@pytest.fixture
def site_brand():
    return Brand.objects.create(site_name="Nerve Health", primary_colour="#0b4f8a")


def post_brand(client, site_brand, **fields):
    return client.post(reverse(CHANGE_URL, args=[site_brand.pk]), brand_form(**fields))


def form_errors(response) -> str:
    return " ".join(str(e) for errs in response.context["adminform"].form.errors.values() for e in errs)


# --- Contrast -------------------------------------------------------------------------


def test_contrast_ratios_follow_wcag():
    assert brand.contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert brand.contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1)
    # #767676 on white is the classic just-passing grey.
    assert brand.contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("colour", ["#0b4f8a", "#005f73", "#000000", "#767676", "#A8001D"])
def test_colours_white_text_can_be_read_on_are_accepted(colour):
    assert brand.colour_problem(colour) is None


@pytest.mark.parametrize("colour", ["#ffff00", "#ffbf47", "#7b7b7b", "#ffffff", "#00ff00"])
def test_colours_too_light_for_white_text_are_refused(colour):
    assert "contrast" in brand.colour_problem(colour)


@pytest.mark.parametrize("colour", ["", "blue", "#fff", "#12345g", "#1234567", "red; background:url(x)"])
def test_colours_not_written_as_six_hex_digits_are_refused(colour):
    assert "six hexadecimal digits" in brand.colour_problem(colour)


def test_editor_is_told_why_a_light_colour_is_refused_and_nothing_changes(editor_client, site_brand):
    response = post_brand(editor_client, site_brand, primary_colour="#ffbf47")

    assert response.status_code == 200
    assert "contrast of only 1.64:1" in form_errors(response) and "at least 4.5:1" in form_errors(response)
    site_brand.refresh_from_db()
    assert site_brand.primary_colour == "#0b4f8a"


def test_a_hostile_colour_never_reaches_the_stylesheet(editor_client, client, site_brand):
    post_brand(editor_client, site_brand, primary_colour="#000;}body{display:none")

    assert "display:none" not in client.get("/brand.css").content.decode()


# --- What readers see -------------------------------------------------------------------


def test_the_brand_shows_in_the_header_title_footer_and_stylesheet(editor_client, client, site_brand):
    response = post_brand(
        editor_client,
        site_brand,
        site_name="Northlight Health",
        primary_colour="#005f73",
        footer_text="Run by <b>us</b>.",
    )
    assert response.status_code == 302

    response = client.get("/")

    page = response.content.decode()
    document = parse_html(page)
    assert document.find(".//title").text.endswith("Northlight Health")
    assert 'class="site-brand__name">Northlight Health</span>' in page
    assert "Run by &lt;b&gt;us&lt;/b&gt;." in page
    css_link = re.search(r'<link rel="stylesheet" href="(/brand\.css\?v=\w+)">', page).group(1)
    css = client.get(css_link)
    assert css["Content-Type"] == "text/css; charset=utf-8"
    assert "--colour-brand: #005f73;" in css.content.decode()
    assert "immutable" in css["Cache-Control"]
    # An out-of-date version (a page kept from before the change) is not kept long.
    assert "immutable" not in client.get("/brand.css?v=old").get("Cache-Control", "")


def test_a_changed_brand_reaches_readers_of_cached_pages_at_once(editor_client, client, site_brand):
    article = ArticleFactory(published=True)
    assert "Nerve Health" in client.get(article.get_absolute_url()).content.decode()

    post_brand(editor_client, site_brand, site_name="Muscle Matters")

    page = client.get(article.get_absolute_url()).content.decode()
    assert "Muscle Matters" in page and "Nerve Health" not in page


def test_without_a_brand_the_site_uses_its_configured_name(client, settings):
    settings.SITE_NAME = "Plain Health"

    page = client.get("/").content.decode()

    assert 'class="site-brand__name">Plain Health</span>' in page
    assert "--colour-brand: #0b4f8a;" in client.get("/brand.css").content.decode()


def test_the_brand_list_goes_straight_to_the_one_brand(editor_client, site_brand):
    response = editor_client.get(reverse("admin:pages_brand_changelist"))

    assert response.status_code == 302
    assert response["Location"] == reverse(CHANGE_URL, args=[site_brand.pk])
    assert editor_client.get(reverse("admin:pages_brand_add")).status_code == 403


def test_the_first_brand_is_added_from_the_list(editor_client):
    response = editor_client.get(reverse("admin:pages_brand_changelist"))

    assert response["Location"] == reverse("admin:pages_brand_add")
    response = editor_client.post(reverse("admin:pages_brand_add"), brand_form())
    assert response.status_code == 302
    assert Brand.objects.get().site_name == "Nerve Health"


# --- The logo ------------------------------------------------------------------------------


def upload_logo(client, site_brand, name, content, content_type="image/svg+xml", **fields):
    return client.post(
        reverse(CHANGE_URL, args=[site_brand.pk]),
        brand_form(logo_upload=SimpleUploadedFile(name, content, content_type), **fields),
    )


def test_an_svg_logo_with_scripts_is_stored_without_them(editor_client, client, site_brand):
    response = upload_logo(editor_client, site_brand, "logo.svg", HOSTILE_SVG)

    assert response.status_code == 302, form_errors(response)
    site_brand.refresh_from_db()
    with default_storage.open(site_brand.logo.name) as stored:
        svg = stored.read().decode()
    assert "<rect" in svg and "Nerve Health" in svg  # the drawing itself is kept
    for bad in (
        "<script",
        "alert",
        "onload",
        "onclick",
        "javascript:",
        "foreignObject",
        "iframe",
        "tracker.example",
        "pixel.png",
        "sprite.svg",
    ):
        assert bad not in svg, bad
    assert (site_brand.logo_width, site_brand.logo_height) == (120, 40)
    header = client.get("/").content.decode()
    assert (
        f'<img class="site-brand__logo" src="/media/{site_brand.logo.name}" width="120" height="40" alt="">'
        in header
    )


def test_an_svg_declaring_entities_is_refused(editor_client, site_brand):
    response = upload_logo(editor_client, site_brand, "logo.svg", ENTITY_BOMB)

    assert "DOCTYPE or entities" in form_errors(response)
    site_brand.refresh_from_db()
    assert not site_brand.logo


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<html><body><script>alert(1)</script></body></html>", "not"),
        (b'<?xml version="1.0"?><note>not a picture</note>', "SVG"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'><rect", "not a valid SVG"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'><rect width='1' height='1'/></svg>", "viewBox"),
    ],
    ids=["html", "other-xml", "truncated", "no-size"],
)
def test_files_that_are_not_usable_svgs_are_refused(editor_client, site_brand, content, message):
    response = upload_logo(editor_client, site_brand, "logo.svg", content)

    assert response.status_code == 200
    assert message in form_errors(response)


def test_a_png_logo_is_stored_without_metadata_and_a_jpeg_is_refused(editor_client, site_brand):
    response = upload_logo(
        editor_client, site_brand, "logo.jpg", picture_bytes("JPEG", (200, 60)), "image/jpeg"
    )
    assert "must be an SVG or PNG" in form_errors(response)

    exif = PILImage.Exif()
    exif[0x010F] = "SecretCamera"
    response = upload_logo(
        editor_client, site_brand, "logo.png", picture_bytes("PNG", (200, 60), exif=exif), "image/png"
    )

    assert response.status_code == 302, form_errors(response)
    site_brand.refresh_from_db()
    with default_storage.open(site_brand.logo.name) as stored:
        content = stored.read()
    assert b"SecretCamera" not in content
    assert PILImage.open(io.BytesIO(content)).size == (200, 60)


def test_a_logo_over_1_mb_is_refused(editor_client, site_brand):
    response = upload_logo(editor_client, site_brand, "logo.svg", b"<svg>" + b" " * (1024 * 1024) + b"</svg>")

    assert "at most 1 MB" in form_errors(response)


def test_the_logo_can_be_removed_and_can_say_the_name_itself(
    editor_client, client, site_brand, django_capture_on_commit_callbacks
):
    upload_logo(editor_client, site_brand, "logo.svg", HOSTILE_SVG, logo_shows_name="on")
    site_brand.refresh_from_db()
    old = site_brand.logo.name
    page = client.get("/").content.decode()
    assert 'class="site-brand__name visually-hidden">Nerve Health</span>' in page  # still read out

    with django_capture_on_commit_callbacks(execute=True):
        post_brand(editor_client, site_brand, remove_logo="on")

    site_brand.refresh_from_db()
    assert not site_brand.logo
    assert not default_storage.exists(old)
    assert "site-brand__logo" not in client.get("/").content.decode()
