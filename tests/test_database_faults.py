"""A database connection killed in the middle of a request: that request answers 503, the next one works.

Requests go through Django's own WSGI handler, as under gunicorn: unlike the test
client, it runs Django's connection clean-up at the start and end of each
request, which is what replaces a broken connection.
"""

import time
import wsgiref.util

import psycopg
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection

from tests.factories import ArticleFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_terminate_backend is PostgreSQL's"),
]


def _get(path: str) -> tuple[int, dict, str]:
    environ: dict = {}
    wsgiref.util.setup_testing_defaults(environ)
    environ.update(PATH_INFO=path, HTTP_HOST="testserver", SERVER_NAME="testserver")
    started = {}

    def start_response(status, headers, exc_info=None):
        started["status"], started["headers"] = int(status.split()[0]), dict(headers)

    result = WSGIHandler()(environ, start_response)
    try:
        body = b"".join(result).decode()
    finally:
        result.close()  # what a WSGI server does: ends the request, and Django tidies its connections
    return started["status"], started["headers"], body


def _terminate(pid: int) -> None:
    db = connection.settings_dict
    with psycopg.connect(
        host=db["HOST"], port=db["PORT"] or 5432, user=db["USER"], password=db["PASSWORD"], dbname=db["NAME"]
    ) as admin:
        admin.autocommit = True
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])
        for _ in range(100):  # until the server has really ended it
            if admin.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid]).fetchone() is None:
                return
            time.sleep(0.02)


def test_a_connection_killed_mid_request_answers_503_and_the_next_request_recovers(settings):
    settings.PAGE_CACHE_SECONDS = 0
    article = ArticleFactory(published=True, title="Sleep and muscle cramps")
    url = article.get_absolute_url()
    assert _get(url)[0] == 200
    killed = []

    def kill_during_the_article_query(execute, sql, params, many, context):
        if not killed and "articles_article" in sql:
            killed.append(connection.connection.info.backend_pid)
            _terminate(killed[0])
        return execute(sql, params, many, context)

    with connection.execute_wrapper(kill_during_the_article_query):
        status, headers, body = _get(url)

    assert killed, "the request never read the article"
    assert status == 503
    assert headers["Retry-After"] == "30"
    assert "Sorry, something went wrong on our side" in body

    status, _, body = _get(url)
    assert status == 200
    assert "Sleep and muscle cramps" in body
    assert connection.connection.info.backend_pid != killed[0]
