"""Production settings, security headers, login throttling, health check and logging."""

import json
import logging
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _manage(*args, **env):
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        env={**clean, **env},
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )


def test_production_settings_pass_the_deploy_check():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SECRET_KEY="k" * 64 + "-production-like-key-with-enough-variety-0123456789",
        DJANGO_ALLOWED_HOSTS="health.example",
        DJANGO_TASKS_BACKEND="database",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_plain_http_is_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def test_security_headers_on_public_pages(client, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    response = client.get("/", secure=True)
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp


def test_session_and_csrf_cookies_are_secure_in_production():
    assert settings.SESSION_COOKIE_SECURE
    assert settings.SESSION_COOKIE_HTTPONLY
    assert settings.CSRF_COOKIE_SECURE


class TestLoginThrottling:
    @pytest.fixture(autouse=True)
    def _axes_on(self, settings):
        settings.AXES_ENABLED = True
        settings.AXES_FAILURE_LIMIT = 3

    @pytest.mark.parametrize("login_url", [reverse("login"), reverse("admin:login")])
    def test_repeated_wrong_passwords_lock_the_account_out(self, client, login_url, editor):
        for _ in range(3):
            response = client.post(login_url, {"username": editor.username, "password": "wrong"})
        assert response.status_code == 429
        assert "Too many attempts to log in" in response.content.decode()

        # Even the right password is refused while locked out.
        response = client.post(login_url, {"username": editor.username, "password": "pw"})
        assert response.status_code == 429
        assert "_auth_user_id" not in client.session

    def test_a_good_password_before_the_limit_logs_in(self, client, reader):
        client.post(reverse("login"), {"username": reader.username, "password": "wrong"})
        response = client.post(reverse("login"), {"username": reader.username, "password": "pw"})
        assert response.status_code == 302
        assert client.session["_auth_user_id"] == str(reader.pk)

    def test_login_rotates_the_session_key(self, client, reader):
        client.get(reverse("login"))
        client.session.save()
        before = client.session.session_key
        client.post(reverse("login"), {"username": reader.username, "password": "pw"})
        assert client.session.session_key != before


def test_admin_address_is_configurable():
    result = _manage(
        "shell",
        "-c",
        "from django.urls import reverse; print(reverse('admin:index'))",
        DJANGO_DEBUG="1",
        DJANGO_ADMIN_URL="newsroom-desk",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("/newsroom-desk/")


class TestHealthCheck:
    def test_reports_database_and_cache(self, client):
        response = client.get("/healthz")
        assert response.status_code == 200
        assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
        assert "no-cache" in response["Cache-Control"]

    def test_answers_503_when_the_database_is_down(self, client, monkeypatch):
        def broken_cursor(*args, **kwargs):
            raise connection.OperationalError("connection refused")

        monkeypatch.setattr(connection, "cursor", broken_cursor)
        response = client.get("/healthz")
        assert response.status_code == 503
        assert response.json()["database"] == "unavailable"

    def test_says_degraded_but_stays_in_service_when_the_cache_is_down(self, client, monkeypatch):
        # Pages are served uncached meanwhile (tests/test_cache_outage.py): a load
        # balancer must not take every app server out because their shared cache is down.
        from django.core.cache import cache

        def broken(*args, **kwargs):
            raise ConnectionError("redis down")

        monkeypatch.setattr(cache, "set", broken)
        response = client.get("/healthz")
        assert response.status_code == 200
        assert response.json() == {"status": "degraded", "database": "ok", "cache": "unavailable"}


def test_logs_are_json_lines_without_passwords(client, reader, capsys):
    formatter = logging.getLogger("django.request").handlers[0].formatter
    handler = logging.StreamHandler()
    handler.setFormatter(formatter)
    records = []
    handler.emit = lambda record: records.append(formatter.format(record))
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        client.post(
            reverse("login"), {"username": reader.username, "password": "hunter2-secret"}, secure=True
        )
        client.get("/no-such-page-at-all/", secure=True)
    finally:
        logger.removeHandler(handler)
    assert records, "a 404 is logged as a warning"
    for line in records:
        parsed = json.loads(line)
        assert {"time", "level", "logger", "message"} <= set(parsed)
        assert "hunter2-secret" not in line
