"""Sending email from tasks: at most once per key, retried while the mail server is unavailable."""

from __future__ import annotations

import smtplib
import socket
from collections.abc import Callable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection

from jobs import queue


class EmailNotSent(Exception):
    """The mail server refused a message for good, or kept failing; the task is marked failed."""


def is_temporary(exc: BaseException) -> bool:
    """Whether the mail server may well take the message if asked again later.

    No answer, a dropped or refused connection, and 4xx replies ("try again
    later") are temporary; a 5xx reply (no such mailbox, message refused) is not.
    """
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _ in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    return isinstance(
        exc,
        (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError, socket.timeout, ConnectionError, OSError),
    )


def describe(exc: BaseException) -> str:
    """A one-line account of a sending failure, for the admin (never a password or body)."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = sorted({code for code, _ in exc.recipients.values()})
        return f"The mail server refused the address (code {', '.join(map(str, codes))})."
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"The mail server answered {exc.smtp_code}: {exc.smtp_error!r:.200}"
    if isinstance(exc, socket.timeout | TimeoutError):
        return "The mail server did not answer in time."
    return f"{type(exc).__name__}: {exc!s:.200}"


def build(message: dict) -> EmailMultiAlternatives:
    """An email from the plain dict a task carries (JSON: subject, body, to, html, headers)."""
    # Subjects are typed by people; a line break in a header would be refused.
    subject = " ".join(str(message["subject"]).split())
    email = EmailMultiAlternatives(
        subject=subject,
        body=message["body"],
        from_email=message.get("from_email") or settings.DEFAULT_FROM_EMAIL,
        to=list(message["to"]),
        headers=message.get("headers") or {},
    )
    if message.get("html"):
        email.attach_alternative(message["html"], "text/html")
    return email


def send_once(
    email: EmailMultiAlternatives, *, key: str, attempt: int, retry: Callable[[int], None], connection=None
) -> str:
    """Send ``email`` unless ``key`` was sent (or begun) before; returns what happened.

    A temporary failure queues try ``attempt + 1`` through ``retry`` (after a
    growing delay) until ``TASKS_EMAIL_ATTEMPTS`` tries were made; then, or on a
    permanent refusal, ``EmailNotSent`` is raised so the task shows as failed,
    with the reason, in the admin, where an editor can run it again.
    """
    if not queue.claim(key):
        return "already sent"
    try:
        (connection or get_connection()).send_messages([email])
    except Exception as exc:
        queue.release(key)
        if is_temporary(exc) and attempt < settings.TASKS_EMAIL_ATTEMPTS:
            retry(attempt + 1)
            return f"not sent yet, try {attempt + 1} queued: {describe(exc)}"
        raise EmailNotSent(f"Not sent after {attempt} tries. {describe(exc)}") from exc
    return "sent"
