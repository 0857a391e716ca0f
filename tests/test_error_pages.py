"""The error pages work under the site's Content-Security-Policy and without the database."""

import pytest
from django.test import RequestFactory
from django.views.defaults import server_error

from tests.hostile import executable_parts

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
