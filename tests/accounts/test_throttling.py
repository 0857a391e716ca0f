"""Login throttling keeps working whatever a bot types as the username."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3


@pytest.mark.parametrize("login_url", [reverse("login"), reverse("admin:login")])
def test_an_overlong_username_is_refused_plainly_and_still_counts_towards_a_lockout(client, login_url):
    username = "x" * 100_000

    for _ in range(2):
        response = client.post(login_url, {"username": username, "password": "guess"})
        assert response.status_code == 200
        assert "correct username and password" in response.content.decode()
    (attempt,) = AccessAttempt.objects.all()
    assert attempt.username == "x" * 255
    assert attempt.failures_since_start == 2

    response = client.post(login_url, {"username": username, "password": "guess"})
    assert response.status_code == 429
    assert "Too many attempts to log in" in response.content.decode()
