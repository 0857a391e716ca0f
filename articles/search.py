"""Search over live articles and the conditions they are linked to.

One rule, two databases:

- PostgreSQL (production): full-text search with stemming, on the documents
  each article and condition stores (``article_search_vector``,
  ``condition_search_vector``). An article's title weighs most (A), then its
  summary and the names and other names of its conditions (B), then its body
  (C), so "Isaacs' syndrome" finds neuromyotonia and the articles linked to it.
  A condition's names weigh more than its summary. Results are ranked and come
  with highlighted snippets.
- SQLite (development): every word of the query must appear, in any case, in
  the same fields; the same condition rule applies.

On both, a query with no results gets a "did you mean" suggestion (``suggest``).

Only live articles and conditions that have live articles are ever returned.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
)
from django.db import connection
from django.db.models import (
    Case,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
    prefetch_related_objects,
)
from django.db.models.functions import Cast
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from rapidfuzz import fuzz, process
from rapidfuzz import utils as fuzz_utils
from taggit.models import Tag

from articles.models import SEARCH_CONFIG, Article
from conditions.models import Condition, ConditionAlias, hidden_condition_ids
from healthsite import pagecache
from healthsite.postgres import CompiledQuery

MAX_QUERY_LENGTH = 200
MAX_WORDS = 12
MAX_CONDITIONS = 5
# How many of the most recent matching articles are ranked (see RankedArticles).
MAX_CANDIDATES = 200
SNIPPET_CHARS = 220

# Private-use characters mark highlighted words inside a snippet.
# They are swapped for <mark> only after everything else has been escaped.
_START, _STOP = "\ue000", "\ue001"
# How close (0-100) a name must be to the query to be suggested.
_SUGGESTION_MIN_SCORE = 80


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


def search(
    query: str, *, page: int = 1, per_page: int = 10
) -> tuple[list[Condition], RankedArticles | WordMatches]:
    """What ``query`` finds: conditions and live articles.

    Conditions come best first, at most ``MAX_CONDITIONS``; a condition matches on
    its name or other names (ranked first) or its summary, and only conditions
    with live articles are found. Each has ``other_names``, the list to show under
    it, and its ``url``.

    Articles come best first, as ``FoundArticle``, ready to paginate. An article
    matches on its own words or on the names and other names of the conditions it
    is linked to. Each article of a page comes with its snippet. ``page`` and
    ``per_page`` say which page will be shown, so that PostgreSQL can find it in
    the same statement as everything else (any other page still works).
    """
    if _is_postgres():
        articles = RankedArticles(query, first=slice((page - 1) * per_page, page * per_page))
        return articles.conditions, articles
    return _conditions_by_words(query), WordMatches(query)


def _conditions_by_words(query: str) -> list[Condition]:
    """SQLite's conditions for ``query``: every word in the name, an other name or the summary."""
    if not query_words(query):
        return []
    conditions = Condition.objects.all()
    for word in query_words(query):
        conditions = conditions.filter(
            Q(name__icontains=word)
            | Q(summary__icontains=word)
            | Q(pk__in=ConditionAlias.objects.filter(name__icontains=word).values("condition_id"))
        )
    hidden = hidden_condition_ids()
    shown = list(conditions.exclude(pk__in=hidden).defer("search_document").order_by("name")[:MAX_CONDITIONS])
    prefetch_related_objects(shown, "aliases")
    for condition in shown:
        condition.other_names = [alias.name for alias in condition.aliases.all()]
        condition.url = _address("conditions:detail", condition.slug)
    return shown


def _matching_conditions(query: str, hidden: list[int]) -> QuerySet:
    ts_query = _ts_query(query)
    other_names = ArraySubquery(
        ConditionAlias.objects.filter(condition=OuterRef("pk")).order_by("name").values("name")
    )
    return (
        Condition.objects.filter(search_document=ts_query)
        .exclude(pk__in_list=hidden)
        .order_by(SearchRank(F("search_document"), ts_query).desc(), "name")
        .values_list("pk", "name", "slug", "summary", other_names)[:MAX_CONDITIONS]
    )


@dataclass
class FoundArticle:
    """An article as the search results show it."""

    title: str
    url: str
    summary: str
    body: str
    category_name: str = ""
    # A short extract with the query's words in <mark> (see _snippet).
    snippet: str = ""


class RankedArticles:
    """PostgreSQL's results for one query: a sequence the paginator can page through,
    and the ``conditions`` found.

    Only the ``MAX_CANDIDATES`` most recent matching articles are ranked: a word
    found in most articles would otherwise have every one of them ranked on every
    search. One statement (``_RankedPage``) finds and ranks them, counts them and
    returns the rows of one page, ``first`` (the page the reader asked for), with
    the query's words as PostgreSQL stemmed them and the conditions found; another
    page is read the same way when asked for. ``is_capped`` says whether more
    articles matched than were ranked.
    """

    def __init__(self, query: str, *, first: slice = slice(0, 10)):
        self.query = query
        self.now = timezone.now()
        self.count = 0
        self.is_capped = False
        self.conditions: list[Condition] = []
        # The query's words as PostgreSQL stemmed them, to highlight in snippets.
        self.words = None
        # Places (from 0) of the rows read so far, and the rows.
        self._read = slice(0, 0)
        self._rows: list[tuple] = []
        if query_words(query):
            # A page past the last one is only counted (the paginator then answers 404).
            start = min(first.start, MAX_CANDIDATES)
            self._read_page(start, max(start, min(first.stop, start + MAX_CANDIDATES)))

    def _read_page(self, start: int, stop: int) -> None:
        hidden = sorted(hidden_condition_ids())
        (_, total, stemmed, conditions, *_), *rows = _RANKED_PAGE.rows(
            self.query, self.now, hidden, start, stop
        )
        self.conditions = []
        for pk, name, slug, summary, other_names in conditions or []:
            condition = Condition(pk=pk, name=name, slug=slug, summary=summary)
            condition.other_names = other_names or []
            condition.url = _address("conditions:detail", slug)
            self.conditions.append(condition)
        # One more than is ranked is read, to tell "exactly 200" from "more than 200".
        self.is_capped = total > MAX_CANDIDATES
        self.count = min(total, MAX_CANDIDATES)
        self.words = _stem_pattern(stemmed) if total else None
        self._read = slice(start, stop)
        self._rows = rows

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, index: slice) -> list[FoundArticle]:
        start, stop = index.start or 0, min(index.stop, self.count)
        if start >= stop:
            return []
        if not (self._read.start <= start and stop <= self._read.stop):
            self._read_page(start, stop)
        page = [
            FoundArticle(title, _address("articles:detail", slug), summary, body, category_name or "")
            for _, _, _, _, title, slug, summary, body, category_name in self._rows[
                start - self._read.start : stop - self._read.start
            ]
        ]
        for article in page:
            article.snippet = _snippet(article, self.words)
        return page


def ranked_candidates(query: str, now) -> QuerySet:
    """``(pk, rank, stemmed query, go-live time)`` of the newest articles live at ``now``
    matching ``query``, newest first: ``MAX_CANDIDATES`` and one more."""
    ts_query = _ts_query(query)
    return (
        Article.objects.live(at=now)
        .filter(search_document=ts_query)
        .order_by("-go_live_at", "-pk")
        .values_list(
            "pk", SearchRank(F("search_document"), ts_query), Cast(ts_query, TextField()), "go_live_at"
        )[: MAX_CANDIDATES + 1]
    )


class _RankedPage:
    """The SQL of one search on PostgreSQL, around ``ranked_candidates``' and
    ``_matching_conditions``' own.

    Rows: first ``(0, number of candidates, stemmed query, conditions, None...)``,
    the conditions as a JSON list of ``[pk, name, slug, summary, other names]``;
    then the page's articles ``(place, None, None, None, title, slug, summary,
    body, category name)`` in order. The newest ``MAX_CANDIDATES`` candidates are
    ranked, best first, equal ranks newest first; places ``start + 1`` to
    ``stop`` are read.
    """

    def __init__(self, query: str, now, hidden: list[int], start: int, stop: int):
        self.candidates = ranked_candidates(query, now)
        self.conditions = _matching_conditions(query, hidden)
        self.start, self.stop = start, stop

    def as_sql(self, using: str) -> tuple[str, tuple]:
        candidates, candidate_params = self.candidates.query.get_compiler(using).as_sql()
        conditions, condition_params = self.conditions.query.get_compiler(using).as_sql()
        article = Article._meta
        category = article.get_field("category").related_model._meta
        sql = f"""
            WITH candidates (id, rank, stemmed, go_live_at) AS ({candidates}),
            ranked AS (
                SELECT id, row_number() OVER (ORDER BY rank DESC, go_live_at DESC, id DESC) AS place
                FROM (
                    SELECT * FROM candidates ORDER BY go_live_at DESC, id DESC LIMIT {int(MAX_CANDIDATES)}
                ) AS newest
            )
            SELECT 0, (SELECT count(*) FROM candidates), (SELECT max(stemmed) FROM candidates),
                -- Aggregated in the order the (sorted) conditions come.
                (SELECT json_agg(json_build_array(f.id, f.name, f.slug, f.summary, f.other_names))
                 FROM ({conditions}) AS f (id, name, slug, summary, other_names)),
                NULL, NULL, NULL, NULL, NULL
            UNION ALL (
                SELECT ranked.place, NULL, NULL, NULL, a.{article.get_field("title").column},
                    a.{article.get_field("slug").column}, a.{article.get_field("summary").column},
                    a.{article.get_field("body").column}, c.{category.get_field("name").column}
                FROM ranked
                JOIN {article.db_table} AS a ON a.{article.pk.column} = ranked.id
                LEFT JOIN {category.db_table} AS c
                    ON c.{category.pk.column} = a.{article.get_field("category").column}
                WHERE ranked.place > %s AND ranked.place <= %s
            )
            ORDER BY 1"""
        return sql, (*candidate_params, *condition_params, self.start, self.stop)


# Compiled once per process (see CompiledQuery): stand-ins no real search uses.
_QUERY_STAND_IN = "\ue002search words\ue002"  # clean_query() removes private-use characters
_TIME_STAND_IN = datetime(1900, 1, 1, tzinfo=UTC)
_RANKED_PAGE = CompiledQuery(
    _RankedPage,
    _QUERY_STAND_IN,
    _TIME_STAND_IN,
    [-1],
    -1_000_001,
    -1_000_002,
    shape=lambda: (MAX_CANDIDATES, MAX_CONDITIONS),
)


class WordMatches:
    """SQLite's results for one query: every word must appear; title matches first."""

    def __init__(self, query: str):
        words = query_words(query)
        self.is_capped = False
        self.words = _word_pattern(words)
        if not words:
            self.articles = Article.objects.none()
            return
        named = Condition.objects.with_live_articles()
        own_text = Q()
        in_title = Q()
        for word in words:
            named = named.filter(
                Q(name__icontains=word)
                | Q(pk__in=ConditionAlias.objects.filter(name__icontains=word).values("condition_id"))
            )
            own_text &= Q(title__icontains=word) | Q(summary__icontains=word) | Q(body__icontains=word)
            in_title &= Q(title__icontains=word)
        self.articles = (
            Article.objects.live()
            .select_related("category")
            .annotate(via_condition=_linked_to_named_condition(named))
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

    def __len__(self) -> int:
        return self.articles.count()

    def __getitem__(self, index: slice) -> list[FoundArticle]:
        page = [
            FoundArticle(
                article.title,
                _address("articles:detail", article.slug),
                article.summary,
                article.body,
                article.category.name if article.category else "",
            )
            for article in self.articles[index]
        ]
        for article in page:
            article.snippet = _snippet(article, self.words)
        return page


def _address(view_name: str, slug: str) -> str:
    """``reverse(view_name, slug)``, without resolving the pattern for every result."""
    before, after = _address_around_slug(view_name, get_script_prefix())
    return f"{before}{slug}{after}"


@functools.lru_cache(maxsize=32)
def _address_around_slug(view_name: str, script_prefix: str) -> tuple[str, str]:
    # Worked out once: the address of a page named by its slug, either side of
    # the slug (slugs need no escaping). A search shows fifteen such links.
    before, after = reverse(view_name, kwargs={"slug": "slug-goes-here"}).split("slug-goes-here")
    return before, after


def _snippet(article: FoundArticle, words: re.Pattern | None) -> SafeString:
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


def _word_pattern(words: list[str]) -> re.Pattern | None:
    """The query's words anywhere, in any case (SQLite's rule for a match)."""
    if not words:
        return None
    return re.compile("|".join(re.escape(word) for word in sorted(words, key=len, reverse=True)), re.I)


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


def suggest(query: str) -> str | None:
    """A condition name, other name or tag close to a query that found nothing.

    Compared in Python (rapidfuzz) with the names of conditions that have live
    articles, their other names and the tags on live articles, kept in each
    process until the site changes: asking the database to compare the query with
    every name cost tens of milliseconds for each search that found nothing (a
    typo, most often). The comparison forgives typos ("neuromiotonia") and finds
    a name inside a longer query ("neuromyotonia symptoms").
    """
    if not query_words(query):
        return None
    names, compared = _suggestible_names()
    match = process.extractOne(
        fuzz_utils.default_process(query), compared, scorer=fuzz.WRatio, score_cutoff=_SUGGESTION_MIN_SCORE
    )
    if match and names[match[2]].casefold() != query.casefold():
        return names[match[2]]
    return None


def _suggestible_names() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Names a search may suggest (conditions with live articles, their other names, the
    tags on live articles), and the same names folded for comparing; kept per process
    until the site changes."""

    def build():
        live = Article.objects.live()
        conditions = Condition.objects.with_live_articles()
        names = tuple(
            sorted(
                {
                    *conditions.values_list("name", flat=True),
                    *ConditionAlias.objects.filter(condition__in=conditions).values_list("name", flat=True),
                    *Tag.objects.filter(Exists(live.filter(tags=OuterRef("pk")))).values_list(
                        "name", flat=True
                    ),
                }
            )
        )
        return names, tuple(fuzz_utils.default_process(name) for name in names)

    return pagecache.site_wide("suggestible-names", build)


def _ts_query(query: str) -> SearchQuery:
    # "websearch" syntax never raises on odd input: quotes, "or", "-word", stray
    # punctuation and SQL metacharacters are all just text to it.
    return SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")


def _linked_to_named_condition(conditions: QuerySet[Condition]) -> Exists:
    return Exists(
        Article.conditions.through.objects.filter(article_id=OuterRef("pk"), condition__in=conditions)
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
