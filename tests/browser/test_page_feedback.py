"""'Was this page helpful?' in a real browser, with JavaScript switched off."""

import pytest
from playwright.sync_api import expect

from feedback.models import PageFeedback
from tests.browser.conftest import DESKTOP, axe_violations
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def article(db):
    return ArticleFactory(
        published=True,
        title="Cramp at night",
        slug="cramp-at-night",
        summary="Why legs cramp at night.",
        body="## What helps\n\nStretch your calf.",
    )


def test_the_question_and_the_thank_you_page_have_no_wcag_violations(page, article):
    page.goto(article.get_absolute_url())
    page.get_by_role("button", name="Yes").click()
    expect(page.get_by_role("heading", name="Thank you for your feedback")).to_be_visible()
    assert axe_violations(page) == []
    assert PageFeedback.objects.get().is_helpful is True


def test_a_reader_without_javascript_answers_no_and_says_what_they_wanted(browser, live_server, article):
    # Axe needs JavaScript, so the pages are checked with it above.
    context = browser.new_context(java_script_enabled=False, viewport=DESKTOP, base_url=live_server.url)
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        page.goto(article.get_absolute_url())
        expect(page.get_by_role("group", name="Was this page helpful?")).to_be_visible()
        page.get_by_role("button", name="No").click()
        expect(page.get_by_role("heading", name="Thank you for your feedback")).to_be_visible()
        page.get_by_label("What were you looking for?").fill(
            "No, I wanted to know about driving. Call 07700 900123"
        )
        page.get_by_role("button", name="Send").click()
        expect(page.get_by_role("status")).to_contain_text("We have added what you were looking for")
        page.get_by_role("link", name="Back to “Cramp at night”").click()
        expect(page.get_by_role("heading", name="Cramp at night", level=1)).to_be_visible()
    finally:
        context.close()
    answer = PageFeedback.objects.get()
    assert answer.is_helpful is False
    assert answer.looking_for == "No, I wanted to know about driving. Call [phone number removed]"
