"""sitemap.xml sections: only pages readers can open, with when they last changed."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, Max, OuterRef
from django.urls import reverse
from taggit.models import Tag

from articles.models import Article, Category, Contributor

# Each section is split into pages of this many addresses, listed by /sitemap.xml
# (a sitemap index), so no response grows with the size of the site.
PAGE_SIZE = 5000


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8
    limit = PAGE_SIZE

    def items(self):
        return Article.objects.live().order_by("-go_live_at", "-pk")

    def lastmod(self, item: Article):
        return item.updated_at

    def get_latest_lastmod(self):
        # For the index: one aggregate instead of loading every article.
        return Article.objects.live().aggregate(latest=Max("updated_at"))["latest"]


class CategorySitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6
    limit = PAGE_SIZE

    def items(self):
        return Category.objects.order_by("path")


class TagSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.3

    limit = PAGE_SIZE

    def items(self):
        live_use = Article.objects.live().filter(tags=OuterRef("pk"))
        return Tag.objects.filter(Exists(live_use)).order_by("slug")

    def location(self, item: Tag) -> str:
        return reverse("articles:tag", kwargs={"slug": item.slug})


class ContributorSitemap(Sitemap):
    priority = 0.3
    limit = PAGE_SIZE

    def items(self):
        live = Article.objects.live()
        wrote = Exists(live.filter(authors=OuterRef("pk")))
        reviewed = Exists(live.filter(medical_reviewer=OuterRef("pk")))
        return Contributor.objects.filter(wrote | reviewed).order_by("slug")


class StaticViewSitemap(Sitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self):
        return ["articles:home", "conditions:index"]

    def location(self, item: str) -> str:
        return reverse(item)
