"""The article form fits a 1280 px desktop screen for every role that uses it."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, has_horizontal_scroll
from tests.browser.test_editor_flow import admin_log_in
from tests.factories import reviewable_article

pytestmark = pytest.mark.django_db(transaction=True)


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.mark.parametrize("who", ["writer", "editor"])
def test_the_add_article_form_fits_a_1280_px_screen(page, request, who):
    admin_log_in(page, request.getfixturevalue(who))
    page.goto("/admin/articles/article/add/")
    expect(page.get_by_role("heading", name="Sources")).to_be_visible()

    assert page_width(page) <= DESKTOP["width"]
    assert not has_horizontal_scroll(page)
    # The header bar spans the page, and every source field can be reached.
    header = page.locator("#header").bounding_box()
    assert header["width"] >= DESKTOP["width"] - 20
    for field in ("title", "url", "publisher", "accessed_on", "position"):
        box = page.locator(f"#id_sources-0-{field}").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= DESKTOP["width"], field


def test_the_change_form_of_a_long_article_fits_too(page, writer):
    article = reviewable_article(
        created_by=writer, title="A title " * 20, source_count=3, body="A long line of text. " * 400
    )
    admin_log_in(page, writer)
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    expect(page.get_by_role("heading", name="Editorial workflow")).to_be_visible()
    assert page_width(page) <= DESKTOP["width"]


def test_a_writer_reads_is_featured_in_words(page, writer):
    admin_log_in(page, writer)
    page.goto("/admin/articles/article/add/")
    featured = page.locator(".field-is_featured_in_words")
    expect(featured).to_contain_text("Is featured:")
    expect(featured.locator(".readonly")).to_have_text("No")
    expect(featured.locator("img")).to_have_count(0)
