"""How often one account, and one network address, may post or report comments.

Counts live in the cache (django-ratelimit's counters), so with ``REDIS_URL`` set
every app server shares them. Only accepted posts and reports count: a reader
whose comment was refused for its wording can fix it without losing a turn.
"""

from __future__ import annotations

from math import ceil

from django.conf import settings
from django_ratelimit.core import get_usage

POST = "post"
REPORT = "report"


def _limits(action: str) -> list[tuple[str, str, str]]:
    if action == POST:
        return [
            ("account", "user", settings.COMMENTS_RATE_PER_ACCOUNT),
            ("address", "ip", settings.COMMENTS_RATE_PER_ADDRESS),
        ]
    return [
        ("account", "user", settings.COMMENTS_REPORT_RATE_PER_ACCOUNT),
        ("address", "ip", settings.COMMENTS_REPORT_RATE_PER_ADDRESS),
    ]


def _wait(seconds: int) -> str:
    minutes = ceil(seconds / 60) if seconds > 0 else 0
    if minutes <= 1:
        return "a minute"
    return f"{minutes} minutes"


def limit_reached(request, action: str) -> str | None:
    """A plain-English explanation if ``request`` has used up its allowance for ``action``, else None."""
    what = "comments" if action == POST else "reports"
    for scope, key, rate in _limits(action):
        usage = get_usage(request, group=f"comments.{action}.{scope}", key=key, rate=rate)
        if usage is not None and usage["count"] >= usage["limit"]:
            wait = _wait(usage["time_left"])
            if scope == "account":
                return (
                    f"You have sent {usage['limit']} {what} in a short time. "
                    f"Please wait {wait} before sending another."
                )
            return (
                f"Many {what} have been sent from your network in a short time. "
                f"Please wait {wait} before sending another."
            )
    return None


def record(request, action: str) -> None:
    """Count one accepted post or report against the account and the address."""
    for scope, key, rate in _limits(action):
        get_usage(request, group=f"comments.{action}.{scope}", key=key, rate=rate, increment=True)
