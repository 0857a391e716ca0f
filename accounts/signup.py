"""Creating a reader account without telling anyone which email addresses have one.

Every sign-up answers the same way ("check your email") and sends one email:

- an address with no account gets a link; the account is made only when the
  reader opens it and chooses a password, so nothing is stored for an address
  nobody confirmed (no username or address is held by a stranger's attempt, and
  nobody can prepare an account for someone else's address);
- an address that already has an account gets an email saying someone tried to
  sign up with it, with links to log in and to reset the password.

The link carries the username and address, signed, and works for a day
(PASSWORD_RESET_TIMEOUT); once the account exists, the address is taken and the
link cannot make a second one.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse

from jobs.tasks import send_email

SALT = "accounts.signup.confirmation"


@dataclass(frozen=True)
class Pending:
    """What a confirmation link says: the username asked for and the address it went to."""

    username: str
    email: str


def _send(template: str, to: str, context: dict) -> None:
    """Queue the email: a background task sends it, at most once. Nothing is written to
    the database with it, so it need not wait for a transaction to commit."""
    context = {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL, **context}
    # One line: a line break in a header would be refused.
    subject = "".join(render_to_string(f"registration/{template}_subject.txt", context).splitlines())
    body = render_to_string(f"registration/{template}_email.txt", context)
    send_email.enqueue(key=f"signup:{uuid.uuid4()}", message={"subject": subject, "body": body, "to": [to]})


def _account_for(email: str):
    return get_user_model().objects.filter(email__iexact=email).order_by("pk").first()


def register(*, username: str, email: str, next_url: str) -> None:
    """Email ``email`` a link to finish signing up, or, if it has an account, say someone tried.

    The caller answers the same way whatever happened here.
    """
    existing = _account_for(email)
    if existing is not None:
        _send(
            "signup_taken",
            existing.email,
            {
                "user": existing,
                "login_url": settings.SITE_URL + reverse("login"),
                "reset_url": settings.SITE_URL + reverse("password_reset"),
            },
        )
        return
    token = signing.dumps({"u": username, "e": email}, salt=SALT, compress=True)
    query = f"?{urlencode({'next': next_url})}" if next_url and next_url != "/" else ""
    link = settings.SITE_URL + reverse("signup_confirm", kwargs={"token": token}) + query
    _send("signup_confirm", email, {"username": username, "confirm_url": link})


def pending(token: str) -> Pending | None:
    """The sign-up a link is for, or None if the link is forged, damaged or too old."""
    try:
        data = signing.loads(token, salt=SALT, max_age=settings.PASSWORD_RESET_TIMEOUT)
        return Pending(username=str(data["u"]), email=str(data["e"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def is_taken(sign_up: Pending) -> bool:
    """Whether the address has had an account made meanwhile (e.g. the link was used already)."""
    return _account_for(sign_up.email) is not None


def create_account(form, sign_up: Pending):
    """Make the account from a valid ``accounts.forms.ConfirmSignUpForm``.

    None if the address has had an account made meanwhile.
    """
    if is_taken(sign_up):
        return None
    user = form.save(commit=False)
    user.email = sign_up.email
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        # The same link confirmed twice at once: the username is unique, so one wins.
        return None
    return user
