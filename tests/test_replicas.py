"""Read replicas: anonymous readers' pages read from a replica, everything else from the primary.

The replica here is a second database alias pointing at the same test database,
as in CI; its lag and its failures are stubbed where a test needs them.
"""

import json
import subprocess
import sys
import time

import pytest
from django.conf import settings as django_settings
from django.db import OperationalError, connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article
from comments.models import Comment
from healthsite import replicas
from tests.factories import ArticleFactory, CategoryFactory, CommentFactory, UserFactory

REPLICA = "replica_test"

if connection.vendor == "postgresql":
    # Added while the tests are collected, before the test databases are set up: Django
    # then points it at the test database, as DATABASE_REPLICA_URLS's aliases are.
    connections.settings.setdefault(
        REPLICA, {**django_settings.DATABASES["default"], "TEST": {"MIRROR": "default"}}
    )

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="a second connection to one database needs a server"
    ),
    pytest.mark.django_db(transaction=True, databases=["default", REPLICA]),
]


@pytest.fixture
def replica(settings):
    """The second alias, configured as the site's only replica."""
    settings.DATABASE_REPLICAS = [REPLICA]
    settings.DATABASE_REPLICA_MAX_LAG_SECONDS = 5
    replicas._checked.clear()
    yield REPLICA
    replicas._checked.clear()


@pytest.fixture
def settled(replica, monkeypatch):
    """Nothing has changed lately: the replica has had time to replay every change."""
    monkeypatch.setattr(replicas, "_changed_lately", lambda request: False)


class Reads:
    """The queries run on the primary and on the replica while the block runs."""

    def __enter__(self):
        self._contexts = [
            CaptureQueriesContext(connections["default"]),
            CaptureQueriesContext(connections[REPLICA]),
        ]
        for context in self._contexts:
            context.__enter__()
        return self

    def __exit__(self, *exc):
        for context in self._contexts:
            context.__exit__(*exc)
        self.primary, self.replica = (len(context.captured_queries) for context in self._contexts)


def test_an_anonymous_readers_pages_are_read_from_the_replica(client, settled):
    article = ArticleFactory(published=True, title="Cramps at night", category=CategoryFactory())
    client.get("/")  # starts the page cache's generations
    for url in (article.get_absolute_url(), article.category.get_absolute_url(), "/search/?q=cramps"):
        with Reads() as reads:
            response = client.get(url)
        assert response.status_code == 200 and "Cramps at night" in response.content.decode()
        assert reads.replica > 0, url
        assert reads.primary == 0, url


def test_the_admin_never_reads_from_the_replica(client, settled, superuser):
    article = ArticleFactory(published=True, category=CategoryFactory())
    client.force_login(superuser)
    with Reads() as reads:
        for url in (reverse("admin:index"), reverse("admin:articles_article_changelist")):
            assert client.get(url).status_code == 200
        assert client.get(reverse("admin:articles_article_change", args=[article.pk])).status_code == 200
    assert reads.replica == 0 and reads.primary > 0


def test_logged_in_readers_and_posts_read_from_the_primary(client, settled):
    article = ArticleFactory(published=True, category=CategoryFactory())
    client.force_login(UserFactory(username="reader"))
    with Reads() as reads:
        assert client.get(article.get_absolute_url()).status_code == 200
        client.post(reverse("comments:post", args=[article.pk]), {"text": "Thank you for this."})
    assert reads.replica == 0
    assert Comment.objects.filter(article=article).exists()


def test_reads_after_a_write_and_inside_a_transaction_go_to_the_primary(settled):
    article = ArticleFactory(published=True, category=CategoryFactory())
    with replicas.reading_from(REPLICA):
        assert Article.objects.db_manager().all()._db is None
        assert Article.objects.all().db == REPLICA
        with transaction.atomic():
            assert Article.objects.all().db == "default"
        assert Comment.objects.all().db == REPLICA
        CommentFactory(article=article)  # a write
        assert Article.objects.all().db == "default"
        assert Comment.objects.all().db == "default"
    assert Article.objects.all().db == "default"


def test_logins_sessions_and_permissions_are_always_read_from_the_primary(settled):
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.models import Session

    with replicas.reading_from(REPLICA):
        assert get_user_model().objects.all().db == "default"
        assert Session.objects.all().db == "default"
        assert Article.objects.all().db == REPLICA


def test_an_object_read_from_the_replica_is_saved_to_the_primary(settled):
    ArticleFactory(published=True, title="Before")
    with replicas.reading_from(REPLICA):
        article = Article.objects.get()
        assert article._state.db == REPLICA
        assert Comment.objects.db_manager().all()._db is None
        article.title = "After"
        article.save()
    assert Article.objects.get().title == "After"


def test_a_lagging_replica_is_skipped_until_it_catches_up(client, settled, monkeypatch):
    article = ArticleFactory(published=True, category=CategoryFactory())
    client.get("/")
    lag = {"seconds": 60.0}
    monkeypatch.setattr(replicas, "replica_lag", lambda alias: lag["seconds"])
    replicas._checked.clear()  # as after the few seconds between checks
    with Reads() as reads:
        assert client.get(article.get_absolute_url()).status_code == 200
    assert reads.replica == 0 and reads.primary > 0

    lag["seconds"] = 1.0
    replicas._checked.clear()  # as after the few seconds between checks
    with Reads() as reads:
        assert client.get(article.category.get_absolute_url()).status_code == 200
    assert reads.replica > 0 and reads.primary == 0


def test_a_replica_that_is_down_is_skipped_and_not_asked_again_on_every_request(client, settled, monkeypatch):
    article = ArticleFactory(published=True, category=CategoryFactory())
    client.get("/")
    checks = []

    def down(alias):
        checks.append(alias)
        raise OperationalError("connection refused")

    monkeypatch.setattr(replicas, "replica_lag", down)
    replicas._checked.clear()  # as after the few seconds between checks
    for url in (article.get_absolute_url(), article.category.get_absolute_url(), "/search/?q=x"):
        with Reads() as reads:
            assert client.get(url).status_code == 200
        assert reads.replica == 0
    assert checks == [REPLICA]


def test_a_replica_that_fails_during_a_request_is_dropped_for_the_next(client, settled):
    article = ArticleFactory(published=True, category=CategoryFactory())
    browser = client.__class__(raise_request_exception=False)
    browser.get("/")  # the replica's connection is open
    pid = connections[REPLICA].connection.info.backend_pid
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        for _ in range(100):  # until the server has really ended it
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [pid])
            if cursor.fetchone()[0] == 0:
                break
            time.sleep(0.02)

    assert browser.get(article.get_absolute_url()).status_code == 503
    with Reads() as reads:
        response = browser.get(article.category.get_absolute_url())
    assert response.status_code == 200
    assert reads.replica == 0 and reads.primary > 0


def test_just_after_a_change_pages_are_read_from_the_primary(client, replica):
    article = ArticleFactory(published=True, category=CategoryFactory())
    client.get("/")
    article.title = "Changed a moment ago"
    article.save()  # changes the page cache's generation
    with Reads() as reads:
        response = client.get(article.get_absolute_url())
    assert "Changed a moment ago" in response.content.decode()
    assert reads.replica == 0


def test_replica_urls_become_aliases_that_mirror_the_primary_in_tests():
    snippet = (
        "import json, django; django.setup(); from django.conf import settings as s;"
        "d = s.DATABASES; print(json.dumps([s.DATABASE_REPLICAS, {a: [d[a]['HOST'], d[a]['TEST']['MIRROR'],"
        " d[a]['OPTIONS'].get('connect_timeout')] for a in s.DATABASE_REPLICAS},"
        " s.DATABASE_REPLICA_MAX_LAG_SECONDS]))"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "healthsite.settings",
        "DJANGO_SECRET_KEY": "x" * 50,
        "DATABASE_URL": "postgres://u@primary.example:5432/site",
        "DATABASE_REPLICA_URLS": "postgres://u@replica-a.example:5432/site, postgres://u@replica-b.example/site",
        "DATABASE_REPLICA_MAX_LAG_SECONDS": "3",
    }
    result = subprocess.run(
        [sys.executable, "-c", snippet], env=env, capture_output=True, text=True, cwd=django_settings.BASE_DIR
    )
    assert result.returncode == 0, result.stderr
    aliases, details, lag = json.loads(result.stdout)
    assert aliases == ["replica1", "replica2"]
    assert details["replica1"] == ["replica-a.example", "default", 2]
    assert details["replica2"][0] == "replica-b.example"
    assert lag == 3
