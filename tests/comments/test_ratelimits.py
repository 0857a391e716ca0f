import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment, ModerationSettings
from tests.factories import CommentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _everyone_trusted(db):
    settings_row = ModerationSettings.load()
    settings_row.trusted_after = 0
    settings_row.save()


@pytest.fixture(autouse=True)
def _still_clock():
    # Counters run in fixed windows; a stopped clock keeps a test from straddling two.
    with time_machine.travel(timezone.now(), tick=False):
        yield


def _post(client, article, text):
    return client.post(reverse("comments:post", args=[article.pk]), {"text": text})


def test_a_flood_from_one_account_is_stopped_with_a_clear_message(client, article, new_reader, settings):
    settings.COMMENTS_RATE_PER_ACCOUNT = "5/10m"
    client.force_login(new_reader)
    for n in range(5):
        assert _post(client, article, f"Comment number {n}").status_code == 302

    response = _post(client, article, "One too many")

    assert response.status_code == 429
    content = response.content.decode()
    assert "You have sent 5 comments in a short time. Please wait" in content
    assert "One too many" in content  # kept in the box
    assert Comment.objects.count() == 5


def test_the_limit_is_per_account(client, article, new_reader, settings):
    settings.COMMENTS_RATE_PER_ACCOUNT = "2/10m"
    client.force_login(new_reader)
    _post(client, article, "one")
    _post(client, article, "two")
    assert _post(client, article, "three").status_code == 429

    other = Client()
    other.force_login(UserFactory(username="other-reader"))
    assert _post(other, article, "I can still post").status_code == 302


def test_the_limit_is_also_per_network_address(article, settings):
    settings.COMMENTS_RATE_PER_ACCOUNT = "10/10m"
    settings.COMMENTS_RATE_PER_ADDRESS = "3/10m"
    for n in range(3):
        reader = Client(REMOTE_ADDR="203.0.113.7")
        reader.force_login(UserFactory(username=f"sock-{n}"))
        assert _post(reader, article, f"Sock puppet {n}").status_code == 302

    fourth = Client(REMOTE_ADDR="203.0.113.7")
    fourth.force_login(UserFactory(username="sock-3"))
    response = _post(fourth, article, "Sock puppet 3")
    assert response.status_code == 429
    assert "from your network" in response.content.decode()

    elsewhere = Client(REMOTE_ADDR="198.51.100.1")
    elsewhere.force_login(UserFactory(username="neighbour"))
    assert _post(elsewhere, article, "Different network").status_code == 302


def test_refused_posts_do_not_use_up_the_allowance(client, article, new_reader, settings):
    settings.COMMENTS_RATE_PER_ACCOUNT = "1/10m"
    client.force_login(new_reader)

    assert _post(client, article, "Sold without a prescription").status_code == 400
    assert _post(client, article, "").status_code == 400
    assert _post(client, article, "Fixed it").status_code == 302


def test_reports_are_rate_limited_too(client, new_reader, settings):
    settings.COMMENTS_REPORT_RATE_PER_ACCOUNT = "2/h"
    comments = CommentFactory.create_batch(3, status=Comment.Status.APPROVED)
    client.force_login(new_reader)
    for comment in comments[:2]:
        response = client.post(reverse("comments:report", args=[comment.pk]), {"reason": "spam"})
        assert response.status_code == 302

    response = client.post(reverse("comments:report", args=[comments[2].pk]), {"reason": "spam"})

    assert response.status_code == 429
    assert "You have sent 2 reports in a short time" in response.content.decode()
    assert not comments[2].reports.exists()
