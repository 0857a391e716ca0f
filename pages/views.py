from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from pages import brand
from pages.models import Page


@require_safe
def page_detail(request, slug):
    page = get_object_or_404(Page, slug=slug)
    return render(
        request,
        "pages/page_detail.html",
        {"site_page": page, "page_title": page.title, "page_description": page.summary},
    )


@require_safe
def favicon(request):
    """Browsers and crawlers ask for /favicon.ico whatever a page links to: send them to the icon."""
    return redirect(static("favicon.svg"), permanent=True)


@require_safe
def robots_txt(request):
    return render(request, "robots.txt", content_type="text/plain; charset=utf-8")


@require_safe
def brand_css(request):
    """The brand's colour as a stylesheet: the Content-Security-Policy allows no inline styles.

    Pages link it with the brand's version, so that address may be kept for a year.
    """
    site_brand = brand.current_brand()
    response = HttpResponse(brand.brand_css(site_brand), content_type="text/css; charset=utf-8")
    if request.GET.get("v") == site_brand.version:
        patch_cache_control(response, public=True, max_age=31_536_000, immutable=True)
    else:
        patch_cache_control(response, public=True, max_age=60)
    return response
