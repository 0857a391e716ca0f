"""Log in, log out, password reset and change: Django's views, in the site's design."""

import re

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SITE_PAGE = 'class="skip-link"'  # every page built on base.html has it


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def _signup(client, username, email, **extra):
    return client.post(
        reverse("signup"),
        {
            "username": username,
            "email": email,
            **extra,
        },
    )


@pytest.mark.parametrize(
    "name", ["login", "signup", "password_reset", "password_reset_done", "password_reset_complete"]
)
def test_account_pages_use_the_site_design(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert SITE_PAGE in response.content.decode()


def test_password_change_page_is_in_the_site_design_but_the_admin_keeps_its_own(client, superuser):
    reader = UserFactory(username="reader")
    client.force_login(reader)
    assert SITE_PAGE in client.get(reverse("password_change")).content.decode()
    client.force_login(superuser)
    admin_page = client.get(reverse("admin:password_change")).content.decode()
    assert SITE_PAGE not in admin_page
    assert "Healthsite newsroom" in admin_page


def test_email_address_can_only_be_used_once(client):
    UserFactory(username="first", email="Carer@Example.org")

    response = _signup(client, "second", "carer@example.org")

    assert response["Location"] == reverse("signup_sent")
    assert not get_user_model().objects.filter(username="second").exists()


@pytest.mark.parametrize(
    "username",
    ["<script>alert(1)</script>", "robert'); DROP TABLE auth_user;--", "right\u202eleft", "x" * 151, ""],
)
def test_bad_usernames_are_refused_with_a_message(client, username):
    response = _signup(client, username, "someone@example.org")
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    assert get_user_model().objects.count() == 0


def test_many_sign_ups_from_one_address_are_slowed_down(client, settings):
    settings.ACCOUNTS_SIGNUP_RATE_PER_ADDRESS = "2/h"
    with time_machine.travel(timezone.now(), tick=False):
        assert _signup(client, "one", "one@example.org").status_code == 302
        assert _signup(client, "two", "two@example.org").status_code == 302
        response = _signup(client, "three", "three@example.org")
    assert response.status_code == 429
    assert "Please try again later" in response.content.decode()
    assert 'value="three@example.org"' in response.content.decode()
    assert not get_user_model().objects.filter(username="three").exists()


def test_log_in_and_log_out(client):
    UserFactory(username="carer")

    response = client.post(reverse("login"), {"username": "carer", "password": "wrong"})
    assert response.status_code == 200
    assert "We could not log you in." in response.content.decode()

    response = client.post(reverse("login"), {"username": "carer", "password": "pw"})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session

    assert client.get(reverse("logout")).status_code == 405  # log out is a POST, so links cannot trigger it
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_log_in_never_sends_the_reader_off_site(client):
    UserFactory(username="carer")
    response = client.post(
        reverse("login"), {"username": "carer", "password": "pw", "next": "https://evil.example/steal"}
    )
    assert response["Location"] == "/"


def test_password_reset_by_email(client, settings, django_capture_on_commit_callbacks):
    settings.SITE_NAME = "Healthsite"
    user = UserFactory(username="carer", email="carer@example.org")

    # The email is a background task, run once the request's work is committed.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": "carer@example.org"})
    assert response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["carer@example.org"]
    assert email.subject == "Reset your Healthsite password"
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", email.body).group(1)

    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a brand new passphrase", "new_password2": "a brand new passphrase"},
    )
    assert response["Location"] == reverse("password_reset_complete")
    user.refresh_from_db()
    assert user.check_password("a brand new passphrase")

    used_again = client.get(link, follow=True).content.decode()
    assert "This link no longer works" in used_again


def test_password_reset_for_an_unknown_address_says_the_same_and_sends_nothing(client):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


def _ask_for_reset(client, email):
    return client.post(reverse("password_reset"), {"email": email})


def test_password_reset_answers_the_same_for_known_and_unknown_addresses(client):
    UserFactory(username="carer", email="carer@example.org")
    known = _ask_for_reset(client, "carer@example.org")
    unknown = _ask_for_reset(client, "nobody@example.org")
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert known.content == unknown.content
    assert [email.to for email in mail.outbox] == [["carer@example.org"]]


def test_a_burst_of_resets_for_one_address_sends_only_a_few_emails(settings):
    from django.test import Client

    settings.ACCOUNTS_PASSWORD_RESET_RATE_PER_EMAIL = "3/h"
    settings.ACCOUNTS_PASSWORD_RESET_RATE_PER_ADDRESS = "100/h"
    UserFactory(username="carer", email="carer@example.org")
    with time_machine.travel(timezone.now(), tick=False):
        answers = {
            _ask_for_reset(Client(REMOTE_ADDR=f"203.0.113.{n}"), " Carer@example.org ")["Location"]
            for n in range(12)
        }
    assert answers == {reverse("password_reset_done")}
    assert len(mail.outbox) == 3


def test_many_resets_from_one_network_are_slowed_down_with_the_same_answer_for_any_address(client, settings):
    settings.ACCOUNTS_PASSWORD_RESET_RATE_PER_ADDRESS = "2/h"
    UserFactory(username="carer", email="carer@example.org")
    with time_machine.travel(timezone.now(), tick=False):
        assert _ask_for_reset(client, "carer@example.org").status_code == 302
        assert _ask_for_reset(client, "nobody@example.org").status_code == 302
        known = _ask_for_reset(client, "carer@example.org")
        unknown = _ask_for_reset(client, "nobody@example.org")
    assert known.status_code == unknown.status_code == 429
    assert "Please try again later" in known.content.decode()
    assert _without_token(known).replace("carer@", "X@") == _without_token(unknown).replace("nobody@", "X@")
    assert len(mail.outbox) == 1


def _without_token(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())
