from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.views.decorators.http import require_safe

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
