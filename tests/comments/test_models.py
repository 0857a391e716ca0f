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


@pytest.mark.parametrize("needs_review", [False, True])
@pytest.mark.parametrize("status", Comment.Status.values)
def test_single_comment_rules_match_the_queryset_rules(status, needs_review):
    comment = CommentFactory(status=status, needs_review=needs_review)
    assert comment.is_visible == Comment.objects.approved().filter(pk=comment.pk).exists()
    assert comment.is_in_queue == Comment.objects.in_queue().filter(pk=comment.pk).exists()


def test_there_is_only_ever_one_moderation_settings_row():
    from comments.models import ModerationSettings

    first = ModerationSettings.load()
    ModerationSettings(trusted_after=9).save()
    assert ModerationSettings.objects.count() == 1
    assert ModerationSettings.load().pk == first.pk
    assert ModerationSettings.load().trusted_after == 9
