from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from articles.models import Article, Category, Contributor


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
    return render(request, "articles/article_detail.html", {"article": article})


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
