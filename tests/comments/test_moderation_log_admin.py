"""A moderator reads one entry of the moderation log."""

import pytest
from django.urls import reverse

from comments import moderation
from comments.models import Comment
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db


def test_moderator_opens_an_entry_and_sees_the_decision_read_only(moderator, moderator_client):
    comment = CommentFactory(text="Magnets cure it, doctors hide it", status=Comment.Status.PENDING)
    entry = moderation.reject(comment, by=moderator, reason="misinformation", note="No evidence at all.")

    response = moderator_client.get(reverse("admin:comments_moderationlogentry_change", args=[entry.pk]))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Magnets cure it, doctors hide it" in page
    assert reverse("admin:comments_comment_change", args=[comment.pk]) in page
    assert "Awaiting moderation → Rejected" in page
    assert "No evidence at all." in page
    assert "<select" not in page and "<textarea" not in page
