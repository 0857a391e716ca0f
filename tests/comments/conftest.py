from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from comments.models import Comment, ModerationSettings
from tests.factories import ArticleFactory, CommentFactory, UserFactory


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # Rate-limit counters live in the cache; each test starts with none used.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def article(db):
    return ArticleFactory(published=True, title="Neuromyotonia explained", slug="neuromyotonia-explained")


@pytest.fixture
def new_reader(db):
    return UserFactory(username="newbie")


@pytest.fixture
def trusted_reader(db):
    """A reader with enough approved comments to be trusted (and an account older than a week)."""
    user = UserFactory(username="regular", date_joined=timezone.now() - timedelta(days=400))
    threshold = ModerationSettings.load().trusted_after
    CommentFactory.create_batch(threshold, author=user, status=Comment.Status.APPROVED)
    return user


@pytest.fixture
def moderator_client(moderator):
    # Its own client, so a test can act as a reader and a moderator side by side.
    moderator_client = Client()
    moderator_client.force_login(moderator)
    return moderator_client
