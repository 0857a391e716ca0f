"""A reader's whole journey in a real browser, with the demo content loaded.

- The reader finds the flagship article from the home page and by search, signs
  up, comments and sees it awaiting moderation; a moderator approves it in the
  admin's queue and another reader then sees it.
- axe-core finds no WCAG 2.2 A/AA violation on any public page type, nor on the
  account and comment forms (blank, and showing a validation error), and none of
  them scrolls sideways on a phone or a desktop.
- A keyboard-only reader can write and post a comment, seeing focus all the way.
- The error pages (database outage and other errors) are styled, accessible and
  within the Content-Security-Policy.
"""

import io
import re

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper
from django.urls import reverse
from playwright.sync_api import expect

from articles import search as site_search
from articles.models import Article
from tests.browser.conftest import DESKTOP, PHONE, axe_violations, has_horizontal_scroll, log_in
from tests.factories import PageFactory, UserFactory
from tests.mail import confirmation_link

pytestmark = pytest.mark.django_db(transaction=True)

COMMENT = "Magnesium before bed has helped my night cramps. I asked my GP about it first."
PASSWORD = "a long and unusual passphrase"


@pytest.fixture
def flagship():
    call_command("load_demo", stdout=io.StringIO())
    return Article.objects.live().select_related("category").get(slug="neuromyotonia-explained")


def test_reader_finds_the_article_signs_up_comments_and_a_moderator_approves_it(
    new_page, flagship, moderator
):
    reader = new_page()
    heading = reader.get_by_role("heading", level=1)

    # Found from the home page...
    reader.goto("/")
    reader.get_by_role("link", name=flagship.title).first.click()
    expect(heading).to_have_text(flagship.title)

    # ...and by search, under the condition's other name.
    reader.get_by_label("Search articles and conditions").fill("Isaacs syndrome")
    reader.get_by_role("button", name="Search").click()
    expect(heading).to_have_text("Search results for “Isaacs syndrome”")
    reader.get_by_role("link", name=flagship.title).click()
    expect(heading).to_have_text(flagship.title)

    # Signing up from the comment section: the emailed link, a password, and straight
    # back to the comment form.
    reader.locator("#comment-form").get_by_role("link", name="create an account").click()
    reader.get_by_label("Username").fill("night_cramps")
    reader.get_by_label("Email").fill("night.cramps@example.org")
    reader.get_by_role("button", name="Create account").click()
    expect(heading).to_have_text("Check your email")
    reader.goto(confirmation_link("night.cramps@example.org"))
    expect(heading).to_have_text("Choose your password")
    reader.get_by_label(re.compile("^Password:?$")).fill(PASSWORD)
    reader.get_by_label("Type the password again").fill(PASSWORD)
    reader.get_by_role("button", name="Create account").click()
    expect(reader).to_have_url(re.compile(re.escape(flagship.get_absolute_url()) + "#comment-form$"))

    reader.get_by_label("Your comment").fill(COMMENT)
    reader.get_by_role("button", name="Post comment").click()
    expect(reader.get_by_text("Your comment is awaiting moderation")).to_be_visible()
    own = reader.locator("article.comment", has_text=COMMENT)
    expect(own.get_by_text("Awaiting moderation.")).to_be_visible()

    # Nobody else sees it yet.
    passer_by = new_page()
    passer_by.goto(flagship.get_absolute_url())
    expect(passer_by.get_by_role("heading", level=1)).to_have_text(flagship.title)
    expect(passer_by.get_by_text(COMMENT)).to_have_count(0)

    # A moderator finds it in the queue and approves it with the admin's action menu.
    desk = new_page()
    desk.goto(reverse("admin:login"))
    desk.get_by_label("Username").fill(moderator.username)
    desk.get_by_label("Password").fill("pw")
    desk.get_by_role("button", name="Log in").click()
    desk.goto(reverse("admin:comments_comment_changelist"))
    desk.locator("#searchbar").fill("Magnesium before bed")
    desk.locator("#searchbar").press("Enter")
    row = desk.locator("#result_list tbody tr", has_text="Magnesium before bed")
    expect(row).to_have_count(1)
    row.get_by_role("checkbox").check()
    desk.locator("select[name=action]").select_option(label="Approve selected comments")
    desk.get_by_role("button", name="Go").click()
    expect(desk.get_by_text("Approved 1 comment(s).")).to_be_visible()

    # Now every reader sees it, and the reader's own "awaiting" note is gone.
    passer_by.reload()
    expect(passer_by.locator(".comment-text", has_text=COMMENT)).to_be_visible()
    reader.reload()
    expect(
        reader.locator("article.comment", has_text=COMMENT).get_by_text("Awaiting moderation.")
    ).to_have_count(0)


@pytest.fixture
def every_page_type(flagship):
    PageFactory(slug="about", title="About us", summary="Who we are.", body="## Who we are\n\nA small team.")
    tag = flagship.tags.order_by("name").first()
    return {
        "home": "/",
        "category": flagship.category.get_absolute_url(),
        "article": flagship.get_absolute_url(),
        "condition index": reverse("conditions:index"),
        "condition": flagship.conditions.get(slug="neuromyotonia").get_absolute_url(),
        "tag": reverse("articles:tag", args=[tag.slug]),
        "author": flagship.authors.first().get_absolute_url(),
        "static page": "/pages/about/",
        "search results": "/search/?q=cramps",
        "search with no results": "/search/?q=zzxqvw",
        "page not found": "/articles/no-such-article/",
        "sign-up form": reverse("signup"),
        "log-in form": reverse("login"),
        "password reset form": reverse("password_reset"),
    }


def _check_at_both_widths(page, name: str, problems: list[str]) -> None:
    for label, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(viewport)
        problems.extend(f"{name} ({label}): {line}" for line in axe_violations(page))
        if has_horizontal_scroll(page):
            problems.append(f"{name} ({label}): scrolls sideways")


def test_every_page_type_and_form_passes_axe_and_fits_a_phone_and_a_desktop(
    new_page, flagship, every_page_type
):
    problems: list[str] = []
    page = new_page()
    for name, url in every_page_type.items():
        response = page.goto(url)
        assert response.status == (404 if name == "page not found" else 200), name
        _check_at_both_widths(page, name, problems)

    # The account forms again, each showing a validation error.
    page.goto(reverse("signup"))
    page.get_by_label("Username").fill("night cramps!")
    page.get_by_label("Email").fill("night.cramps@example.org")
    page.get_by_role("button", name="Create account").click()
    expect(page.locator(".errorlist")).not_to_have_count(0)
    _check_at_both_widths(page, "sign-up form with an error", problems)
    page.get_by_label("Username").fill("night_cramps")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    _check_at_both_widths(page, "sign-up: check your email", problems)
    page.goto(confirmation_link("night.cramps@example.org"))
    page.get_by_label(re.compile("^Password:?$")).fill(PASSWORD)
    page.get_by_label("Type the password again").fill(PASSWORD + " typo")
    page.get_by_role("button", name="Create account").click()
    expect(page.locator(".errorlist")).not_to_have_count(0)
    _check_at_both_widths(page, "choosing a password, with an error", problems)

    page.goto(reverse("login"))
    page.get_by_label("Username").fill("nobody")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("We could not log you in.")).to_be_visible()
    _check_at_both_widths(page, "log-in form with an error", problems)

    page.goto(reverse("password_reset"))
    page.get_by_label("Email").fill("not an address")
    page.locator("main form").evaluate("form => { form.noValidate = true; }")  # what an old browser sends
    page.get_by_role("button", name="Send me a reset link").click()
    expect(page.locator(".errorlist")).not_to_have_count(0)
    _check_at_both_widths(page, "password reset form with an error", problems)

    # The comment form, for a logged-in reader: blank, then refusing an empty comment.
    UserFactory(username="rea", password="pw")
    log_in(page, "rea")
    page.goto(flagship.get_absolute_url())
    expect(page.get_by_label("Your comment")).to_be_visible()
    _check_at_both_widths(page, "comment form", problems)
    page.get_by_label("Your comment").fill("   ")
    page.get_by_role("button", name="Post comment").click()
    expect(page.get_by_text("Please write your comment before posting it.").first).to_be_visible()
    _check_at_both_widths(page, "comment form with an error", problems)

    # The report form, from a published comment by someone else.
    page.goto(flagship.get_absolute_url())
    page.locator(".comment-actions").get_by_role("link", name=re.compile("^Report")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Report a comment")
    _check_at_both_widths(page, "report form", problems)

    assert problems == []


def _focus_is_visible(page) -> bool:
    return page.evaluate(
        """() => {
            const style = getComputedStyle(document.activeElement);
            const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0
                && style.outlineColor !== 'rgba(0, 0, 0, 0)';
            return outline || style.boxShadow !== 'none';
        }"""
    )


def test_keyboard_only_reader_writes_and_posts_a_comment(page, flagship):
    UserFactory(username="rea", password="pw")
    log_in(page, "rea")
    page.goto(flagship.get_absolute_url())

    # Tab from the top of the page to the comment box, seeing focus at every stop.
    stops = []
    for _ in range(300):
        page.keyboard.press("Tab")
        stop = page.evaluate("document.activeElement.id || document.activeElement.textContent.trim()")
        assert _focus_is_visible(page), f"focus is invisible on {stop!r}"
        stops.append(stop)
        if stop == "id_text":
            break
    assert stops[0] == "Skip to main content"
    assert stops[-1] == "id_text", "the comment box cannot be reached with Tab"

    page.keyboard.type(COMMENT)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Post comment"
    assert _focus_is_visible(page)
    page.keyboard.press("Enter")

    expect(page.get_by_text("Your comment is awaiting moderation")).to_be_visible()
    expect(
        page.locator("article.comment", has_text=COMMENT).get_by_text("Awaiting moderation.")
    ).to_be_visible()


def test_error_pages_are_styled_accessible_and_within_the_csp(page, flagship, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")

    def bug(*args, **kwargs):
        raise RuntimeError("a bug")

    problems: list[str] = []
    for name, target, fault, status in [
        ("database outage", CursorWrapper, unreachable, 503),
        ("server error", site_search, bug, 500),
    ]:
        attribute = "execute" if target is CursorWrapper else "clean_query"
        with monkeypatch.context() as broken:
            broken.setattr(target, attribute, fault)
            response = page.goto("/search/?q=cramps")
            assert response.status == status, name
            expect(page.get_by_role("heading", level=1)).to_contain_text("Sorry, something went wrong")
            # The site's stylesheet applies: the header has its brand-coloured rule.
            assert (
                page.locator(".site-header").evaluate("e => getComputedStyle(e).borderBottomWidth") == "4px"
            )
            _check_at_both_widths(page, name, problems)
    assert problems == []
