"""A mail server that fails on demand, for tests: never touches the network.

``FlakyBackend.failures`` lists what the next sends raise, in order (None for
a send that works); once it is empty every send works. Sent messages land in
``django.core.mail.outbox`` like the locmem backend's.
"""

import smtplib

import pytest
from django.core.mail.backends.locmem import EmailBackend

BACKEND = "tests.mail_fakes.FlakyBackend"


class FlakyBackend(EmailBackend):
    failures: list = []
    attempts = 0

    def send_messages(self, messages):
        sent = 0
        for message in messages:
            type(self).attempts += 1
            failure = type(self).failures.pop(0) if type(self).failures else None
            if failure is not None:
                raise failure
            sent += super().send_messages([message])
        return sent


def timeout():
    return TimeoutError("timed out")


def refused_for_now():
    return smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def no_such_mailbox(address="nobody@example.org"):
    return smtplib.SMTPRecipientsRefused({address: (550, b"5.1.1 No such mailbox")})


@pytest.fixture
def flaky_mail(settings):
    settings.EMAIL_BACKEND = BACKEND
    FlakyBackend.failures = []
    FlakyBackend.attempts = 0
    yield FlakyBackend
    FlakyBackend.failures = []
