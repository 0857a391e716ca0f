"""Where uploads are stored and served from, and what the Content-Security-Policy allows."""

import json

import pytest

from tests.factories import ImageFactory
from tests.test_settings import _run

SNIPPET = (
    "import json, django; django.setup(); from django.conf import settings as s;"
    "print(json.dumps([s.STORAGES['default'], s.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'],"
    " s.MEDIA_URL, str(s.MEDIA_ROOT), s.SERVE_MEDIA]))"
)


def read(**env):
    result = _run(SNIPPET, DJANGO_SECRET_KEY="x" * 50, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_uploads_are_local_files_outside_the_code_by_default():
    storage, img_src, media_url, media_root, serve = read()

    assert storage == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert img_src == ["'self'", "data:"]
    assert media_url == "/media/"
    assert media_root.endswith("/uploads")
    assert serve is False  # production: a web server or the bucket serves uploads


def test_development_serves_uploads_itself():
    assert read(DJANGO_DEBUG="1")[4] is True


def test_an_s3_bucket_behind_a_cdn_is_used_and_allowed_by_the_csp():
    storage, img_src, *_ = read(
        MEDIA_S3_BUCKET="health-media",
        MEDIA_S3_REGION="eu-west-2",
        MEDIA_S3_CUSTOM_DOMAIN="media.health.example",
    )

    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"]["bucket_name"] == "health-media"
    assert storage["OPTIONS"]["custom_domain"] == "media.health.example"
    assert storage["OPTIONS"]["querystring_auth"] is False
    assert img_src == ["'self'", "data:", "https://media.health.example"]


def test_an_s3_compatible_endpoint_is_allowed_by_the_csp():
    storage, img_src, *_ = read(
        MEDIA_S3_BUCKET="media", MEDIA_S3_ENDPOINT_URL="https://objects.example:9000/"
    )

    assert storage["OPTIONS"]["endpoint_url"] == "https://objects.example:9000/"
    assert img_src == ["'self'", "data:", "https://objects.example:9000"]


def test_a_plain_bucket_is_allowed_by_the_csp():
    _, img_src, *_ = read(MEDIA_S3_BUCKET="media", MEDIA_S3_REGION="eu-west-2")

    assert "https://media.s3.amazonaws.com" in img_src
    assert "https://media.s3.eu-west-2.amazonaws.com" in img_src


@pytest.mark.django_db
def test_uploads_are_served_with_long_caching_when_django_serves_them(client, serving_uploads):
    image = ImageFactory()

    response = client.get(image.url)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "immutable" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert client.get("/media/../healthsite/settings.py").status_code in (400, 404)
    assert client.get("/media/%2e%2e/healthsite/settings.py").status_code in (400, 404)
    assert client.get("/media/images/no-such-file.png").status_code == 404
    assert client.post(image.url).status_code == 405


@pytest.mark.django_db
def test_uploads_are_not_served_by_django_in_production(client):
    image = ImageFactory()

    assert client.get(image.url, follow=True).status_code == 404
