"""Many readers at once: nothing is lost and the report threshold acts exactly once."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from comments import moderation
from comments.models import Comment, CommentReport, ModerationLogEntry, ModerationSettings
from tests.factories import ArticleFactory, CommentFactory, UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite locks the whole database for each write, so it cannot show concurrent writers.",
    ),
]

READERS = 8


def _run_together(work, items) -> list[Exception]:
    barrier = threading.Barrier(len(items))
    errors = []

    def run(item):
        try:
            barrier.wait(timeout=10)
            work(item)
        except Exception as exc:  # collected and re-raised in the test's thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(item,)) for item in items]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return errors


def test_concurrent_posts_on_one_article_are_all_kept():
    article = ArticleFactory(published=True)
    clients = []
    for n in range(READERS):
        client = Client()
        client.force_login(UserFactory(username=f"reader-{n}"))
        clients.append((n, client))
    statuses = []

    def post(item):
        n, client = item
        response = client.post(
            reverse("comments:post", args=[article.pk]), {"text": f"Comment from reader {n}"}
        )
        statuses.append(response.status_code)

    assert _run_together(post, clients) == []
    assert statuses == [302] * READERS
    assert sorted(Comment.objects.filter(article=article).values_list("text", flat=True)) == sorted(
        f"Comment from reader {n}" for n in range(READERS)
    )


def test_concurrent_reports_hide_the_comment_once():
    settings_row = ModerationSettings.load()
    settings_row.reports_to_hide = 3
    settings_row.save()
    comment = CommentFactory(status=Comment.Status.APPROVED)
    reporters = [UserFactory(username=f"reporter-{n}") for n in range(READERS)]

    errors = _run_together(
        lambda user: moderation.report_comment(comment, by=user, reason="misinformation"), reporters
    )

    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    # The third report hides it; readers who report after that are told it is gone.
    assert CommentReport.objects.filter(comment=comment).count() == 3
    assert [getattr(error, "code", error) for error in errors] == ["gone"] * (READERS - 3)
    assert ModerationLogEntry.objects.filter(action="hide_reported").count() == 1
