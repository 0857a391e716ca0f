import re

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path

from articles.sitemaps import (
    ArticleSitemap,
    CategorySitemap,
    ContributorSitemap,
    StaticViewSitemap,
    TagSitemap,
)
from conditions.sitemaps import ConditionSitemap
from healthsite import views
from media.views import serve_upload
from pages.sitemaps import PageSitemap
from pages.views import brand_css, favicon, robots_txt

admin.site.site_header = "Healthsite newsroom"
admin.site.site_title = "Healthsite newsroom"
admin.site.index_title = "Editorial desk"

sitemaps = {
    "site": StaticViewSitemap,
    "articles": ArticleSitemap,
    "categories": CategorySitemap,
    "conditions": ConditionSitemap,
    "tags": TagSitemap,
    "authors": ContributorSitemap,
    "pages": PageSitemap,
}

# A database error answers 503 "please try again"; anything else the plain 500 page.
handler500 = views.server_error

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path(settings.ADMIN_URL, admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("conditions/", include("conditions.urls")),
    path("comments/", include("comments.urls")),
    path("newsletter/", include("newsletter.urls")),
    path("feedback/", include("feedback.urls")),
    *([path("__baseline__/<int:size>/", views.bench_baseline)] if settings.BENCH_BASELINE else []),
    path("pages/", include("pages.urls")),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("favicon.ico", favicon, name="favicon"),
    path("brand.css", brand_css, name="brand_css"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": sitemaps, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": sitemaps},
        name="sitemap-section",
    ),
    # Uploaded images and documents, when no web server or bucket serves them (docs/media.md).
    *(
        [re_path(rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.+)$", serve_upload)]
        if settings.SERVE_MEDIA and not settings.MEDIA_URL.startswith(("http://", "https://"))
        else []
    ),
    # The articles app ends with the catch-all category pattern, so it goes last.
    path("", include("articles.urls")),
]
