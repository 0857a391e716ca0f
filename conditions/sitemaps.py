from django.contrib.sitemaps import Sitemap
from django.db.models import Max

from conditions.models import Condition


class ConditionSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.7
    limit = 5000

    def items(self):
        # A condition without live articles answers 404, so it is left out.
        return Condition.objects.with_live_articles().order_by("slug")

    def lastmod(self, item: Condition):
        return item.updated_at

    def get_latest_lastmod(self):
        # For the index: one aggregate instead of loading every condition.
        return self.items().aggregate(latest=Max("updated_at"))["latest"]
