from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from articles.models import Article, Category, Contributor
from comments.context import comment_section


def home(request):
    articles = Article.objects.live().select_related("category")[:20]
    return render(request, "articles/home.html", {"articles": articles})


def article_detail(request, slug):
    article = get_object_or_404(
        Article.objects.live()
        .select_related("category", "medical_reviewer")
        .prefetch_related("authors", "sources", "tags", "conditions"),
        slug=slug,
    )
    return render_article(request, article)


def render_article(request, article: Article, *, preview: bool = False):
    """Render ``article`` with the public template.

    Used by the public article page and by the staff preview, so a preview shows
    exactly what readers will see.
    """
    context = {"article": article, "preview": preview, **comment_section(request, article)}
    return render(request, "articles/article_detail.html", context)


def category_detail(request, path):
    category = get_object_or_404(Category, path=path.strip("/"))
    articles = Article.objects.live().in_category(category).select_related("category")
    page = Paginator(articles, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "articles/category_detail.html",
        {"category": category, "page": page, "breadcrumbs": category.ancestors()},
    )


def contributor_detail(request, slug):
    contributor = get_object_or_404(Contributor, slug=slug)
    articles = Article.objects.live().filter(authors=contributor)[:50]
    return render(
        request, "articles/contributor_detail.html", {"contributor": contributor, "articles": articles}
    )
