from django.conf import settings

from articles.models import Category
from pages.models import Page


def site(request) -> dict:
    """What every page's header and footer need: site name, top categories, policy pages."""
    return {
        "site_name": settings.SITE_NAME,
        # Lazy: the query runs only when a template lists the categories.
        "nav_categories": Category.objects.roots().order_by("position", "name"),
        "canonical_url": request.build_absolute_uri(request.path),
        "policy_pages": {
            "about": Page.ABOUT,
            "editorial_policy": Page.EDITORIAL_POLICY,
            "advertising_disclosure": Page.ADVERTISING_DISCLOSURE,
            "medical_disclaimer": Page.MEDICAL_DISCLAIMER,
        },
    }
