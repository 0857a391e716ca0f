"""Signing up, confirming, choosing topics and unsubscribing, as a reader meets them."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from newsletter import subscriptions
from newsletter.models import Consent, Subscriber
from tests.factories import ArticleFactory, CategoryFactory, ConditionFactory

SIGNUP = "/newsletter/"


@pytest.fixture
def sign_up(client, db, django_capture_on_commit_callbacks):
    def post(email, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(SIGNUP, {"email": email, **extra})

    return post


def confirm_link(message) -> str:
    return re.search(r"http://[^/]+(/newsletter/confirm/\S+/)", message.body).group(1)


def test_signing_up_sends_only_a_confirmation_with_a_link_that_works_for_seven_days(sign_up, client):
    brain = CategoryFactory(name="Brain and Nervous System Health", slug="brain")
    response = sign_up("Carer@Example.org", page=brain.get_absolute_url(), category=str(brain.pk))
    assert response.status_code == 302 and response["Location"] == reverse("newsletter:check_email")
    assert "Check your email" in client.get(response["Location"]).content.decode()
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "carer@example.org"
    assert subscriber.status == Subscriber.Status.PENDING
    assert [m.to for m in mail.outbox] == [["carer@example.org"]]
    assert "works for 7 days" in mail.outbox[0].body
    assert not Consent.objects.exists()

    link = confirm_link(mail.outbox[0])
    # Opening the link (as mail scanners do) changes nothing; the button confirms.
    assert "Yes, subscribe me" in client.get(link).content.decode()
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING
    response = client.post(link, follow=True)
    assert "you are subscribed" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert list(subscriber.categories.all()) == [brain]
    consent = Consent.objects.get()
    assert consent.page == "/brain/"
    assert consent.wording == subscriptions.WORDING
    assert consent.wording_version == subscriptions.WORDING_VERSION
    assert consent.asked_at <= consent.given_at
    assert consent.email == "carer@example.org"


def test_the_answer_is_the_same_whatever_the_address_already_is(sign_up, client):
    Subscriber.objects.create(email="subscribed@example.org", status=Subscriber.Status.CONFIRMED)
    Subscriber.objects.create(email="gone@example.org", status=Subscriber.Status.UNSUBSCRIBED)
    answers = set()
    for email in ["new@example.org", "subscribed@example.org", "gone@example.org", "new@example.org"]:
        response = sign_up(email)
        answers.add((response.status_code, response["Location"]))
    assert len(answers) == 1
    # The subscriber is told, by email, that nothing changed; nobody else learns it.
    reminder = next(m for m in mail.outbox if m.to == ["subscribed@example.org"])
    assert "already subscribed" in reminder.subject
    assert "/newsletter/preferences/" in reminder.body
    assert Subscriber.objects.get(email="subscribed@example.org").status == Subscriber.Status.CONFIRMED


def test_signing_up_twice_makes_one_subscriber_and_only_the_newest_link_works(sign_up, client):
    sign_up("twice@example.org")
    sign_up("TWICE@example.org ")
    assert Subscriber.objects.count() == 1
    first, second = (confirm_link(m) for m in mail.outbox)
    response = client.post(first)
    assert response.status_code == 410
    assert "a newer one has been sent" in response.content.decode()
    assert client.post(second).status_code == 302


def test_a_used_link_says_so_and_changes_nothing(sign_up, client):
    sign_up("once@example.org")
    link = confirm_link(mail.outbox[0])
    client.post(link)
    response = client.post(link)
    assert response.status_code == 410
    assert "already been used" in response.content.decode()
    assert Consent.objects.count() == 1


def test_an_expired_link_says_so(sign_up, client):
    sign_up("late@example.org")
    link = confirm_link(mail.outbox[0])
    with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1)):
        response = client.post(link)
    assert response.status_code == 410
    assert "has expired" in response.content.decode()
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


@pytest.mark.parametrize(
    "token",
    [
        "not-a-token",
        "eyJzIjoxLCJuIjoiYWJjIn0:1u2v3w:forgedsignatureforgedsignature",
        "x" * 5000,
        "%00",
        "<script>alert(1)",
        "ünïcödé",
    ],
)
def test_a_forged_or_damaged_confirmation_link_gets_a_clear_page(client, db, token):
    response = client.post(f"/newsletter/confirm/{token}/")
    assert response.status_code in (404, 410)
    assert "This link does not work" in response.content.decode()
    assert not Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED).exists()


def test_a_link_for_a_subscriber_deleted_since_gets_a_clear_page(sign_up, client):
    sign_up("deleted@example.org")
    Subscriber.objects.all().delete()
    response = client.post(confirm_link(mail.outbox[0]))
    assert response.status_code == 404
    assert "no longer valid" in response.content.decode()


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "Enter your email address."),
        ("not an address", "Enter an email address like name@example.com."),
        ("<script>alert(1)</script>@example.org", "Enter an email address like name@example.com."),
        ("a" * 250 + "@example.org", "at most 254 characters"),
        ("a@" + "b" * 100_000 + ".org", "at most 254 characters"),
        ("carer\x00@example.org", "Enter an email address"),
        ("'; DROP TABLE newsletter_subscriber; --@example.org", "Enter an email address"),
    ],
)
def test_bad_addresses_are_refused_with_a_clear_message_and_nothing_stored(sign_up, email, message):
    response = sign_up(email)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "<script>alert(1)</script>" not in page
    assert not Subscriber.objects.exists()
    assert mail.outbox == []


def test_hidden_fields_that_make_no_sense_are_ignored(sign_up):
    response = sign_up(
        "hidden@example.org", page="https://evil.example/", category="999999999999999999999", condition="x"
    )
    assert response.status_code == 302
    subscriber = Subscriber.objects.get()
    assert subscriber.signup_page == "/newsletter/"
    assert not subscriber.categories.exists() and not subscriber.conditions.exists()


def test_an_address_is_sent_few_confirmations_however_often_it_is_entered(sign_up, settings):
    settings.NEWSLETTER_SIGNUP_RATE_PER_EMAIL = "3/d"
    answers = {sign_up("flooded@example.org")["Location"] for _ in range(6)}
    assert answers == {reverse("newsletter:check_email")}
    assert len(mail.outbox) == 3


def test_many_sign_ups_from_one_network_are_refused_with_a_clear_message(sign_up, settings):
    settings.NEWSLETTER_SIGNUP_RATE_PER_ADDRESS = "3/h"
    for n in range(3):
        assert sign_up(f"reader{n}@example.org").status_code == 302
    response = sign_up("reader9@example.org")
    assert response.status_code == 429
    assert "try again later" in response.content.decode()
    assert Subscriber.objects.count() == 3


def test_the_box_is_on_home_topic_article_and_condition_pages_and_keeps_them_cacheable(client, db):
    brain = CategoryFactory(name="Brain and Nervous System Health", slug="brain")
    condition = ConditionFactory(name="Neuromyotonia", slug="neuromyotonia")
    article = ArticleFactory(published=True, category=brain, slug="stiff-muscles")
    article.conditions.add(condition)
    for url, topic in [
        ("/", None),
        ("/brain/", f'name="category" value="{brain.pk}"'),
        (article.get_absolute_url(), f'name="category" value="{brain.pk}"'),
        (condition.get_absolute_url(), f'name="condition" value="{condition.pk}"'),
    ]:
        response = client.get(url)
        page = response.content.decode()
        assert 'action="/newsletter/"' in page, url
        assert "/pages/privacy/" in page, url
        if topic:
            assert topic in page, url
        # No CSRF cookie: the page stays one copy for every reader in the page cache.
        assert not response.cookies, url


def test_the_box_posts_without_a_csrf_token(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post(SIGNUP, {"email": "box@example.org", "page": "/"})
    assert response.status_code == 302


# --- Preferences and unsubscribing ---------------------------------------------------


@pytest.fixture
def subscriber(db):
    return Subscriber.objects.create(
        email="carer@example.org", status=Subscriber.Status.CONFIRMED, confirmed_at=timezone.now()
    )


def test_a_subscriber_chooses_topics_and_frequency(client, subscriber):
    brain = CategoryFactory(name="Brain and Nervous System Health", slug="brain")
    url = reverse("newsletter:preferences", args=[subscriber.token])
    assert "Brain and Nervous System Health" in client.get(url).content.decode()
    response = client.post(url, {"frequency": "monthly", "categories": [brain.pk]})
    assert response.status_code == 302
    subscriber.refresh_from_db()
    assert subscriber.frequency == "monthly"
    assert list(subscriber.categories.all()) == [brain]


def test_preferences_refuse_a_topic_that_does_not_exist(client, subscriber):
    url = reverse("newsletter:preferences", args=[subscriber.token])
    response = client.post(url, {"frequency": "daily", "categories": ["99999", "<b>"]})
    assert response.status_code == 400
    subscriber.refresh_from_db()
    assert subscriber.frequency == "weekly"


@pytest.mark.parametrize("token", ["forged", "a" * 43, "b" * 1000])
def test_a_forged_preferences_or_unsubscribe_link_gets_a_clear_page(client, subscriber, token):
    for name in ("preferences", "unsubscribe"):
        for method in (client.get, client.post):
            response = method(f"/newsletter/{name}/{token}/")
            assert response.status_code == 404
            assert "This link does not work" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.is_confirmed


def test_the_unsubscribe_link_asks_first_then_unsubscribes_with_one_click(client, subscriber):
    Consent.objects.create(
        subscriber=subscriber,
        email=subscriber.email,
        asked_at=timezone.now(),
        given_at=timezone.now(),
        page="/",
        wording=subscriptions.WORDING,
        wording_version=subscriptions.WORDING_VERSION,
    )
    url = reverse("newsletter:unsubscribe", args=[subscriber.token])
    assert "Unsubscribe" in client.get(url).content.decode()
    subscriber.refresh_from_db()
    assert subscriber.is_confirmed
    response = client.post(url)
    assert "You are unsubscribed" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    consent = Consent.objects.get()
    assert consent.withdrawn_at is not None and consent.withdrawn_by == "link"
    # Again: still a clear page, nothing else changes.
    assert client.post(url).status_code == 200


def test_mail_programs_unsubscribe_with_one_post_and_no_cookie(subscriber):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("newsletter:unsubscribe", args=[subscriber.token]), {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


def test_subscribing_again_after_unsubscribing_needs_a_new_confirmation(
    client, subscriber, django_capture_on_commit_callbacks
):
    subscriptions.unsubscribe(subscriber, by="link")
    page = client.get(reverse("newsletter:preferences", args=[subscriber.token])).content.decode()
    assert "You are not subscribed" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("newsletter:resubscribe", args=[subscriber.token]))
    assert "Please confirm" in mail.outbox[0].subject
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


def test_unconfirmed_sign_ups_are_deleted_once_their_link_expired(sign_up):
    sign_up("never@example.org")
    assert subscriptions.forget_unconfirmed() == 0
    assert subscriptions.forget_unconfirmed(now=timezone.now() + timedelta(days=8)) == 1
    assert not Subscriber.objects.exists()
