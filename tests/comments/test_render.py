"""How each comment reads on the article page: names, text, dates and the links under it."""

from datetime import UTC, datetime

import pytest

from comments.models import Comment
from tests.factories import CommentFactory, UserFactory
from tests.html import parse_html

pytestmark = pytest.mark.django_db


def _comment_block(response, comment):
    block = parse_html(response.content).find(f".//*[@id='comment-{comment.pk}']")
    assert block is not None, f"comment {comment.pk} is not on the page"
    return block


def _links(element) -> dict[str, str]:
    return {"".join(a.itertext()): a.get("href") for a in element.iter("a")}


def _own_part(block):
    """The comment itself, without the replies nested under it."""
    return [child for child in block if child.get("class") != "comment-replies"]


def test_anonymous_reader_sees_report_links_but_no_reply_links(client, article):
    comment = CommentFactory(article=article, status=Comment.Status.APPROVED)
    block = _comment_block(client.get(article.get_absolute_url()), comment)
    assert _links(block) == {"Report": f"/comments/report/{comment.pk}/"}


def test_logged_in_reader_can_reply_to_others_and_not_report_themselves(client, article, new_reader):
    theirs = CommentFactory(article=article, status=Comment.Status.APPROVED)
    mine = CommentFactory(article=article, status=Comment.Status.APPROVED, author=new_reader)
    reply = CommentFactory(article=article, status=Comment.Status.APPROVED, parent=theirs)
    client.force_login(new_reader)
    response = client.get(article.get_absolute_url())

    reply_url = f"{article.get_absolute_url()}?reply_to={theirs.pk}#comment-form"
    their_links = {}
    for part in _own_part(_comment_block(response, theirs)):
        their_links.update(_links(part))
    assert their_links == {"Reply": reply_url, "Report": f"/comments/report/{theirs.pk}/"}
    assert list(_links(_comment_block(response, mine))) == ["Reply"]
    # A reply is answered in its thread: its link names the top-level comment.
    assert _links(_comment_block(response, reply))["Reply"] == reply_url


def test_names_and_text_are_escaped_and_line_breaks_kept(client, article):
    author = UserFactory(username="<b>bold</b>")
    comment = CommentFactory(
        article=article,
        author=author,
        status=Comment.Status.APPROVED,
        text="First line <script>alert(1)</script>\nSecond line & more",
    )
    response = client.get(article.get_absolute_url())
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "First line &lt;script&gt;alert(1)&lt;/script&gt;<br>Second line &amp; more" in html
    block = _comment_block(response, comment)
    assert "".join(block.find(".//bdi").itertext()) == "<b>bold</b>"
    report = next(a for a in block.iter("a") if "".join(a.itertext()) == "Report")
    assert report.get("aria-label") == "Report this comment by <b>bold</b>"


def test_dates_are_shown_in_the_site_time_zone(client, article):
    # 23:30 UTC on 31 March 2026 is already 1 April in London (summer time).
    comment = CommentFactory(article=article, status=Comment.Status.APPROVED)
    Comment.objects.filter(pk=comment.pk).update(created_at=datetime(2026, 3, 31, 23, 30, tzinfo=UTC))
    time = _comment_block(client.get(article.get_absolute_url()), comment).find(".//time")
    assert time.text == "1 April 2026"
    assert time.get("datetime") == "2026-04-01T00:30:00+01:00"


def test_own_pending_comment_is_marked_and_has_no_links(client, article, new_reader):
    mine = CommentFactory(article=article, status=Comment.Status.PENDING, author=new_reader)
    client.force_login(new_reader)
    block = _comment_block(client.get(article.get_absolute_url()), mine)
    assert "Awaiting moderation." in "".join(block.itertext())
    assert _links(block) == {}
