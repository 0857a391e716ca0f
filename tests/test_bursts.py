"""Limits hold under a burst: many posts at the same instant, from real threads, against a live server.

Each request is a real HTTP request to the test's live server, which answers
each in its own thread with its own database connection, as app servers do.
Counters are kept in Redis, as in production, and in local memory, the default.
"""

import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest
import redis
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse

from comments.models import Comment, CommentReport, ModerationSettings
from tests.factories import ArticleFactory, CommentFactory, UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite locks the whole database for each write, so it cannot show concurrent writers.",
    ),
]

BURST = 20
CSRF = "burstcsrftokenburstcsrftoken1234"  # any 32 letters and digits do for the double-submit check
REDIS_COUNTERS = "redis://127.0.0.1:6379/11"


@pytest.fixture(params=["redis", "local memory"])
def counters(request, settings):
    if request.param == "redis":
        try:
            redis.Redis.from_url(REDIS_COUNTERS, socket_connect_timeout=1).ping()
        except redis.RedisError:
            pytest.skip("no Redis at 127.0.0.1:6379")
        settings.CACHES = {
            **settings.CACHES,
            "counters": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": REDIS_COUNTERS,
            },
        }
        from django.core.cache import caches

        caches["counters"].clear()
    return request.param


@pytest.fixture
def everyone_trusted(db):
    settings_row = ModerationSettings.load()
    settings_row.trusted_after = 0
    settings_row.save()


def _session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _burst(posts: list[tuple[str, dict]], *, session: str | None = None) -> list[int]:
    """Send every ``(url, body)`` POST at the same instant, each from its own thread; the statuses, sorted."""
    barrier = threading.Barrier(len(posts))
    statuses: list[int] = []
    cookies = f"csrftoken={CSRF}" + (f"; sessionid={session}" if session else "")
    opener = urllib.request.build_opener(_NoRedirects)

    def post(url, body):
        data = urllib.parse.urlencode({**body, "csrfmiddlewaretoken": CSRF}).encode()
        request = urllib.request.Request(url, data=data, headers={"Cookie": cookies})
        barrier.wait(timeout=30)
        try:
            with opener.open(request, timeout=60) as response:
                statuses.append(response.status)
        except urllib.error.HTTPError as error:
            statuses.append(error.code)

    threads = [threading.Thread(target=post, args=item) for item in posts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return sorted(statuses)


def test_twenty_comments_at_once_from_one_account_store_at_most_the_limit(
    live_server, settings, counters, everyone_trusted
):
    settings.COMMENTS_RATE_PER_ACCOUNT = "5/10m"
    article = ArticleFactory(published=True)
    session = _session_cookie(UserFactory(username="burst-reader"))
    url = live_server.url + reverse("comments:post", args=[article.pk])

    statuses = _burst(
        [(url, {"text": f"Thank you for this, note {n}."}) for n in range(BURST)], session=session
    )

    assert Comment.objects.filter(article=article).count() == 5
    assert statuses == [302] * 5 + [429] * (BURST - 5)


def test_twenty_reports_at_once_from_one_account_store_at_most_the_limit(live_server, settings, counters):
    settings.COMMENTS_REPORT_RATE_PER_ACCOUNT = "4/h"
    comments = CommentFactory.create_batch(BURST, status=Comment.Status.APPROVED)
    session = _session_cookie(UserFactory(username="burst-reporter"))
    posts = [
        (live_server.url + reverse("comments:report", args=[c.pk]), {"reason": "spam"}) for c in comments
    ]

    statuses = _burst(posts, session=session)

    assert CommentReport.objects.count() == 4
    assert statuses == [302] * 4 + [429] * (BURST - 4)


def test_twenty_sign_ups_at_once_from_one_network_send_at_most_the_limit(live_server, settings, counters):
    settings.ACCOUNTS_SIGNUP_RATE_PER_ADDRESS = "5/h"
    url = live_server.url + reverse("signup")
    posts = [(url, {"username": f"newcomer{n}", "email": f"newcomer{n}@example.org"}) for n in range(BURST)]

    statuses = _burst(posts)

    assert len(mail.outbox) == 5
    assert statuses == [302] * 5 + [429] * (BURST - 5)
