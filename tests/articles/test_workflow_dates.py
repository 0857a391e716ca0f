"""Going live counts as an update of what readers see: "Updated" never predates publication."""

from datetime import datetime, timedelta

import pytest
import time_machine

from articles import workflow
from tests.factories import reviewable_article

pytestmark = pytest.mark.django_db


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


@pytest.fixture
def approved(writer, credentialed_reviewer, second_reviewer):
    with time_machine.travel("2026-01-10 09:00 +00:00", tick=False):
        article = reviewable_article(title="Cramp explained", created_by=writer)
        workflow.record_edit(article, by=writer)
        workflow.submit_for_review(article, by=writer)
        workflow.approve(article, by=second_reviewer)
        workflow.approve(article, by=credentialed_reviewer)
    return article


def test_publishing_a_new_article_makes_its_publication_the_last_update(approved, editor):
    assert approved.updated_at == at("2026-01-10 09:00 +00:00")
    with time_machine.travel("2026-01-20 12:00 +00:00", tick=False):
        workflow.publish(approved, by=editor)
    assert approved.published_at == approved.updated_at == at("2026-01-20 12:00 +00:00")


def test_republishing_keeps_both_dates(approved, editor):
    with time_machine.travel("2026-01-20 12:00 +00:00", tick=False):
        workflow.publish(approved, by=editor)
    with time_machine.travel("2026-02-01 12:00 +00:00", tick=False):
        workflow.unpublish(approved, by=editor)
        workflow.publish(approved, by=editor)
    assert approved.published_at == approved.updated_at == at("2026-01-20 12:00 +00:00")


def test_a_scheduled_article_counts_as_updated_when_it_goes_live(approved, editor):
    go_live = at("2026-02-01 08:00 +00:00")
    with time_machine.travel("2026-01-20 12:00 +00:00", tick=False):
        workflow.schedule(approved, by=editor, at=go_live)
    # Nothing in the future is written: until then the date is the last edit.
    assert approved.updated_at == at("2026-01-10 09:00 +00:00")
    with time_machine.travel(go_live + timedelta(minutes=5), tick=False):
        workflow.publish_due()
    approved.refresh_from_db()
    assert approved.published_at == approved.updated_at == go_live
