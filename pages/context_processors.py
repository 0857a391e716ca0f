from functools import cache

from django.conf import settings
from django.urls import get_script_prefix, reverse
from django.utils.functional import SimpleLazyObject

from articles.models import Category
from healthsite import pagecache
from pages.brand import current_brand
from pages.models import Page

# The policy pages every footer links to, by the name templates use for them.
POLICY_PAGES = {
    "about": Page.ABOUT,
    "editorial_policy": Page.EDITORIAL_POLICY,
    "advertising_disclosure": Page.ADVERTISING_DISCLOSURE,
    "medical_disclaimer": Page.MEDICAL_DISCLAIMER,
    "privacy": Page.PRIVACY,
}


def site(request) -> dict:
    """What every page's header and footer need: the brand, links, top categories,
    policy pages; and what keys the parts of a page kept with ``{% cache %}``."""
    brand = current_brand()
    return {
        "site_name": brand.name,
        "brand": brand,
        "site_links": _site_links(get_script_prefix()),
        # Lazy: the categories are looked up only when a template lists them.
        "nav_categories": SimpleLazyObject(_nav_categories),
        "canonical_url": request.build_absolute_uri(request.path),
        "policy_pages": POLICY_PAGES,
        # For {% cache fragment_seconds "name" ... page_generation %}: a kept part
        # goes when the page cache would drop the whole page.
        "fragment_seconds": settings.FRAGMENT_CACHE_SECONDS,
        "page_generation": SimpleLazyObject(lambda: pagecache.generation(request)),
        "site_generation": SimpleLazyObject(lambda: pagecache.site_generation(request)),
    }


def _nav_categories() -> list[tuple[str, str]]:
    """``(name, url)`` of the top-level categories, in menu order."""
    return [(c.name, c.get_absolute_url()) for c in Category.objects.roots().order_by("position", "name")]


@cache
def _site_links(script_prefix: str) -> dict[str, str]:
    """The addresses in every page's header and footer, worked out once per process."""
    names = {
        "home": "articles:home",
        "search": "articles:search",
        "brand_css": "brand_css",
        "conditions": "conditions:index",
        "feed_rss": "articles:feed-rss",
        "feed_atom": "articles:feed-atom",
        "login": "login",
        "logout": "logout",
        "signup": "signup",
        "newsletter": "newsletter:signup",
        "account": "account",
    }
    links = {key: reverse(name) for key, name in names.items()}
    for key, slug in POLICY_PAGES.items():
        links[key] = reverse("pages:detail", args=[slug])
    return links
