"""A kept PostgreSQL connection the server has ended is replaced before a request uses it
(CONN_HEALTH_CHECKS)."""

import select
import time

import psycopg
import pytest
from django.db import connection

from articles.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="the backend is PostgreSQL's")


def _as_at_the_start_of_a_request():
    # What Django's request_started handler does to a kept, healthy connection.
    connection.health_check_done = False


@pytest.mark.django_db(transaction=True)
def test_a_connection_the_server_ended_is_replaced_before_the_next_request_uses_it():
    ArticleFactory(published=True, title="Still here")
    connection.ensure_connection()
    old_session = connection.connection.info.backend_pid
    settings = connection.settings_dict
    with psycopg.connect(
        host=settings["HOST"], port=settings["PORT"] or 5432, user=settings["USER"], dbname=settings["NAME"]
    ) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [old_session])
    for _ in range(100):  # until the server's farewell has reached this side
        if select.select([connection.connection.fileno()], [], [], 0)[0]:
            break
        time.sleep(0.02)

    _as_at_the_start_of_a_request()
    assert list(Article.objects.values_list("title", flat=True)) == ["Still here"]
    assert connection.connection.info.backend_pid != old_session
