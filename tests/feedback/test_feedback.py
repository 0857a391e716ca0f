"""'Was this page helpful?': no account, no personal data, no JavaScript, rate-limited."""

import re

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from feedback.models import PageFeedback
from feedback.privacy import EMAIL_MASK, PHONE_MASK, mask_personal_data
from tests.factories import ArticleFactory
from tests.hostile import HOSTILE, OVERLONG_SIZE, executable_parts

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return ArticleFactory(published=True, title="Cramp at night", slug="cramp-at-night")


def answer_url(article):
    return reverse("feedback:answer", args=[article.pk])


def more_url(article):
    return reverse("feedback:more", args=[article.pk])


def test_the_article_page_asks_with_a_plain_form_that_needs_no_javascript(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    form = re.search(
        r'<form method="post" action="([^"]+)">(.*?)</form>',
        html[html.index("Was this page helpful?") - 400 :],
        re.S,
    )
    assert form.group(1) == answer_url(article)
    assert 'name="helpful" value="yes"' in form.group(2)
    assert 'name="helpful" value="no"' in form.group(2)
    assert "<script" not in form.group(2)


def test_the_form_keeps_the_article_page_in_the_page_cache(client, article):
    first = client.get(article.get_absolute_url())
    assert "Was this page helpful?" in first.content.decode()
    assert not first.cookies  # no CSRF cookie: the page can be kept whole
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "hit"


def test_a_draft_or_preview_has_no_form_and_cannot_be_answered(client, writer):
    draft = ArticleFactory(title="Draft", slug="draft")
    assert client.post(answer_url(draft), {"helpful": "yes"}).status_code == 404
    assert client.post(reverse("feedback:answer", args=[999999]), {"helpful": "yes"}).status_code == 404
    assert not PageFeedback.objects.exists()


def test_yes_is_stored_without_anything_about_the_reader_and_thanked(client, article):
    response = client.post(
        answer_url(article), {"helpful": "yes"}, REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT="Tester"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Thank you for your feedback" in html
    assert "no-store" in response["Cache-Control"]
    feedback = PageFeedback.objects.get()
    assert (feedback.article, feedback.is_helpful, feedback.looking_for) == (article, True, "")
    stored = " ".join(str(value) for value in PageFeedback.objects.values_list().get())
    assert "203.0.113.9" not in stored and "Tester" not in stored
    assert {f.name for f in PageFeedback._meta.get_fields()} == {
        "id",
        "article",
        "is_helpful",
        "looking_for",
        "created_at",
    }


def test_text_sent_with_the_answer_is_kept_too(client, article):
    client.post(answer_url(article), {"helpful": "no", "looking_for": "  I wanted to know about driving  "})
    feedback = PageFeedback.objects.get()
    assert (feedback.is_helpful, feedback.looking_for) == (False, "I wanted to know about driving")


def test_the_second_step_adds_what_they_were_looking_for_once(client, article):
    html = client.post(answer_url(article), {"helpful": "no"}).content.decode()
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    response = client.post(more_url(article), {"token": token, "looking_for": "Driving with cramp"})
    assert response.status_code == 200
    assert "We have added what you were looking for" in response.content.decode()
    assert PageFeedback.objects.get().looking_for == "Driving with cramp"
    client.post(more_url(article), {"token": token, "looking_for": "Overwritten?"})
    assert PageFeedback.objects.get().looking_for == "Driving with cramp"


@pytest.mark.parametrize(
    "token",
    ["", "nonsense", signing.dumps(1, salt="other"), "x" * 600],
)
def test_a_forged_or_missing_token_changes_nothing(client, article, token):
    feedback = PageFeedback.objects.create(article=article, is_helpful=False)
    response = client.post(more_url(article), {"token": token, "looking_for": "Injected"})
    assert response.status_code == 400
    feedback.refresh_from_db()
    assert feedback.looking_for == ""


def test_a_token_for_another_article_changes_nothing(client, article):
    other = ArticleFactory(published=True)
    feedback = PageFeedback.objects.create(article=other, is_helpful=False)
    token = signing.dumps(feedback.pk, salt="feedback.more")
    client.post(more_url(article), {"token": token, "looking_for": "Wrong page"})
    feedback.refresh_from_db()
    assert feedback.looking_for == ""


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Choose yes or no."),
        ({"helpful": "maybe"}, "Choose yes or no."),
        ({"helpful": "yes", "looking_for": "x" * 501}, "Please keep it to 500 characters"),
        ({"helpful": "no", "looking_for": "y" * OVERLONG_SIZE}, "Please keep it to 500 characters"),
        ({"helpful": "no", "looking_for": "bad\x00text"}, "Null characters are not allowed"),
    ],
)
def test_bad_answers_are_refused_with_a_message_and_the_text_kept(client, article, data, message):
    response = client.post(answer_url(article), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    if data.get("looking_for"):
        assert data["looking_for"][:500] in html
    assert not PageFeedback.objects.exists()


def test_only_post_is_answered(client, article):
    assert client.get(answer_url(article)).status_code == 405
    assert client.get(more_url(article)).status_code == 405


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_text_is_stored_as_text_and_never_runs(client, article, editor_client, name):
    text = HOSTILE[name][:500]
    response = client.post(answer_url(article), {"helpful": "no", "looking_for": text})
    assert response.status_code in (200, 400)
    assert executable_parts(response.content.decode()) == []
    if response.status_code == 200:
        stored = PageFeedback.objects.get().looking_for
        assert "\x00" not in stored
        change = editor_client.get(
            reverse("admin:articles_article_change", args=[article.pk])
        ).content.decode()
        assert "<script>alert(1)" not in change


def test_a_null_character_is_refused_with_a_message_not_a_server_error(client, article):
    response = client.post(answer_url(article), {"helpful": "no", "looking_for": "a\x00b"})
    assert response.status_code == 400
    assert "Null characters are not allowed" in response.content.decode()
    assert not PageFeedback.objects.exists()


def test_flooding_from_one_address_is_refused_politely_and_not_stored(article, settings):
    settings.FEEDBACK_RATE_PER_ADDRESS = "3/h"
    reader = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(3):
        assert reader.post(answer_url(article), {"helpful": "yes"}).status_code == 200
    flooded = reader.post(answer_url(article), {"helpful": "yes"})
    assert flooded.status_code == 429
    assert "Thank you. We have had a lot of answers from your network" in flooded.content.decode()
    assert PageFeedback.objects.count() == 3
    assert Client(REMOTE_ADDR="198.51.100.1").post(answer_url(article), {"helpful": "no"}).status_code == 200


@pytest.mark.parametrize(
    ("typed", "kept", "gone"),
    [
        ("Call me on 07700 900123 please", "Call me on", "900123"),
        ("ring +44 20 7946 0958 any time", "ring", "7946"),
        ("my number is (0161) 496-0000", "my number is", "496"),
        ("US cell 415-555-0132", "US cell", "555"),
        ("NHS number 943 476 5919", "NHS number", "5919"),
        ("email jo.bloggs+nhs@example.co.uk thanks", "thanks", "bloggs"),
        ("jo at example dot com", "", "example dot com"),
        ("\uff10\uff17\uff17\uff10\uff10 \uff19\uff10\uff10\uff11\uff12\uff13", "", "900123"),
    ],
)
def test_phone_numbers_and_email_addresses_are_masked(typed, kept, gone):
    masked = mask_personal_data(typed)
    assert kept in masked
    assert gone not in masked
    assert PHONE_MASK in masked or EMAIL_MASK in masked


@pytest.mark.parametrize(
    "typed",
    ["I take 20 mg twice a day", "Born in 1984, diagnosed 2019", "Stage 3 of 4", "About driving"],
)
def test_ordinary_numbers_are_left_alone(typed):
    assert mask_personal_data(typed) == typed


def test_personal_data_is_masked_before_it_is_stored(client, article):
    client.post(
        answer_url(article), {"helpful": "no", "looking_for": "Text me on 07700 900123 or jo@example.org"}
    )
    stored = PageFeedback.objects.get().looking_for
    assert stored == f"Text me on {PHONE_MASK} or {EMAIL_MASK}"
