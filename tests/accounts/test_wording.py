"""Sign-up, log-in and password pages: titles with the site's name, labels without colons, plain help."""

import re

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core.cache import cache
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.auth_pages import password_help
from tests.factories import UserFactory
from tests.mail import confirmation_link

pytestmark = pytest.mark.django_db

STOCK_HELP = ["personal information", "can’t be", "can't be", "for verification", "Password confirmation"]


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def _labels(html: str) -> list[str]:
    """The labels of the page's own forms (not the header's search box)."""
    forms = "".join(re.findall(r'<form method="post".*?</form>', html, re.S))
    labels = re.findall(r"<label[^>]*>(.*?)</label>", forms)
    return [re.sub(r"<[^>]+>", "", label).strip() for label in labels]


def _title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()


def _reset_page(client, user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return client.get(reverse("password_reset_confirm", args=[uid, token]), follow=True).content.decode()


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("login", "Log in"),
        ("signup", "Create an account"),
        ("password_reset", "Reset your password"),
        ("password_reset_done", "Check your email"),
        ("password_reset_complete", "Password changed"),
    ],
)
def test_account_pages_have_the_site_name_in_their_title(client, settings, name, title):
    settings.SITE_NAME = "Neuro Help"
    assert _title(client.get(reverse(name)).content.decode()) == f"{title} – Neuro Help"


def test_sign_up_pages_have_plain_labels_and_password_help(client):
    html = client.get(reverse("signup")).content.decode()
    assert _labels(html) == ["Username", "Email address"]
    for stock in STOCK_HELP:
        assert stock not in html

    # The password is chosen from the link in the confirmation email.
    client.post(reverse("signup"), {"username": "carer", "email": "carer@example.org"})
    html = client.get(confirmation_link("carer@example.org")).content.decode()
    assert _labels(html)[-2:] == ["Password", "Type the password again"]
    assert "Use at least 8 characters." in html
    assert "It cannot be close to your username or email address, a password lots of people use" in html
    for stock in STOCK_HELP:
        assert stock not in html


def test_log_in_page_has_labels_without_colons_and_the_sites_name(client, settings):
    settings.SITE_NAME = "Neuro Help"
    settings.ALLOWED_HOSTS = ["www.example.org"]
    html = client.get(reverse("login"), HTTP_HOST="www.example.org").content.decode()

    assert _labels(html) == ["Username", "Password"]
    # Django's log-in view would name the site after the host.
    assert '<span class="site-brand__name">Neuro Help</span>' in html
    assert _title(html) == "Log in – Neuro Help"
    assert ">www.example.org<" not in html


def test_choosing_a_new_password_after_a_reset_uses_the_same_help(client):
    html = _reset_page(client, UserFactory(username="carer", email="carer@example.org"))

    assert "Choose a new password" in html
    assert _labels(html) == ["New password", "Type the new password again"]
    assert "Use at least 8 characters." in html
    for stock in STOCK_HELP:
        assert stock not in html


def test_changing_a_password_uses_the_same_help(client):
    client.force_login(UserFactory(username="carer"))
    html = client.get(reverse("password_change")).content.decode()

    assert _title(html).startswith("Change your password – ")
    assert _labels(html) == ["Your current password", "New password", "Type the new password again"]
    assert "A few unrelated words together" in html
    for stock in STOCK_HELP:
        assert stock not in html


def test_a_weak_password_is_still_refused_with_the_help_beside_it(client):
    client.post(reverse("signup"), {"username": "carer", "email": "carer@example.org"})
    response = client.post(
        confirmation_link("carer@example.org"),
        {"username": "carer", "password1": "12345678", "password2": "12345678"},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Your account has not been created yet." in html
    assert "Use at least 8 characters." in html


def test_password_help_follows_the_configured_rules(settings):
    settings.AUTH_PASSWORD_VALIDATORS = [
        {
            "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
            "OPTIONS": {"min_length": 12},
        },
        {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    ]
    assert password_help() == (
        "Use at least 12 characters. A few unrelated words together are easy to remember and hard to guess. "
        "It cannot be only numbers."
    )
    settings.AUTH_PASSWORD_VALIDATORS = []
    assert password_help() == "A few unrelated words together are easy to remember and hard to guess."


def test_the_reset_request_form_has_a_label_without_a_colon(client):
    assert _labels(client.get(reverse("password_reset")).content.decode()) == ["Email address"]
