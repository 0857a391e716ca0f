"""The newsroom's journey in a real browser: a writer drafts an article in the admin,
two medical reviewers sign it off, an editor publishes it and a reader finds it.

Everyone logs in with their own username and password through the admin's login
page, and every page is checked against the Content-Security-Policy by the
``page`` fixture, so the admin's own scripts (autocomplete, prepopulated slug,
inline rows) are proven to work without inline code.
"""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from taggit.models import Tag

from articles.models import Article, ArticleStatusChange
from tests.factories import CategoryFactory, ConditionFactory, ContributorFactory

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Living with neuromyotonia"


@pytest.fixture
def newsroom(writer, credentialed_reviewer, second_reviewer, editor, settings):
    # A new article needs two medical approvals; the test walks through both.
    settings.MEDICAL_REVIEW_QUORUM_MAJOR = 2
    ContributorFactory(user=writer, name="Wendy Walsh", credentials="Health writer")
    CategoryFactory(name="Brain and Nervous System Health", slug="brain")
    ConditionFactory(name="Neuromyotonia", slug="neuromyotonia")
    Tag.objects.create(name="Rare conditions", slug="rare-conditions")
    return {"writer": writer, "reviewers": [credentialed_reviewer, second_reviewer], "editor": editor}


def admin_log_in(page, user) -> None:
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill("pw")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Editorial desk")).to_be_visible()


def admin_log_out(page) -> None:
    page.get_by_role("button", name="Log out").click()
    # Logging out lands on the public home page, offering to log in again.
    expect(
        page.get_by_role("navigation", name="Your account").get_by_role("link", name="Log in")
    ).to_be_visible()


def choose_in_autocomplete(page, field_id: str, typed: str, option: str) -> None:
    """Pick ``option`` in the admin's autocomplete widget for ``field_id`` by typing ``typed``."""
    page.locator(f"#{field_id} + .select2 .select2-selection").click()
    search = page.locator(".select2-container--open .select2-search__field")
    search.fill(typed)
    page.locator(".select2-results__option", has_text=option).click()
    expect(page.locator(f"#{field_id} option:checked", has_text=option)).to_have_count(1)


def open_article_from_inbox(page) -> None:
    page.get_by_role("link", name="Inbox").first.click()
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", name="Editorial workflow")).to_be_visible()


def press(page, button: str) -> None:
    page.get_by_role("button", name=button).click()
    expect(page.locator(".messagelist")).to_contain_text(f"{button}: done")


def test_article_goes_from_the_writers_draft_to_the_public_site(page, newsroom):
    # The writer drafts the article.
    admin_log_in(page, newsroom["writer"])
    page.goto("/admin/articles/article/add/")
    page.get_by_label("Title").press_sequentially(TITLE)
    # The admin's own script fills in the address from the title as it is typed.
    expect(page.get_by_label("Slug")).to_have_value("living-with-neuromyotonia")
    page.get_by_label("Summary").fill("What helps with the cramps and stiffness of a rare nerve condition.")
    page.get_by_label("Body").fill(
        # Plain enough for the reading-age target, so the checklist lets reviewers approve.
        "Neuromyotonia makes muscles twitch and cramp. It is rare. Most people get on with their day."
        "\n\n## Managing it day to day\n\n"
        "- Stretch gently every morning\n- Keep a symptom diary\n"
    )
    choose_in_autocomplete(page, "id_category", "Brain", "Brain and Nervous System Health")
    choose_in_autocomplete(page, "id_conditions", "Neuro", "Neuromyotonia")
    choose_in_autocomplete(page, "id_tags", "Rare", "Rare conditions")
    page.locator("#id_sources-0-title").fill("Neuromyotonia: clinical overview")
    page.locator("#id_sources-0-url").fill("https://www.example.org/neuromyotonia")
    page.locator("#id_sources-0-publisher").fill("Example Neurology Society")
    # The pre-publish checklist asks how current the newest source is.
    page.locator("#id_sources-0-year").fill(str(timezone.localdate().year))
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    article = Article.objects.get(slug="living-with-neuromyotonia")
    assert article.status == Article.Status.DRAFT
    assert article.created_by == newsroom["writer"]
    assert [str(tag) for tag in article.tags.all()] == ["Rare conditions"]
    assert [str(c) for c in article.conditions.all()] == ["Neuromyotonia"]
    assert article.sources.get().publisher == "Example Neurology Society"

    press(page, "Submit for review")
    admin_log_out(page)

    # Two medical reviewers find it in their inbox and approve it.
    for number, reviewer in enumerate(newsroom["reviewers"], start=1):
        admin_log_in(page, reviewer)
        open_article_from_inbox(page)
        expect(page.locator(".workflow-panel")).to_contain_text(f"{number - 1} of 2")
        press(page, "Approve")
        admin_log_out(page)

    article.refresh_from_db()
    assert article.status == Article.Status.APPROVED

    # The editor publishes it.
    admin_log_in(page, newsroom["editor"])
    open_article_from_inbox(page)
    press(page, "Publish now")
    expect(page.get_by_role("link", name="View on site")).to_be_visible()
    admin_log_out(page)

    history = ArticleStatusChange.objects.filter(article=article).order_by("created_at", "pk")
    actions = list(history.values_list("action", "actor__username"))
    assert actions == [
        ("submit", "wendy"),
        ("approve", newsroom["reviewers"][0].username),
        ("approve", newsroom["reviewers"][1].username),
        ("publish", "ed"),
    ]

    # A reader, not logged in, finds it on the home page.
    page.context.clear_cookies()
    page.goto("/")
    page.get_by_role("link", name=TITLE).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_role("heading", name="Managing it day to day")).to_be_visible()
    main = page.locator("main")
    expect(main).to_contain_text("By Wendy Walsh")
    expect(main).to_contain_text(re.compile(r"Medically reviewed by Dr (Rita Reyes|Sam Shah)"))
    expect(main).to_contain_text("Neuromyotonia: clinical overview")
    expect(main.get_by_role("link", name="Rare conditions")).to_be_visible()
    expect(main.get_by_role("link", name="Neuromyotonia", exact=True)).to_be_visible()
