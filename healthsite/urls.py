from django.conf import settings
from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Healthsite newsroom"
admin.site.site_title = "Healthsite newsroom"
admin.site.index_title = "Editorial desk"

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("conditions/", include("conditions.urls")),
    path("comments/", include("comments.urls")),
    # The articles app ends with the catch-all category pattern, so it goes last.
    path("", include("articles.urls")),
]
