"""sitemap.xml sections: only pages readers can open, with when they last changed."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Q
from django.urls import reverse
from taggit.models import Tag

from articles.models import Article, Category, Contributor


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return Article.objects.live().order_by("-go_live_at", "-pk")

    def lastmod(self, item: Article):
        return item.updated_at


class CategorySitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return Category.objects.order_by("path")


class TagSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.3

    def items(self):
        return Tag.objects.filter(article__in=Article.objects.live()).distinct().order_by("slug")

    def location(self, item: Tag) -> str:
        return reverse("articles:tag", kwargs={"slug": item.slug})


class ContributorSitemap(Sitemap):
    priority = 0.3

    def items(self):
        live = Article.objects.live()
        return (
            Contributor.objects.filter(Q(articles__in=live) | Q(reviewed_articles__in=live))
            .distinct()
            .order_by("slug")
        )


class StaticViewSitemap(Sitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self):
        return ["articles:home", "conditions:index"]

    def location(self, item: str) -> str:
        return reverse(item)
