from functools import cache

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
}


def site(request) -> dict:
    """What every page's header and footer need: site name, links, top categories, policy pages."""
    return {
        **site_wide_values(),
        "canonical_url": request.build_absolute_uri(request.path),
        "policy_pages": POLICY_PAGES,
    }


def site_wide_values() -> dict:
    """The values that are the same on every page: all that the parts of a page
    kept for the whole site (``{% site_part %}``) may show."""
    brand = current_brand()
    return {
        "site_name": brand.name,
        "brand": brand,
        "site_links": _site_links(get_script_prefix()),
        # Lazy: the categories are looked up only when a template lists them.
        "nav_categories": SimpleLazyObject(lambda: pagecache.site_wide("nav-categories", _nav_categories)),
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
    }
    links = {key: reverse(name) for key, name in names.items()}
    for key, slug in POLICY_PAGES.items():
        links[key] = reverse("pages:detail", args=[slug])
    return links
