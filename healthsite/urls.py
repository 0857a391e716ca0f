from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from healthsite import views

admin.site.site_header = "Healthsite newsroom"
admin.site.site_title = "Healthsite newsroom"
admin.site.index_title = "Editorial desk"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path(settings.ADMIN_URL, admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("conditions/", include("conditions.urls")),
    *([path("__baseline__/<int:size>/", views.bench_baseline)] if settings.BENCH_BASELINE else []),
    # The articles app ends with the catch-all category pattern, so it goes last.
    path("", include("articles.urls")),
]
