from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Healthsite newsroom"
admin.site.site_title = "Healthsite newsroom"
admin.site.index_title = "Editorial desk"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("conditions/", include("conditions.urls")),
    # The articles app ends with the catch-all category pattern, so it goes last.
    path("", include("articles.urls")),
]
