"""The issue's "done when", end to end on the demo content."""

import io
import re

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from comments.models import Comment, ModerationLogEntry
from tests.mail import confirm_signup

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:comments_comment_changelist")


def _count(page: str) -> int:
    return int(re.search(r"Comments \((\d+)\)", page).group(1))


@pytest.fixture(autouse=True)
def _still_clock():
    # Rate-limit counters run in fixed windows; a stopped clock keeps the flood inside one.
    with time_machine.travel(timezone.now(), tick=False):
        yield


def test_new_reader_to_moderator_and_back(settings):
    settings.COMMENTS_RATE_PER_ACCOUNT = "5/10m"
    call_command("load_demo", stdout=io.StringIO())
    article = Article.objects.get(slug="neuromyotonia-explained")
    url = article.get_absolute_url()
    visitor = Client()
    count_before = _count(visitor.get(url).content.decode())

    # A new reader signs up from the "Log in to comment" link and comes back to the article.
    reader = Client()
    login_page = reader.get(url).content.decode()
    assert "Log in to comment" in login_page
    response = reader.post(
        reverse("signup"),
        {"username": "new-carer", "email": "carer@example.org", "next": f"{url}#comment-form"},
    )
    assert response["Location"] == reverse("signup_sent")
    # ... confirms the address with the link emailed to it, chooses a password, and is back.
    response = confirm_signup(reader, "carer@example.org")
    assert response["Location"] == f"{url}#comment-form"

    # ... comments, and sees it awaiting moderation; nobody else does.
    response = reader.post(
        reverse("comments:post", args=[article.pk]),
        {"text": "Thank you, this helped me understand my diagnosis."},
    )
    page = reader.get(response["Location"]).content.decode()
    assert "Awaiting moderation." in page
    assert "this helped me understand" not in visitor.get(url).content.decode()

    # A moderator approves it in the queue; it appears and the count goes up.
    moderator = Client()
    moderator.force_login(get_user_model().objects.get(username="moderator"))
    comment = Comment.objects.get(author__username="new-carer")
    assert "this helped me understand" in moderator.get(QUEUE, {"queue": "waiting"}).content.decode()
    moderator.post(QUEUE, {"action": "approve_selected", "_selected_action": [comment.pk], "index": 0})
    page = visitor.get(url).content.decode()
    assert "this helped me understand" in page
    assert _count(page) == count_before + 1

    # A misinformation comment from a trusted reader is held all the same, lands in the
    # queue with its reasons, and is rejected.
    regular = Client()
    regular.force_login(get_user_model().objects.get(username="reader"))  # trusted in the demo
    regular.post(
        reverse("comments:post", args=[article.pk]),
        {"text": "Big pharma hides it: the government covers it up."},
    )
    flagged = Comment.objects.get(text__startswith="Big pharma hides it")
    assert flagged.status == Comment.Status.PENDING
    assert "Big pharma hides it" not in visitor.get(url).content.decode()
    queue = moderator.get(QUEUE, {"queue": "waiting"}).content.decode()
    assert "Big pharma hides it" in queue
    assert "“big pharma” matches a watched phrase; flagged for a moderator." in queue
    moderator.post(
        QUEUE,
        {
            "action": "reject_selected",
            "_selected_action": [flagged.pk],
            "index": 0,
            "reason": "misinformation",
            "note": "Cover-up claim",
        },
    )
    flagged.refresh_from_db()
    assert flagged.status == Comment.Status.REJECTED
    assert "Big pharma hides it" not in visitor.get(url).content.decode()
    entry = ModerationLogEntry.objects.get(comment=flagged)
    assert (entry.moderator.username, entry.reason, entry.note) == (
        "moderator",
        "misinformation",
        "Cover-up claim",
    )

    # A flood of posts is stopped by the rate limit with a clear message.
    statuses = [
        reader.post(reverse("comments:post", args=[article.pk]), {"text": f"Flood {n}"}).status_code
        for n in range(7)
    ]
    last = reader.post(reverse("comments:post", args=[article.pk]), {"text": "Flood again"})
    assert statuses.count(302) == 4  # the first comment already used one of the five
    assert 429 in statuses
    assert "Please wait" in last.content.decode()
