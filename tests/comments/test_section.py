"""The comment section on the article page."""

import pytest
from django.test import RequestFactory

from comments.context import comment_section
from comments.models import Comment
from tests.factories import ArticleFactory, CommentFactory, UserFactory

pytestmark = pytest.mark.django_db


def _fill(article, reader, n):
    for i in range(n):
        top = CommentFactory(article=article, status=Comment.Status.APPROVED, author=UserFactory())
        CommentFactory(article=article, parent=top, status=Comment.Status.APPROVED, author=UserFactory())
        CommentFactory(article=article, status=Comment.Status.PENDING, author=reader, text=f"Mine {i}")


@pytest.mark.parametrize("logged_in", [False, True], ids=["anonymous", "reader"])
def test_section_costs_the_same_queries_however_many_comments(
    client, article, new_reader, django_assert_max_num_queries, logged_in
):
    if logged_in:
        client.force_login(new_reader)
    _fill(article, new_reader, 2)
    with django_assert_max_num_queries(20) as small:
        client.get(article.get_absolute_url())

    _fill(article, new_reader, 40)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(article.get_absolute_url())
    assert "Comments (84)" in response.content.decode()


def test_count_and_list_include_approved_comments_only(client, article):
    CommentFactory(article=article, status=Comment.Status.APPROVED, text="Shown")
    for status in ("pending", "rejected", "spam"):
        CommentFactory(article=article, status=status, text=f"Hidden {status}")

    page = client.get(article.get_absolute_url()).content.decode()

    assert "Comments (1)" in page
    assert "Shown" in page
    assert "Hidden" not in page


def test_replies_to_a_removed_comment_stay_under_a_marker(client, article):
    removed = CommentFactory(article=article, status=Comment.Status.REJECTED, text="Removed text")
    CommentFactory(article=article, parent=removed, status=Comment.Status.APPROVED, text="Still here")

    page = client.get(article.get_absolute_url()).content.decode()

    assert "Removed text" not in page
    assert page.index("This comment has been removed.") < page.index("Still here")
    assert "Comments (1)" in page


def test_staff_preview_of_an_unpublished_article_has_no_form(new_reader):
    request = RequestFactory().get("/preview/")
    request.user = new_reader

    draft = ArticleFactory()
    CommentFactory(article=draft, status=Comment.Status.APPROVED)
    context = comment_section(request, draft)
    assert context["comment_count"] == 1
    assert context["comment_form"] is None
    assert context["comments_open"] is False


def test_reader_sees_the_form_with_its_rules_and_labels(client, article, new_reader):
    client.force_login(new_reader)
    page = client.get(article.get_absolute_url()).content.decode()
    assert '<label for="id_text">Your comment</label>' in page
    assert 'aria-describedby="comment-help"' in page
    assert "comment rules" in page
    assert "Log in to comment" not in page


@pytest.mark.parametrize("found_with_standing", [True, False])
def test_a_readers_standing_is_the_same_whether_read_with_the_article_or_on_its_own(
    article, new_reader, moderator, found_with_standing
):
    from articles.models import Article
    from comments import moderation
    from comments.context import with_reader_standing

    CommentFactory(article=article, author=new_reader, status=Comment.Status.PENDING, text="Mine, waiting")
    moderation.ban(new_reader, by=moderator, note="Abuse")
    if found_with_standing:
        article = with_reader_standing(Article.objects.filter(pk=article.pk), new_reader).get()
    request = RequestFactory().get(article.get_absolute_url())
    request.user = new_reader

    context = comment_section(request, article)

    assert context["comment_is_banned"] is True
    assert context["comment_form"] is None
    # Their own comment awaiting moderation is listed for them, so the list is not the shared copy.
    assert context["comment_list_variant"] is None
    assert [row.text for row in context["comment_rows"]] == ["Mine, waiting"]
