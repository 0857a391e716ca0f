"""The anonymous page cache serves fast pages but never stale health content."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from comments.models import Comment
from tests.factories import (
    ArticleFactory,
    CategoryFactory,
    CommentFactory,
    ConditionFactory,
    ContributorFactory,
)

pytestmark = pytest.mark.django_db


def test_second_anonymous_visit_is_served_from_the_cache(client, django_assert_num_queries):
    article = ArticleFactory(published=True, title="Cramp relief")
    first = client.get(article.get_absolute_url())
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get(article.get_absolute_url())
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert "public" in second["Cache-Control"]
    assert "max-age=60" in second["Cache-Control"]
    assert "Cookie" in second["Vary"]


def test_logged_in_readers_always_get_a_fresh_private_page(client, reader):
    article = ArticleFactory(published=True)
    client.force_login(reader)
    client.get(article.get_absolute_url())
    response = client.get(article.get_absolute_url())
    assert "X-Page-Cache" not in response
    assert "private" in response["Cache-Control"]


def test_conditional_get_answers_304(client):
    article = ArticleFactory(published=True)
    etag = client.get(article.get_absolute_url())["ETag"]
    assert client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_not_found_pages_are_not_cached(client):
    article = ArticleFactory(slug="coming-soon")
    assert client.get("/articles/coming-soon/").status_code == 404
    article.status = Article.Status.PUBLISHED
    article.go_live_at = timezone.now() - timedelta(minutes=1)
    article.save()
    assert client.get("/articles/coming-soon/").status_code == 200


@pytest.mark.parametrize("page_cache", [600, 0], ids=["page cache", "fragments only"])
def test_publishing_shows_at_once_on_cached_lists(client, settings, page_cache):
    settings.PAGE_CACHE_SECONDS = page_cache
    ArticleFactory(published=True, title="Old news")
    assert b"Old news" in client.get("/").content
    article = ArticleFactory(title="Fresh advice")
    assert b"Fresh advice" not in client.get("/").content

    article.status = Article.Status.PUBLISHED
    article.go_live_at = timezone.now()
    article.save()

    assert b"Fresh advice" in client.get("/").content


def test_unpublishing_removes_the_page_at_once(client):
    article = ArticleFactory(published=True)
    assert client.get(article.get_absolute_url()).status_code == 200
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "hit"

    article.status = Article.Status.UNPUBLISHED
    article.save()

    assert client.get(article.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("page_cache", [600, 0], ids=["page cache", "fragments only"])
def test_a_published_correction_replaces_the_cached_text(client, settings, page_cache):
    settings.PAGE_CACHE_SECONDS = page_cache
    article = ArticleFactory(published=True, body="Take 500 mg.")
    assert b"Take 500 mg." in client.get(article.get_absolute_url()).content
    article.body = "Take 250 mg."
    article.save()
    content = client.get(article.get_absolute_url()).content
    assert b"Take 250 mg." in content
    assert b"Take 500 mg." not in content


@pytest.mark.parametrize("page_cache", [600, 0], ids=["page cache", "fragments only"])
def test_a_new_reviewer_credit_shows_at_once(client, settings, page_cache):
    settings.PAGE_CACHE_SECONDS = page_cache
    reviewer = ContributorFactory(name="Dr Old")
    article = ArticleFactory(published=True, medical_reviewer=reviewer, last_reviewed_on=timezone.localdate())
    assert b"Dr Old" in client.get(article.get_absolute_url()).content
    reviewer.name = "Dr New"
    reviewer.save()
    assert b"Dr New" in client.get(article.get_absolute_url()).content


@pytest.mark.parametrize("page_cache", [600, 0], ids=["page cache", "comment list cache only"])
def test_approving_or_removing_a_comment_refreshes_its_article(client, settings, page_cache):
    settings.PAGE_CACHE_SECONDS = page_cache
    article = ArticleFactory(published=True)
    comment = CommentFactory(article=article, text="Helpful, thanks")
    assert b"Helpful, thanks" not in client.get(article.get_absolute_url()).content

    comment.status = Comment.Status.APPROVED
    comment.save()
    assert b"Helpful, thanks" in client.get(article.get_absolute_url()).content

    comment.delete()
    assert b"Helpful, thanks" not in client.get(article.get_absolute_url()).content


def test_a_scheduled_article_appears_when_its_time_comes(client):
    ArticleFactory(published=True, title="Already live")
    ArticleFactory(scheduled=True, title="Goes live soon", go_live_at=timezone.now() + timedelta(hours=1))
    assert b"Goes live soon" not in client.get("/").content
    assert client.get("/")["X-Page-Cache"] == "hit"

    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        assert b"Goes live soon" in client.get("/").content


def test_drafts_being_edited_do_not_empty_the_cache(client):
    ArticleFactory(published=True)
    client.get("/")
    draft = ArticleFactory(title="Work in progress")
    draft.body = "more"
    draft.save()
    assert client.get("/")["X-Page-Cache"] == "hit"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode(), response.headers.get("X-Page-Cache", "")
    except urllib.error.HTTPError as error:
        return error.code, "", ""


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("sqlite") or not os.environ.get("DATABASE_URL"),
    reason="app servers need a database shared between processes: runs on PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_two_app_servers_sharing_redis_never_serve_stale_pages(settings, tmp_path):
    redis_url = "redis://127.0.0.1:6379/15"
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}
    }
    from django.core.cache import caches

    caches["default"].clear()
    db = settings.DATABASES["default"]
    database_url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    article = ArticleFactory(published=True, body="Original advice.")
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "DJANGO_SECRET_KEY": "test-only",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
    }
    env.pop("DJANGO_DEBUG", None)
    # Production settings serve hashed static files, which collectstatic makes.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=settings.BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
    )
    ports = [_free_port(), _free_port()]
    servers = [
        subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", "--nothreading", f"127.0.0.1:{port}"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for port in ports
    ]
    try:
        urls = [f"http://127.0.0.1:{port}{article.get_absolute_url()}" for port in ports]
        for url in urls:
            for _ in range(100):
                try:
                    _get(url)
                    break
                except OSError:
                    time.sleep(0.1)
        # Both servers have the page cached.
        assert [_get(url)[2] for url in urls] == ["hit", "hit"]

        article.body = "Corrected advice."
        article.save()  # e.g. an editor publishing a correction on a third server
        for url in urls:
            status, body, _ = _get(url)
            assert status == 200 and "Corrected advice." in body and "Original advice." not in body

        article.status = Article.Status.UNPUBLISHED
        article.save()
        assert [_get(url)[0] for url in urls] == [404, 404]
    finally:
        for server in servers:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=10)
        connection.close()


def test_editing_a_policy_page_shows_at_once(client):
    from pages.models import Page

    page = Page.objects.first()
    assert client.get(page.get_absolute_url()).status_code == 200
    page.title = "Our editorial policy, revised"
    page.save()
    assert b"Our editorial policy, revised" in client.get(page.get_absolute_url()).content


def test_unpublishing_through_the_workflow_drops_the_cached_page(client, editor):
    from articles import workflow

    article = ArticleFactory(published=True)
    client.get(article.get_absolute_url())
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "hit"

    workflow.unpublish(article, by=editor, note="Under correction")

    assert client.get(article.get_absolute_url()).status_code == 404


def test_the_comment_list_is_rendered_once_for_anonymous_readers(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    article = ArticleFactory(published=True)
    CommentFactory(article=article, status=Comment.Status.APPROVED, text="First!")
    client.get(article.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        response = client.get(article.get_absolute_url())
    assert b"First!" in response.content
    assert b"Comments (1)" in response.content
    assert not any("comments_comment" in query["sql"] for query in queries.captured_queries)


def test_logged_in_readers_share_the_article_fragment_but_see_their_own_links(client, reader, settings):
    settings.PAGE_CACHE_SECONDS = 0
    article = ArticleFactory(published=True, title="Shared text")
    assert b"Log in to comment" in client.get(article.get_absolute_url()).content
    client.force_login(reader)
    content = client.get(article.get_absolute_url()).content
    assert b"Shared text" in content
    assert b"Log in to comment" not in content
    assert f"Log out {reader.username}".encode() in content


def test_a_repeated_search_is_served_from_the_page_cache(client, monkeypatch):
    ArticleFactory(published=True, title="Cramp diary")
    assert client.get("/search/", {"q": "cramp diary"})["X-Page-Cache"] == "miss"
    trips = _count_cache_trips(monkeypatch)
    response = client.get("/search/", {"q": "cramp diary"})
    assert response["X-Page-Cache"] == "hit" and b"Cramp diary" in response.content
    assert trips == ["get_many"]  # the generations and the page together


def test_a_go_live_is_noticed_even_if_the_cache_forgot_when_it_was_due(client):
    from django.core.cache import cache

    from healthsite import pagecache

    ArticleFactory(scheduled=True, title="Goes live soon", go_live_at=timezone.now() + timedelta(hours=1))
    assert b"Goes live soon" not in client.get("/").content
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        cache.delete(pagecache.NEXT_CHANGE_KEY)  # evicted, say
        assert b"Goes live soon" in client.get("/").content


def test_pages_are_dropped_when_the_shared_cache_is_emptied(client):
    from django.core.cache import cache

    article = ArticleFactory(published=True, body="Old advice.")
    client.get(article.get_absolute_url())
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "hit"

    cache.clear()  # e.g. Redis restarted
    Article.objects.filter(pk=article.pk).update(body_html="<p>New advice.</p>")

    response = client.get(article.get_absolute_url())
    assert b"New advice." in response.content
    assert response["X-Page-Cache"] == "miss"


@pytest.mark.parametrize("page_cache", [600, 0], ids=["page cache", "fragments only"])
def test_a_go_live_a_minute_away_shows_as_soon_as_it_comes(client, settings, page_cache):
    settings.PAGE_CACHE_SECONDS = page_cache
    ArticleFactory(scheduled=True, title="Goes live soon", go_live_at=timezone.now() + timedelta(minutes=1))
    assert b"Goes live soon" not in client.get("/").content

    # Well within every cache lifetime: only the go-live time can make this fresh.
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        assert b"Goes live soon" in client.get("/").content


def _list_pages(settings):
    """A category, a tag and a condition page, each listing one live article."""
    settings.PAGE_CACHE_SECONDS = 0
    category = CategoryFactory(name="Nerves", slug="nerves")
    condition = ConditionFactory(name="Neuromyotonia", slug="neuromyotonia")
    article = ArticleFactory(
        published=True, title="Living with twitching", category=category, tags=["twitching"]
    )
    article.conditions.add(condition)
    return article, [category.get_absolute_url(), "/tags/twitching/", condition.get_absolute_url()]


def test_a_kept_list_reads_no_article(client, settings):
    _, urls = _list_pages(settings)
    for url in urls:
        client.get(url)  # renders and keeps the list
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert b"Living with twitching" in response.content, url
        assert not any("articles_article" in query["sql"] for query in queries.captured_queries), url


def test_kept_list_pages_show_a_new_article_and_drop_an_unpublished_one_at_once(client, settings):
    article, urls = _list_pages(settings)
    for url in urls:
        client.get(url)
    newer = ArticleFactory(
        published=True, title="Cramps and twitching", category=article.category, tags=["twitching"]
    )
    newer.conditions.add(*article.conditions.all())
    article.status = Article.Status.ARCHIVED
    article.save()
    for url in urls:
        content = client.get(url).content
        assert b"Cramps and twitching" in content, url
        assert b"Living with twitching" not in content, url


def test_a_kept_tag_page_answers_404_once_its_last_article_is_unpublished(client, settings):
    article, _ = _list_pages(settings)
    assert client.get("/tags/twitching/").status_code == 200
    article.status = Article.Status.ARCHIVED
    article.save()
    assert client.get("/tags/twitching/").status_code == 404


def test_a_missing_page_of_a_kept_list_answers_404(client, settings):
    _, urls = _list_pages(settings)
    for url in urls:
        assert client.get(url).status_code == 200
        assert client.get(url, {"page": 2}).status_code == 404, url
        assert client.get(url, {"page": "x"}).status_code == 404, url


def test_the_main_menu_shows_a_renamed_topic_at_once(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    topic = CategoryFactory(name="Heart health", slug="heart")
    assert b">Heart health</a>" in client.get("/conditions/").content

    topic.name = "Heart and circulation"
    topic.save()
    content = client.get("/conditions/").content
    assert b">Heart and circulation</a>" in content
    assert b">Heart health</a>" not in content


def _count_cache_trips(monkeypatch) -> list:
    """The page cache's calls to the shared cache from now on, by method name (each is
    one round trip to Redis)."""
    from healthsite import pagecache

    cache = pagecache._cache()
    trips = []

    class Counting:
        def __getattr__(self, method):
            if method != "is_reachable":  # answered in the process, without asking Redis
                trips.append(method)
            return getattr(cache, method)

    monkeypatch.setattr(pagecache, "_cache", Counting)
    return trips


def test_a_new_search_without_the_page_cache_reads_the_generations_once_for_its_menu(
    client, settings, monkeypatch, django_assert_num_queries
):
    settings.PAGE_CACHE_SECONDS = 0
    CategoryFactory(name="Heart health", slug="heart")
    ArticleFactory(published=True, title="Cramp diary").conditions.add(ConditionFactory(name="Cramp"))
    client.get("/search/", {"q": "cramp"})
    trips = _count_cache_trips(monkeypatch)

    with django_assert_num_queries(2):  # the articles and the conditions; the menu is kept
        response = client.get("/search/", {"q": "cramp diary"})

    assert b">Heart health</a>" in response.content and b"Cramp diary" in response.content
    assert trips == ["get_many"]


def test_a_kept_home_page_and_conditions_list_read_the_cache_once(client, settings, monkeypatch):
    settings.PAGE_CACHE_SECONDS = 0
    CategoryFactory(name="Heart health", slug="heart")
    ArticleFactory(published=True, title="Cramp diary").conditions.add(ConditionFactory(name="Cramp"))
    for url in ("/", "/conditions/"):
        client.get(url)
        trips = _count_cache_trips(monkeypatch)
        content = client.get(url).content
        assert b">Heart health</a>" in content and b"Cramp" in content
        assert trips == ["get_many"], url
        monkeypatch.undo()


def test_a_cached_page_is_read_with_the_generations_in_one_trip_to_the_cache(client, monkeypatch):
    article = ArticleFactory(published=True, title="Kept text")
    client.get(article.get_absolute_url())
    trips = _count_cache_trips(monkeypatch)
    response = client.get(article.get_absolute_url())
    assert response["X-Page-Cache"] == "hit" and b"Kept text" in response.content
    assert trips == ["get_many"]  # the generations and the page together


def test_a_kept_article_page_reads_only_the_article_and_goes_at_once_when_unpublished(
    client, settings, editor, django_assert_num_queries
):
    from articles import workflow

    settings.PAGE_CACHE_SECONDS = 0
    article = ArticleFactory(published=True, title="Kept text")
    CommentFactory(article=article, status=Comment.Status.APPROVED, text="Kept comment")
    client.get(article.get_absolute_url())
    with django_assert_num_queries(1):  # the article; its text, comments and the main menu are kept
        response = client.get(article.get_absolute_url())
    assert b"Kept text" in response.content and b"Kept comment" in response.content

    workflow.unpublish(article, by=editor, note="Being corrected")
    assert client.get(article.get_absolute_url()).status_code == 404


def test_a_renamed_topic_shows_at_once_on_its_kept_page(client, settings):
    article, urls = _list_pages(settings)
    category_url = urls[0]
    assert b"<h1>Nerves</h1>" in client.get(category_url).content
    article.category.name = "Nerves and muscles"
    article.category.save()
    assert b"<h1>Nerves and muscles</h1>" in client.get(category_url).content


def test_a_deleted_topic_answers_404_at_once(client, settings):
    article, urls = _list_pages(settings)
    assert client.get(urls[0]).status_code == 200
    category = article.category
    article.category = None
    article.save()
    category.delete()
    assert client.get(urls[0]).status_code == 404


def test_migrating_a_new_release_starts_the_cache_afresh(client):
    from django.core.management import call_command

    article = ArticleFactory(published=True)
    client.get(article.get_absolute_url())
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "hit"
    call_command("migrate", verbosity=0)
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "miss"


def test_migrating_still_works_when_the_cache_cannot_be_reached(monkeypatch, caplog):
    from django.core.management import call_command

    from healthsite import pagecache

    def unreachable():
        raise ConnectionError("no cache")

    monkeypatch.setattr(pagecache, "site_changed", unreachable)
    call_command("migrate", verbosity=0)
    assert "Could not reach the cache" in caplog.text
