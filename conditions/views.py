from django.shortcuts import get_object_or_404, render

from conditions.models import Condition


def condition_detail(request, slug):
    condition = get_object_or_404(
        Condition.objects.with_live_articles().prefetch_related("aliases", "sections", "related_conditions"),
        slug=slug,
    )
    articles = condition.articles.live()
    return render(request, "conditions/condition_detail.html", {"condition": condition, "articles": articles})
