"""Every role x every workflow action x every state.

The allowed combinations are written out below by hand, from the editorial
rules, rather than read from the workflow module: an allowed step must succeed
and reach the expected state; every other must raise and change nothing.
Each combination runs in a savepoint that is rolled back, so every one starts
from the same article and one test per role stays fast.
"""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from articles import revisions, workflow
from articles.models import Article, ArticleApproval, ArticleRevision, ArticleStatusChange
from tests.factories import ContributorFactory, UserFactory, reviewable_article

pytestmark = pytest.mark.django_db

S = Article.Status
ROLES = ["author", "other_writer", "reviewer", "editor", "moderator"]
ACTIONS = list(workflow.USER_ACTIONS)
ARTICLE_STATES = list(S)
CORRECTION_STATES = ["", S.DRAFT, S.IN_REVIEW, S.CHANGES_REQUESTED, S.APPROVED]

# (role, action) -> article states from which it is allowed, for an article
# with no correction waiting.
ALLOWED = {
    ("author", "submit"): {S.DRAFT, S.CHANGES_REQUESTED},
    ("editor", "submit"): {S.DRAFT, S.CHANGES_REQUESTED, S.UNPUBLISHED, S.PUBLISHED, S.SCHEDULED},
    # Withdrawing is for the round's submitter or an editor; the articles here were put
    # in review without anyone submitting them, so only the editor may.
    ("editor", "withdraw"): {S.IN_REVIEW},
    ("reviewer", "approve"): {S.IN_REVIEW},
    ("reviewer", "request_changes"): {S.IN_REVIEW},
    ("editor", "publish"): {S.APPROVED, S.SCHEDULED, S.UNPUBLISHED},
    ("editor", "schedule"): {S.APPROVED, S.UNPUBLISHED},
    ("editor", "unpublish"): {S.PUBLISHED, S.SCHEDULED},
    ("editor", "archive"): set(S) - {S.ARCHIVED},
    ("editor", "reopen"): {S.UNPUBLISHED, S.ARCHIVED},
}
# Where an allowed action leaves (status, correction status).
EXPECTED = {
    "submit": lambda status: (status, S.IN_REVIEW) if status in Article.LIVE_STATUSES else (S.IN_REVIEW, ""),
    "withdraw": lambda status: (S.DRAFT, ""),
    "approve": lambda status: (S.APPROVED, ""),
    "request_changes": lambda status: (S.CHANGES_REQUESTED, ""),
    "publish": lambda status: (S.PUBLISHED, ""),
    "schedule": lambda status: (S.SCHEDULED, ""),
    "unpublish": lambda status: (S.UNPUBLISHED, ""),
    "archive": lambda status: (S.ARCHIVED, ""),
    "reopen": lambda status: (S.DRAFT, ""),
}

# (role, action) -> correction states from which it is allowed on a published article.
ALLOWED_ON_CORRECTION = {
    ("author", "submit"): {S.DRAFT, S.CHANGES_REQUESTED},
    ("editor", "submit"): {"", S.DRAFT, S.CHANGES_REQUESTED},
    ("editor", "withdraw"): {S.IN_REVIEW},
    ("reviewer", "approve"): {S.IN_REVIEW},
    ("reviewer", "request_changes"): {S.IN_REVIEW},
    ("editor", "publish_correction"): {S.APPROVED},
    ("editor", "discard_correction"): {S.DRAFT, S.IN_REVIEW, S.CHANGES_REQUESTED, S.APPROVED},
    ("editor", "unpublish"): set(CORRECTION_STATES),
    ("editor", "archive"): set(CORRECTION_STATES),
}
EXPECTED_ON_CORRECTION = {
    "submit": (S.PUBLISHED, S.IN_REVIEW),
    "withdraw": (S.PUBLISHED, S.DRAFT),
    "approve": (S.PUBLISHED, S.APPROVED),
    "request_changes": (S.PUBLISHED, S.CHANGES_REQUESTED),
    "publish_correction": (S.PUBLISHED, ""),
    "discard_correction": (S.PUBLISHED, ""),
    "unpublish": (S.UNPUBLISHED, ""),
    "archive": (S.ARCHIVED, ""),
}


@pytest.fixture
def people(writer, other_writer, credentialed_reviewer, editor, moderator):
    return {
        "author": writer,
        "other_writer": other_writer,
        "reviewer": credentialed_reviewer,
        "editor": editor,
        "moderator": moderator,
    }


@pytest.fixture(autouse=True)
def _one_reviewer_is_enough(settings):
    # Quorum has its own tests; here one approval completes a review.
    settings.MEDICAL_REVIEW_QUORUM_MAJOR = 1
    settings.MEDICAL_REVIEW_QUORUM_MINOR = 1


def article_in(status, author):
    """An article in ``status`` that meets every content requirement, as if it got there properly."""
    now = timezone.now()
    article = reviewable_article(
        created_by=author,
        status=status,
        go_live_at=now - timedelta(days=1) if status == S.PUBLISHED else now + timedelta(days=1),
        published_at=now - timedelta(days=1) if status in (S.PUBLISHED, S.UNPUBLISHED, S.ARCHIVED) else None,
    )
    workflow.keep_baseline(article)
    if status in (S.APPROVED, S.PUBLISHED, S.SCHEDULED, S.UNPUBLISHED, S.ARCHIVED):
        signed_off(article.latest_revision())
    if status in (S.PUBLISHED, S.SCHEDULED, S.UNPUBLISHED, S.ARCHIVED):
        article.live_revision = article.latest_revision()
        article.save()
    return article


def signed_off(revision):
    """Record the approval an approved version would carry, by a reviewer outside the matrix."""
    contributor = ContributorFactory(credentials="MD", user=UserFactory())
    ArticleApproval.objects.create(
        revision=revision, reviewer=contributor.user, contributor=contributor, signed_off_as=str(contributor)
    )


def article_with_correction(state, author, editor):
    article = article_in(S.PUBLISHED, author)
    if state:
        content = {**revisions.snapshot_of(article), "body": "## Symptoms\n\n- Corrected\n"}
        revision = workflow.propose_correction(article, by=editor, content=content)
        if state == S.APPROVED:
            signed_off(revision)
        article.correction_status = state
        article.save()
    return article


def fingerprint(article):
    article = Article.objects.get(pk=article.pk)
    return (
        article.status,
        article.correction_status,
        article.version,
        article.live_revision_id,
        article.go_live_at,
        article.published_at,
        article.last_reviewed_on,
        article.medical_reviewer_id,
        article.title,
        article.body,
        ArticleStatusChange.objects.filter(article=article).count(),
        ArticleApproval.objects.filter(revision__article=article).count(),
        ArticleRevision.objects.filter(article=article).count(),
    )


def run(article_pk, action, user, allowed, expected):
    """Try one combination inside a savepoint; return a problem description or None."""
    with transaction.atomic():
        article = Article.objects.get(pk=article_pk)
        before = fingerprint(article)
        steps = ArticleStatusChange.objects.filter(article=article).count()
        try:
            workflow.perform(action, article, by=user, note="Please check the dose.")
        except workflow.InvalidTransition as exc:
            problem = f"refused ({exc}) but should be allowed" if allowed else None
            if not allowed and fingerprint(article) != before:
                problem = "refused but changed something"
        else:
            article = Article.objects.get(pk=article.pk)
            got = (article.status, article.correction_status)
            if not allowed:
                problem = f"allowed (now {got}) but should be refused"
            elif got != expected:
                problem = f"reached {got}, expected {expected}"
            elif ArticleStatusChange.objects.filter(article=article).count() <= steps:
                problem = "no audit row written"
            else:
                problem = None
        transaction.set_rollback(True)
    return problem


@pytest.mark.parametrize("role", ROLES)
def test_every_action_from_every_article_state(people, role):
    user = people[role]
    problems = []
    for status in ARTICLE_STATES:
        article = article_in(status, people["author"])
        for action in ACTIONS:
            allowed = status in ALLOWED.get((role, action), set())
            expected = EXPECTED[action](status) if allowed else None
            problem = run(article.pk, action, user, allowed, expected)
            if problem:
                problems.append(f"{role} / {action} / {status}: {problem}")
    assert problems == []


@pytest.mark.parametrize("role", ROLES)
def test_every_action_on_every_correction_state(people, role):
    user = people[role]
    problems = []
    for state in CORRECTION_STATES:
        article = article_with_correction(state, people["author"], people["editor"])
        for action in ACTIONS:
            allowed = state in ALLOWED_ON_CORRECTION.get((role, action), set())
            expected = EXPECTED_ON_CORRECTION.get(action)
            problem = run(article.pk, action, user, allowed, expected)
            if problem:
                problems.append(f"{role} / {action} / correction {state or 'none'}: {problem}")
    assert problems == []
