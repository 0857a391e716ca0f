"""Settings come from the environment; production refuses to start without a secret key."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

SNIPPET = (
    "import json, django; django.setup(); from django.conf import settings as s;"
    "print(json.dumps([s.DATABASES['default']['ENGINE'], s.DEBUG, s.ALLOWED_HOSTS,"
    " s.CACHES['default']['BACKEND']]))"
)


def _run(snippet=SNIPPET, **env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "DATABASE_RANDOM"))
    }
    clean["DJANGO_SETTINGS_MODULE"] = "healthsite.settings"
    return subprocess.run(
        [sys.executable, "-c", snippet],
        env={**clean, **env},
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )


def test_development_defaults_to_sqlite_and_local_memory_cache():
    result = _run(DJANGO_DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert '"django.db.backends.sqlite3", true' in result.stdout
    assert "LocMemCache" in result.stdout


def test_production_without_secret_key_refuses_to_start():
    result = _run(DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_database_url_and_redis_url_and_hosts_are_read():
    result = _run(
        DJANGO_SECRET_KEY="x" * 50,
        DATABASE_URL="postgres://u@db.example:5432/site",
        REDIS_URL="redis://127.0.0.1:6379/1",
        DJANGO_ALLOWED_HOSTS="health.example, www.health.example",
    )
    assert result.returncode == 0, result.stderr
    assert '"django.db.backends.postgresql"' in result.stdout
    assert '["health.example", "www.health.example"]' in result.stdout
    assert "RedisCache" in result.stdout


CACHE_TIMEOUTS = (
    "import django; django.setup(); from django.conf import settings as s;"
    "o = s.CACHES['default']['OPTIONS']; print(o['socket_connect_timeout'], o['socket_timeout'])"
)


def test_a_redis_cache_that_does_not_answer_is_given_up_on_quickly():
    result = _run(CACHE_TIMEOUTS, DJANGO_SECRET_KEY="x" * 50, REDIS_URL="redis://127.0.0.1:6379/1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["0.25", "0.25"]


PLANNER = (
    "import django; django.setup(); from django.conf import settings as s;"
    "print(s.DATABASES['default'].get('OPTIONS', {}).get('options'))"
)


def test_postgresql_plans_for_data_in_memory_unless_told_otherwise():
    postgres = "postgres://u@db.example:5432/site"
    keys = {"DJANGO_SECRET_KEY": "x" * 50, "DATABASE_URL": postgres}
    assert _run(PLANNER, **keys).stdout.strip() == "-c random_page_cost=1.1"
    assert _run(PLANNER, **keys, DATABASE_RANDOM_PAGE_COST="2").stdout.strip() == "-c random_page_cost=2"
    assert _run(PLANNER, **keys, DATABASE_RANDOM_PAGE_COST="").stdout.strip() == "None"
    sqlite = _run(PLANNER, DJANGO_SECRET_KEY="x" * 50, DATABASE_URL="sqlite:////tmp/site.sqlite3")
    assert sqlite.stdout.strip() == "None"
    for bad in ("fast", "-1", "nan", "1.1 -c work_mem=1TB"):
        result = _run(PLANNER, **keys, DATABASE_RANDOM_PAGE_COST=bad)
        assert result.returncode != 0
        assert "DATABASE_RANDOM_PAGE_COST must be a number above 0" in result.stderr


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL setting")
@pytest.mark.django_db
def test_the_database_connection_uses_the_planner_cost():
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone()[0] == "1.1"


def test_wsgi_application_freezes_what_it_loaded_out_of_the_garbage_collectors_way():
    result = _run(
        "import gc; from healthsite.wsgi import application; print(gc.get_freeze_count())",
        DJANGO_DEBUG="1",
    )
    assert result.returncode == 0, result.stderr
    # Django and the apps are tens of thousands of objects; none frozen without the call.
    assert int(result.stdout) > 10_000


@pytest.mark.parametrize(("given", "admin_url"), [("", "admin/"), ("/", "admin/"), (" /desk/ ", "desk/")])
def test_an_empty_admin_address_keeps_the_admin_off_the_home_page(given, admin_url):
    result = _run("import django; django.setup(); from django.conf import settings as s; print(s.ADMIN_URL)",
                  DJANGO_DEBUG="1", DJANGO_ADMIN_URL=given)  # fmt: skip

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == admin_url
