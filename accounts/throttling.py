"""Limits on logging in (django-axes), signing up and asking for a password reset."""

from django.conf import settings

from healthsite import limits

# django-axes stores the attempted username in 255-character columns.
MAX_RECORDED_USERNAME = 255


def attempted_username(request, credentials: dict | None = None) -> str | None:
    """The username a login attempt was for, in a form django-axes can always store.

    The log-in forms pass whatever was typed straight to authentication, however
    long. Without this a bot's 100 KB "username" makes recording the failure
    itself fail (a 500 on PostgreSQL) instead of counting towards a lockout, so
    the name is cut to what axes can store and NUL characters are dropped.
    """
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        username = credentials.get(field)
    else:
        username = getattr(request, "data", request.POST).get(field)
    if username is None:
        return None
    return str(username).replace("\x00", "")[:MAX_RECORDED_USERNAME]


# Sign-up and password reset: each attempt counts against the network address it
# comes from and the email address it is for (healthsite/limits.py). Past the
# address's limit the sender is told to wait; past an email address's limit the
# answer stays the same but nothing more is sent, so nobody can fill a stranger's
# inbox, and the answer says nothing about whether the address has an account.
SIGNUP = "accounts.signup"
PASSWORD_RESET = "accounts.password_reset"


def _email_key(email: str) -> str:
    return (email or "").strip().lower()


def attempt_limits(request, action: str, email: str) -> list[limits.Limit]:
    if action == SIGNUP:
        per_address = settings.ACCOUNTS_SIGNUP_RATE_PER_ADDRESS
        per_email = settings.ACCOUNTS_SIGNUP_RATE_PER_EMAIL
    else:
        per_address = settings.ACCOUNTS_PASSWORD_RESET_RATE_PER_ADDRESS
        per_email = settings.ACCOUNTS_PASSWORD_RESET_RATE_PER_EMAIL
    return [
        limits.Limit(f"{action}.address", limits.network_address(request), per_address),
        limits.Limit(f"{action}.email", _email_key(email), per_email),
    ]


def count_attempt(request, action: str, email: str) -> limits.Exceeded | None:
    """Count a sign-up or password reset for ``email`` from ``request``'s network; any limit it goes over.

    Raises ``limits.CountersUnavailable`` when it cannot be counted.
    """
    return limits.take(attempt_limits(request, action, email)).exceeded


def is_per_address(exceeded: limits.Exceeded) -> bool:
    return exceeded.limit.name.endswith(".address")
