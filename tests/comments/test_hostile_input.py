"""Whatever a reader types is stored as typed (or refused with a clear message) and shown inert."""

import pytest
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse

from comments.models import Comment, ModerationSettings

pytestmark = pytest.mark.django_db

HOSTILE = {
    "script": "<script>alert('x')</script>",
    "img-onerror": '<img src=x onerror="alert(1)">',
    "sql": "'; DROP TABLE comments_comment; --",
    "control-characters": "bell\x07 escape\x1b[31m backspace\x08 form feed\x0c end",
    "right-to-left-override": "Totally safe \u202egpj.exe\u202c file",
    "zero-width-and-bidi-isolates": "mi\u200bracle \u2066isolated\u2069 text",
    "emoji-and-combining-marks": "Z\u0351\u0364a\u0307l\u0308go 🤒🏽 मस्तिष्क नस",
    "html-entities": "&lt;b&gt; &amp;amp; &#x3C;script&#x3E;",
    "template-syntax": "{{ request.user.password }} {% load static %}",
    "line-breaks": "First line\r\nSecond line\n\nNew paragraph",
}


@pytest.fixture
def everyone_trusted(db):
    settings_row = ModerationSettings.load()
    settings_row.trusted_after = 0
    settings_row.save()


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_text_is_stored_intact_and_shown_escaped(client, article, new_reader, everyone_trusted, text):
    client.force_login(new_reader)

    response = client.post(reverse("comments:post", args=[article.pk]), {"text": text})

    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.text == text
    assert comment.status == Comment.Status.APPROVED
    page = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert linebreaksbr(text, autoescape=True) in page  # shown as typed, escaped, never evaluated
    start = page.index(f'id="comment-{comment.pk}"')
    shown = page[start : page.index("</article>", start)]
    assert 'dir="auto"' in shown  # direction overrides cannot leak into the rest of the page


def test_line_breaks_are_kept_as_breaks(client, article, new_reader, everyone_trusted):
    client.force_login(new_reader)
    client.post(reverse("comments:post", args=[article.pk]), {"text": "One\n<b>Two</b>"})

    page = client.get(article.get_absolute_url()).content.decode()

    assert "One<br>&lt;b&gt;Two&lt;/b&gt;" in page


def test_100_kb_of_text_is_refused_with_a_clear_message_and_kept_in_the_box(client, article, new_reader):
    client.force_login(new_reader)
    text = "Cramp " * (100 * 1024 // 6)

    response = client.post(reverse("comments:post", args=[article.pk]), {"text": text})

    assert response.status_code == 400
    content = response.content.decode()
    assert "Comments can be up to 5,000 characters long" in content
    assert text in content
    assert 'aria-invalid="true"' in content
    assert not Comment.objects.exists()


def test_exactly_the_maximum_length_is_accepted(client, article, new_reader):
    client.force_login(new_reader)
    text = "a" * Comment.MAX_LENGTH
    assert client.post(reverse("comments:post", args=[article.pk]), {"text": text}).status_code == 302
    assert Comment.objects.get().text == text


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t"], ids=["empty", "spaces", "whitespace"])
def test_empty_comment_is_refused_with_a_message(client, article, new_reader, text):
    client.force_login(new_reader)

    response = client.post(reverse("comments:post", args=[article.pk]), {"text": text})

    assert response.status_code == 400
    assert "Please write your comment before posting it." in response.content.decode()
    assert not Comment.objects.exists()


def test_null_byte_is_refused_on_every_database_with_a_message(client, article, new_reader):
    # PostgreSQL cannot store NUL in text, so it is refused everywhere alike.
    client.force_login(new_reader)

    response = client.post(reverse("comments:post", args=[article.pk]), {"text": "before\x00after"})

    assert response.status_code == 400
    assert "null character" in response.content.decode()
    assert not Comment.objects.exists()


def test_missing_text_field_gives_a_form_error_not_a_crash(client, article, new_reader):
    client.force_login(new_reader)
    response = client.post(reverse("comments:post", args=[article.pk]), {"parent": "1"})
    assert response.status_code == 400
    assert "Please write your comment before posting it." in response.content.decode()


@pytest.mark.parametrize("parent", ["99999999999999999999999", "-1", "1 OR 1=1", "<script>", "１"])
def test_malformed_reply_target_gives_a_clear_error(client, article, new_reader, parent):
    client.force_login(new_reader)

    response = client.post(reverse("comments:post", args=[article.pk]), {"text": "Kept", "parent": parent})

    assert response.status_code == 400
    assert "no longer available" in response.content.decode()


@pytest.mark.parametrize("reply_to", ["abc", "99999999999999999999999", "<script>", "-1"])
def test_malformed_reply_to_in_the_address_is_ignored(client, article, new_reader, reply_to):
    client.force_login(new_reader)
    response = client.get(article.get_absolute_url(), {"reply_to": reply_to})
    assert response.status_code == 200
    assert "Add a comment" in response.content.decode()
