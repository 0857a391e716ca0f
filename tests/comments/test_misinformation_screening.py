"""Trusted readers skip the wait for a moderator, never the screening for misinformation."""

import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from comments import moderation, screening
from comments.models import Comment, ModerationSettings, WatchedPhrase
from tests.factories import ArticleFactory, CommentFactory, UserFactory, WatchedPhraseFactory

pytestmark = pytest.mark.django_db

CORPUS = Path(__file__).parent / "corpus"
ISSUE_EXAMPLE = (
    "I looked up mercury poisoning and found this is really heavy metal toxicity. Doctors won't tell you, "
    "but it can be flushed out naturally in a few months. The government is the cause of all this!"
)


def _corpus(name: str) -> list[str]:
    lines = (CORPUS / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def _verdict(text: str) -> screening.Verdict:
    # Unsaved reader and article: screening reads only their keys and the account's age.
    return screening.screen(
        text=text,
        author=UserFactory.build(pk=10**6, date_joined=timezone.now() - timedelta(days=400)),
        article=ArticleFactory.build(pk=10**6),
        config=ModerationSettings.load(),
    )


# --- the corpus -----------------------------------------------------------------


def test_seeded_phrases_catch_misinformation_and_leave_ordinary_comments_alone(capsys):
    misinformation, ordinary = _corpus("misinformation.txt"), _corpus("ordinary.txt")
    assert len(misinformation) >= 40 and len(ordinary) >= 40

    verdicts = {text: _verdict(text).action for text in misinformation + ordinary}
    missed = [text for text in misinformation if verdicts[text] not in (screening.HOLD, screening.FLAG)]
    held_misinformation = [text for text in misinformation if verdicts[text] == screening.HOLD]
    false_holds = [text for text in ordinary if verdicts[text] in (screening.HOLD, screening.BLOCK)]
    flagged_ordinary = [text for text in ordinary if verdicts[text] == screening.FLAG]

    catch_rate = 1 - len(missed) / len(misinformation)
    false_hold_rate = len(false_holds) / len(ordinary)
    with capsys.disabled():
        sys.stdout.write(
            f"\nMisinformation held or flagged: {len(misinformation) - len(missed)}/{len(misinformation)} "
            f"({catch_rate:.1%}), held: {len(held_misinformation)}; ordinary comments held: "
            f"{len(false_holds)}/{len(ordinary)} ({false_hold_rate:.1%}), flagged: {len(flagged_ordinary)}\n"
        )
    assert catch_rate >= 0.90, missed
    assert false_hold_rate <= 0.05, false_holds


def test_every_seeded_phrase_is_usable_and_described():
    phrases = list(WatchedPhrase.objects.all())
    assert len(phrases) > 60
    for phrase in phrases:
        assert screening.pattern_problem(phrase) == "", phrase.phrase
        if phrase.is_pattern:
            assert phrase.note, phrase.phrase  # moderators read the note, not the pattern


@pytest.mark.parametrize(
    "text",
    [
        "Is it true that heavy metals can cause this? My aunt keeps saying so.",
        "Nothing cures it, but the tablets keep it manageable.",
        "My neurologist told me to stop taking the tablets because of the rash.",
        "Don't take your tablets on an empty stomach.",
        "Could the covid vaccine set off a flare? I've got my booster next week.",
    ],
)
def test_questions_hedges_and_a_doctors_advice_are_not_held(text):
    assert _verdict(text).action in (screening.PUBLISH, screening.FLAG)


# --- trusted readers ----------------------------------------------------------------


def test_a_trusted_readers_misinformation_is_held_with_reasons_and_queued(
    client, article, trusted_reader, moderator_client
):
    client.force_login(trusted_reader)

    response = client.post(reverse("comments:post", args=[article.pk]), {"text": ISSUE_EXAMPLE})

    assert response.status_code == 302
    comment = Comment.objects.get(article=article, author=trusted_reader)
    assert comment.status == Comment.Status.PENDING
    reasons = " ".join(comment.screening_reasons)
    assert "“doctors won't tell”" in reasons
    assert "government" in reasons
    assert "Trusted reader" not in reasons
    client.logout()
    assert "heavy metal toxicity" not in client.get(article.get_absolute_url()).content.decode()
    queue = moderator_client.get(reverse("admin:comments_comment_changelist"), {"queue": "waiting"})
    assert "I looked up mercury poisoning" in queue.content.decode()


def test_a_trusted_readers_ordinary_comment_goes_live_and_says_it_was_screened(
    client, article, trusted_reader
):
    client.force_login(trusted_reader)

    client.post(reverse("comments:post", args=[article.pk]), {"text": "Warm baths help my cramps a lot."})

    comment = Comment.objects.get(article=article, author=trusted_reader)
    assert comment.status == Comment.Status.APPROVED
    assert comment.screening_reasons == ["Trusted reader: screened and published at once."]


def test_a_new_readers_comment_is_screened_too(article, new_reader):
    comment = moderation.post_comment(article=article, author=new_reader, text=ISSUE_EXAMPLE)

    assert comment.status == Comment.Status.PENDING
    assert any("doctors won't tell" in reason for reason in comment.screening_reasons)


def test_published_in_the_last_24_hours_shows_what_went_live_only(
    client, article, trusted_reader, moderator_client
):
    client.force_login(trusted_reader)
    client.post(reverse("comments:post", args=[article.pk]), {"text": "Went live just now, thanks all."})
    old = CommentFactory(article=article, status=Comment.Status.APPROVED, text="Went live last week")
    Comment.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=7))
    CommentFactory(article=article, status=Comment.Status.PENDING, text="Still waiting for a moderator")
    CommentFactory(article=article, status=Comment.Status.REJECTED, text="Rejected this morning")

    page = moderator_client.get(reverse("admin:comments_comment_changelist"), {"queue": "published_24h"})

    assert page.status_code == 200
    content = page.content.decode()
    assert "Published in the last 24 hours" in content
    assert "Went live just now" in content
    assert "Trusted reader: screened and published at once." in content
    assert "Went live last week" not in content
    assert "Still waiting for a moderator" not in content
    assert "Rejected this morning" not in content


def test_published_since_matches_approved_comments_posted_after_the_moment(article):
    now = timezone.now()
    recent = CommentFactory(article=article, status=Comment.Status.APPROVED)
    CommentFactory(article=article, status=Comment.Status.PENDING)
    old = CommentFactory(article=article, status=Comment.Status.APPROVED)
    Comment.objects.filter(pk=old.pk).update(created_at=now - timedelta(hours=25))

    assert list(Comment.objects.published_since(now - timedelta(hours=24))) == [recent]


# --- how phrases match --------------------------------------------------------------


def test_two_different_flagging_phrases_hold_a_comment():
    WatchedPhraseFactory(phrase="zebra socks", category="misinformation", action="flag")
    WatchedPhraseFactory(phrase="purple hats", category="misinformation", action="flag")

    assert _verdict("I like zebra socks.").action == screening.FLAG
    verdict = _verdict("Zebra socks and purple hats, every day.")
    assert verdict.action == screening.HOLD
    assert "flagged different words; held for approval" in verdict.reasons[-1]


def test_flagging_phrases_matching_the_same_words_count_once():
    WatchedPhraseFactory(phrase="zebra socks", category="misinformation", action="flag")
    WatchedPhraseFactory(phrase="zebra", category="spam", action="flag")

    assert _verdict("Zebra socks, every day.").action == screening.FLAG


def test_a_plain_phrase_can_end_words_with_a_star_and_stand_a_star_for_one_word():
    WatchedPhraseFactory(phrase="zebrafy*", category="misinformation", action="hold")
    WatchedPhraseFactory(phrase="quokka * cure", category="misinformation", action="hold")

    assert _verdict("Zebrafying your diet works.").action == screening.HOLD
    assert _verdict("A quokka miracle cure.").action == screening.HOLD
    assert _verdict("A quokka cure.").action == screening.PUBLISH
    assert _verdict("Zebra fy").action == screening.PUBLISH


def test_a_pattern_that_runs_too_long_holds_the_comment_instead_of_hanging(caplog, monkeypatch):
    monkeypatch.setattr(screening, "PATTERN_TIME_LIMIT", 0.01)
    # Saved around the admin's checks, which refuse it.
    WatchedPhrase.objects.create(
        phrase=r"(x+x+)+y", is_pattern=True, category="spam", action="flag", note="Slow pattern"
    )

    verdict = _verdict("x" * 5000)

    assert verdict.action == screening.HOLD
    assert "Screening did not finish: a watched pattern (Slow pattern) took too long" in verdict.reasons[0]
    assert "ran out of time" in caplog.text


def test_screening_stops_when_its_whole_time_budget_is_spent(monkeypatch):
    monkeypatch.setattr(screening, "SCREENING_TIME_BUDGET", 0)

    verdict = _verdict("Warm baths help.")

    assert verdict.action == screening.HOLD
    assert verdict.reasons[0].startswith("Screening did not finish: it ran out of time")


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        (r"(x+x+)+y", "takes too long"),
        (r"(\w+\s?)+$", "takes too long"),
        (r"a*", "matches ordinary text or an empty comment"),
        (r"\b", "matches ordinary text or an empty comment"),
        (r"the", "matches ordinary text or an empty comment"),
        (r"(unclosed", "not a valid regular expression"),
    ],
)
def test_patterns_that_would_hang_or_catch_everything_are_refused(pattern, message):
    with pytest.raises(ValidationError, match=message):
        WatchedPhrase(phrase=pattern, is_pattern=True, category="spam", action="hold").full_clean()


def test_moderators_see_why_a_pattern_is_refused_in_the_admin(moderator_client):
    response = moderator_client.post(
        reverse("admin:comments_watchedphrase_add"),
        {"phrase": r"(x+x+)+y", "is_pattern": "on", "category": "spam", "action": "hold", "is_active": "on"},
    )

    assert response.status_code == 200
    assert "This pattern takes too long to search some text" in response.content.decode()
    assert not WatchedPhrase.objects.filter(phrase=r"(x+x+)+y").exists()


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert('cure')</script>",
        "'; DROP TABLE comments_comment; --",
        "&lt;&amp; <!ENTITY x SYSTEM 'file:///etc/passwd'>",
        "\u202e\u200b" * 50,
        "ｃｕｒｅｓ ｉｔ " * 300,
    ],
)
def test_hostile_text_is_screened_without_error(text):
    assert _verdict(text).action in (screening.PUBLISH, screening.FLAG, screening.HOLD)


def test_the_watched_phrase_list_shows_short_patterns_and_their_notes(moderator_client):
    url = reverse("admin:comments_watchedphrase_changelist")
    response = moderator_client.get(url, {"is_pattern__exact": 1})

    assert response.status_code == 200
    content = response.content.decode()
    assert escape("'Doctors won't tell you'.") in content
    longest = max(WatchedPhrase.objects.filter(is_pattern=True), key=lambda phrase: len(phrase.phrase))
    assert len(longest.phrase) > 200
    assert escape(longest.phrase[:60]) in content
    assert escape(longest.phrase) not in content
