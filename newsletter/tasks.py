"""Background tasks of the newsletter (docs/newsletter.md)."""

from jobs.queue import task
from newsletter import sending, subscriptions


@task(queue_name="newsletter")
def start_due_editions() -> int:
    """Start the weekly and monthly digest editions that are due (one per period)."""
    return len(sending.start_due_editions())


@task(queue_name="newsletter", priority=-10)
def send_digest_batch(*, edition_id: int, first: int, last: int, attempt: int = 1) -> str:
    """Send one batch of an edition's digests; rows already sent or claimed are skipped."""
    return sending.send_batch(edition_id=edition_id, first=first, last=last, attempt=attempt)


@task()
def forget_unconfirmed_signups() -> int:
    """Delete newsletter sign-ups whose confirmation link expired unused."""
    return subscriptions.forget_unconfirmed()
