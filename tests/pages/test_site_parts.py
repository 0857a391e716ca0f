"""The parts every page shares (head links, main menu, footer); the menu is kept until the site changes."""

import pytest
from django.test.utils import override_script_prefix

from tests.factories import ArticleFactory, CategoryFactory
from tests.html import parse_html

pytestmark = pytest.mark.django_db


def _menu(response) -> dict[str, str | None]:
    nav = parse_html(response.content).find(".//nav[@class='primary-nav']")
    return {a.text: a.get("aria-current") for a in nav.iter("a")}


def test_the_main_menu_shows_a_new_or_renamed_top_category_at_once(client):
    heart = CategoryFactory(name="Heart health", slug="heart")
    CategoryFactory(name="Valves", slug="valves", parent=heart)
    assert list(_menu(client.get("/"))) == ["Home", "Conditions A to Z", "Heart health"]

    CategoryFactory(name="Sleep", slug="sleep")
    heart.name = "Heart and circulation"
    heart.save()

    assert list(_menu(client.get("/"))) == ["Home", "Conditions A to Z", "Heart and circulation", "Sleep"]
    assert list(_menu(client.get("/conditions/"))) == [
        "Home",
        "Conditions A to Z",
        "Heart and circulation",
        "Sleep",
    ]


def test_the_kept_main_menu_costs_no_query_and_follows_a_deleted_topic(
    client, settings, django_assert_num_queries
):
    settings.PAGE_CACHE_SECONDS = 0  # pages drawn each time; their parts kept
    CategoryFactory(name="Heart health", slug="heart")
    sleep = CategoryFactory(name="Sleep", slug="sleep")
    client.get("/search/")
    with django_assert_num_queries(0):
        assert list(_menu(client.get("/search/"))) == ["Home", "Conditions A to Z", "Heart health", "Sleep"]

    sleep.delete()

    assert list(_menu(client.get("/search/"))) == ["Home", "Conditions A to Z", "Heart health"]


def test_the_main_menu_marks_the_page_the_reader_is_on(client):
    ArticleFactory(published=True, title="Night cramps")

    assert _menu(client.get("/"))["Home"] == "page"
    assert _menu(client.get("/conditions/"))["Conditions A to Z"] == "page"
    assert _menu(client.get("/"))["Conditions A to Z"] is None
    assert set(_menu(client.get("/search/", {"q": "cramps"})).values()) == {None}


def test_footer_and_head_links_follow_the_address_the_site_is_served_under(client, settings):
    settings.PAGE_CACHE_SECONDS = 0  # the same address twice: the page itself must be drawn again
    plain = parse_html(client.get("/").content)
    with override_script_prefix("/health-site/"):
        prefixed = parse_html(client.get("/").content)

    for html, prefix in ((plain, ""), (prefixed, "/health-site")):
        footer = [a.get("href") for a in html.find(".//footer").iter("a")]
        assert footer[0] == f"{prefix}/pages/about/"
        assert footer[-1] == f"{prefix}/feeds/atom/"
        feeds = [link.get("href") for link in html.iter("link") if link.get("rel") == "alternate"]
        assert feeds == [f"{prefix}/feeds/rss/", f"{prefix}/feeds/atom/"]


def test_logged_in_readers_still_get_their_own_account_links(client, django_user_model):
    django_user_model.objects.create_user(username="maria", password="pw")
    client.get("/")  # the shared parts are now kept

    client.login(username="maria", password="pw")

    assert "Log out maria" in client.get("/").content.decode()
