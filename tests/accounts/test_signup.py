"""Sign-up: the address is confirmed by email first, and nothing tells anyone whether it has an account."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory
from tests.mail import CONFIRM_LINK, PASSWORD, confirm_signup, confirmation_link

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _still_clock():
    # Limits count in fixed windows; a stopped clock keeps each test inside one.
    with time_machine.travel(timezone.now(), tick=False):
        yield


def _signup(client, username="newreader", email="new@example.org", **extra):
    return client.post(reverse("signup"), {"username": username, "email": email, **extra})


def test_reader_signs_up_confirms_by_email_and_is_logged_in_and_sent_back(client):
    response = _signup(client, next="/articles/some-article/")
    assert response.status_code == 302
    assert response["Location"] == reverse("signup_sent")
    assert "Check your email" in client.get(response["Location"]).content.decode()
    assert not get_user_model().objects.exists()  # nothing is stored before the address is confirmed
    [email] = mail.outbox
    assert email.to == ["new@example.org"]
    assert email.subject == "Confirm your Healthsite account"
    assert '"newreader"' in email.body

    response = confirm_signup(client)

    assert response.status_code == 302
    assert response["Location"] == "/articles/some-article/"
    user = get_user_model().objects.get(username="newreader")
    assert user.email == "new@example.org" and user.is_active and not user.is_staff
    assert user.check_password(PASSWORD)
    assert client.session["_auth_user_id"] == str(user.pk)


def test_a_known_and_an_unknown_address_get_the_same_answer(client):
    UserFactory(username="carer", email="Carer@Example.org")

    known = _signup(client, username="second", email="carer@example.org")
    unknown = _signup(client, username="third", email="nobody-yet@example.org")

    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert client.get(known["Location"]).content == client.get(unknown["Location"]).content
    assert list(get_user_model().objects.values_list("username", flat=True)) == ["carer"]
    taken, confirm = mail.outbox
    assert taken.to == ["Carer@Example.org"]
    assert taken.subject == "Someone tried to sign up to Healthsite with your email address"
    assert "http://127.0.0.1:8000/accounts/password_reset/" in taken.body
    assert "Hello carer" in taken.body and "second" not in taken.body
    assert not CONFIRM_LINK.search(taken.body)
    assert confirm.to == ["nobody-yet@example.org"]


def test_a_weak_password_is_refused_on_the_confirmation_page_and_the_username_kept(client):
    _signup(client)
    response = confirm_signup(client, password="123")
    assert response.status_code == 200
    content = response.content.decode()
    assert "too short" in content
    assert 'value="newreader"' in content
    assert not get_user_model().objects.exists()
    assert confirm_signup(client).status_code == 302  # the link still works


def test_a_password_like_the_address_is_refused(client):
    _signup(client, email="marigold.summers@example.org")
    response = confirm_signup(client, password="marigold.summers")
    assert "too similar" in response.content.decode()


def test_signup_never_redirects_off_site(client):
    _signup(client, next="https://evil.example/")
    assert confirm_signup(client)["Location"] == "/"


def test_a_confirmation_link_makes_one_account_and_a_forged_one_none(client):
    _signup(client)
    link = confirmation_link()
    token = link.split("/")[-2]
    forged = link.replace(token, token[:-4] + "AAAA")
    other_salt = "/accounts/signup/confirm/" + "eyJ1IjoieCJ9:1uAbCd:" + "x" * 40 + "/"
    for bad in (forged, other_salt, "/accounts/signup/confirm/%00%27/", "/accounts/signup/confirm/x/"):
        response = client.get(bad)
        assert response.status_code == 404
        assert "This link no longer works" in response.content.decode()
        data = {"username": "x", "password1": PASSWORD, "password2": PASSWORD}
        assert client.post(bad, data).status_code == 404
    assert confirm_signup(client).status_code == 302
    client.logout()
    response = client.get(link)
    assert response["Location"] == reverse("login")  # the address has its account now
    assert get_user_model().objects.count() == 1


def test_a_confirmation_link_stops_working_after_a_day(client, settings):
    _signup(client)
    with time_machine.travel(timezone.now() + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)):
        assert client.get(confirmation_link()).status_code == 404


def test_a_username_taken_meanwhile_can_be_changed_on_the_confirmation_page(client):
    _signup(client, username="popular")
    UserFactory(username="Popular", email="someone@example.org")

    assert confirm_signup(client).status_code == 200  # told the name is taken
    response = confirm_signup(client, username="popular-too")

    assert response.status_code == 302
    assert get_user_model().objects.get(username="popular-too").email == "new@example.org"


def test_an_address_that_got_an_account_meanwhile_gets_no_second_one(client):
    _signup(client, email="shared@example.org")
    UserFactory(username="quicker", email="shared@example.org")

    link = confirmation_link()
    assert client.get(link)["Location"] == reverse("login")
    response = client.post(link, {"username": "newreader", "password1": PASSWORD, "password2": PASSWORD})

    assert response["Location"] == reverse("login")
    assert list(get_user_model().objects.values_list("username", flat=True)) == ["quicker"]


def test_a_taken_username_is_said_on_the_first_step(client):
    UserFactory(username="carer")
    response = _signup(client, username="CARER")
    assert response.status_code == 200
    assert "That username is taken" in response.content.decode()
    assert mail.outbox == []


def test_every_attempt_from_one_network_counts_known_address_or_not(client, settings):
    settings.ACCOUNTS_SIGNUP_RATE_PER_ADDRESS = "3/h"
    UserFactory(username="carer", email="carer@example.org")
    assert _signup(client, "a", "carer@example.org").status_code == 302
    assert _signup(client, "b", "carer@example.org").status_code == 302
    assert _signup(client, "c", "one@example.org").status_code == 302

    response = _signup(client, "d", "two@example.org")

    assert response.status_code == 429
    content = response.content.decode()
    assert "Please try again later" in content
    assert 'value="two@example.org"' in content  # what was typed is kept
    assert len(mail.outbox) == 3


def test_past_an_addresss_limit_the_answer_is_the_same_but_nothing_more_is_sent(settings):
    settings.ACCOUNTS_SIGNUP_RATE_PER_EMAIL = "2/h"
    UserFactory(username="carer", email="carer@example.org")
    answers = set()
    for n in range(5):
        # From five networks, so only the email address's own limit applies.
        response = _signup(Client(REMOTE_ADDR=f"198.51.100.{n}"), f"guess{n}", " CARER@example.org")
        answers.add((response.status_code, response["Location"]))
    assert answers == {(302, reverse("signup_sent"))}
    assert len(mail.outbox) == 2
