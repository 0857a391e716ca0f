"""Sending digest editions: one row per subscriber per edition, sent in batches by the queue.

``start_edition`` writes a ``Delivery`` row for every subscriber of the
frequency and queues one task per batch of rows. A batch claims each row
before sending it and marks it sent after, so a batch run again (its worker
died, or an editor resumed the edition) sends only the rows nobody claimed.
A row claimed by a worker that died mid-send may or may not have gone out: it
is marked "interrupted", counted with the failures, and not sent again unless
an editor asks (docs/newsletter.md).
"""

from __future__ import annotations

import contextlib
import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, connection, transaction
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from jobs import email as job_email
from jobs import queue
from newsletter import digest, subscriptions
from newsletter.models import Delivery, Edition, Frequency, Subscriber

logger = logging.getLogger(__name__)

# A row claimed longer ago than this by a batch that is no longer running was
# interrupted mid-send (a batch never takes this long to send one email).
CLAIM_LEASE = timedelta(minutes=10)


def period_of(frequency: str, now: datetime) -> str | None:
    """The period a scheduled edition at ``now`` belongs to, or None if none is due yet.

    Weekly editions are due from ``NEWSLETTER_WEEKLY_DAY`` of each ISO week,
    monthly ones from the first of the month; a timer that missed the day
    starts it at its next run.
    """
    local = timezone.localtime(now)
    if frequency == Frequency.WEEKLY:
        if local.weekday() < settings.NEWSLETTER_WEEKLY_DAY:
            return None
        year, week, _ = local.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{local:%Y-%m}"


def start_due_editions(*, now=None) -> list[Edition]:
    """Start each scheduled edition that is due and not started yet (safe to run at any time)."""
    now = now or timezone.now()
    started = []
    for frequency in Frequency.values:
        period = period_of(frequency, now)
        if period and not Edition.objects.filter(frequency=frequency, period=period).exists():
            edition = start_edition(frequency=frequency, period=period, now=now)
            if edition is not None:
                started.append(edition)
    return started


def start_edition(*, frequency: str, period: str | None = None, now=None, by=None) -> Edition | None:
    """Create an edition for every confirmed subscriber of ``frequency`` and queue its batches.

    Without ``period`` (an editor's "send now") the edition gets a period of its
    own. Returns None when that period's edition exists already: one per period,
    however often this runs, from however many machines.
    """
    now = now or timezone.now()
    period = period or f"now-{timezone.localtime(now):%Y-%m-%dT%H:%M:%S.%f}"
    try:
        with transaction.atomic():
            edition = Edition.objects.create(frequency=frequency, period=period, until=now, started_by=by)
            _write_deliveries(edition)
            for first, last in batch_ranges(edition):
                queue.enqueue_in_transaction(send_batch_task(), edition_id=edition.pk, first=first, last=last)
    except IntegrityError:
        return None
    return edition


def _write_deliveries(edition: Edition) -> None:
    """One row per confirmed subscriber of the edition's frequency, in a single INSERT ... SELECT.

    The database copies the rows itself: building 100,000 ``Delivery`` objects in
    Python for ``bulk_create`` took most of the time of starting an edition
    (docs/newsletter.md has both timings).
    """
    fields = ["edition", "subscriber", "status", "since", "article_count", "error"]
    select = (
        Subscriber.objects.confirmed()
        .filter(frequency=edition.frequency)
        .order_by("pk")
        .annotate(
            _edition=Value(edition.pk),
            _status=Value(Delivery.Status.QUEUED),
            _since=Coalesce("last_digest_at", "confirmed_at", Value(edition.until)),
            _count=Value(0),
            _error=Value(""),
        )
        .values_list("_edition", "pk", "_status", "_since", "_count", "_error")
    )
    sql, params = select.query.sql_with_params()
    table = connection.ops.quote_name(Delivery._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(Delivery._meta.get_field(f).column) for f in fields)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({columns}) {sql}", params)


def batch_ranges(edition: Edition, *, statuses=(Delivery.Status.QUEUED,)) -> list[tuple[int, int]]:
    """``(first, last)`` row ids of each batch of ``NEWSLETTER_BATCH_SIZE`` rows still to send."""
    size = settings.NEWSLETTER_BATCH_SIZE
    ids = list(edition.deliveries.filter(status__in=statuses).order_by("pk").values_list("pk", flat=True))
    return [(ids[i], ids[min(i + size, len(ids)) - 1]) for i in range(0, len(ids), size)]


def send_batch_task():
    from newsletter.tasks import send_digest_batch

    return send_digest_batch


def resume(edition: Edition, *, include_failed: bool = False) -> int:
    """Queue again what is left of ``edition`` (and, if asked, its failed and interrupted rows).

    Returns how many rows were queued. Rows already sent are never sent again.
    """
    with transaction.atomic():
        if include_failed:
            edition.deliveries.filter(
                status__in=[Delivery.Status.FAILED, Delivery.Status.INTERRUPTED]
            ).update(status=Delivery.Status.QUEUED, error="", claimed_at=None)
            Edition.objects.filter(pk=edition.pk).update(finished_at=None)
        ranges = batch_ranges(edition)
        for first, last in ranges:
            queue.enqueue_in_transaction(send_batch_task(), edition_id=edition.pk, first=first, last=last)
    return edition.deliveries.filter(status=Delivery.Status.QUEUED).count()


def send_batch(*, edition_id: int, first: int, last: int, attempt: int = 1, now=None) -> str:
    """Send the digests of rows ``first``..``last`` of an edition that are still queued.

    A mail server that refuses for now or does not answer stops the batch: the
    batch is queued again after a growing delay, and after
    ``TASKS_EMAIL_ATTEMPTS`` tries its remaining rows are marked failed. An
    address the server refuses for good fails alone.
    """
    now = now or timezone.now()
    edition = Edition.objects.filter(pk=edition_id).first()
    if edition is None:
        return "edition deleted"
    rows = edition.deliveries.filter(pk__gte=first, pk__lte=last)
    rows.filter(status=Delivery.Status.SENDING, claimed_at__lt=now - CLAIM_LEASE).update(
        status=Delivery.Status.INTERRUPTED,
        error="Its worker stopped while sending; it may have been sent, so it was not sent again.",
    )
    # A run stopped before recording whom it reached: record it now.
    _record_last_digest(edition, rows.filter(status=Delivery.Status.SENT))
    waiting = list(
        rows.filter(status=Delivery.Status.QUEUED)
        .select_related("subscriber")
        .prefetch_related("subscriber__categories", "subscriber__conditions")
    )
    if not waiting:
        finish_if_done(edition)
        return "nothing left to send"
    articles = digest.candidates(min(row.since for row in waiting), edition.until)
    to_send, gone, nothing_new = [], [], []
    for row in waiting:
        if row.subscriber is None or not row.subscriber.is_confirmed:
            gone.append(row.pk)
            continue
        topics = digest.Topics(
            category_paths=tuple(c.path for c in row.subscriber.categories.all()),
            condition_ids=frozenset(c.pk for c in row.subscriber.conditions.all()),
        )
        new, updated = digest.pick(articles, topics, row.since, edition.until)
        if new or updated:
            to_send.append((row, new, updated))
        else:
            nothing_new.append(row.pk)
    _mark(gone, Delivery.Status.SKIPPED, error="Unsubscribed or deleted before sending.")
    _mark(nothing_new, Delivery.Status.SKIPPED)
    sent, failed = [], 0
    mailer = get_connection()
    try:
        with _quick_commits():
            for row, new, updated in to_send:
                result = _send_one(row, edition, new, updated, mailer)
                if result == Delivery.Status.SENT:
                    sent.append(row.pk)
                failed += result == Delivery.Status.FAILED
    except _MailServerUnavailable as problem:
        _record_last_digest(edition, Delivery.objects.filter(pk__in=sent))
        return _after_server_failure(edition, first, last, attempt, problem.exc, len(sent))
    finally:
        mailer.close()
    _record_last_digest(edition, Delivery.objects.filter(pk__in=sent))
    finish_if_done(edition)
    return (
        f"{len(sent)} sent, {len(gone) + len(nothing_new)} with nothing new or unsubscribed, {failed} refused"
    )


@contextlib.contextmanager
def _quick_commits():
    """On PostgreSQL, let this connection's commits return before they reach the disk.

    Each digest commits twice (claimed, then sent), and waiting for the disk made
    those commits most of a batch's time. A worker that dies loses nothing by
    it; only a crash of the database server itself could forget the last
    moment's marks, and then a digest could go out twice.
    """
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


def _record_last_digest(edition: Edition, sent_rows) -> None:
    """The next digest of the subscribers of ``sent_rows`` starts where this edition ends."""
    Subscriber.objects.filter(pk__in=sent_rows.values("subscriber"), last_digest_at__lt=edition.until).update(
        last_digest_at=edition.until
    )


class _MailServerUnavailable(Exception):
    def __init__(self, exc: BaseException):
        self.exc = exc


def _send_one(row: Delivery, edition: Edition, new, updated, mailer) -> str:
    # Claimed only if still queued and still subscribed at this instant: a reader
    # who unsubscribed, or was deleted, a moment ago gets nothing.
    claimed = Delivery.objects.filter(
        pk=row.pk, status=Delivery.Status.QUEUED, subscriber__status=Subscriber.Status.CONFIRMED
    ).update(status=Delivery.Status.SENDING, claimed_at=timezone.now())
    if not claimed:
        row.refresh_from_db()
        if row.status == Delivery.Status.QUEUED:
            _mark([row.pk], Delivery.Status.SKIPPED, error="Unsubscribed or deleted before sending.")
            return Delivery.Status.SKIPPED
        return row.status
    message = build_digest(row.subscriber, edition, new, updated)
    try:
        mailer.send_messages([message])
    except Exception as exc:
        if job_email.is_temporary(exc):
            Delivery.objects.filter(pk=row.pk).update(status=Delivery.Status.QUEUED, claimed_at=None)
            raise _MailServerUnavailable(exc) from exc
        _mark([row.pk], Delivery.Status.FAILED, error=job_email.describe(exc))
        return Delivery.Status.FAILED
    Delivery.objects.filter(pk=row.pk).update(
        status=Delivery.Status.SENT, sent_at=timezone.now(), article_count=len(new) + len(updated)
    )
    return Delivery.Status.SENT


def _mark(pks: list[int], status: str, *, error: str = "") -> None:
    if pks:
        Delivery.objects.filter(
            pk__in=pks, status__in=[Delivery.Status.QUEUED, Delivery.Status.SENDING]
        ).update(status=status, error=error[:500])


def _after_server_failure(edition, first, last, attempt, exc, sent) -> str:
    from newsletter.tasks import send_digest_batch

    reason = job_email.describe(exc)
    if attempt < settings.TASKS_EMAIL_ATTEMPTS:
        logger.warning("Digest batch %s-%s of edition %s stopped: %s", first, last, edition.pk, reason)
        queue.retry_later(
            send_digest_batch, edition_id=edition.pk, first=first, last=last, attempt=attempt + 1
        )
        return f"{sent} sent, then stopped: {reason} Try {attempt + 1} queued."
    edition.deliveries.filter(pk__gte=first, pk__lte=last, status=Delivery.Status.QUEUED).update(
        status=Delivery.Status.FAILED, error=f"Not sent after {attempt} tries. {reason}"[:500]
    )
    finish_if_done(edition)
    raise job_email.EmailNotSent(
        f"Digests not sent after {attempt} tries: {reason} "
        "Use “Send failed and interrupted digests again” on the edition once the mail server works."
    )


def finish_if_done(edition: Edition) -> None:
    pending = edition.deliveries.filter(status__in=[Delivery.Status.QUEUED, Delivery.Status.SENDING])
    if not pending.exists():
        Edition.objects.filter(pk=edition.pk, finished_at=None).update(finished_at=timezone.now())


def build_digest(subscriber: Subscriber, edition: Edition, new, updated) -> EmailMultiAlternatives:
    """One subscriber's digest, in HTML and plain text, with one-click unsubscribe headers."""
    shown_new = new[: digest.MOST_ARTICLES]
    shown_updated = updated[: max(digest.MOST_ARTICLES - len(shown_new), 0)]
    context = {
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "edition": edition,
        "new": shown_new,
        "updated": shown_updated,
        "more": len(new) + len(updated) - len(shown_new) - len(shown_updated),
        "preferences_url": subscriptions.preferences_url(subscriber),
        "unsubscribe_url": subscriptions.unsubscribe_url(subscriber),
        "privacy_url": subscriptions.absolute(reverse("pages:detail", args=["privacy"])),
    }
    count = len(new) + len(updated)
    message = EmailMultiAlternatives(
        subject=f"{settings.SITE_NAME}: {count} new or updated article{'s' if count != 1 else ''} for you",
        body=render_to_string("newsletter/email/digest.txt", context),
        to=[subscriber.email],
        headers=subscriptions.unsubscribe_headers(subscriber),
    )
    message.attach_alternative(render_to_string("newsletter/email/digest.html", context), "text/html")
    return message
