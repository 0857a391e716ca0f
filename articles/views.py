from collections import Counter

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When
from django.db.models.functions import Substr, Upper
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_safe
from taggit.models import Tag, TaggedItem

from articles import search as site_search
from articles import search_render
from articles.markdown import table_of_contents
from articles.models import Article, Category, Contributor, live_article_for_old_slug
from comments.context import comment_section
from conditions.index import index_letter
from conditions.models import Condition
from healthsite import pagecache
from pages import seo
from pages.pagination import lazy_paginate, paginate, requested_page_number

ARTICLES_PER_PAGE = 12
# Of the articles sharing conditions or tags with an article, how many to weigh as related.
RELATED_CANDIDATES = 50
# How many of the newest articles of each of its conditions and tags are weighed.
RELATED_LINKS_PER_TOPIC = 100
SEARCH_RESULTS_PER_PAGE = 10


@require_safe
def home(request):
    pagecache.read_fragments_ahead(request, "home")
    # Lazy: the page's content is a shared fragment, so a kept copy runs none of these.
    featured = SimpleLazyObject(
        lambda: list(Article.objects.live().cards().filter(is_featured=True).select_related("category")[:3])
    )
    latest = SimpleLazyObject(
        lambda: list(
            Article.objects.live()
            .cards()
            .exclude(pk__in=[a.pk for a in featured])
            .select_related("category")[:8]
        )
    )
    conditions = Condition.objects.with_live_articles()
    letters = (
        conditions.annotate(letter=Upper(Substr("name", 1, 1)))
        .order_by()  # so DISTINCT applies to the letter alone
        .values_list("letter", flat=True)
        .distinct()
    )
    return render(
        request,
        "articles/home.html",
        {
            "featured": featured,
            "latest": latest,
            # Two levels: each category page lists its own subcategories.
            "category_tree": SimpleLazyObject(
                lambda: _category_tree(
                    Category.objects.exclude(path__regex=r"/.*/").order_by("position", "name")
                )
            ),
            "condition_letters": SimpleLazyObject(
                lambda: sorted({index_letter(letter) for letter in letters})
            ),
            "condition_teaser": conditions.order_by("name")[:6],
            "structured_data": [seo.json_ld(seo.website(request))],
        },
    )


@require_safe
def article_detail(request, slug):
    article = pagecache.kept_object(
        request,
        "article",
        lambda: (
            Article.objects.live()
            .select_related("category", "medical_reviewer", "hero_image")
            .filter(slug=slug)
            .first()
        ),
    )
    if article is None:
        moved = live_article_for_old_slug(slug)
        if moved is None:
            raise Http404("No article lives at this address.")
        return redirect(moved, permanent=True)
    return render_article(request, article)


def render_article(request, article: Article, *, preview: bool = False):
    """Render ``article`` with the public template.

    Used by the public article page and by the staff preview, so a preview shows
    exactly what readers will see. ``article`` need not be live, nor saved: an
    unsaved instance (a revision being previewed) has no authors, tags, sources,
    conditions or comments of its own yet, so those parts are left empty.
    """
    url = article.get_absolute_url() if article.slug else request.path

    def article_parts() -> dict:
        if article.pk:
            authors = list(article.authors.all())
            sources = list(article.sources.all())
            tags = list(article.tags.all())
            conditions = list(article.conditions.all())
        else:
            authors, sources, tags, conditions = [], [], [], []
        # Enough of the newest to fill "Latest" after removing this article and the related ones.
        newest = list(Article.objects.live().cards().order_by("-go_live_at", "-pk")[: 5 + 4 + 1])
        related = _related_articles(article, conditions=conditions, tags=tags, newest=newest)
        breadcrumbs = _category_trail(article.category)
        main = {
            "article": article,
            "authors": authors,
            "sources": sources,
            "tags": tags,
            "conditions": conditions,
            "contents": table_of_contents(article.body_html),
            "related": related,
            "latest": [a for a in newest if a.pk != article.pk and a not in related][:5],
            "breadcrumbs": breadcrumbs,
        }
        return {
            "article_main_html": render_to_string("articles/_article_main.html", main, request),
            "structured_data": [
                seo.json_ld(seo.medical_web_page(request, article, authors=authors, conditions=conditions)),
                seo.json_ld(seo.breadcrumb_list(request, [*breadcrumbs, (article.title, url)])),
            ],
        }

    if preview or not article.pk:
        parts = article_parts()
    else:
        # Everything but the comments and the reader's own links is the same for
        # every reader, logged in or not: rendered once until the page changes.
        parts = pagecache.cached_fragment(f"article:{request.get_host()}", url, article_parts)
    context = {
        "article": article,
        "preview": preview,
        "page_title": article.title,
        "page_description": article.summary,
        "canonical_url": request.build_absolute_uri(url),
        **parts,
    }
    if article.pk:
        context.update(comment_section(request, article))
    return render(request, "articles/article_detail.html", context)


@require_safe
def category_detail(request, path):
    path = path.strip("/")
    category = pagecache.kept_object(request, "category", lambda: Category.objects.filter(path=path).first())
    if category is None:
        raise Http404("No topic lives at this address.")
    breadcrumbs = _category_trail(category)
    return render(
        request,
        "articles/category_detail.html",
        {
            "category": category,
            "page_title": category.name,
            "page_description": category.description or f"Articles about {category.name}.",
            "subcategories": category.children.order_by("position", "name"),
            # Lazy, with the subcategories: the list is a shared fragment, so a kept
            # copy costs no query beyond finding the category.
            "page": lazy_paginate(
                request,
                lambda: (
                    Article.objects.live()
                    .cards()
                    .in_category(category)
                    .select_related("category")
                    .order_by("-go_live_at", "-pk")
                ),
                ARTICLES_PER_PAGE,
            ),
            "page_number": requested_page_number(request),
            "breadcrumbs": breadcrumbs[:-1],
            "structured_data": [seo.json_ld(seo.breadcrumb_list(request, breadcrumbs))],
        },
    )


@require_safe
def contributor_detail(request, slug):
    contributor = get_object_or_404(Contributor, slug=slug)
    articles = (
        Article.objects.live()
        .cards()
        .filter(
            Q(medical_reviewer=contributor)
            | Q(pk__in=Article.authors.through.objects.filter(contributor=contributor).values("article_id"))
        )
        .annotate(
            is_by_contributor=Exists(
                Article.authors.through.objects.filter(article_id=OuterRef("pk"), contributor=contributor)
            )
        )
        .order_by("-go_live_at", "-pk")
    )
    return render(
        request,
        "articles/contributor_detail.html",
        {
            "contributor": contributor,
            "page": paginate(request, articles, ARTICLES_PER_PAGE),
            "page_number": requested_page_number(request),
            "page_title": contributor.name,
            "page_description": f"Articles written or medically reviewed by {contributor}.",
        },
    )


@require_safe
def tag_detail(request, slug):
    tag = pagecache.kept_object(request, "tag", lambda: Tag.objects.filter(slug=slug).first())
    if tag is None:
        raise Http404("No tag lives at this address.")

    def tagged_page():
        articles = Article.objects.live().cards().filter(tags=tag).order_by("-go_live_at", "-pk")
        page = paginate(request, articles, ARTICLES_PER_PAGE)
        if not page.paginator.count:
            # A tag used only on unpublished articles is not shown to readers.
            raise Http404("No published articles have this tag.")
        return page

    return render(
        request,
        "articles/tag_detail.html",
        {
            "tag": tag,
            # Lazy: the list is a shared fragment, so a kept copy costs no query.
            "page": SimpleLazyObject(tagged_page),
            "page_number": requested_page_number(request),
            "page_title": f"Articles tagged “{tag.name}”",
            "page_description": f"Articles about {tag.name}.",
        },
    )


@require_safe
def search(request):
    query, was_shortened = site_search.clean_query(request.GET.get("q"))
    # The results and the main menu then need one trip to the cache, not two.
    pagecache.read_fragments_ahead(request, "search")
    # Lazy: the results are a shared fragment, so a repeated search that nothing
    # has changed since runs no query at all.
    results = SimpleLazyObject(lambda: _search_results(request, query))
    return render(
        request,
        "articles/search.html",
        {
            "query": query,
            "was_shortened": was_shortened,
            "max_query_length": site_search.MAX_QUERY_LENGTH,
            "conditions": SimpleLazyObject(lambda: results["conditions"]),
            "page": SimpleLazyObject(lambda: results["page"]),
            "suggestion": SimpleLazyObject(lambda: results["suggestion"]),
            "results_status": SimpleLazyObject(lambda: results["status"]),
            "condition_items": SimpleLazyObject(lambda: results["condition_items"]),
            "article_items": SimpleLazyObject(lambda: results["article_items"]),
            "page_title": f"Search results for “{query}”" if query else "Search",
        },
    )


def _search_results(request, query: str) -> dict:
    conditions, page, suggestion, capped = [], None, None, False
    if query:
        conditions, articles = site_search.search(
            query, page=requested_page_number(request), per_page=SEARCH_RESULTS_PER_PAGE
        )
        capped = articles.is_capped
        page = paginate(request, articles, SEARCH_RESULTS_PER_PAGE)
        if not conditions and not page.paginator.count:
            suggestion = site_search.suggest(query)
    return {
        "conditions": conditions,
        "page": page,
        "suggestion": suggestion,
        "condition_items": search_render.condition_items(conditions),
        "article_items": search_render.article_items(page.object_list if page else []),
        "status": search_render.results_status(page.paginator.count if page else 0, capped=capped),
    }


def _related_articles(article: Article, *, conditions, tags, newest, limit: int = 4) -> list[Article]:
    """Live articles sharing the most conditions and tags with ``article``, then the newest.

    Scores are counted from the link tables of this article's own conditions and
    tags (see ``_shared_links``), so the work does not grow with the number of
    articles; only the best-scoring candidates are then loaded.
    """
    shared = Counter(_shared_links(conditions, tags)) if (conditions or tags) else Counter()
    shared.pop(article.pk, None)
    by_score: dict[int, list[int]] = {}
    for pk, score in shared.most_common(RELATED_CANDIDATES):
        by_score.setdefault(score, []).append(pk)
    # Ordered and cut short by the database: only the cards shown are loaded.
    score = Case(
        *(When(pk__in_list=pks, then=Value(n)) for n, pks in by_score.items()),
        default=Value(0),
        output_field=IntegerField(),
    )
    related = list(
        Article.objects.live()
        .cards()
        .filter(pk__in_list=[pk for pks in by_score.values() for pk in pks])
        .annotate(shared=score)
        .order_by("-shared", "-go_live_at", "-pk")[:limit]
    )
    # Topped up from the newest articles, which the page lists anyway.
    related += [a for a in newest if a.pk != article.pk and a not in related][: limit - len(related)]
    return related


def _shared_links(conditions, tags) -> list[int]:
    """Ids of the articles linked to each of ``conditions`` and ``tags``, once per link:
    an article linked to two of them is listed twice.

    Only the ``RELATED_LINKS_PER_TOPIC`` newest articles of each condition and tag
    are counted, each read from an index in order, so a condition written about
    in thousands of articles costs no more than one in a hundred. (SQLite cannot
    cut short the parts of one query, and counts every link.)
    """
    condition_links = Article.conditions.through.objects.values_list("article_id", flat=True)
    tag_links = TaggedItem.objects.filter(
        content_type=ContentType.objects.get_for_model(Article)
    ).values_list("object_id", flat=True)
    if not connection.features.supports_slicing_ordering_in_compound:
        parts = [
            condition_links.filter(condition_id__in=[c.pk for c in conditions]),
            tag_links.filter(tag_id__in=[t.pk for t in tags]),
        ]
    else:
        parts = [
            condition_links.filter(condition_id=c.pk).order_by("-article_id")[:RELATED_LINKS_PER_TOPIC]
            for c in conditions
        ]
        parts += [
            tag_links.filter(tag_id=t.pk).order_by("-object_id")[:RELATED_LINKS_PER_TOPIC] for t in tags
        ]
    return list(parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0])


def _category_trail(category: Category | None) -> list[tuple[str, str]]:
    """``(name, url)`` from the root category down to ``category``.

    Read from the category's stored path and full name, so it costs no query;
    a name containing " > " falls back to loading the ancestors.
    """
    if category is None:
        return []
    slugs = category.path.split("/")
    names = category.full_name.split(" > ")
    if len(names) != len(slugs):
        return [(c.name, c.get_absolute_url()) for c in category.ancestors(include_self=True)]
    return [
        (name, reverse("articles:category", kwargs={"path": "/".join(slugs[: i + 1])}))
        for i, name in enumerate(names)
    ]


def _category_tree(categories) -> list[dict]:
    """Nest a flat list of categories as ``{"category", "children"}`` dicts, in one query."""
    nodes = {c.pk: {"category": c, "children": []} for c in categories}
    roots = []
    for node in nodes.values():
        parent = nodes.get(node["category"].parent_id)
        (parent["children"] if parent else roots).append(node)
    return roots
