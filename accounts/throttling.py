"""How django-axes names the account behind a login attempt."""

from django.conf import settings

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
