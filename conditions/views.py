from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_safe

from conditions.index import az_index
from conditions.models import Condition, condition_for_old_slug
from healthsite import pagecache
from pages import seo
from pages.pagination import paginate, requested_page_number

ARTICLES_PER_PAGE = 12


@require_safe
def condition_index(request):
    pagecache.read_fragments_ahead(request, "conditions-index")
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
    condition = pagecache.kept_object(
        request, "condition", lambda: Condition.objects.with_live_articles().filter(slug=slug).first()
    )
    if condition is None:
        # An old address or another name ("isaacs-syndrome") leads to the condition.
        moved = condition_for_old_slug(slug)
        if moved is None:
            raise Http404("No condition entry lives at this address.")
        return redirect(moved, permanent=True)
    url = condition.get_absolute_url()
    crumbs = [("Conditions A to Z", reverse("conditions:index")), (condition.name, url)]

    def condition_parts() -> dict:
        # Everything below is the same for every reader: rendered once until the
        # site changes, so a kept copy costs no query beyond finding the condition.
        aliases = list(condition.aliases.order_by("name"))
        sections = list(condition.sections.all())
        related = list(condition.related_conditions.with_live_articles().order_by("name"))
        articles = condition.articles.live().cards().select_related("category").order_by("-go_live_at", "-pk")
        main = {
            "condition": condition,
            "aliases": aliases,
            "sections": sections,
            "related": related,
            "breadcrumbs": crumbs[:1],
            "page": paginate(request, articles, ARTICLES_PER_PAGE),
        }
        return {
            "condition_main_html": render_to_string("conditions/_condition_main.html", main, request),
            "structured_data": [
                seo.json_ld(seo.medical_condition(request, condition, aliases=aliases, sections=sections)),
                seo.json_ld(seo.breadcrumb_list(request, crumbs)),
            ],
        }

    variant = f"{request.get_host()}{request.get_full_path()}"
    parts = pagecache.cached_fragment("condition-parts", url, condition_parts, variant=variant)
    return render(
        request,
        "conditions/condition_detail.html",
        {
            "condition": condition,
            "page_title": condition.name,
            "page_description": condition.summary,
            "page_number": requested_page_number(request),
            **parts,
        },
    )
