from collections import Counter

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When
from django.db.models.functions import Substr, Upper
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject, cached_property
from django.views.decorators.http import require_safe
from taggit.models import Tag, TaggedItem

from articles import search as site_search
from articles.markdown import table_of_contents
from articles.models import Article, ArticleApproval, Category, Contributor, live_article_for_old_slug
from comments.context import comment_section, with_reader_standing
from conditions.index import index_letter
from conditions.models import Condition
from healthsite import cdn, pagecache
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
    # Lazy: the page's content is kept with {% cache %}, so a kept copy runs none of these.
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
    found = (
        Article.objects.live()
        .select_related("category", "medical_reviewer", "hero_image")
        # The page shows the rendered text; the Markdown and the search document can be long.
        .defer("body", "search_document")
        .filter(slug=slug)
    )
    article = with_reader_standing(found, request.user).first()
    if article is None:
        moved = live_article_for_old_slug(slug)
        if moved is None:
            raise Http404("No article lives at this address.")
        return redirect(moved, permanent=True)
    cdn.tag(request, f"article-{article.pk}", *cdn.category_keys(article.category))
    return render_article(request, article)


class ArticleParts:
    """What the article page shows around the article's own fields, each read when
    the template first uses it.

    The page keeps its main part with ``{% cache %}``, so a kept copy reads none
    of these. An unsaved article (a revision being previewed) has no authors,
    tags, sources, conditions or comments of its own yet: those are empty.
    """

    def __init__(self, request, article: Article):
        self.request = request
        self.article = article

    def _linked(self, name: str) -> list:
        return list(getattr(self.article, name).all()) if self.article.pk else []

    @cached_property
    def authors(self) -> list:
        return self._linked("authors")

    @cached_property
    def sources(self) -> list:
        return self._linked("sources")

    @cached_property
    def tags(self) -> list:
        return self._linked("tags")

    @cached_property
    def conditions(self) -> list:
        return self._linked("conditions")

    @cached_property
    def medical_reviewers(self) -> list[Contributor]:
        """Everyone whose approval counted in the last completed medical review, in the order they approved.

        An article reviewed before sign-offs were recorded by version names its
        one recorded reviewer; a reviewer whose profile was deleted since is
        named as they signed (an unsaved ``Contributor``, so without a link).
        """
        article = self.article
        if article.signed_off_revision_id:
            approvals = ArticleApproval.objects.filter(revision_id=article.signed_off_revision_id)
            reviewers = [
                approval.contributor or Contributor(name=approval.signed_off_as)
                for approval in approvals.select_related("contributor")
            ]
            if reviewers:
                return reviewers
        return [article.medical_reviewer] if article.medical_reviewer else []

    @cached_property
    def contents(self) -> list:
        return table_of_contents(self.article.body_html)

    @cached_property
    def page_history(self) -> list[tuple]:
        """``(when, what)`` for readers: first publication, then each major change once published."""
        if not self.article.published_at:
            return []
        entries = (
            list(self.article.page_history.values_list("published_at", "summary")) if self.article.pk else []
        )
        return [(self.article.published_at, "First published"), *entries]

    @cached_property
    def last_modified(self):
        """What the JSON-LD gives as ``dateModified``: never before a change the page history lists."""
        dates = [self.article.updated_at, *(when for when, _ in self.page_history)]
        return max(date for date in dates if date is not None)

    @cached_property
    def breadcrumbs(self) -> list:
        return _category_trail(self.article.category)

    @cached_property
    def _newest(self) -> list[Article]:
        # Enough of the newest to fill "Latest" after removing this article and the related ones.
        return list(Article.objects.live().cards().order_by("-go_live_at", "-pk")[: 5 + 4 + 1])

    @cached_property
    def related(self) -> list[Article]:
        return _related_articles(
            self.article, conditions=self.conditions, tags=self.tags, newest=self._newest
        )

    @cached_property
    def latest(self) -> list[Article]:
        return [a for a in self._newest if a.pk != self.article.pk and a not in self.related][:5]

    @cached_property
    def structured_data(self) -> list[str]:
        url = self.article.get_absolute_url() if self.article.slug else self.request.path
        page = seo.medical_web_page(
            self.request,
            self.article,
            authors=self.authors,
            reviewers=self.medical_reviewers,
            conditions=self.conditions,
            modified=self.last_modified,
        )
        trail = seo.breadcrumb_list(self.request, [*self.breadcrumbs, (self.article.title, url)])
        return [seo.json_ld(page), seo.json_ld(trail)]


def render_article(request, article: Article, *, preview: bool = False):
    """Render ``article`` with the public template.

    Used by the public article page and by the staff preview, so a preview shows
    exactly what readers will see; a preview is never kept.
    """
    url = article.get_absolute_url() if article.slug else request.path
    context = {
        "article": article,
        "parts": ArticleParts(request, article),
        "preview": preview,
        "keep_main": not preview and article.pk is not None,
        "page_title": article.title,
        "page_description": article.summary,
        "canonical_url": request.build_absolute_uri(url),
    }
    if article.pk:
        context.update(comment_section(request, article))
    return render(request, "articles/article_detail.html", context)


@require_safe
def category_detail(request, path):
    category = Category.objects.filter(path=path.strip("/")).first()
    if category is None:
        raise Http404("No topic lives at this address.")
    cdn.tag(request, *cdn.category_keys(category))
    breadcrumbs = _category_trail(category)
    return render(
        request,
        "articles/category_detail.html",
        {
            "category": category,
            "page_title": category.name,
            "page_description": category.description or f"Articles about {category.name}.",
            "subcategories": category.children.order_by("position", "name"),
            # Lazy, with the subcategories: the list is kept with {% cache %}, so a
            # kept copy costs no query beyond finding the category.
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
    # Reviewed: the recorded reviewer, or any reviewer whose approval counted in the last review.
    reviewed = Q(medical_reviewer=contributor) | Q(
        signed_off_revision__in=ArticleApproval.objects.filter(contributor=contributor).values("revision_id")
    )
    articles = (
        Article.objects.live()
        .cards()
        .filter(
            reviewed
            | Q(pk__in=Article.authors.through.objects.filter(contributor=contributor).values("article_id"))
        )
        .annotate(
            is_by_contributor=Exists(
                Article.authors.through.objects.filter(article_id=OuterRef("pk"), contributor=contributor)
            ),
            is_reviewed_by_contributor=Case(When(reviewed, then=True), default=False),
        )
        .order_by("-go_live_at", "-pk")
    )
    return render(
        request,
        "articles/contributor_detail.html",
        {
            "contributor": contributor,
            # Lazy: the list is kept with {% cache %}.
            "page": lazy_paginate(request, articles, ARTICLES_PER_PAGE),
            "page_number": requested_page_number(request),
            "page_title": contributor.name,
            "page_description": f"Articles written or medically reviewed by {contributor}.",
        },
    )


@require_safe
def tag_detail(request, slug):
    tag = Tag.objects.filter(slug=slug).first()
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
            # Lazy: the list is kept with {% cache %}, so a kept copy costs no query.
            "page": SimpleLazyObject(tagged_page),
            "page_number": requested_page_number(request),
            "page_title": f"Articles tagged “{tag.name}”",
            "page_description": f"Articles about {tag.name}.",
        },
    )


@require_safe
def search(request):
    query, was_shortened = site_search.clean_query(request.GET.get("q"))
    try:
        page_number = int(request.GET.get("page") or 1)
    except ValueError:
        raise Http404("There is no such page of results.") from None
    if page_number < 1:
        raise Http404("There is no such page of results.")
    results = None
    if query:
        results = site_search.find(
            query,
            page_number=page_number,
            per_page=SEARCH_RESULTS_PER_PAGE,
            # Read only if a suggestion is needed (nothing found).
            generation=SimpleLazyObject(lambda: pagecache.generation(request)),
        )
    return render(
        request,
        "articles/search.html",
        {
            "query": query,
            "was_shortened": was_shortened,
            "max_query_length": site_search.MAX_QUERY_LENGTH,
            "results": results,
            "page": results.page if results else None,
            "page_title": f"Search results for “{query}”" if query else "Search",
        },
    )


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
        *(When(pk__in=pks, then=Value(n)) for n, pks in by_score.items()),
        default=Value(0),
        output_field=IntegerField(),
    )
    related = list(
        Article.objects.live()
        .cards()
        .filter(pk__in=[pk for pks in by_score.values() for pk in pks])
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
