from django.contrib.sitemaps import Sitemap

from conditions.models import Condition


class ConditionSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.7

    def items(self):
        # A condition without live articles answers 404, so it is left out.
        return Condition.objects.with_live_articles().order_by("slug")

    def lastmod(self, item: Condition):
        return item.updated_at
