import pytest

from tests.browser.conftest import DESKTOP, PHONE, axe_violations, has_horizontal_scroll
from tests.factories import ArticleFactory, CategoryFactory, ConditionFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def live_article():
    category = CategoryFactory(name="Brain and Nervous System Health", slug="brain")
    condition = ConditionFactory(name="Neuromyotonia", slug="neuromyotonia")
    article = ArticleFactory(
        published=True,
        title="Neuromyotonia explained",
        slug="neuromyotonia-explained",
        summary="A rare condition of the nerves that control muscles.",
        body="## Symptoms\n\n- Twitching\n- Cramps\n\n## How is it treated?\n\nWith medicines.",
        category=category,
    )
    article.conditions.add(condition)
    return article


def public_urls(article):
    return [
        "/",
        article.get_absolute_url(),
        article.category.get_absolute_url(),
        article.conditions.first().get_absolute_url(),
        "/accounts/login/",
        "/accounts/signup/",
    ]


def test_reader_finds_the_article_from_the_home_page(page, live_article):
    page.goto("/")
    page.get_by_role("link", name="Neuromyotonia explained").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Neuromyotonia explained"
    assert page.get_by_role("heading", name="Symptoms").is_visible()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_public_pages_have_no_wcag_violations_and_fit_the_screen(page, live_article, viewport):
    page.set_viewport_size(viewport)
    for url in public_urls(live_article):
        response = page.goto(url)
        assert response.status == 200, url
        assert axe_violations(page) == [], url
        assert not has_horizontal_scroll(page), url


def test_keyboard_user_can_skip_to_the_content(page, live_article):
    page.goto(live_article.get_absolute_url())
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("element => element === document.activeElement")
    assert skip.is_visible()
    # The focus ring is drawn, not hidden.
    outline = skip.evaluate("element => getComputedStyle(element).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_every_link_and_control_is_reachable_by_keyboard(page, live_article):
    page.goto(live_article.get_absolute_url())
    visible_controls = (
        "Array.from(document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea'))"
        ".filter(e => e.offsetParent !== null)"
    )
    count = page.evaluate(f"{visible_controls}.length")
    for _ in range(count + 5):
        page.keyboard.press("Tab")
        page.evaluate("document.activeElement.setAttribute('data-reached-by-tab', '')")
    missed = page.evaluate(
        f"{visible_controls}.filter(e => !e.hasAttribute('data-reached-by-tab')).map(e => e.outerHTML)"
    )
    assert missed == []
