#!/usr/bin/env python3
"""Benchmark fixtures, run inside Django with the benchmark database's settings.

bench/prepare.py                 make sure the benchmark article (200 approved comments), its
                                 topic's full pages and the articles with a rare word exist
bench/prepare.py --urls          print the pages to measure as JSON {name: path}
bench/prepare.py --words         print the generated articles' words as JSON
bench/prepare.py --count-queries JSON [SESSION]   print SQL queries per page as JSON {name: count}
                                 (as a logged-in reader when given that reader's session key)
bench/prepare.py --reader-session   print the session key of a logged-in reader (made once)
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "healthsite.settings")

import django  # noqa: E402

django.setup()

from datetime import timedelta  # noqa: E402

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from articles.markdown import render_markdown  # noqa: E402
from articles.models import Article, refresh_search_documents  # noqa: E402
from comments.models import Comment  # noqa: E402

SLUG = "bench-article-with-200-comments"
# A reader who has commented nowhere: what most logged-in readers are on most pages.
READER = "bench-reader"
# Found in a handful of articles, whatever the size of the site: the rare-word search.
RARE_WORD = "neuromyotonia"
RARE_WORD_ARTICLES = 5
# The measured topic page lists this many live articles at any size (more than two
# pages of them), so both sizes measure a full page with the same links to other pages.
CATEGORY_ARTICLES = 30


def ensure_bench_article() -> Article:
    article = Article.objects.filter(slug=SLUG).first()
    if article is None:
        template = Article.objects.live().filter(slug__startswith="gen-").order_by("pk").first()
        article = Article.objects.create(
            title="Benchmark article with two hundred comments",
            slug=SLUG,
            summary=template.summary,
            body=template.body,
            category=template.category,
            medical_reviewer=template.medical_reviewer,
            status=Article.Status.PUBLISHED,
            go_live_at=timezone.now() - timedelta(days=1),
            published_at=timezone.now() - timedelta(days=1),
            last_reviewed_on=timezone.localdate(),
            next_review_due=timezone.localdate() + timedelta(days=365),
        )
        article.tags.set(list(template.tags.all()))
        article.conditions.set(list(template.conditions.all()))
        article.authors.set(list(template.authors.all()))
    missing = 200 - Comment.objects.approved().filter(article=article).count()
    if missing > 0:
        readers = list(get_user_model().objects.filter(username__startswith="gen-")[:50])
        Comment.objects.bulk_create(
            Comment(
                article=article,
                author=readers[i % len(readers)],
                text=f"Comment number {i}. " * 5,
                status=Comment.Status.APPROVED,
            )
            for i in range(missing)
        )
    return article


def ensure_full_category(article: Article) -> None:
    """Move generated articles into ``article``'s topic until it has ``CATEGORY_ARTICLES``
    live ones: on the small site a topic holds a handful, on the large one hundreds, and
    a page of 4 articles against a page of 12 would compare different pages."""
    live = Article.objects.live().filter(slug__startswith="gen-")
    missing = CATEGORY_ARTICLES - live.filter(category=article.category).count()
    if missing > 0:
        moved = live.exclude(category=article.category).order_by("-go_live_at").values_list("pk", flat=True)
        Article.objects.filter(pk__in=list(moved[:missing])).update(category=article.category)


def ensure_rare_word() -> None:
    """Mention ``RARE_WORD`` in a few generated articles (the generator's own words are
    all common), as a rare condition is on a real site."""
    if Article.objects.live().filter(body__contains=RARE_WORD).exists():
        return
    pks = list(
        Article.objects.live().filter(slug__startswith="gen-").order_by("pk").values_list("pk", flat=True)
    )[:RARE_WORD_ARTICLES]
    sentence = f"Muscle cramps that never ease can be a sign of {RARE_WORD}, a rare nerve condition."
    for article in Article.objects.filter(pk__in=pks):
        body = f"{article.body}\n\n{sentence}"
        Article.objects.filter(pk=article.pk).update(body=body, body_html=render_markdown(body))
    refresh_search_documents(Article.objects.filter(pk__in=pks))


def reader_session() -> str:
    """A session of the benchmark reader, logged in as through the log-in page."""
    reader, created = get_user_model().objects.get_or_create(username=READER)
    if created:
        reader.set_password("not-used")
        reader.save()
    client = Client()
    client.force_login(reader)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def urls() -> dict:
    article = Article.objects.get(slug=SLUG)
    # A generated article with its usual handful of comments.
    commented = (
        Article.objects.live()
        .filter(slug__startswith="gen-", comments__status=Comment.Status.APPROVED)
        .order_by("pk")
        .first()
    )
    condition = article.conditions.first()
    tag = article.tags.first()
    category = article.category
    return {
        "home": "/",
        "category": category.get_absolute_url(),
        "article (200 comments)": article.get_absolute_url(),
        "article (a few comments)": commented.get_absolute_url(),
        "condition": condition.get_absolute_url(),
        "tag": f"/tags/{tag.slug}/",
        "search (common word)": "/search/?q=muscle",
        "search (rare word)": f"/search/?q={RARE_WORD}",
        # Measured with a different word and address on every request (bench/report.lua).
        "search (new words each time)": "/search/?q=sleep",
        "feed (RSS)": "/feeds/rss/",
        "sitemap": "/sitemap.xml",
    }


def count_queries(pages: dict, session: str = "") -> dict:
    client = Client()
    if session:
        client.cookies[settings.SESSION_COOKIE_NAME] = session
    counts = {}
    for name, path in pages.items():
        client.get(path, HTTP_HOST="127.0.0.1")  # warm per-process lookups (content types)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path, HTTP_HOST="127.0.0.1")
        assert response.status_code == 200, (name, path, response.status_code)
        counts[name] = len(queries)
    return counts


if __name__ == "__main__":
    if "--words" in sys.argv:
        from articles.management.commands.generate_content import WORDS

        print(json.dumps(WORDS))
    elif "--urls" in sys.argv:
        print(json.dumps(urls()))
    elif "--reader-session" in sys.argv:
        print(reader_session())
    elif "--count-queries" in sys.argv:
        given = sys.argv[sys.argv.index("--count-queries") + 1 :]
        print(json.dumps(count_queries(json.loads(given[0]), *given[1:])))
    else:
        ensure_full_category(ensure_bench_article())
        ensure_rare_word()
