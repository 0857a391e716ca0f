"""The demo's history is one that could have happened, for every demo article."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article, ArticleApproval

pytestmark = pytest.mark.django_db

S = Article.Status


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())
    return list(Article.objects.order_by("slug"))


def test_every_demo_article_is_created_then_versioned_then_published_then_updated(demo):
    problems = []
    for article in demo:
        versions = list(article.revisions.values_list("number", "created_at"))
        assert versions, article.slug
        for number, saved in versions:
            if saved < article.created_at:
                problems.append(f"{article.slug}: version {number} saved before the article was created")
            if article.published_at and saved > article.published_at:
                problems.append(f"{article.slug}: version {number} saved after it was published")
        # A scheduled article's publication date is still to come; publish_due sees to it then.
        is_published = article.published_at is not None and article.published_at <= timezone.now()
        if is_published and article.updated_at < article.published_at:
            problems.append(f"{article.slug}: updated {article.updated_at:%d %b %Y} before published")
        if article.updated_at < article.created_at:
            problems.append(f"{article.slug}: updated before it was created")
    assert problems == []


def test_every_demo_step_follows_the_one_before_and_happens_in_the_past(demo):
    now = timezone.now()
    problems = []
    for article in demo:
        steps = list(article.status_changes.order_by("pk"))
        times = [article.created_at, *(step.created_at for step in steps)]
        if times != sorted(times):
            problems.append(f"{article.slug}: steps out of order")
        if any(step.created_at > now for step in steps):
            problems.append(f"{article.slug}: a step in the future")
        first_version = article.revisions.order_by("number").first()
        if steps and steps[0].created_at < first_version.created_at:
            problems.append(f"{article.slug}: submitted before its first version was saved")
    assert problems == []


def test_every_demo_review_happened_before_publication_and_is_the_one_the_page_shows(demo):
    problems = []
    for article in demo:
        approvals = list(ArticleApproval.objects.filter(revision__article=article))
        steps = {step.action: step for step in article.status_changes.all()}
        for approval in approvals:
            step_times = [
                s.created_at for s in article.status_changes.filter(action="approve", actor=approval.reviewer)
            ]
            if approval.created_at not in step_times:
                problems.append(f"{article.slug}: an approval at a time no approve step has")
            if approval.created_at < approval.revision.created_at:
                problems.append(f"{article.slug}: approved before the version was saved")
        if "publish" in steps and approvals:
            if max(a.created_at for a in approvals) > steps["publish"].created_at:
                problems.append(f"{article.slug}: published before it was approved")
        if article.last_reviewed_on and approvals:
            last = timezone.localdate(max(a.created_at for a in approvals))
            if last != article.last_reviewed_on:
                problems.append(f"{article.slug}: reviewed on {article.last_reviewed_on}, approved on {last}")
        if article.status == S.PUBLISHED and article.updated_at > timezone.now():
            problems.append(f"{article.slug}: updated in the future")
    assert problems == []


def test_every_demo_source_was_read_before_the_first_draft_cited_it(demo):
    problems = []
    for article in demo:
        drafted = timezone.localdate(article.revisions.order_by("number").first().created_at)
        for source in article.sources.all():
            if source.accessed_on and source.accessed_on > drafted:
                problems.append(f"{article.slug}: “{source.title}” accessed after the draft citing it")
    assert problems == []
