"""A watched phrase with an empty or unknown category or action can neither be stored nor break commenting."""

import contextlib
import logging

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from comments.models import Comment, WatchedPhrase

BEFORE = [("comments", "0003_seed_watched_phrases")]
REPAIRED = [("comments", "0004_watched_phrase_choices_checked")]


@contextlib.contextmanager
def _choice_checks_off():
    """Let the test store what an older database, a fixture or a raw import could hold."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA ignore_check_constraints = ON")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA ignore_check_constraints = OFF")
    else:
        # Inside the test's transaction: rolled back with it.
        with connection.cursor() as cursor:
            for name in ("watched_phrase_category_is_a_reason", "watched_phrase_action_is_known"):
                cursor.execute(f"ALTER TABLE comments_watchedphrase DROP CONSTRAINT {name}")
        yield


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("category", "action"),
    [("", "hold"), ("Misinformation", "hold"), ("misinfo", "hold"), ("spam", ""), ("spam", "HOLD")],
)
def test_the_database_refuses_a_category_or_action_that_is_not_a_choice(category, action):
    with pytest.raises(IntegrityError), transaction.atomic():
        WatchedPhrase.objects.create(phrase="watched words", category=category, action=action)


@pytest.mark.django_db
def test_a_phrase_with_an_empty_category_is_skipped_and_logged_and_comments_still_post(
    client, article, trusted_reader, caplog
):
    with _choice_checks_off():
        WatchedPhrase.objects.create(phrase="flush it out", category="", action="hold")
        WatchedPhrase.objects.create(phrase="quokka", category="misinformation", action="")
    client.force_login(trusted_reader)

    with caplog.at_level(logging.WARNING, logger="comments.screening"):
        response = client.post(
            reverse("comments:post", args=[article.pk]), {"text": "Quokka pictures cheer me up. Thank you!"}
        )

    assert response.status_code == 302
    comment = Comment.objects.get(article=article, author=trusted_reader)
    assert comment.status == Comment.Status.APPROVED
    assert "its category '' is not one of the reasons" in caplog.text
    assert "its action '' is not block, hold or flag" in caplog.text
    # The other phrases still work.
    response = client.post(
        reverse("comments:post", args=[article.pk]), {"text": "Doctors won't tell you about this."}
    )
    assert response.status_code == 302
    assert Comment.objects.get(text__startswith="Doctors won't").status == Comment.Status.PENDING


@pytest.mark.django_db(transaction=True)
def test_the_migration_repairs_bad_rows_before_enforcing_the_choices():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("comments", "WatchedPhrase")
    rows = {
        "empty": old.objects.create(phrase="empty category", category="", action="flag", note="Kept note."),
        "label": old.objects.create(phrase="label", category="Safeguarding concern", action=" HOLD "),
        "unknown": old.objects.create(phrase="unknown", category="rubbish", action="Block"),
        "fine": old.objects.create(phrase="fine", category="spam", action="block", note="Untouched."),
    }

    executor = MigrationExecutor(connection)
    executor.migrate(REPAIRED)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    repaired = {key: WatchedPhrase.objects.get(pk=row.pk) for key, row in rows.items()}
    assert (repaired["empty"].category, repaired["empty"].action) == ("misinformation", "flag")
    assert repaired["empty"].is_active
    assert repaired["empty"].note == "Repaired: category '' became Misinformation. Please check. Kept note."
    assert (repaired["label"].category, repaired["label"].action) == ("safeguarding", "hold")
    assert (repaired["unknown"].category, repaired["unknown"].action) == ("misinformation", "block")
    assert repaired["unknown"].note.startswith(
        "Repaired: category 'rubbish' became Misinformation; action 'Block' became Block."
    )
    assert (repaired["fine"].category, repaired["fine"].note) == ("spam", "Untouched.")
    with pytest.raises(IntegrityError), transaction.atomic():
        WatchedPhrase.objects.filter(pk=rows["fine"].pk).update(category="")
