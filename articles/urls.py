from django.urls import path

from articles import views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/<slug:slug>/", views.article_detail, name="detail"),
    path("authors/<slug:slug>/", views.contributor_detail, name="contributor"),
    # Category pages live at their slug path; this must stay the last pattern.
    path("<path:path>/", views.category_detail, name="category"),
]
