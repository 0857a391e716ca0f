"""Readers are told, near the top of the page, when an article's medical review is overdue."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings as django_settings

from articles import revisions, workflow
from tests.factories import ArticleFactory, ContributorFactory, reviewable_article
from tests.html import parse_html

pytestmark = pytest.mark.django_db

NOTICE = "This page is due for review."


def local(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=ZoneInfo(django_settings.TIME_ZONE))


def notice(client, article) -> str:
    document = parse_html(client.get(article.get_absolute_url()).content)
    found = document.find(".//*[@class='review-overdue']")
    return " ".join("".join(found.itertext()).split()) if found is not None else ""


def overdue_article(**fields):
    return ArticleFactory(
        published=True,
        title="Night-time cramps",
        medical_reviewer=ContributorFactory(name="Dr Okafor", credentials="MRCGP"),
        go_live_at=local(date(2025, 3, 1), 12),
        published_at=local(date(2025, 3, 1), 12),
        last_reviewed_on=date(2025, 3, 1),
        next_review_due=date(2026, 3, 1),
        **fields,
    )


@time_machine.travel("2026-03-10 12:00 +00:00", tick=False)
def test_an_overdue_article_says_so_near_the_top_in_plain_words(client):
    article = overdue_article(body="## Symptoms\n\nCramps at night.")
    assert notice(client, article) == f"{NOTICE} The information was checked on 1 March 2025."
    content = client.get(article.get_absolute_url()).content.decode()
    assert content.index(NOTICE) < content.index("Cramps at night.")


@time_machine.travel("2026-03-01 12:00 +00:00", tick=False)
def test_no_notice_on_or_before_the_due_date(client):
    assert notice(client, overdue_article()) == ""


@time_machine.travel("2026-03-10 12:00 +00:00", tick=False)
def test_an_article_never_reviewed_but_overdue_says_only_that_it_is_due(client):
    article = overdue_article()
    article.last_reviewed_on = None
    article.save()
    assert notice(client, article) == NOTICE


@pytest.mark.parametrize("page_cache", [10**6, 0], ids=["page cache", "fragments only"])
def test_the_notice_appears_when_the_date_passes_though_the_page_was_kept(client, settings, page_cache):
    # Kept for far longer than the day it takes to fall due: only the date's passing can show it.
    settings.PAGE_CACHE_SECONDS = page_cache
    settings.FRAGMENT_CACHE_SECONDS = 10**6
    with time_machine.travel(local(date(2026, 3, 1), 23), tick=False):
        article = overdue_article()
        assert notice(client, article) == ""
        assert notice(client, article) == ""  # now from the cache
    with time_machine.travel(local(date(2026, 3, 2), 0) + timedelta(minutes=1), tick=False):
        assert notice(client, article).startswith(NOTICE)


@pytest.mark.parametrize("page_cache", [10**6, 0], ids=["page cache", "fragments only"])
def test_the_notice_goes_when_a_new_review_completes(
    client, settings, page_cache, writer, editor, credentialed_reviewer, second_reviewer
):
    settings.PAGE_CACHE_SECONDS = page_cache
    settings.FRAGMENT_CACHE_SECONDS = 10**6
    with time_machine.travel("2025-03-01 10:00 +00:00", tick=False):
        article = reviewable_article(title="Night-time cramps", created_by=writer)
        workflow.submit_for_review(article, by=writer)
        workflow.approve(article, by=second_reviewer)
        workflow.approve(article, by=credentialed_reviewer)
        workflow.publish(article, by=editor)

    with time_machine.travel("2026-03-10 12:00 +00:00", tick=False):
        assert notice(client, article).startswith(NOTICE)
        # The editor asks for a review of the live text as it stands; a reviewer signs it off.
        workflow.submit_for_review(article, by=editor)
        assert notice(client, article).startswith(NOTICE)  # not until the review completes
        workflow.approve(article, by=credentialed_reviewer)
        workflow.publish_correction(article, by=editor)

        assert notice(client, article) == ""
        assert article.next_review_due == date(2027, 3, 10)
        assert revisions.snapshot_of(article)["title"] == "Night-time cramps"


@time_machine.travel("2026-03-10 12:00 +00:00", tick=False)
def test_the_next_review_to_fall_due_is_the_start_of_the_day_after_its_due_date():
    from articles.models import Article

    assert Article.objects.next_overdue_at() is None
    ArticleFactory(published=True, next_review_due=date(2026, 3, 9))  # already overdue
    ArticleFactory(status=Article.Status.ARCHIVED, next_review_due=date(2026, 3, 11))  # never overdue
    ArticleFactory(published=True, next_review_due=date(2026, 4, 2))
    ArticleFactory(published=True, next_review_due=date(2026, 3, 10))  # due today, overdue tomorrow
    assert Article.objects.next_overdue_at() == local(date(2026, 3, 11), 0)
