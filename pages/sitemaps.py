from django.contrib.sitemaps import Sitemap

from pages.models import Page


class PageSitemap(Sitemap):
    changefreq = "yearly"
    priority = 0.2

    def items(self):
        return Page.objects.order_by("slug")

    def lastmod(self, item: Page):
        return item.updated_at
