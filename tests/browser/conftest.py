"""Real-browser tests: Playwright driving the system's Chromium against a live server.

Run them alone with ``make test-browser``. Without Chromium they are skipped, unless
REQUIRE_BROWSER=1 (set by CI), which turns a missing browser into a failure.
"""

import os
import shutil

import pytest

# Playwright's synchronous API runs an event loop in the test thread; the ORM
# calls made by fixtures in that same thread are still ordinary synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
# The WCAG 2.0-2.2 A and AA rule sets; "best practice" rules are advice, not conformance.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def pytest_collection_modifyitems(items):
    here = os.path.dirname(__file__)
    for item in items:
        if str(item.fspath).startswith(here):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"Chromium not found at {CHROMIUM}; install it with: apt-get install chromium")
        pytest.skip(f"Chromium not found at {CHROMIUM}; browser tests skipped")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic"],
        )
        yield browser
        browser.close()


def _watched_page(context):
    """A new page that records Content-Security-Policy violations and JavaScript errors."""
    page = context.new_page()
    csp_errors = []
    page.on(
        "console",
        lambda message: (
            csp_errors.append(message.text)
            if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text
            else None
        ),
    )
    page.on("pageerror", lambda error: csp_errors.append(f"page error: {error}"))
    page.csp_errors = csp_errors
    return page


@pytest.fixture
def new_page(browser, live_server, settings, serving_uploads):
    """Open pages for more people, each with their own cookies; each is checked like ``page``."""
    # The live server speaks plain HTTP; secure cookies would never come back.
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    contexts, pages = [], []

    def open_page(viewport=DESKTOP):
        context = browser.new_context(viewport=viewport, base_url=live_server.url)
        context.set_default_timeout(10_000)  # a missing element fails in seconds, not half a minute
        contexts.append(context)
        pages.append(_watched_page(context))
        return pages[-1]

    yield open_page
    for context in contexts:
        context.close()
    errors = [error for page in pages for error in page.csp_errors]
    assert not errors, f"The page broke its Content-Security-Policy or threw: {errors}"


@pytest.fixture
def page(new_page):
    return new_page()


def axe_violations(page) -> list[str]:
    """Run axe-core on the current page; return one line per WCAG A/AA violation."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    lines = []
    for violation in results.response["violations"]:
        targets = [", ".join(node["target"]) for node in violation["nodes"]]
        lines.append(f"{violation['id']}: {violation['help']} at {targets[:5]}")
    return lines


def has_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")


def log_in(page, username: str, password: str = "pw") -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
