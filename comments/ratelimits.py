"""How often one account, and one network address, may post or report comments.

Counted and checked in one step (healthsite/limits.py), so a burst of posts
cannot get past the limit. An attempt refused for what it says (its wording, an
empty text) is given back: a reader can fix it without losing a turn.
"""

from __future__ import annotations

from math import ceil

from django.conf import settings

from healthsite import limits

POST = "post"
REPORT = "report"

UNAVAILABLE = {
    POST: "Sorry, we cannot accept comments for a few minutes. Nothing was saved: please try again shortly.",
    REPORT: "Sorry, we cannot accept reports for a few minutes. Nothing was sent: please try again shortly.",
}


def _limits(request, action: str) -> list[limits.Limit]:
    if action == POST:
        per_account, per_address = settings.COMMENTS_RATE_PER_ACCOUNT, settings.COMMENTS_RATE_PER_ADDRESS
    else:
        per_account = settings.COMMENTS_REPORT_RATE_PER_ACCOUNT
        per_address = settings.COMMENTS_REPORT_RATE_PER_ADDRESS
    return [
        limits.Limit(f"comments.{action}.account", str(request.user.pk), per_account),
        limits.Limit(f"comments.{action}.address", limits.network_address(request), per_address),
    ]


def _wait(seconds: int) -> str:
    minutes = ceil(seconds / 60) if seconds > 0 else 0
    if minutes <= 1:
        return "a minute"
    return f"{minutes} minutes"


def take(request, action: str) -> tuple[limits.Attempt, str | None]:
    """Count one post or report by ``request``'s reader; with a plain-English refusal if it is one too many.

    A refused attempt is already given back. Raises ``limits.CountersUnavailable``
    when it cannot be counted (the caller refuses it, see ``UNAVAILABLE``).
    """
    attempt = limits.take(_limits(request, action))
    exceeded = attempt.exceeded
    if exceeded is None:
        return attempt, None
    attempt.give_back()
    what = "comments" if action == POST else "reports"
    wait = _wait(exceeded.seconds_left)
    if exceeded.limit.name.endswith(".account"):
        message = (
            f"You have sent {exceeded.allowed} {what} in a short time. "
            f"Please wait {wait} before sending another."
        )
    else:
        message = (
            f"Many {what} have been sent from your network in a short time. "
            f"Please wait {wait} before sending another."
        )
    return attempt, message
