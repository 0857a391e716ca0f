import pytest

from comments.models import Comment
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db


def test_approved_only_returns_approved_comments():
    approved = CommentFactory(status=Comment.Status.APPROVED)
    for status in (Comment.Status.PENDING, Comment.Status.REJECTED, Comment.Status.SPAM):
        CommentFactory(status=status)
    assert list(Comment.objects.approved()) == [approved]


def test_new_comments_wait_for_moderation():
    assert CommentFactory().status == Comment.Status.PENDING


def test_comment_text_is_stored_exactly_as_typed():
    text = "<script>alert('x')</script>\n‮evil‬ '; DROP TABLE comments;--"
    comment = CommentFactory(text=text)
    comment.refresh_from_db()
    assert comment.text == text
