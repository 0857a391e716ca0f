"""Search over live articles and the conditions they are linked to.

One rule, two databases:

- PostgreSQL (production): full-text search with stemming. An article's title
  weighs most (A), then its summary (B), then its body (C), using the expression
  indexed in ``Article.Meta``. A condition matches on its name (A), other names
  and summary (B); an article linked to a condition whose name or other name
  matches is found too, so "Isaacs' syndrome" finds neuromyotonia and its
  articles. Results are ranked, come with highlighted snippets, and a query with
  no results gets a "did you mean" suggestion from trigram similarity (pg_trgm).
- SQLite (development): every word of the query must appear, in any case, in
  the same fields; the same condition rule applies.

Only live articles and conditions that have live articles are ever returned.
"""

from __future__ import annotations

import difflib
import re
import unicodedata

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    TrigramSimilarity,
)
from django.db import connection
from django.db.models import (
    Case,
    Exists,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
    prefetch_related_objects,
)
from django.db.models.functions import Greatest
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from taggit.models import Tag

from articles.models import SEARCH_CONFIG, Article
from conditions.models import (
    Condition,
    ConditionAlias,
    live_condition_ids,
    name_search_vector,
)
from pages.pagination import KnownLength

MAX_QUERY_LENGTH = 200
MAX_WORDS = 12
MAX_CONDITIONS = 5
# How many of the most recent matching articles are ranked (see search_articles).
MAX_CANDIDATES = 200
MAX_NAMED_CONDITIONS = 50
SNIPPET_CHARS = 220

# Private-use characters mark highlighted words inside PostgreSQL's headline.
# They are swapped for <mark> only after everything else has been escaped.
_START, _STOP = "\ue000", "\ue001"
# A match found through a linked condition's name scores about what a match in
# the summary (weight B) would.
_CONDITION_MATCH_RANK = 0.25
_SUGGESTION_MIN_SIMILARITY = 0.3


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


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


def search_conditions(query: str) -> list[Condition]:
    """Conditions with live articles matching ``query``, best first.

    On PostgreSQL each has ``name_match``: true when its name or another name
    matched (not just its summary); ``search_articles`` then also finds the
    articles linked to it. Show the first ``MAX_CONDITIONS``.
    """
    if not query_words(query):
        return []
    conditions = Condition.objects.all()
    if _is_postgres():
        ts_query = _ts_query(query)
        by_alias = ConditionAlias.objects.annotate(document=name_search_vector()).filter(document=ts_query)
        conditions = (
            # Not selected: used only inside the filter and the annotations below.
            conditions.alias(
                name_document=name_search_vector(),
                alias_match=Exists(by_alias.filter(condition=OuterRef("pk"))),
            )
            # Each half answered from its own index (the stored document's, the
            # other names'), where an OR would check every condition.
            .filter(
                pk__in=Condition.objects.filter(search_document=ts_query)
                .values("pk")
                .union(by_alias.values("condition_id"))
            )
            .annotate(
                name_match=Q(name_document=ts_query) | Q(alias_match=True),
                rank=SearchRank(F("search_document"), ts_query)
                + Case(
                    When(alias_match=True, then=Value(0.6)), default=Value(0.0), output_field=FloatField()
                ),
            )
            .order_by("-rank", "name")
        )
    else:
        for word in query_words(query):
            conditions = conditions.filter(
                Q(name__icontains=word)
                | Q(summary__icontains=word)
                | Q(pk__in=ConditionAlias.objects.filter(name__icontains=word).values("condition_id"))
            )
        conditions = conditions.order_by("name")
    matched = list(conditions.filter(pk__in_list=live_condition_ids())[:MAX_NAMED_CONDITIONS])
    prefetch_related_objects(matched[:MAX_CONDITIONS], "aliases")  # only these are shown
    return matched


def search_articles(
    query: str, *, conditions: list[Condition] | None = None
) -> QuerySet[Article] | KnownLength:
    """Live articles matching ``query``, best first (lazy, ready to paginate).

    ``conditions`` is what ``search_conditions(query)`` returned, when the caller
    has it already. Pass the page's articles to ``add_snippets`` to get their
    highlighted extracts.
    """
    words = query_words(query)
    if not words:
        return Article.objects.none()
    articles = Article.objects.live().select_related("category")
    if _is_postgres():
        ts_query = _ts_query(query)
        if conditions is None:
            conditions = search_conditions(query)
        # A short list of ids lets PostgreSQL walk the link table's index.
        named = [condition.pk for condition in conditions if condition.name_match]
        # Fetched once: the count and the page then look up a fixed list of ids.
        candidates = list(candidate_matches(ts_query, named))
        via_condition = [pk for pk, via in candidates if via]
        found = {pk for pk, _ in candidates}
        # Every candidate is live, so their number is the number of results: no COUNT.
        return KnownLength(
            articles.filter(pk__in_list=found)
            .annotate(
                rank=SearchRank(F("search_document"), ts_query)
                + Case(
                    When(pk__in_list=via_condition, then=Value(_CONDITION_MATCH_RANK)),
                    default=Value(0.0),
                    output_field=FloatField(),
                ),
                headline=SearchHeadline(
                    "body",
                    ts_query,
                    config=SEARCH_CONFIG,
                    start_sel=_START,
                    stop_sel=_STOP,
                    max_words=30,
                    min_words=12,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                ),
            )
            .order_by("-rank", "-go_live_at", "-pk"),
            len(found),
        )
    named = Condition.objects.with_live_articles()
    own_text = Q()
    for word in words:
        named = named.filter(
            Q(name__icontains=word)
            | Q(pk__in=ConditionAlias.objects.filter(name__icontains=word).values("condition_id"))
        )
        own_text &= Q(title__icontains=word) | Q(summary__icontains=word) | Q(body__icontains=word)
    in_title = Q()
    for word in words:
        in_title &= Q(title__icontains=word)
    linked = _linked_to_named_condition(named)
    return (
        articles.annotate(via_condition=linked)
        .filter(own_text | Q(via_condition=True))
        .annotate(
            score=Case(
                When(in_title, then=Value(2)),
                When(via_condition=True, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by("-score", "-go_live_at", "-pk")
    )


def candidate_matches(ts_query: SearchQuery, named: list[int]) -> QuerySet:
    """``(pk, via_condition)`` of the live articles worth ranking (PostgreSQL).

    An article matches on its own text, or through a condition named in the
    query that it is linked to. Only the ``MAX_CANDIDATES`` most recent matches
    of each kind are ranked: a word found in most articles would otherwise have
    every one of them ranked for each page of results. A UNION rather than OR,
    so each part uses its own index.
    """
    matches = (
        Article.objects.live()
        .filter(search_document=ts_query)
        .order_by("-go_live_at")
        .annotate(via_condition=Value(False))
        .values_list("pk", "via_condition")[:MAX_CANDIDATES]
    )
    if named:
        matches = matches.union(
            Article.objects.live()
            .filter(conditions__in=named)
            .order_by("-go_live_at")
            .annotate(via_condition=Value(True))
            .values_list("pk", "via_condition")[:MAX_CANDIDATES]
        )
    return matches


def add_snippets(articles, query: str) -> None:
    """Give each article a ``snippet``: a short extract with the query's words in ``<mark>``.

    The snippet is escaped HTML in which only our own ``<mark>`` tags survive, so
    whatever an editor typed into the body cannot reach the page as markup.
    """
    words = query_words(query)
    for article in articles:
        headline = getattr(article, "headline", None)
        if headline and _START in headline:
            article.snippet = _highlight(_plain(headline))
        else:
            texts = [article.summary, _plain(article.body)]
            folded_words = [word.casefold() for word in words]
            text = next(
                (t for t in texts if any(w in t.casefold() for w in folded_words)),
                article.summary or texts[1],
            )
            article.snippet = _python_snippet(text, words)


def suggest(query: str) -> str | None:
    """A condition name, other name or tag close to a query that found nothing."""
    if not query_words(query):
        return None
    live = Article.objects.live()
    live_conditions = Condition.objects.with_live_articles()
    live_tags = Tag.objects.filter(Exists(live.filter(tags=OuterRef("pk"))))
    if _is_postgres():

        def close_to_query(queryset):
            # Similarity first: the live-article check then runs only for the few
            # names that are close, not for every tag on the site.
            in_query = Func(F("name"), Value(query), function="word_similarity", output_field=FloatField())
            return (
                queryset.annotate(similarity=Greatest(TrigramSimilarity("name", query), in_query))
                .filter(similarity__gte=_SUGGESTION_MIN_SIMILARITY)
                .values_list("name", "similarity")
            )

        candidates = (
            close_to_query(Condition.objects.all())
            .filter(Exists(live.filter(conditions=OuterRef("pk"))))
            .union(
                close_to_query(ConditionAlias.objects.all()).filter(
                    Exists(live.filter(conditions=OuterRef("condition_id")))
                ),
                close_to_query(Tag.objects.all()).filter(Exists(live.filter(tags=OuterRef("pk")))),
            )
            .order_by("-similarity")
        )
        best = candidates.first()
        if best and best[1] >= _SUGGESTION_MIN_SIMILARITY and best[0].casefold() != query.casefold():
            return best[0]
        return None
    names = [
        *live_conditions.values_list("name", flat=True),
        *ConditionAlias.objects.filter(condition__in=live_conditions).values_list("name", flat=True),
        *live_tags.values_list("name", flat=True),
    ]
    by_folded = {name.casefold(): name for name in names}
    match = difflib.get_close_matches(query.casefold(), list(by_folded), n=1, cutoff=0.75)
    if match and match[0] != query.casefold():
        return by_folded[match[0]]
    return None


def _ts_query(query: str) -> SearchQuery:
    # "websearch" syntax never raises on odd input: quotes, "or", "-word", stray
    # punctuation and SQL metacharacters are all just text to it.
    return SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")


def _linked_to_named_condition(conditions: QuerySet[Condition]) -> Exists:
    return Exists(
        Article.conditions.through.objects.filter(article_id=OuterRef("pk"), condition__in=conditions)
    )


_MARKDOWN_NOISE = [
    (re.compile(r"!?\[([^\]]*)\]\([^)]*\)"), r"\1"),  # links and images: keep the text
    (re.compile(r"(?m)^\s*(#{1,6}|>|!!!|[-*+]|\d+\.)\s+"), ""),  # heading, quote, box and list markers
    (re.compile(r"(\*\*|__|`)"), ""),  # bold and code markers
    (re.compile(r"<[^>]{0,200}>"), " "),  # raw HTML tags
]


def _plain(text: str) -> str:
    """Markdown source made readable as a one-line extract (not HTML: escape it later)."""
    for pattern, replacement in _MARKDOWN_NOISE:
        text = pattern.sub(replacement, text or "")
    return " ".join(text.split())


def _highlight(headline: str) -> SafeString:
    """Escape ``headline`` and turn our markers into balanced ``<mark>`` tags."""
    parts = []
    is_open = False
    for token in re.split(f"([{_START}{_STOP}])", headline):
        if token == _START and not is_open:
            parts.append("<mark>")
            is_open = True
        elif token == _STOP and is_open:
            parts.append("</mark>")
            is_open = False
        elif token not in (_START, _STOP):
            parts.append(escape(token))
    if is_open:
        parts.append("</mark>")
    return mark_safe("".join(parts))  # noqa: S308 (every piece of text above is escaped)


def _python_snippet(text: str, words: list[str]) -> SafeString:
    """An extract of ``text`` around the first query word, words highlighted."""
    text = " ".join((text or "").split())
    folded = text.casefold()
    positions = [folded.find(word.casefold()) for word in words]
    positions = [p for p in positions if p >= 0]
    start = max(0, min(positions) - SNIPPET_CHARS // 3) if positions else 0
    extract = text[start : start + SNIPPET_CHARS]
    if start > 0:
        extract = "…" + extract.split(" ", 1)[-1]
    if start + SNIPPET_CHARS < len(text):
        extract = extract.rsplit(" ", 1)[0] + "…"
    if not words:
        return escape(extract)
    pattern = re.compile("|".join(re.escape(word) for word in sorted(words, key=len, reverse=True)), re.I)
    marked = pattern.sub(lambda m: f"{_START}{m.group(0)}{_STOP}", extract)
    return _highlight(marked)
