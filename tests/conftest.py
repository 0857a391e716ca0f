import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache, caches
from django.test import override_settings

from accounts import roles


@pytest.fixture(scope="session", autouse=True)
def _plain_http():
    """Tests speak plain HTTP; tests/test_security.py turns these back on to check them.

    Session-scoped so it is in force before the browser tests' live server builds its
    middleware, which reads these settings once. Browsers remember HSTS, even for localhost.
    """
    # WhiteNoise, too, reads its settings once: tests never run collectstatic.
    with override_settings(SECURE_SSL_REDIRECT=False, SECURE_HSTS_SECONDS=0, WHITENOISE_AUTOREFRESH=True):
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: no pages, parts of pages or counters left by another test."""
    cache.clear()
    caches["counters"].clear()


@pytest.fixture(scope="session")
def _uploads_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("uploads")


@pytest.fixture(autouse=True)
def _uploads_in_a_temporary_folder(settings, _uploads_dir):
    """Uploaded images and documents go to a folder of the test run, never the project's."""
    settings.MEDIA_ROOT = _uploads_dir


@pytest.fixture(autouse=True)
def _fast_tests(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Login throttling keeps state between requests; tests/test_security.py turns it on.
    settings.AXES_ENABLED = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def _staff_user(username: str, role: str | None = None, **extra):
    user = get_user_model().objects.create_user(
        username=username, password="pw", email=f"{username}@example.org", is_staff=True, **extra
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def superuser(db):
    return _staff_user("boss", is_superuser=True)


@pytest.fixture
def editor(db):
    return _staff_user("ed", roles.EDITOR)


@pytest.fixture
def writer(db):
    return _staff_user("wendy", roles.WRITER)


@pytest.fixture
def medical_reviewer(db):
    return _staff_user("rita", roles.MEDICAL_REVIEWER)


@pytest.fixture
def moderator(db):
    return _staff_user("mo", roles.MODERATOR)


@pytest.fixture
def reader(db):
    return get_user_model().objects.create_user(username="rea", password="pw", email="rea@example.org")


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture(autouse=True)
def _static_files_without_collectstatic(settings):
    # Tests never run collectstatic; WhiteNoise then looks files up per request
    # instead of warning that STATIC_ROOT does not exist yet.
    settings.WHITENOISE_AUTOREFRESH = True


@pytest.fixture
def credentialed_reviewer(medical_reviewer):
    """The medical reviewer, with the contributor profile a medical sign-off is recorded under."""
    from tests.factories import ContributorFactory

    ContributorFactory(user=medical_reviewer, name="Dr Rita Reyes", credentials="MD, neurologist")
    return medical_reviewer


@pytest.fixture
def second_reviewer(db):
    """A second medical reviewer with credentials, for the two-reviewer quorum."""
    from tests.factories import ContributorFactory

    user = _staff_user("sam", roles.MEDICAL_REVIEWER)
    ContributorFactory(user=user, name="Dr Sam Shah", credentials="MBBS, general practitioner")
    return user


@pytest.fixture
def other_writer(db):
    return _staff_user("walt", roles.WRITER)


@pytest.fixture
def serving_uploads(settings):
    """Django serves uploads at /media/, as in development (DJANGO_SERVE_MEDIA)."""
    import importlib

    from django.urls import clear_url_caches

    import healthsite.urls

    settings.SERVE_MEDIA = True
    importlib.reload(healthsite.urls)
    clear_url_caches()
    yield
    settings.SERVE_MEDIA = False
    importlib.reload(healthsite.urls)
    clear_url_caches()
