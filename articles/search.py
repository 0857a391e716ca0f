"""Search over live articles and the conditions they are linked to.

What matches, and in what order, is the querysets' rule: ``Article.objects.search()``
and ``Condition.objects.search()`` (full text on PostgreSQL, whole words on SQLite).
This module cleans what the reader typed, reads one page of results, and writes the
extracts ("snippets") with the query's words highlighted. A query with no results
gets a "did you mean" suggestion (``suggest``).
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

from django.contrib.postgres.expressions import ArraySubquery
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Prefetch, Window
from django.http import Http404
from django.utils.safestring import SafeString, mark_safe
from rapidfuzz import fuzz, process
from rapidfuzz import utils as fuzz_utils
from taggit.models import Tag

from articles import models as article_models
from articles.models import Article
from conditions.models import Condition, ConditionAlias
from media.render import PICTURE_FIELDS
from pages.pagination import counted_page

MAX_QUERY_LENGTH = 200
MAX_WORDS = 12
MAX_CONDITIONS = 5
SNIPPET_CHARS = 220

# Private-use characters mark highlighted words inside a snippet.
# They are swapped for <mark> only after everything else has been escaped.
_START, _STOP = "\ue000", "\ue001"
# How close (0-100) a name must be to the query to be suggested.
_SUGGESTION_MIN_SCORE = 80


@dataclass
class Results:
    """What a search found: conditions, a page of articles, and how to describe them."""

    conditions: list
    page: object  # a paginator page of articles, each with a ``snippet``
    count: int
    # More articles matched than are ranked (``SEARCH_CANDIDATES``).
    is_capped: bool
    suggestion: str | None = None


def clean_query(raw: str | None) -> tuple[str, bool]:
    """Return ``(query, was_shortened)``: readable text safe to send to the database.

    Control characters (including NUL, which PostgreSQL rejects), our highlight
    markers and repeated spaces are removed; very long queries are cut short.
    """
    text = unicodedata.normalize("NFKC", raw or "")
    text = "".join(
        " " if unicodedata.category(ch) in {"Cc", "Cf", "Cs", "Co", "Zl", "Zp"} else ch for ch in text
    )
    text = " ".join(text.split())
    shortened = len(text) > MAX_QUERY_LENGTH
    return text[:MAX_QUERY_LENGTH].strip(), shortened


def query_words(query: str) -> list[str]:
    return re.findall(r"\w+", query)[:MAX_WORDS]


def find(query: str, *, page_number: int, per_page: int, generation: str = "") -> Results:
    """Conditions and one page of articles for ``query`` (cleaned by ``clean_query``).

    The page's articles, their total and the stemmed query come in one statement
    (a window count); a page past the last one answers 404.
    """
    words = " ".join(query_words(query))
    rows = []
    if words:
        articles = (
            Article.objects.search(words)
            .select_related("category", "hero_image")
            .only(
                "title",
                "slug",
                "summary",
                "body",
                "go_live_at",
                "category__name",
                "category__path",
                *(f"hero_image__{name}" for name in PICTURE_FIELDS),
            )
            # The total, and whether more match than are ranked, come with the page.
            .annotate(total=Window(Count("*")), more=Exists(_first_unranked(words)))
        )
        start = (page_number - 1) * per_page
        rows = list(articles[start : start + per_page])
    if not rows and page_number > 1:
        raise Http404("There is no such page of results.")
    total = rows[0].total if rows else 0
    highlight = _highlight_pattern(words, rows)
    for article in rows:
        article.snippet = _snippet(article, highlight)
    conditions = _conditions(words) if words else []
    results = Results(
        conditions=conditions,
        page=counted_page(rows, number=page_number, per_page=per_page, count=total),
        count=total,
        is_capped=bool(rows) and rows[0].more,
    )
    if words and not rows and not conditions:
        results.suggestion = suggest(query, generation=generation)
    return results


def _first_unranked(words: str):
    """The match just past the ranked ones (``SEARCH_CANDIDATES``): it exists when more match."""
    first = article_models.SEARCH_CANDIDATES
    return Article.objects.matching(words).order_by()[first : first + 1]


def _conditions(words: str) -> list[Condition]:
    """The best conditions for ``words``, each with ``other_names``."""
    found = Condition.objects.search(words).defer("search_document")
    if connection.vendor == "postgresql":
        # In the same statement as the conditions.
        names = ConditionAlias.objects.filter(condition=OuterRef("pk")).order_by("name").values("name")
        return list(found.annotate(other_names=ArraySubquery(names))[:MAX_CONDITIONS])
    aliases = Prefetch("aliases", queryset=ConditionAlias.objects.order_by("name"))
    conditions = list(found.prefetch_related(aliases)[:MAX_CONDITIONS])
    for condition in conditions:
        condition.other_names = [alias.name for alias in condition.aliases.all()]
    return conditions


def _highlight_pattern(words: str, rows: list) -> re.Pattern | None:
    """What to highlight: the stems PostgreSQL matched, or the words at word starts (SQLite)."""
    if rows and hasattr(rows[0], "stemmed"):
        return _stem_pattern(rows[0].stemmed)
    if not words:
        return None
    alternatives = sorted({re.escape(word) for word in words.split()}, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\w*", re.I)


def _snippet(article, words: re.Pattern | None) -> SafeString:
    """A short extract of the body (or else the summary) around the first of ``words``,
    each of them in ``<mark>``.

    Escaped HTML in which only our own ``<mark>`` tags survive, so whatever an
    editor typed into the body cannot reach the page as markup. Worked out here
    rather than by PostgreSQL's ts_headline, which parses the whole body of every
    result on each search: long articles made that the costliest part of a search.
    """
    # Only the stretch of text around the first match is cleaned of Markdown, so a
    # long article costs no more than a short one.
    for source in (article.body, article.summary):
        match = words.search(source) if words else None
        if match:
            around = max(0, match.start() - SNIPPET_CHARS)
            text = _plain(source[around : match.start() + 2 * SNIPPET_CHARS])
            break
    else:
        text = _plain((article.summary or article.body)[: 2 * SNIPPET_CHARS])
    match = words.search(text) if words else None
    start = max(0, match.start() - SNIPPET_CHARS // 3) if match else 0
    extract = text[start : start + SNIPPET_CHARS]
    if start > 0:
        extract = "…" + extract.split(" ", 1)[-1]
    if start + SNIPPET_CHARS < len(text):
        extract = extract.rsplit(" ", 1)[0] + "…"
    if words:
        extract = words.sub(_MARKED, extract)
    return _highlight(extract)


def _stem_pattern(ts_query: str) -> re.Pattern | None:
    """Whole words starting with the stems in PostgreSQL's ``ts_query`` ("'cramp' & 'night'").

    A stem that ends in "i" stands for a word ending in "y" too ("bodi", body), as
    the English stemmer writes them. Words the query excludes (``!'pain'``) are
    not highlighted.
    """
    stems = [
        stem.replace("''", "'") for sign, stem in re.findall(r"(!?)'((?:[^']|'')+)'", ts_query) if not sign
    ]
    alternatives = set()
    for stem in stems:
        alternatives.add(re.escape(stem))
        if stem.endswith("i"):
            alternatives.add(re.escape(stem[:-1]) + "y")
    if not alternatives:
        return None
    return re.compile(r"\b(?:" + "|".join(sorted(alternatives, key=len, reverse=True)) + r")\w*", re.I)


def suggest(query: str, *, generation: str = "") -> str | None:
    """A condition name, other name or tag close to a query that found nothing.

    Compared in Python (rapidfuzz) with the names of conditions that have live
    articles, their other names and the tags on live articles. The names are kept
    in the cache until the site changes (``generation``, the page cache's), as
    asking the database to compare the query with every name would cost a scan of
    them for each search that found nothing (a typo, most often). The comparison
    forgives typos ("neuromiotonia") and finds a name inside a longer query
    ("neuromyotonia symptoms").
    """
    if not query_words(query):
        return None
    names = cache.get_or_set(f"search:suggestible-names:{generation}", _suggestible_names, timeout=3600)
    compared = [fuzz_utils.default_process(name) for name in names]
    match = process.extractOne(
        fuzz_utils.default_process(query), compared, scorer=fuzz.WRatio, score_cutoff=_SUGGESTION_MIN_SCORE
    )
    if match and names[match[2]].casefold() != query.casefold():
        return names[match[2]]
    return None


def _suggestible_names() -> list[str]:
    """Conditions with live articles, their other names and the tags on live articles."""
    conditions = Condition.objects.with_live_articles()
    live = Article.objects.live()
    return sorted(
        {
            *conditions.values_list("name", flat=True),
            *ConditionAlias.objects.filter(condition__in=conditions).values_list("name", flat=True),
            *Tag.objects.filter(Exists(live.filter(tags=OuterRef("pk")))).values_list("name", flat=True),
        }
    )


# Markdown and HTML left out of extracts, each with a character it cannot match
# without (checked first: most stretches of text have no links, bold or raw HTML).
_MARKDOWN_NOISE = [
    ("[", re.compile(r"!?\[([^\]]*)\]\([^)]*\)"), r"\1"),  # links and images: keep the text
    ("", re.compile(r"(?m)^\s*(#{1,6}|>|!!!|[-*+]|\d+\.)\s+"), ""),  # heading, quote, box and list markers
    ("*_`", re.compile(r"(\*\*|__|`)"), ""),  # bold and code markers
    ("<", re.compile(r"<[^>]{0,200}>"), " "),  # raw HTML tags
]
# A match of the query's words, between our highlight markers.
_MARKED = f"{_START}\\g<0>{_STOP}"


def _plain(text: str) -> str:
    """Markdown source made readable as a one-line extract (not HTML: escape it later).

    Our highlight markers are dropped should the text itself contain them, so the
    only markers in an extract are the ones ``_snippet`` puts around the words.
    """
    text = (text or "").replace(_START, "").replace(_STOP, "")
    for needs, pattern, replacement in _MARKDOWN_NOISE:
        if not needs or any(ch in text for ch in needs):
            text = pattern.sub(replacement, text)
    return " ".join(text.split())


def _highlight(marked: str) -> SafeString:
    """Escape ``marked`` and turn our markers into ``<mark>`` tags.

    Balanced by construction: ``_plain`` removes markers from the text, and each
    match of the words gets one of each around it.
    """
    escaped = html.escape(marked).replace(_START, "<mark>").replace(_STOP, "</mark>")
    return mark_safe(escaped)  # noqa: S308 (the text is escaped; only our own tags are added)
