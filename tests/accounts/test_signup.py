import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_reader_signs_up_and_is_logged_in_and_sent_back(client):
    response = client.post(
        reverse("signup"),
        {
            "username": "newreader",
            "email": "new@example.org",
            "password1": "a long and unusual passphrase",
            "password2": "a long and unusual passphrase",
            "next": "/articles/some-article/",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/articles/some-article/"
    user = get_user_model().objects.get(username="newreader")
    assert not user.is_staff
    assert client.session["_auth_user_id"] == str(user.pk)


def test_signup_refuses_weak_password_and_keeps_what_was_typed(client):
    response = client.post(
        reverse("signup"),
        {"username": "newreader", "email": "new@example.org", "password1": "123", "password2": "123"},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "too short" in content
    assert 'value="new@example.org"' in content
    assert not get_user_model().objects.filter(username="newreader").exists()


def test_signup_never_redirects_off_site(client):
    response = client.post(
        reverse("signup"),
        {
            "username": "newreader",
            "email": "new@example.org",
            "password1": "a long and unusual passphrase",
            "password2": "a long and unusual passphrase",
            "next": "https://evil.example/",
        },
    )
    assert response["Location"] == "/"
