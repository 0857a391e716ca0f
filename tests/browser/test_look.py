"""The finished look, measured in a real browser on the demo content (its own brand,
pictures and leaflet):

- on a 390 px phone an article opens with its title and hero picture in view, the
  header is one compact row, and its menu opens without JavaScript;
- nothing moves as the page loads (cumulative layout shift 0), every picture is
  WebP or AVIF, sharp and no larger than the screen needs, and the page passes
  axe-core (WCAG 2.2 A/AA) and a strict HTML parse;
- printed, an article drops the site's frame, comments and forms, keeps its sources
  and review dates, and prints link addresses;
- screenshots at 390 and 1280 px are written to SCREENSHOT_DIR (default: screenshots/)
  for people to look at.
"""

import io
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import expect

from articles.models import Article
from media.models import Image
from tests.browser.conftest import DESKTOP, PHONE, axe_violations, has_horizontal_scroll
from tests.html import parse_html

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", Path(settings.BASE_DIR, "screenshots")))

# Sums every layout shift the page has had (buffered: from the very start), a moment
# after the last one could have happened.
CUMULATIVE_LAYOUT_SHIFT = """() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve(total), 300);
})"""

SCROLL_THROUGH = """async () => {
  for (let y = 0; y < document.body.scrollHeight; y += window.innerHeight / 2) {
    window.scrollTo(0, y);
    await new Promise(r => setTimeout(r, 50));
  }
  const pending = [...document.images].filter(i => !i.complete);
  await Promise.all(pending.map(i => new Promise(r => { i.onload = i.onerror = r; })));
  window.scrollTo(0, 0);
}"""

PICTURES = """() => [...document.images].filter(i => i.closest("picture")).map(i => ({
  src: i.currentSrc, natural: i.naturalWidth, shown: i.getBoundingClientRect().width,
  ratio: window.devicePixelRatio, loaded: i.complete && i.naturalWidth > 0,
}))"""


@pytest.fixture
def flagship(serving_uploads):
    call_command("load_demo", stdout=io.StringIO())
    return Article.objects.live().get(slug="neuromyotonia-explained")


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_article_with_pictures_is_stable_light_sharp_and_accessible(new_page, flagship, viewport):
    page = new_page(viewport)
    response = page.goto(flagship.get_absolute_url())
    parse_html(response.text())

    page.evaluate(SCROLL_THROUGH)

    assert page.evaluate(CUMULATIVE_LAYOUT_SHIFT) == 0
    pictures = page.evaluate(PICTURES)
    assert len(pictures) == 2  # the hero and the diagram in the text
    for picture in pictures:
        assert picture["loaded"], picture
        assert picture["src"].endswith((".avif", ".webp")), picture
        needed = picture["shown"] * picture["ratio"]
        # Sharp (at least as many pixels as shown), and not wastefully large.
        assert needed <= picture["natural"] < max(2 * needed, 400 + 1), picture
    assert axe_violations(page) == []
    assert not has_horizontal_scroll(page)
    screenshot(page, f"article-{viewport['width']}")


def test_pictures_hold_their_space_before_they_arrive(new_page, flagship):
    # On a slow connection pictures come last: the page must already have made room
    # for them, or the text would jump as each one arrives.
    page = new_page(PHONE)
    page.route("**/media/**", lambda route: route.abort())
    page.goto(flagship.get_absolute_url())

    boxes = page.evaluate(
        """() => [...document.querySelectorAll("picture img")].map(i => {
          const box = i.getBoundingClientRect();
          return {width: box.width, height: box.height};
        })"""
    )

    pictures = [flagship.hero_image, Image.objects.get(slug="nerve-muscle-junction")]
    assert len(boxes) == len(pictures)
    for box, picture in zip(boxes, pictures, strict=True):
        assert box["width"] > 300
        assert box["height"] == pytest.approx(box["width"] * picture.height / picture.width, abs=2), box


def test_on_a_phone_the_title_and_hero_picture_are_in_view_under_a_compact_header(new_page, flagship):
    page = new_page(PHONE)
    page.goto(flagship.get_absolute_url())

    header = page.locator(".site-header").bounding_box()
    title = page.get_by_role("heading", level=1).bounding_box()
    hero = page.locator(".figure--hero img").bounding_box()
    assert header["height"] <= 72  # one row: name, search, menu
    assert title["y"] + title["height"] <= PHONE["height"]
    assert hero["y"] < PHONE["height"] - 100  # a good part of it shows
    expect(page.locator(".figure--hero img")).to_be_visible()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_home_and_topic_pages_pass_axe_with_the_brand(new_page, flagship, viewport):
    page = new_page(viewport)
    for name, url in (
        ("home", "/"),
        ("topic", flagship.category.get_absolute_url()),
        ("search", "/search/?q=cramp"),
    ):
        parse_html(page.goto(url).text())
        page.evaluate(SCROLL_THROUGH)
        assert page.evaluate(CUMULATIVE_LAYOUT_SHIFT) == 0, name
        assert axe_violations(page) == [], name
        assert not has_horizontal_scroll(page), name
        screenshot(page, f"{name}-{viewport['width']}")


def test_the_phone_menu_opens_without_javascript(browser, live_server, flagship):
    context = browser.new_context(viewport=PHONE, base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/")
    menu = page.locator(".site-menu")
    topic = menu.get_by_role("link", name="Brain and Nervous System Health")
    expect(topic).to_be_hidden()

    menu.get_by_text("Menu").click()

    expect(topic).to_be_visible()
    expect(menu.get_by_role("link", name="Log in")).to_be_visible()
    topic.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Brain and Nervous System Health")
    context.close()


def test_the_phone_menu_and_search_link_are_reachable_by_keyboard(new_page, flagship):
    page = new_page(PHONE)
    page.goto("/")
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the site's name
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Search"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    page.keyboard.press("Enter")
    expect(page.locator(".site-menu").get_by_role("link", name="Conditions A to Z")).to_be_visible()


def test_printed_article_keeps_the_article_sources_and_review_dates_only(new_page, flagship):
    page = new_page(DESKTOP)
    page.goto(flagship.get_absolute_url())
    page.emulate_media(media="print")

    for hidden in (".site-header", ".comments", "form", ".share", ".breadcrumbs", ".contents"):
        assert page.locator(hidden).first.evaluate("e => getComputedStyle(e).display") == "none", hidden
    for kept in (".sources", ".review-dates", ".reviewed", ".disclosure", "h1"):
        expect(page.locator(kept).first).to_be_visible()
    source = page.locator(".sources a[href^='http']").first
    after = source.evaluate("e => getComputedStyle(e, '::after').content")
    assert source.get_attribute("href") in after
    leaflet = page.locator(".article-body .document-link")
    assert "/media/documents/" in leaflet.evaluate("e => getComputedStyle(e, '::after').content")
    pdf = page.pdf(format="A4")
    assert pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") + pdf.count(b"/Type /Page/") <= 4


def test_copy_link_copies_the_address_and_says_so(new_page, flagship):
    page = new_page(DESKTOP)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(flagship.get_absolute_url())

    page.get_by_role("link", name="Copy link").click()

    expect(page.get_by_role("status").filter(has_text="Link copied.")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()").endswith(flagship.get_absolute_url())
    assert page.url.endswith(flagship.get_absolute_url())
