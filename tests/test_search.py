"""Search over live articles and conditions, on PostgreSQL (full text) and SQLite (words)."""

import pytest
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F
from django.test.utils import override_script_prefix
from django.utils import timezone

from articles import search
from articles.models import Article, refresh_search_documents
from tests.factories import ArticleFactory, ConditionAliasFactory, ConditionFactory
from tests.html import parse_html

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search")
sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite fallback search")


@pytest.fixture
def neuromyotonia():
    condition = ConditionFactory(
        name="Neuromyotonia", slug="neuromyotonia", summary="Overactive nerves cause twitching."
    )
    ConditionAliasFactory(condition=condition, name="Isaacs' syndrome")
    article = ArticleFactory(
        published=True,
        title="Living with stiff muscles",
        summary="Practical tips.",
        body="Stretching and warmth help.",
    )
    article.conditions.add(condition)
    return condition, article


def _titles(response):
    return [article.title for article in response.context["page"]]


def _first_snippet(client, query):
    """The first result's snippet for ``query``, and its text."""
    snippet = parse_html(client.get("/search/", {"q": query}).content).find(".//p[@class='snippet']")
    return snippet, "".join(snippet.itertext())


def test_an_alias_finds_its_condition_and_the_articles_linked_to_it(client, neuromyotonia):
    condition, article = neuromyotonia

    response = client.get("/search/", {"q": "Isaacs' syndrome"})

    assert response.status_code == 200
    assert response.context["results"].conditions == [condition]
    assert _titles(response) == [article.title]
    parse_html(response.content)


@pytest.mark.parametrize("status", [s for s in Article.Status if s not in Article.LIVE_STATUSES])
def test_search_never_lists_articles_that_are_not_live(client, status):
    ArticleFactory(status=status, title="Hidden neuromyotonia guide")
    ArticleFactory(scheduled=True, title="Future neuromyotonia guide")

    response = client.get("/search/", {"q": "neuromyotonia"})

    assert _titles(response) == []
    assert "guide" not in response.content.decode()


def test_articles_are_found_by_their_conditions_names_whichever_way_the_names_change(client, neuromyotonia):
    condition, article = neuromyotonia

    condition.name = "Peripheral nerve hyperexcitability"
    condition.save()
    assert _titles(client.get("/search/", {"q": "hyperexcitability"})) == [article.title]
    assert _titles(client.get("/search/", {"q": "neuromyotonia"})) == []

    ConditionAliasFactory(condition=condition, name="Continuous muscle fibre activity")
    assert _titles(client.get("/search/", {"q": "fibre activity"})) == [article.title]

    condition.aliases.get(name="Isaacs' syndrome").delete()
    response = client.get("/search/", {"q": "Isaacs"})
    assert _titles(response) == []
    assert response.context["results"].conditions == []


def test_articles_are_no_longer_found_by_a_condition_they_were_unlinked_from(client, neuromyotonia):
    condition, article = neuromyotonia
    other = ArticleFactory(published=True, title="Cramp diary")
    other.conditions.set([condition])  # as the admin form saves links
    assert _titles(client.get("/search/", {"q": "Isaacs"})) == [other.title, article.title]

    article.conditions.remove(condition)
    assert _titles(client.get("/search/", {"q": "Isaacs"})) == [other.title]

    condition.articles.clear()
    assert _titles(client.get("/search/", {"q": "Isaacs"})) == []


def test_deleting_a_condition_stops_its_name_finding_its_former_articles(client, neuromyotonia):
    condition, article = neuromyotonia
    condition.delete()

    response = client.get("/search/", {"q": "neuromyotonia"})
    assert _titles(response) == []
    assert response.status_code == 200
    assert _titles(client.get("/search/", {"q": "stiff muscles"})) == [article.title]


@postgres_only
def test_a_condition_found_by_its_other_name_comes_before_one_only_describing_the_words(client):
    described = ConditionFactory(name="Cramp fasciculation", summary="Often confused with Isaacs' syndrome.")
    named = ConditionFactory(name="Neuromyotonia", summary="Overactive nerves.")
    ConditionAliasFactory(condition=named, name="Isaacs' syndrome")
    for condition in (described, named):
        ArticleFactory(published=True).conditions.add(condition)

    assert client.get("/search/", {"q": "Isaacs' syndrome"}).context["results"].conditions == [
        named,
        described,
    ]


@postgres_only
def test_a_word_in_more_articles_than_are_ranked_says_so(client, monkeypatch):
    import articles.models

    monkeypatch.setattr(articles.models, "SEARCH_CANDIDATES", 3)
    for i in range(5):
        ArticleFactory(published=True, title=f"Cramp guide {i}")

    response = client.get("/search/", {"q": "cramp"})

    assert len(response.context["page"]) == 3
    assert "More than 3 articles found." in response.content.decode()
    assert "add a word to narrow your search" in response.content.decode()
    narrower = client.get("/search/", {"q": "cramp guide 4"}).content.decode()
    assert "1 article found." in narrower
    assert "More than" not in narrower

    monkeypatch.setattr(articles.models, "SEARCH_CANDIDATES", 5)
    exactly = client.get("/search/", {"q": "cramp guide"}).content.decode()
    assert "5 articles found." in exactly and "More than" not in exactly


def test_condition_without_live_articles_is_not_found(client):
    condition = ConditionFactory(name="Neuromyotonia")
    ArticleFactory(status=Article.Status.DRAFT).conditions.add(condition)

    assert client.get("/search/", {"q": "neuromyotonia"}).context["results"].conditions == []


def test_every_word_must_match_somewhere(client):
    ArticleFactory(published=True, title="Muscle cramps at night", body="Stretch your calves.")
    ArticleFactory(published=True, title="Muscle weakness", body="Rest.")

    response = client.get("/search/", {"q": "cramps night"})

    assert _titles(response) == ["Muscle cramps at night"]


def test_title_matches_rank_above_body_matches(client):
    ArticleFactory(published=True, title="Sleep and rest", body="Cramps may wake you.")
    ArticleFactory(published=True, title="Cramps explained", body="All about them.")

    assert _titles(client.get("/search/", {"q": "cramps"})) == ["Cramps explained", "Sleep and rest"]


def test_snippets_highlight_the_words_and_escape_the_body(client):
    ArticleFactory(
        published=True,
        title="Cramps",
        summary="",
        body="Some <script>alert('x')</script> text about nocturnal cramps and <b>stretching</b>.",
    )

    content = client.get("/search/", {"q": "nocturnal"}).content.decode()

    assert "<mark>nocturnal</mark>" in content
    assert "<script>alert" not in content and "<b>" not in content
    parse_html(content)


def test_a_snippet_comes_from_around_the_word_even_deep_in_a_long_article(client):
    body = (
        "## Background\n\n" + "General advice about rest. " * 2000 + "Then **nocturnal** cramps <i>began</i>."
    )
    ArticleFactory(published=True, title="Long read", summary="A long article.", body=body)

    snippet, text = _first_snippet(client, "nocturnal")

    assert snippet.find("mark").text == "nocturnal"
    assert text.startswith("…") and "Then nocturnal cramps began" in text
    assert len(text) < 300 and "**" not in text and "<i>" not in text


def test_snippets_stay_well_formed_when_the_body_holds_unusual_characters(client):
    # The private-use characters the highlighter works with, typed into an article.
    ArticleFactory(
        published=True,
        title="Odd characters",
        summary="",
        body="Before \ue001 the [nocturnal](/x/) \ue000cramps__ `code` and <em>stretching</em> after.",
    )

    snippet, text = _first_snippet(client, "nocturnal")

    assert [mark.text for mark in snippet.iter("mark")] == ["nocturnal"]
    assert text == "Before the nocturnal cramps code and stretching after."


@postgres_only
def test_snippets_highlight_other_forms_of_the_words_searched_for(client):
    ArticleFactory(
        published=True,
        title="Night-time",
        summary="Waking in the night.",
        body="## When it happens\n\nMy calf muscles **cramped** and my whole body felt tense.",
    )

    content = client.get("/search/", {"q": "cramps bodies"}).content.decode()

    assert "<mark>cramped</mark>" in content and "<mark>body</mark>" in content
    assert "**" not in content and "##" not in content


def test_stemmed_query_words_match_whole_words_and_skip_excluded_ones():
    pattern = search._stem_pattern("'cramp' & 'bodi' & !'pain' & 'isaac' <-> 'syndrom' & 'o''brien'")

    text = "Cramping, bodies, body, painful, Isaacs' syndrome, O'Brien's, scramp"
    assert [m.group(0) for m in pattern.finditer(text)] == [
        "Cramping",
        "bodies",
        "body",
        "Isaacs",
        "syndrome",
        "O'Brien",
    ]
    assert search._stem_pattern("") is None
    assert search._stem_pattern("!'pain'") is None


def test_result_links_follow_the_address_the_site_is_served_under(client, neuromyotonia):
    condition, article = neuromyotonia

    plain = client.get("/search/", {"q": "Isaacs"}).content.decode()
    with override_script_prefix("/health/"):
        prefixed = client.get("/search/", {"q": "Isaacs syndrome"}).content.decode()

    assert f'href="/articles/{article.slug}/"' in plain and 'href="/conditions/neuromyotonia/"' in plain
    assert f'href="/health/articles/{article.slug}/"' in prefixed
    assert 'href="/health/conditions/neuromyotonia/"' in prefixed


def test_results_are_paginated(client):
    for i in range(11):
        ArticleFactory(published=True, title=f"Cramp guide {i}")

    assert len(client.get("/search/", {"q": "cramp"}).context["page"]) == 10
    assert len(client.get("/search/", {"q": "cramp", "page": 2}).context["page"]) == 1
    assert client.get("/search/", {"q": "cramp", "page": 3}).status_code == 404


def test_links_to_other_pages_of_results_keep_the_words_searched_for(client):
    for i in range(21):
        ArticleFactory(published=True, title=f"Cramp guide {i}")

    html = parse_html(client.get("/search/", {"q": '"cramp" & guide', "page": 2}).content)
    nav = html.find(".//nav[@class='pagination']")

    assert {a.get("rel"): a.get("href") for a in nav.iter("a")} == {
        "prev": "?q=%22cramp%22%20%26%20guide&page=1",
        "next": "?q=%22cramp%22%20%26%20guide&page=3",
    }
    assert nav.find(".//span[@aria-current='page']").text == "Page 2 of 3"


@postgres_only
def test_every_page_of_ranked_results_keeps_one_order(client, monkeypatch):
    import articles.models
    import articles.views

    monkeypatch.setattr(articles.models, "SEARCH_CANDIDATES", 8)
    start = timezone.now() - timezone.timedelta(days=30)
    for day, (title, body) in enumerate(
        [("Cramp relief", "Cramp cramp cramp."), ("Night", "A cramp."), ("Cramps", "Cramp at night.")] * 3
    ):
        ArticleFactory(
            published=True, title=f"{title} {day}", body=body, go_live_at=start + timezone.timedelta(days=day)
        )
    # What the ranking must give: the newest eight matches, best rank first, equal
    # ranks newest first (worked out here with Django's own SearchRank).
    query = SearchQuery("cramp", config="english", search_type="websearch")
    newest = list(
        Article.objects.filter(search_document=query)
        .annotate(rank=SearchRank(F("search_document"), query))
        .order_by("-go_live_at", "-pk")[:8]
    )
    expected = [article.title for article in sorted(newest, key=lambda article: article.rank, reverse=True)]

    monkeypatch.setattr(articles.views, "SEARCH_RESULTS_PER_PAGE", 3)
    # Asked for out of order, as readers follow links: each page is read on its own.
    pages = {number: client.get("/search/", {"q": "cramp", "page": number}) for number in (2, 1, 3)}
    # Nine match, eight are ranked: the reader is told there are more.
    assert "These are the best matches among the newest 8" in pages[2].content.decode()
    assert _titles(pages[1]) + _titles(pages[2]) + _titles(pages[3]) == expected
    assert expected != [article.title for article in newest]  # ranked, not merely listed by date
    assert client.get("/search/", {"q": "cramp", "page": 4}).status_code == 404


@postgres_only
def test_a_new_search_finds_conditions_and_a_page_of_articles_in_two_queries(
    client, django_assert_num_queries
):
    cramp = ConditionFactory(name="Night cramp", summary="Cramps at night.")
    ConditionAliasFactory(condition=cramp, name="Nocturnal leg cramp")
    ConditionAliasFactory(condition=cramp, name="Charley horse")
    for i in range(12):
        article = ArticleFactory(published=True, title=f"Cramp guide {i}", body="Stretch before bed.")
    article.conditions.add(cramp)
    client.get("/search/", {"q": "stretch"})  # the brand, read once and kept in the cache
    # The page of articles with their count, and the conditions with their other names (SQLite
    # reads those apart); the main menu is kept.
    with django_assert_num_queries(2 if connection.vendor == "postgresql" else 3):
        response = client.get("/search/", {"q": "cramp", "page": 2})

    assert [article.title for article in response.context["page"]] == ["Cramp guide 1", "Cramp guide 0"]
    assert response.context["results"].conditions == [cramp]
    assert response.context["results"].conditions[0].other_names == ["Charley horse", "Nocturnal leg cramp"]
    assert f'href="{cramp.get_absolute_url()}"' in response.content.decode()


def test_empty_search_shows_the_form_and_no_results(client):
    response = client.get("/search/")

    assert response.status_code == 200
    content = response.content.decode()
    assert "Type a word or phrase" in content
    assert "article-results-heading" not in content


@pytest.mark.parametrize(
    "query",
    [
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        '"; DROP TABLE articles_article; --',
        "%",
        "_",
        "%_%",
        "\\",
        "a\x00b",
        "\x00",
        "x" * 10_000,
        "cramp " * 2_000,
        "🙂 Zürich ﷽ \u202e\u200b",
        "or and not",
        '"unbalanced',
        "-",
        "!!!",
        "(",
        "&|!:*",
    ],
)
def test_hostile_or_odd_queries_never_fail(client, query):
    ArticleFactory(published=True, title="Cramp guide", body="Plain text.")

    response = client.get("/search/", {"q": query})

    assert response.status_code == 200
    content = response.content.decode()
    assert "<script>alert(1)</script>" not in content
    parse_html(content)


def test_very_long_queries_are_shortened_with_a_note(client):
    response = client.get("/search/", {"q": "cramp " * 2_000})

    assert len(response.context["query"]) <= search.MAX_QUERY_LENGTH
    assert "Your search was very long" in response.content.decode()


def test_wildcard_characters_are_matched_literally(client):
    ArticleFactory(published=True, title="Everything")

    assert _titles(client.get("/search/", {"q": "%"})) == []
    assert _titles(client.get("/search/", {"q": "_"})) == []


def test_clean_query_removes_control_characters():
    assert search.clean_query("  a\x00b\n\tc\u200b ") == ("a b c", False)
    assert search.clean_query(None) == ("", False)


@postgres_only
def test_postgres_search_stems_words(client):
    ArticleFactory(published=True, title="Treating cramps", body="Treatment options.")

    assert _titles(client.get("/search/", {"q": "treatments"})) == ["Treating cramps"]


def test_a_close_name_is_suggested_when_nothing_is_found(client, neuromyotonia):
    response = client.get("/search/", {"q": "neuromiotonia"})

    assert _titles(response) == []
    assert response.context["results"].suggestion == "Neuromyotonia"
    assert 'Did you mean <a href="?q=Neuromyotonia">Neuromyotonia</a>?' in response.content.decode()


@pytest.mark.parametrize(
    ("query", "suggestion"),
    [
        ("isacs sindrome", "Isaacs' syndrome"),  # another name, misspelt
        ("neuromiotonia symptomz", "Neuromyotonia"),  # a name inside a longer query
        ("nightt cramps", "night cramps"),  # a tag
        ("zzzqqq", None),
        ("' OR 1=1 --", None),
    ],
)
def test_suggestions_come_from_other_names_and_tags_and_not_from_nonsense(
    client, neuromyotonia, query, suggestion
):
    ArticleFactory(published=True, title="Stretching", tags=["night cramps"])

    assert client.get("/search/", {"q": query}).context["results"].suggestion == suggestion


def test_only_names_readers_can_open_are_suggested_and_new_ones_at_once(client):
    draft = ArticleFactory(status=Article.Status.DRAFT)
    draft.conditions.add(ConditionFactory(name="Restless legs syndrome"))

    assert not client.get("/search/", {"q": "restles legz"}).context["results"].suggestion

    draft.status, draft.go_live_at = Article.Status.PUBLISHED, timezone.now()
    draft.save()
    assert (
        client.get("/search/", {"q": "restles legz"}).context["results"].suggestion
        == "Restless legs syndrome"
    )


@postgres_only
def test_postgres_search_uses_the_gin_index():
    # Enough articles, one of them with a rare word, for the planner to prefer the
    # word index over reading the newest articles one by one.
    live = {"status": Article.Status.PUBLISHED, "go_live_at": timezone.now()}
    Article.objects.bulk_create(
        Article(title=f"Sleep {n}", slug=f"sleep-{n}", body="Everyday advice about sleep.", **live)
        for n in range(3000)
    )
    ArticleFactory(body="Night cramps in the calves.", **live)
    refresh_search_documents(Article.objects.all())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_article")
    plan = Article.objects.search("cramps").explain()

    assert "article_search_document_idx" in plan


@sqlite_only
def test_sqlite_search_matches_word_starts_in_any_case(client):
    ArticleFactory(published=True, title="Night-time CRAMPS")

    assert _titles(client.get("/search/", {"q": "cramp night"})) == ["Night-time CRAMPS"]


def test_an_edited_condition_is_found_by_its_new_words_and_not_its_old_ones(client, neuromyotonia):
    condition, _ = neuromyotonia
    condition.name = "Peripheral nerve hyperexcitability"
    condition.summary = "Nerves fire on their own, so muscles ripple and cramp."
    condition.save()

    assert client.get("/search/", {"q": "hyperexcitability"}).context["results"].conditions == [condition]
    assert client.get("/search/", {"q": "ripple"}).context["results"].conditions == [condition]
    assert client.get("/search/", {"q": "overactive"}).context["results"].conditions == []


@postgres_only
def test_postgres_condition_search_reads_the_stored_document():
    from conditions.models import Condition

    condition = ConditionFactory(name="Neuromyotonia", summary="Overactive nerves.")
    stored = Condition.objects.filter(pk=condition.pk).values_list("search_document", flat=True).get()
    assert "neuromyotonia" in stored and "overact" in stored


def test_a_word_matches_whole_words_and_word_starts_not_the_inside_of_words(client):
    # On SQLite as on PostgreSQL: "LEMS" (Lambert-Eaton myasthenic syndrome) is not "problems".
    ArticleFactory(published=True, title="Sleep problems", body="Many problems with sleep.")
    ArticleFactory(published=True, title="What is LEMS?", body="LEMS affects the nerves.")
    ArticleFactory(published=True, title="Night cramps", body="Cramps wake people up.")

    response = client.get("/search/", {"q": "LEMS"})
    assert _titles(response) == ["What is LEMS?"]
    assert "prob<mark>" not in response.content.decode()
    assert "<mark>LEMS</mark>" in response.content.decode()
    # A word start still finds longer forms of the word.
    assert _titles(client.get("/search/", {"q": "cramp"})) == ["Night cramps"]
