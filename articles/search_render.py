"""The lists of search results and the line counting them, as HTML.

A search nobody has made before renders its results on the spot, and a template
loop over them cost as much as the search's own queries; the two lists are
written here with plain string building instead (as ``comments.render`` does for
comment threads). Every piece of text goes through ``html.escape``; snippets
come already escaped, with only our own ``<mark>`` tags (``articles.search``).
"""

from __future__ import annotations

from html import escape

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe


def condition_items(conditions) -> SafeString:
    """``<li>`` cards for conditions found (``search.search``)."""
    items = []
    for condition in conditions:
        other_names = (
            f'<p class="meta">Also called {escape(", ".join(condition.other_names))}</p>'
            if condition.other_names
            else ""
        )
        link = f'<a href="{escape(condition.url)}">{escape(condition.name)}</a>'
        items.append(
            f'<li class="article-card"><h3 class="article-card__title">{link}</h3>'
            f"{other_names}<p>{escape(condition.summary)}</p></li>"
        )
    return mark_safe("\n".join(items))  # noqa: S308 (every piece of text above is escaped)


def article_items(articles) -> SafeString:
    """``<li>`` cards for a page of ``search.FoundArticle``."""
    items = []
    for article in articles:
        snippet = f'<p class="snippet">{article.snippet}</p>' if article.snippet else ""
        category = f'<p class="meta">In {escape(article.category_name)}</p>' if article.category_name else ""
        link = f'<a href="{escape(article.url)}">{escape(article.title)}</a>'
        items.append(
            f'<li class="article-card"><h3 class="article-card__title">{link}</h3>{snippet}{category}</li>'
        )
    return mark_safe("\n".join(items))  # noqa: S308 (text escaped above; snippets arrive escaped)


def results_status(count: int, *, capped: bool) -> SafeString:
    """The line saying how many articles were found (``count``; ``capped`` when more
    matched than were ranked), or where to look when none were."""
    if capped:
        return format_html(
            "More than {0} articles found. These are the best matches among the newest {0}; "
            "add a word to narrow your search.",
            count,
        )
    if count:
        return format_html("{} article{} found.", count, "" if count == 1 else "s")
    return format_html(
        'No articles found. Try fewer or different words, or browse the <a href="{}">conditions A to Z</a>.',
        reverse("conditions:index"),
    )
