"""Error pages: a database outage answers a plain 503 "try again" page in the site's design;
other errors the 500 page. Both work under the site's Content-Security-Policy and
without the database."""

import logging

import pytest
from django.db import InterfaceError, OperationalError
from django.db.backends.utils import CursorWrapper
from django.test import Client, RequestFactory
from django.views.defaults import server_error

from tests.hostile import executable_parts
from tests.html import parse_html

pytestmark = pytest.mark.django_db


def test_500_page_has_no_inline_styles_or_scripts_for_the_csp_to_block(django_assert_num_queries):
    with django_assert_num_queries(0):
        response = server_error(RequestFactory().get("/"))

    content = response.content.decode()
    assert response.status_code == 500
    assert "<style" not in content
    assert executable_parts(content) == []
    assert '<link rel="stylesheet" href="/static/css/site.css">' in content
    assert "call 111, or 999 in an emergency" in content


@pytest.fixture(
    params=[
        OperationalError("connection to server at 127.0.0.1 failed: Connection refused"),
        InterfaceError("connection already closed"),
    ],
    ids=["unreachable", "connection-lost"],
)
def database_down(monkeypatch, request):
    """Every query fails as it would with the database unreachable, or its connection lost."""

    def unreachable(*args, **kwargs):
        raise request.param

    monkeypatch.setattr(CursorWrapper, "execute", unreachable)
    monkeypatch.setattr(CursorWrapper, "executemany", unreachable)
    return monkeypatch


@pytest.fixture
def browser_client():
    # A real browser gets the error page, not the exception the test client re-raises.
    return Client(raise_request_exception=False)


@pytest.fixture
def request_log(monkeypatch):
    records = []
    handler = logging.Handler()
    handler.emit = records.append
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    yield records
    logger.removeHandler(handler)


@pytest.mark.parametrize(
    ("method", "address", "data"),
    [
        ("get", "/", None),
        ("get", "/articles/cramp/", None),
        ("get", "/search/?q=cramp", None),
        ("post", "/accounts/signup/", {"username": "newreader", "email": "new@example.org"}),
        ("post", "/accounts/login/", {"username": "rea", "password": "pw"}),
        ("post", "/admin/login/", {"username": "boss", "password": "pw"}),
    ],
)
def test_a_database_outage_shows_a_plain_503_page_in_the_site_design(
    browser_client, database_down, request_log, method, address, data
):
    response = getattr(browser_client, method)(address, data)

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    content = response.content.decode()
    assert "Sorry, something went wrong on our side" in content
    assert "nothing you sent has been saved" in content
    assert "Please try again in a few minutes" in content
    assert "Error" not in content and "Traceback" not in content
    assert '<a class="skip-link" href="#main">' in content
    parse_html(content)
    assert executable_parts(content) == []
    # Still reported: logged as an error with the exception, which also mails the admins.
    (record,) = [r for r in request_log if r.levelno >= logging.ERROR]
    assert record.exc_info and isinstance(record.exc_info[1], OperationalError | InterfaceError)


def test_the_site_answers_again_once_the_database_is_back(browser_client, database_down):
    assert browser_client.get("/").status_code == 503
    database_down.undo()
    assert browser_client.get("/").status_code == 200


def test_other_errors_keep_the_500_page(browser_client, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("articles.views.site_search.clean_query", broken)

    response = browser_client.get("/search/?q=cramp")

    assert response.status_code == 500
    assert "Retry-After" not in response
    content = response.content.decode()
    assert "Sorry, something went wrong" in content
    assert "RuntimeError" not in content


def test_if_even_the_error_page_cannot_be_drawn_the_reader_gets_plain_text(
    browser_client, database_down, monkeypatch
):
    def missing(*args, **kwargs):
        raise ValueError("Missing staticfiles manifest entry for 'css/site.css'")

    monkeypatch.setattr("healthsite.views.loader.get_template", missing)

    response = browser_client.get("/")

    assert response.status_code == 503
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "Nothing was saved: please try again" in response.content.decode()
