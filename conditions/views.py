from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject, cached_property
from django.views.decorators.http import require_safe

from conditions.index import az_index
from conditions.models import Condition, condition_for_old_slug
from pages import seo
from pages.pagination import paginate, requested_page_number

ARTICLES_PER_PAGE = 12


@require_safe
def condition_index(request):
    conditions = Condition.objects.with_live_articles().prefetch_related("aliases")
    return render(
        request,
        "conditions/condition_index.html",
        {
            # Lazy: the list is kept with {% cache %}.
            "letters": SimpleLazyObject(lambda: az_index(conditions)),
            "page_title": "Conditions A to Z",
            "page_description": "Health conditions explained, listed A to Z by name and by other names.",
        },
    )


class ConditionParts:
    """What the condition page shows beyond the condition's own fields, each read when
    the template first uses it: the page keeps its main part with ``{% cache %}``."""

    def __init__(self, request, condition: Condition):
        self.request = request
        self.condition = condition
        self.breadcrumbs = [("Conditions A to Z", reverse("conditions:index"))]

    @cached_property
    def aliases(self) -> list:
        return list(self.condition.aliases.order_by("name"))

    @cached_property
    def sections(self) -> list:
        return list(self.condition.sections.all())

    @cached_property
    def related(self) -> list:
        return list(self.condition.related_conditions.with_live_articles().order_by("name"))

    @cached_property
    def page(self):
        articles = self.condition.articles.live().cards().select_related("category")
        return paginate(self.request, articles.order_by("-go_live_at", "-pk"), ARTICLES_PER_PAGE)

    @cached_property
    def structured_data(self) -> list[str]:
        condition, request = self.condition, self.request
        crumbs = [*self.breadcrumbs, (condition.name, condition.get_absolute_url())]
        entry = seo.medical_condition(request, condition, aliases=self.aliases, sections=self.sections)
        return [seo.json_ld(entry), seo.json_ld(seo.breadcrumb_list(request, crumbs))]


@require_safe
def condition_detail(request, slug):
    condition = Condition.objects.with_live_articles().filter(slug=slug).first()
    if condition is None:
        # An old address or another name ("isaacs-syndrome") leads to the condition.
        moved = condition_for_old_slug(slug)
        if moved is None:
            raise Http404("No condition entry lives at this address.")
        return redirect(moved, permanent=True)
    return render(
        request,
        "conditions/condition_detail.html",
        {
            "condition": condition,
            "parts": ConditionParts(request, condition),
            "page_title": condition.name,
            "page_description": condition.summary,
            "page_number": requested_page_number(request),
        },
    )
