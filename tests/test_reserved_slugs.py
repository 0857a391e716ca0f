"""A top-level category cannot take an address the site answers at itself, wherever that is."""

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError

from articles.models import Category
from healthsite import urls as site_urls
from healthsite.slugs import reserved_top_level_slugs
from tests.factories import CategoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_at_newsroom(settings):
    """The site's own URLconf, loaded again with the admin moved to /newsroom/."""
    settings.ADMIN_URL = "newsroom/"
    spec = importlib.util.spec_from_file_location("newsroom_urls", Path(site_urls.__file__))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    sys.modules[spec.name] = module
    settings.ROOT_URLCONF = spec.name
    yield
    del sys.modules[spec.name]


def test_every_part_of_the_site_keeps_its_address():
    # Written from the site's addresses, not read from the code.
    site = {"admin", "accounts", "articles", "authors", "comments", "conditions", "feeds", "pages"}
    assert (
        site | {"search", "tags", "static", "healthz", "robots.txt", "sitemap.xml"}
        <= reserved_top_level_slugs()
    )
    assert not {"health", "recovery", "brain-and-nervous-system-health"} & reserved_top_level_slugs()


def test_a_moved_admin_reserves_its_new_address_and_frees_the_old_one(admin_at_newsroom):
    with pytest.raises(ValidationError, match="already used by another part of the site"):
        CategoryFactory(slug="newsroom")
    assert CategoryFactory(slug="admin").path == "admin"


def test_the_category_form_says_why_a_slug_is_refused_at_the_moved_admin(admin_at_newsroom, editor_client):
    response = editor_client.post(
        "/newsroom/articles/category/add/", {"name": "Newsroom", "slug": "newsroom", "position": 0}
    )

    assert response.status_code == 200
    assert "is already used by another part of the site" in response.content.decode()
    assert not Category.objects.filter(slug="newsroom").exists()


def test_uploads_served_here_are_reserved_but_files_on_another_host_are_not(settings):
    settings.MEDIA_URL = "/uploads/"
    settings.STATIC_URL = "https://cdn.example.org/static/"
    reserved = reserved_top_level_slugs()
    assert "uploads" in reserved
    assert "static" not in reserved


def test_the_admin_address_from_the_environment_is_reserved():
    snippet = (
        "import json, django; django.setup();"
        "from healthsite.slugs import reserved_top_level_slugs as r; print(json.dumps(sorted(r())))"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="healthsite.settings", DJANGO_DEBUG="1", DJANGO_ADMIN_URL="/staff/desk/"
    )
    result = subprocess.run(
        [sys.executable, "-c", snippet], env=env, capture_output=True, text=True, cwd=django_settings.BASE_DIR
    )
    assert result.returncode == 0, result.stderr
    reserved = json.loads(result.stdout)
    assert "staff" in reserved
    assert "admin" not in reserved
