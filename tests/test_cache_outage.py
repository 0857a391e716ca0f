"""A Redis that refuses connections, or accepts them and never answers, slows the site but never stops it.

The servers here are made by each test on a free port: a port nobody listens on
(refused), a socket that accepts and never replies (hangs), and a real
redis-server that is frozen and thawed (hangs, then recovers with its data).
"""

import logging
import re
import shutil
import signal
import socket
import subprocess
import threading
import time

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from articles.models import Article
from comments.models import Comment
from healthsite import cache as resilient_cache
from tests.factories import (
    ArticleFactory,
    CategoryFactory,
    CommentFactory,
    ConditionFactory,
    ContributorFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TIMEOUTS = {"socket_connect_timeout": 0.25, "socket_timeout": 0.25}
# Far below the 5 s a hanging Redis used to cost every request, far above a page's own time.
SLOWEST_PAGE_SECONDS = 2.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _use_redis(settings, url: str, *, pause: float = 5.0) -> None:
    settings.CACHES = {
        "default": {
            "BACKEND": "healthsite.cache.ResilientRedisCache",
            "LOCATION": url,
            "OPTIONS": {**TIMEOUTS, "pause_after_failure": pause},
        },
        "counters": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "OPTIONS": TIMEOUTS,
        },
    }


class HangingServer:
    """Accepts connections and never sends a byte, like a Redis that hangs."""

    def __init__(self):
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(128)
        self.socket.settimeout(0.05)
        self.port = self.socket.getsockname()[1]
        self.connections: list[socket.socket] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self):
        while not self._stop.is_set():
            try:
                connection, _ = self.socket.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections.append(connection)

    def close(self):
        self._stop.set()
        self._thread.join(timeout=5)
        for connection in self.connections:
            connection.close()
        self.socket.close()


@pytest.fixture(autouse=True)
def _forget_cache_health():
    resilient_cache._HEALTH.clear()
    yield
    resilient_cache._HEALTH.clear()


@pytest.fixture
def hanging(settings):
    server = HangingServer()
    _use_redis(settings, f"redis://127.0.0.1:{server.port}/0")
    yield server
    server.close()


@pytest.fixture
def refusing(settings):
    _use_redis(settings, f"redis://127.0.0.1:{_free_port()}/0")


@pytest.fixture(params=["refusing", "hanging"])
def redis_down(request):
    return request.getfixturevalue(request.param)


@pytest.fixture
def site(db):
    category = CategoryFactory(name="Nerves", slug="nerves")
    author = ContributorFactory(name="Dana Writer")
    condition = ConditionFactory(name="Neuromyotonia", slug="neuromyotonia")
    article = ArticleFactory(
        published=True, title="Living with muscle twitching", slug="twitching", category=category
    )
    article.authors.add(author)
    article.conditions.add(condition)
    article.tags.add("cramps")
    CommentFactory(article=article, status=Comment.Status.APPROVED, text="This helped my dad.")
    return article


def _pages(article) -> dict[str, tuple[str, str]]:
    return {
        "home": ("/", "Living with muscle twitching"),
        "article": (article.get_absolute_url(), "This helped my dad."),
        "category": (article.category.get_absolute_url(), "Living with muscle twitching"),
        "tag": (reverse("articles:tag", args=["cramps"]), "Living with muscle twitching"),
        "author": (article.authors.get().get_absolute_url(), "Living with muscle twitching"),
        "conditions": (reverse("conditions:index"), "Neuromyotonia"),
        "condition": (article.conditions.get().get_absolute_url(), "Living with muscle twitching"),
        "search": ("/search/?q=twitching", "Living with muscle twitching"),
        "search suggestion": ("/search/?q=neuromyotonai", "Neuromyotonia"),
        "static page": ("/pages/about/", "About"),
        "feed": (reverse("articles:feed-rss"), "Living with muscle twitching"),
        "sitemap": ("/sitemap-articles.xml", "twitching"),
    }


def _timed_get(client, url):
    started = time.monotonic()
    response = client.get(url)
    return response, time.monotonic() - started


@pytest.mark.parametrize("reader_logged_in", [False, True], ids=["anonymous", "logged in"])
def test_every_page_is_served_while_redis_is_down(client, site, redis_down, reader_logged_in, caplog):
    if reader_logged_in:
        client.force_login(UserFactory(username="reader"))
    for _ in range(2):  # the second round would be served from the cache, were there one
        for name, (url, expected) in _pages(site).items():
            response, seconds = _timed_get(client, url)
            assert response.status_code == 200, name
            assert expected in response.content.decode(), name
            assert response.get("X-Page-Cache") in (None, "miss"), name
            assert seconds < SLOWEST_PAGE_SECONDS, name
    assert [r.levelno for r in caplog.records if r.name == "healthsite.cache"] == [logging.ERROR]


def test_a_hanging_redis_is_asked_once_every_few_seconds_not_on_every_request(client, site, hanging):
    for _ in range(5):
        assert client.get(site.get_absolute_url()).status_code == 200
    # One try when the first page asked, then a pause (5 s here) with no try at all.
    assert len(hanging.connections) == 1


def test_the_outage_is_logged_once_a_minute_with_a_count(client, site, refusing, caplog):
    for _ in range(3):
        client.get("/")
    health = next(iter(resilient_cache._HEALTH.values()))
    # A minute later (and past the pause), the next failure is logged again, with the count.
    health.logged_at -= 61
    health.resting_until = 0
    client.get("/")
    errors = [r.getMessage() for r in caplog.records if r.name == "healthsite.cache"]
    assert len(errors) == 2
    assert "cannot be reached" in errors[0] and "1 call(s) went without the cache" in errors[0]
    # Every call of the three pages after the first failure, and the failure just now.
    missed = int(re.search(r"(\d+) call\(s\) went without the cache", errors[1]).group(1))
    assert missed > 3
    assert "password" not in errors[0]


def test_the_address_in_the_log_never_shows_a_password(settings, client, site, caplog):
    _use_redis(settings, f"redis://:hunter2-secret@127.0.0.1:{_free_port()}/0")
    client.get("/")
    assert "hunter2-secret" not in caplog.text
    assert "cannot be reached" in caplog.text


def test_healthz_says_the_cache_is_unavailable_but_keeps_the_server_in_service(client, redis_down):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "unavailable"}


def test_reading_carries_on_but_posting_is_refused_when_limits_cannot_be_counted(client, site, redis_down):
    reader = UserFactory(username="reader", email="reader@example.org")
    client.force_login(reader)
    page = client.get(site.get_absolute_url())
    assert page.status_code == 200 and "Post comment" in page.content.decode()

    response = client.post(reverse("comments:post", args=[site.pk]), {"text": "A kind word for everyone."})
    assert response.status_code == 503
    assert "cannot accept comments for a few minutes" in response.content.decode()
    assert "A kind word for everyone." in response.content.decode()  # kept in the box
    comment = site.comments.get()
    response = client.post(reverse("comments:report", args=[comment.pk]), {"reason": "spam"})
    assert response.status_code == 503
    assert not comment.reports.exists()
    client.logout()

    response = client.post(reverse("signup"), {"username": "newcomer", "email": "newcomer@example.org"})
    assert response.status_code == 503
    assert "Nothing was sent" in response.content.decode()
    response = client.post(reverse("password_reset"), {"email": "reader@example.org"})
    assert response.status_code == 503
    assert mail.outbox == []
    assert Comment.objects.count() == 1
    assert not get_user_model().objects.filter(username="newcomer").exists()


@pytest.fixture
def frozen_redis(settings, tmp_path):
    """A real redis-server on a free port, which the test can freeze (SIGSTOP) and thaw."""
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server is not installed")
    port = _free_port()
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            break
        except OSError:
            time.sleep(0.05)
    _use_redis(settings, f"redis://127.0.0.1:{port}/0", pause=0.2)
    yield process
    process.send_signal(signal.SIGCONT)
    process.terminate()
    process.wait(timeout=10)


def test_the_site_recovers_by_itself_and_drops_pages_a_change_made_during_the_outage_outdated(
    client, site, frozen_redis, caplog
):
    url = site.get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"

    frozen_redis.send_signal(signal.SIGSTOP)  # accepts connections, answers nothing
    response = client.get(url)
    assert response.status_code == 200 and response["X-Page-Cache"] == "miss"
    site.body = "Corrected advice: see your GP within a week."
    site.save()  # the page cache cannot record this change
    assert "Corrected advice" in client.get(url).content.decode()

    frozen_redis.send_signal(signal.SIGCONT)
    time.sleep(0.3)  # past the pause after the last failure
    first = client.get(url)
    assert "Corrected advice" in first.content.decode() and first["X-Page-Cache"] == "miss"
    second = client.get(url)
    assert "Corrected advice" in second.content.decode() and second["X-Page-Cache"] == "hit"
    assert "answers again" in caplog.text
    assert client.get("/healthz").json()["cache"] == "ok"


def test_an_unpublished_article_stays_gone_after_the_outage(client, site, frozen_redis):
    url = site.get_absolute_url()
    client.get(url)
    frozen_redis.send_signal(signal.SIGSTOP)
    client.get("/")
    site.status = Article.Status.UNPUBLISHED
    site.save()
    assert client.get(url).status_code == 404
    frozen_redis.send_signal(signal.SIGCONT)
    time.sleep(0.3)
    assert client.get(url).status_code == 404


def test_a_redis_that_refuses_writes_for_lack_of_memory_is_treated_as_down(
    client, site, frozen_redis, settings
):
    import redis

    server = redis.Redis.from_url(settings.CACHES["default"]["LOCATION"])
    server.config_set("maxmemory-policy", "noeviction")
    server.config_set("maxmemory", "1")  # every write is now refused
    for _ in range(2):
        response = client.get(site.get_absolute_url())
        assert response.status_code == 200 and "This helped my dad." in response.content.decode()
    assert client.get("/healthz").json()["cache"] == "unavailable"
