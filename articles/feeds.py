"""RSS and Atom feeds of live articles, for the whole site and for each category."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from articles.models import Article, Category
from pages.brand import current_brand

FEED_LENGTH = 20


class LatestArticlesFeed(Feed):
    description = "The latest medically reviewed articles."

    def title(self, obj=None) -> str:
        return f"{current_brand().name}: latest articles"

    def link(self, obj=None) -> str:
        return reverse("articles:home")

    def items(self, obj=None):
        articles = Article.objects.live()
        if obj is not None:
            articles = articles.in_category(obj)
        return articles.prefetch_related("authors", "tags").order_by("-go_live_at", "-pk")[:FEED_LENGTH]

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        return item.summary

    def item_pubdate(self, item: Article):
        return item.published_at or item.go_live_at

    def item_updateddate(self, item: Article):
        return item.updated_at

    def item_author_name(self, item: Article) -> str | None:
        return ", ".join(author.name for author in item.authors.all()) or None

    def item_categories(self, item: Article) -> list[str]:
        return [tag.name for tag in item.tags.all()]


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed
    subtitle = LatestArticlesFeed.description


class CategoryFeed(LatestArticlesFeed):
    def get_object(self, request, path: str) -> Category:
        return get_object_or_404(Category, path=path.strip("/"))

    def title(self, obj: Category) -> str:
        return f"{current_brand().name}: {obj.full_name}"

    def link(self, obj: Category) -> str:
        return obj.get_absolute_url()

    def description(self, obj: Category) -> str:
        return obj.description or f"The latest articles in {obj.name}."


class CategoryAtomFeed(CategoryFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj: Category) -> str:
        return self.description(obj)
