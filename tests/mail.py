"""Following links in emails the site sent (django.core.mail.outbox in tests)."""

import re

from django.core import mail

CONFIRM_LINK = re.compile(r"https?://[^/\s]+(/accounts/signup/confirm/\S+)")
PASSWORD = "a long and unusual passphrase"


def confirmation_link(to: str | None = None) -> str:
    """The path of the newest sign-up confirmation link (sent to ``to``, if given)."""
    for message in reversed(mail.outbox):
        if to is None or to in message.to:
            match = CONFIRM_LINK.search(message.body)
            if match:
                return match.group(1)
    raise AssertionError(f"no sign-up confirmation email{f' to {to}' if to else ''}")


def confirm_signup(client, to: str | None = None, *, password: str = PASSWORD, **fields):
    """Open the newest sign-up confirmation link and choose ``password``, as a reader would."""
    link = confirmation_link(to)
    page = client.get(link)
    assert page.status_code == 200
    username = page.context["form"].initial["username"]
    data = {"username": username, "password1": password, "password2": password, **fields}
    return client.post(link, data)
