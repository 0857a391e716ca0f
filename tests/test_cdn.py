"""Headers for a CDN in front of the site, and the purge call when the page cache's generation changes."""

import http.server
import json
import socket
import threading

import pytest

from comments.models import Comment
from tests.factories import ArticleFactory, CategoryFactory, CommentFactory

pytestmark = pytest.mark.django_db


class _PurgeEndpoint(http.server.BaseHTTPRequestHandler):
    def _record(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.server.received.append((self.command, dict(self.headers), json.loads(body or b"{}")))
        self.send_response(200)
        self.end_headers()

    do_POST = do_PURGE = _record

    def log_message(self, *args):
        pass


@pytest.fixture
def purge_endpoint(settings):
    """A CDN's purge API on a local port, recording what it is asked."""
    server = http.server.HTTPServer(("127.0.0.1", 0), _PurgeEndpoint)
    server.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.CDN_PURGE_URL = f"http://127.0.0.1:{server.server_port}/purge"
    yield server.received
    server.shutdown()
    server.server_close()


@pytest.fixture
def article(db):
    health = CategoryFactory(name="Health", slug="health")
    recovery = CategoryFactory(name="Recovery", slug="recovery", parent=health)
    return ArticleFactory(published=True, category=recovery, title="Getting back on your feet")


def _keys(response, header="Surrogate-Key") -> list[str]:
    return response[header].split(" ")


def test_a_page_the_cache_may_keep_tells_a_cdn_how_long_and_what_it_shows(client, article):
    response = client.get(article.get_absolute_url())
    control = response["Cache-Control"]
    assert "public" in control and "max-age=60" in control and "stale-while-revalidate=60" in control
    keys = _keys(response)
    assert {"site", f"article-{article.pk}", "category-health", "category-health/recovery"} <= set(keys)
    assert any(key.startswith("site-") for key in keys) and any(key.startswith("path-") for key in keys)
    kept = client.get(article.get_absolute_url())
    assert kept["X-Page-Cache"] == "hit"
    assert kept["Surrogate-Key"] == response["Surrogate-Key"]
    assert kept["Cache-Control"] == response["Cache-Control"]


def test_topic_pages_name_their_topics(client, article):
    keys = _keys(client.get(article.category.get_absolute_url()))
    assert {"category-health", "category-health/recovery"} <= set(keys)
    assert not any(key.startswith("article-") for key in keys)


def test_logged_in_readers_pages_are_private_and_never_stored(client, reader, article):
    client.force_login(reader)
    response = client.get(article.get_absolute_url())
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert "Surrogate-Key" not in response


def test_pages_that_are_not_kept_carry_no_keys(client):
    response = client.get("/articles/no-such-article/")
    assert response.status_code == 404
    assert "Surrogate-Key" not in response


def test_the_key_header_can_be_cache_tag_with_commas(client, settings, article):
    settings.CDN_KEY_HEADER = "Cache-Tag"
    response = client.get(article.get_absolute_url())
    assert "Surrogate-Key" not in response
    assert f"article-{article.pk}" in response["Cache-Tag"].split(",")


def test_publishing_a_change_purges_the_generation_the_cdn_kept_pages_under(
    client, article, purge_endpoint, settings, django_capture_on_commit_callbacks
):
    settings.CDN_PURGE_AUTH_HEADER = "Authorization: Bearer cdn-token"
    old_generation = next(k for k in _keys(client.get(article.get_absolute_url())) if k.startswith("site-"))
    assert purge_endpoint == []

    with django_capture_on_commit_callbacks(execute=True):
        article.body = "Corrected advice."
        article.save()

    [(method, headers, body)] = purge_endpoint  # once, after commit
    assert method == "POST"
    assert headers["Authorization"] == "Bearer cdn-token"
    assert old_generation in headers["Surrogate-Key"].split(" ")
    assert old_generation in body["tags"]
    new_generation = next(k for k in _keys(client.get(article.get_absolute_url())) if k.startswith("site-"))
    assert new_generation != old_generation and new_generation not in body["tags"]


def test_a_comment_approved_purges_only_its_page(
    client, article, purge_endpoint, settings, django_capture_on_commit_callbacks
):
    settings.CDN_PURGE_METHOD = "PURGE"  # as Varnish is usually set up
    path_key = next(k for k in _keys(client.get(article.get_absolute_url())) if k.startswith("path-"))
    comment = CommentFactory(article=article, status=Comment.Status.PENDING)
    purge_endpoint.clear()

    with django_capture_on_commit_callbacks(execute=True):
        comment.status = Comment.Status.APPROVED
        comment.save()

    assert [(method, body["tags"]) for method, _, body in purge_endpoint] == [("PURGE", [path_key])]


def test_a_cdn_that_cannot_be_reached_does_not_stop_the_change(
    client, article, settings, caplog, django_capture_on_commit_callbacks
):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.CDN_PURGE_URL = f"http://127.0.0.1:{port}/purge"
    with django_capture_on_commit_callbacks(execute=True):
        article.title = "Getting back on your feet, revised"
        article.save()
    assert "revised" in client.get(article.get_absolute_url()).content.decode()
    assert "CDN purge of" in caplog.text and "failed" in caplog.text
