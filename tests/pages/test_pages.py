import pytest
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

from healthsite import settings as healthsite_settings
from pages.models import Page
from tests.factories import PageFactory
from tests.html import parse_html

pytestmark = pytest.mark.django_db

# Read before the test fixtures swap in a plain storage.
PRODUCTION_STORAGES = healthsite_settings.STORAGES


@pytest.mark.parametrize(
    "slug", [Page.ABOUT, Page.EDITORIAL_POLICY, Page.ADVERTISING_DISCLOSURE, Page.MEDICAL_DISCLAIMER]
)
def test_policy_pages_exist_after_migrating_and_are_linked_from_every_page(client, slug):
    page = Page.objects.get(slug=slug)

    response = client.get(page.get_absolute_url())

    assert response.status_code == 200
    assert page.title in response.content.decode()
    parse_html(response.content)
    assert f'href="/pages/{slug}/"' in client.get("/").content.decode()


def test_page_body_is_markdown_and_sanitised(client):
    page = PageFactory(
        slug="contact",
        title="Contact",
        body="## Write to us\n\n<script>alert(1)</script>[x](javascript:alert(1))",
    )

    content = client.get(page.get_absolute_url()).content.decode()

    assert '<h2 id="write-to-us">Write to us</h2>' in content
    assert "<script>alert(1)" not in content
    assert "javascript:" not in content


def test_editors_change_pages_in_the_admin(admin_client):
    page = Page.objects.get(slug=Page.ABOUT)

    response = admin_client.post(
        reverse("admin:pages_page_change", args=[page.pk]),
        {"title": "About this site", "slug": "about", "summary": "Who we are.", "body": "## New\n\nText"},
    )

    assert response.status_code == 302
    page.refresh_from_db()
    assert page.title == "About this site"
    assert '<h2 id="new">New</h2>' in page.body_html


def test_unknown_page_answers_404_in_the_site_design(client):
    response = client.get("/pages/nope/")

    assert response.status_code == 404
    content = response.content.decode()
    assert "Page not found" in content
    assert "Skip to main content" in content
    parse_html(content)


def test_500_page_renders_without_the_database_or_request_context():
    response = server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    content = response.content.decode()
    assert "Sorry, something went wrong" in content
    parse_html(content)


def test_compressed_hashed_static_files_are_served_with_far_future_cache_headers(settings, tmp_path):
    # Production's storage, as configured in settings (tests otherwise use a plain one).
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "staticfiles": PRODUCTION_STORAGES["staticfiles"]}
    settings.WHITENOISE_AUTOREFRESH = False
    call_command("collectstatic", interactive=False, verbosity=0)
    hashed = staticfiles_storage.url("css/site.css")
    assert hashed != settings.STATIC_URL + "css/site.css"
    assert (tmp_path / "css").is_dir()

    response = Client().get(hashed, headers={"accept-encoding": "gzip"})

    assert response.status_code == 200
    assert "max-age=315360000" in response["Cache-Control"] and "immutable" in response["Cache-Control"]
    assert response["Content-Encoding"] == "gzip"
    assert "WhiteNoiseMiddleware" in settings.MIDDLEWARE[1]


def test_every_page_links_the_site_icon_and_favicon_ico_leads_to_it(client):
    home = client.get("/")
    icon = parse_html(home.content).find(".//link[@rel='icon']")
    response = client.get("/favicon.ico")

    assert icon is not None and icon.get("type") == "image/svg+xml"
    assert response.status_code == 301
    assert response["Location"] == icon.get("href")
    assert finders.find("favicon.svg").endswith("static/favicon.svg")
    assert client.post("/favicon.ico").status_code == 405
