from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from conditions.index import az_index
from conditions.models import Condition, condition_for_old_slug
from pages import seo
from pages.pagination import paginate

ARTICLES_PER_PAGE = 12


@require_safe
def condition_index(request):
    conditions = Condition.objects.with_live_articles().prefetch_related("aliases")
    return render(
        request,
        "conditions/condition_index.html",
        {
            "letters": az_index(conditions),
            "page_title": "Conditions A to Z",
            "page_description": "Health conditions explained, listed A to Z by name and by other names.",
        },
    )


@require_safe
def condition_detail(request, slug):
    condition = (
        Condition.objects.with_live_articles()
        .prefetch_related(
            "aliases",
            "sections",
            # Only related conditions a reader can open: those with live articles.
            Prefetch(
                "related_conditions",
                queryset=Condition.objects.with_live_articles().order_by("name"),
                to_attr="live_related",
            ),
        )
        .filter(slug=slug)
        .first()
    )
    if condition is None:
        # An old address or another name ("isaacs-syndrome") leads to the condition.
        moved = condition_for_old_slug(slug)
        if moved is None:
            raise Http404("No condition entry lives at this address.")
        return redirect(moved, permanent=True)
    aliases = list(condition.aliases.all())
    sections = list(condition.sections.all())
    articles = condition.articles.live().cards().select_related("category").order_by("-go_live_at", "-pk")
    crumbs = [
        ("Conditions A to Z", reverse("conditions:index")),
        (condition.name, condition.get_absolute_url()),
    ]
    return render(
        request,
        "conditions/condition_detail.html",
        {
            "condition": condition,
            "page_title": condition.name,
            "page_description": condition.summary,
            "breadcrumbs": crumbs[:1],
            "aliases": aliases,
            "sections": sections,
            "page": paginate(request, articles, ARTICLES_PER_PAGE),
            "structured_data": [
                seo.json_ld(seo.medical_condition(request, condition, aliases=aliases, sections=sections)),
                seo.json_ld(seo.breadcrumb_list(request, crumbs)),
            ],
        },
    )
