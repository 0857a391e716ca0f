from django.urls import path

import pages.converters  # noqa: F401 (registers the "text" and "textpath" converters)
from articles import feeds, views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("articles/<slug:slug>/", views.article_detail, name="detail"),
    path("authors/<slug:slug>/", views.contributor_detail, name="contributor"),
    path("tags/<text:slug>/", views.tag_detail, name="tag"),
    path("feeds/rss/", feeds.LatestArticlesFeed(), name="feed-rss"),
    path("feeds/atom/", feeds.LatestArticlesAtomFeed(), name="feed-atom"),
    path("feeds/categories/<textpath:path>/rss/", feeds.CategoryFeed(), name="category-feed-rss"),
    path("feeds/categories/<textpath:path>/atom/", feeds.CategoryAtomFeed(), name="category-feed-atom"),
    # Category pages live at their slug path; this must stay the last pattern.
    path("<textpath:path>/", views.category_detail, name="category"),
]
