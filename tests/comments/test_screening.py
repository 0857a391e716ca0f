from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from comments import moderation, screening
from comments.models import Comment, ModerationSettings, WatchedPhrase
from tests.factories import ArticleFactory, CommentFactory, UserFactory, WatchedPhraseFactory

pytestmark = pytest.mark.django_db


def _screen(text, *, author=None, article=None):
    return screening.screen(
        text=text,
        author=author or UserFactory(date_joined=timezone.now() - timedelta(days=100)),
        article=article or ArticleFactory(published=True),
        config=ModerationSettings.load(),
    )


def test_clean_text_passes_with_no_reasons():
    verdict = _screen("Stretching before bed helped my cramps.")
    assert verdict.action == screening.PUBLISH
    assert verdict.reasons == []


def test_seeded_phrases_cover_the_examples_moderators_asked_for():
    cases = {
        "This is a miracle cure for cramps": ("hold", "Misinformation"),
        "Just stop taking your medication, it's poison": ("hold", "Specific medical advice"),
        "The government covers it up, always has": ("flag", "Misinformation"),
        "You can buy cheap tramadol pills from my site": ("hold", "Product promotion"),
        "Get it without a prescription here": ("block", "Product promotion"),
        "Ring me on 07700 900123 for details": ("hold", "Personal data"),
        "Call +44 20 7946 0958 today": ("hold", "Personal data"),
    }
    for text, (action, category) in cases.items():
        verdict = _screen(text)
        assert verdict.action == action, text
        assert any(reason.startswith(category) for reason in verdict.reasons), (text, verdict.reasons)


def test_each_match_is_a_readable_reason_naming_what_matched():
    WatchedPhraseFactory(phrase="detox tea", category="promotion", action="hold")

    verdict = _screen("Try this Detox   Tea, it works")

    assert "Product promotion: “detox tea” matches a watched phrase; held for approval." in verdict.reasons


def test_matching_sees_through_case_spacing_invisible_characters_and_curly_quotes():
    WatchedPhraseFactory(phrase="don't trust your doctor", category="misinformation", action="hold")
    sneaky = "DON\u2019T  trust\u200b your \u202edoctor"

    assert _screen(sneaky).action == "hold"


def test_phrases_match_whole_words_only():
    WatchedPhraseFactory(phrase="cure", category="misinformation", action="hold")
    assert _screen("I had my manicure yesterday").action == screening.PUBLISH
    assert _screen("There is no cure yet").action == "hold"


def test_inactive_phrases_are_ignored():
    WatchedPhraseFactory(phrase="zebra socks", category="promotion", action="block", is_active=False)
    assert _screen("zebra socks").action == screening.PUBLISH


def test_strongest_action_wins():
    WatchedPhraseFactory(phrase="alpha", category="spam", action="flag")
    WatchedPhraseFactory(phrase="beta", category="spam", action="block")
    verdict = _screen("alpha beta")
    assert verdict.action == "block"
    assert len(verdict.reasons) == 2
    assert "not posted" in verdict.refusal


def test_safeguarding_wording_is_held_never_refused_even_with_blocked_words():
    verdict = _screen("I want to kill myself. Get meds without a prescription")
    assert verdict.action == "hold"
    assert verdict.is_safeguarding
    assert verdict.refusal == ""


def test_a_broken_pattern_saved_outside_the_admin_is_skipped_not_fatal():
    WatchedPhrase.objects.create(phrase="(unclosed", is_pattern=True, category="spam", action="block")
    assert _screen("(unclosed").action == screening.PUBLISH


def test_watched_phrase_validation_explains_problems():
    with pytest.raises(ValidationError, match="not a valid regular expression"):
        WatchedPhrase(phrase="(unclosed", is_pattern=True, category="spam", action="hold").full_clean()
    with pytest.raises(ValidationError, match="always held"):
        WatchedPhrase(phrase="hurt", category="safeguarding", action="block").full_clean()
    with pytest.raises(ValidationError, match="Enter the words"):
        WatchedPhrase(phrase="   ", category="spam", action="hold").full_clean()


def test_new_accounts_may_post_fewer_links():
    settings_row = ModerationSettings.load()
    settings_row.max_links, settings_row.max_links_new_account, settings_row.new_account_days = 2, 0, 7
    settings_row.save()
    text = "See https://example.org/a and www.example.com/b"
    young = UserFactory(date_joined=timezone.now() - timedelta(days=1))
    old = UserFactory(date_joined=timezone.now() - timedelta(days=30))

    young_verdict = _screen(text, author=young)
    assert young_verdict.action == "hold"
    assert "Too many links: 2, where accounts under 7 days old may post 0." in young_verdict.reasons
    assert _screen(text, author=old).action == screening.PUBLISH
    assert _screen(text + " and cramp-cure-pills.shop/offer", author=old).action == "hold"


def test_repeated_identical_posts():
    author = UserFactory(date_joined=timezone.now() - timedelta(days=100))
    article, other_article = ArticleFactory(published=True), ArticleFactory(published=True)
    text = "Visit my blog for the truth"
    CommentFactory(author=author, article=article, text=text, text_fingerprint=screening.fingerprint(text))

    same_place = _screen("visit  my BLOG for the truth", author=author, article=article)
    assert same_place.action == "block"
    assert same_place.refusal == "You have already posted this comment on this article."

    elsewhere = _screen(text, author=author, article=other_article)
    assert elsewhere.action == "hold"
    assert "another article" in elsewhere.reasons[0]

    other_account = _screen(text, article=other_article)
    assert other_account.action == "hold"
    assert "another account" in other_account.reasons[0]


def test_old_repeats_do_not_count():
    author = UserFactory(date_joined=timezone.now() - timedelta(days=100))
    article = ArticleFactory(published=True)
    old = CommentFactory(
        author=author, article=article, text="Hi", text_fingerprint=screening.fingerprint("Hi")
    )
    Comment.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=2))
    assert _screen("Hi", author=author, article=article).action == screening.PUBLISH


# --- through the site --------------------------------------------------------


def test_blocked_wording_is_refused_with_a_message_and_the_text_kept(client, article, trusted_reader):
    client.force_login(trusted_reader)
    text = "DM me, I sell it without a prescription"

    response = client.post(reverse("comments:post", args=[article.pk]), {"text": text})

    assert response.status_code == 400
    content = response.content.decode()
    assert "Your comment was not posted" in content
    assert "product promotion" in content
    assert text in content
    assert not Comment.objects.filter(article=article).exists()


def test_flagged_comment_from_trusted_reader_is_published_but_queued(client, article, trusted_reader):
    client.force_login(trusted_reader)

    client.post(
        reverse("comments:post", args=[article.pk]), {"text": "Big pharma sponsors a lot of research."}
    )

    comment = Comment.objects.get(article=article)
    assert comment.status == Comment.Status.APPROVED
    assert comment.needs_review and comment.is_in_queue
    assert comment in Comment.objects.in_queue()
    assert comment.screening_reasons == [
        "Misinformation: “big pharma” matches a watched phrase; flagged for a moderator.",
        "Trusted reader: screened and published at once, and flagged for a moderator.",
    ]


def test_held_comment_from_trusted_reader_waits(client, article, trusted_reader):
    client.force_login(trusted_reader)

    client.post(
        reverse("comments:post", args=[article.pk]), {"text": "Stop taking your tablets, they are useless."}
    )

    comment = Comment.objects.get(article=article)
    assert comment.status == Comment.Status.PENDING
    assert comment.screening_reasons[0].startswith("Specific medical advice: “stop taking your tablets”")


def test_safeguarding_comment_is_held_tops_the_queue_and_shows_where_to_get_help(
    client, article, new_reader, trusted_reader, moderator_client
):
    CommentFactory(article=article, status=Comment.Status.PENDING, text="Older waiting comment")
    client.force_login(new_reader)

    response = client.post(
        reverse("comments:post", args=[article.pk]), {"text": "Some days I just want to end my life."}
    )
    page = client.get(response["Location"]).content.decode()

    comment = Comment.objects.get(author=new_reader)
    assert comment.status == Comment.Status.PENDING
    assert comment.is_safeguarding
    assert "999" in page and "NHS 111" in page and "116 123" in page
    assert "help-box" in page

    client.logout()
    assert "116 123" not in client.get(article.get_absolute_url()).content.decode()

    queue = moderator_client.get(reverse("admin:comments_comment_changelist")).content.decode()
    assert queue.index("Some days I just want") < queue.index("Older waiting comment")
    assert "⚠ Safeguarding" in queue


def test_post_comment_records_reasons_for_moderators(article):
    author = UserFactory()
    comment = moderation.post_comment(article=article, author=author, text="This miracle cure works")
    assert comment.screening_reasons[0].startswith("Misinformation: “miracle cure”")
