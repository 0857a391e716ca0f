"""Digest editions: the right articles to the right people, once, whatever goes wrong."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from articles.models import ArticleStatusChange
from newsletter import sending
from newsletter.models import Edition, Subscriber
from tests.factories import ArticleFactory, CategoryFactory, ConditionFactory
from tests.mail_fakes import no_such_mailbox, refused_for_now, timeout
from tests.queue_helpers import run_worker


@pytest.fixture
def brain(db):
    return CategoryFactory(name="Brain and Nervous System Health", slug="brain")


def subscriber(email, *, categories=(), conditions=(), confirmed_days_ago=10, frequency="weekly"):
    confirmed = timezone.now() - timedelta(days=confirmed_days_ago)
    person = Subscriber.objects.create(
        email=email,
        status=Subscriber.Status.CONFIRMED,
        confirmed_at=confirmed,
        last_digest_at=confirmed,
        frequency=frequency,
    )
    person.categories.set(categories)
    person.conditions.set(conditions)
    return person


def published(title, *, days_ago=1, **extra):
    return ArticleFactory(
        title=title,
        summary=f"About {title.lower()}.",
        published=True,
        go_live_at=timezone.now() - timedelta(days=days_ago),
        **extra,
    )


def send_edition(frequency="weekly", **kwargs):
    return sending.start_edition(frequency=frequency, **kwargs)


def sent_to():
    return sorted(address for message in mail.outbox for address in message.to)


def test_a_subscriber_gets_a_branded_digest_of_their_topic_in_html_and_plain_text(
    brain, django_capture_on_commit_callbacks
):
    nerves = CategoryFactory(name="Nerves", slug="nerves", parent=brain)
    reader = subscriber("carer@example.org", categories=[brain])
    subscriber("heart@example.org", categories=[CategoryFactory(name="Heart", slug="heart")])
    published("Neuromyotonia explained", category=nerves)
    published("An old article", category=brain, days_ago=30)
    published("Heart failure explained", category=CategoryFactory(name="Lungs", slug="lungs"))
    with django_capture_on_commit_callbacks(execute=True):
        edition = send_edition()
    assert sent_to() == ["carer@example.org"]
    digest = mail.outbox[0]
    assert digest.subject == "Healthsite: 1 new or updated article for you"
    assert "Neuromyotonia explained" in digest.body
    assert "An old article" not in digest.body and "Heart failure" not in digest.body
    html = digest.alternatives[0][0]
    assert "Neuromyotonia explained" in html and "Healthsite" in html
    unsubscribe = f"http://127.0.0.1:8000/newsletter/unsubscribe/{reader.token}/"
    assert digest.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe in digest.body and unsubscribe in html
    counts = Edition.objects.with_counts().get(pk=edition.pk)
    assert (counts.recipients, counts.sent, counts.skipped, counts.failed) == (2, 1, 1, 0)
    assert counts.finished_at is not None


def test_the_next_digest_covers_only_what_came_since_the_last_one(brain, django_capture_on_commit_callbacks):
    subscriber("carer@example.org", categories=[brain])
    published("First", category=brain)
    with django_capture_on_commit_callbacks(execute=True):
        send_edition()
    with time_machine.travel(timezone.now() + timedelta(days=7)):
        published("Second", category=brain)
        with django_capture_on_commit_callbacks(execute=True):
            send_edition()
    assert len(mail.outbox) == 2
    assert "Second" in mail.outbox[1].body and "First" not in mail.outbox[1].body


def test_a_medically_updated_article_is_listed_as_updated(brain, django_capture_on_commit_callbacks):
    subscriber("carer@example.org", categories=[brain])
    article = published("Cramp explained", category=brain, days_ago=100)
    ArticleStatusChange.objects.create(
        article=article, action=ArticleStatusChange.Action.PUBLISH_CORRECTION, created_at=timezone.now()
    )
    with django_capture_on_commit_callbacks(execute=True):
        send_edition()
    body = mail.outbox[0].body
    assert "MEDICALLY UPDATED" in body and "Cramp explained" in body


def test_conditions_and_every_topic_subscriptions(brain, django_capture_on_commit_callbacks):
    condition = ConditionFactory(name="Neuromyotonia", slug="neuromyotonia")
    article = published("Stiff muscles", category=CategoryFactory(name="Muscles", slug="muscles"))
    article.conditions.add(condition)
    subscriber("condition@example.org", conditions=[condition])
    subscriber("everything@example.org")
    subscriber("brain@example.org", categories=[brain])
    with django_capture_on_commit_callbacks(execute=True):
        send_edition()
    assert sent_to() == ["condition@example.org", "everything@example.org"]


def test_only_confirmed_subscribers_of_the_edition_frequency_get_it(
    brain, django_capture_on_commit_callbacks
):
    published("New", category=brain)
    subscriber("weekly@example.org")
    subscriber("monthly@example.org", frequency="monthly")
    Subscriber.objects.create(email="pending@example.org")
    Subscriber.objects.create(email="left@example.org", status=Subscriber.Status.UNSUBSCRIBED)
    with django_capture_on_commit_callbacks(execute=True):
        edition = send_edition("weekly")
    assert sent_to() == ["weekly@example.org"]
    assert edition.deliveries.count() == 1


def test_a_batch_run_twice_sends_nobody_a_second_copy(brain, database_tasks, settings):
    settings.NEWSLETTER_BATCH_SIZE = 2
    for n in range(5):
        subscriber(f"reader{n}@example.org")
    published("New", category=brain)
    edition = send_edition()
    assert edition.deliveries.filter(status="queued").count() == 5
    assert mail.outbox == []  # queued for the workers, not sent by whoever started it
    run_worker()
    assert len(mail.outbox) == 5
    # Every batch task runs again (a worker died after sending, before recording success).
    from jobs.models import BackgroundTask

    BackgroundTask.objects.update(status="READY")
    run_worker()
    assert len(mail.outbox) == 5


def test_a_worker_killed_mid_batch_leaves_nothing_sent_twice_and_nothing_lost(
    brain, flaky_mail, django_capture_on_commit_callbacks
):
    for n in range(5):
        subscriber(f"reader{n}@example.org")
    published("New", category=brain)
    edition = Edition.objects.create(frequency="weekly", period="test", until=timezone.now())
    sending._write_deliveries(edition)
    first, last = sending.batch_ranges(edition)[0]
    # The worker is killed while sending the third digest.
    flaky_mail.failures = [None, None, SystemExit("killed")]
    with pytest.raises(SystemExit):
        sending.send_batch(edition_id=edition.pk, first=first, last=last)
    assert len(mail.outbox) == 2
    # The task runs again once the lost worker's task is taken back.
    with time_machine.travel(timezone.now() + timedelta(minutes=31)):
        sending.send_batch(edition_id=edition.pk, first=first, last=last)
    assert len(mail.outbox) == 4
    assert len(set(sent_to())) == 4
    statuses = sorted(edition.deliveries.values_list("status", flat=True))
    assert statuses == ["interrupted", "sent", "sent", "sent", "sent"]
    # An editor decides to send the one in doubt again.
    with django_capture_on_commit_callbacks(execute=True):
        sending.resume(edition, include_failed=True)
    assert len(mail.outbox) == 5
    assert len(set(sent_to())) == 5


def test_a_subscriber_deleted_or_unsubscribed_mid_send_gets_nothing(
    brain, django_capture_on_commit_callbacks
):
    published("New", category=brain)
    gone, left, stays = (subscriber(f"{name}@example.org") for name in ("gone", "left", "stays"))
    edition = Edition.objects.create(frequency="weekly", period="test", until=timezone.now())
    sending._write_deliveries(edition)
    gone.delete()
    Subscriber.objects.filter(pk=left.pk).update(status=Subscriber.Status.UNSUBSCRIBED)
    for first, last in sending.batch_ranges(edition):
        sending.send_batch(edition_id=edition.pk, first=first, last=last)
    assert sent_to() == ["stays@example.org"]
    counts = Edition.objects.with_counts().get(pk=edition.pk)
    assert (counts.recipients, counts.sent, counts.skipped) == (3, 1, 2)


def test_a_mail_server_down_for_a_while_is_tried_again_and_sends_each_once(
    brain, flaky_mail, django_capture_on_commit_callbacks
):
    for n in range(3):
        subscriber(f"reader{n}@example.org")
    published("New", category=brain)
    flaky_mail.failures = [None, timeout(), refused_for_now()]
    with django_capture_on_commit_callbacks(execute=True):
        edition = send_edition()
    assert len(set(sent_to())) == len(mail.outbox) == 3
    assert Edition.objects.with_counts().get(pk=edition.pk).sent == 3


def test_a_mail_server_that_stays_down_fails_the_rest_visibly(
    brain, flaky_mail, settings, django_capture_on_commit_callbacks
):
    settings.TASKS_EMAIL_ATTEMPTS = 3
    for n in range(3):
        subscriber(f"reader{n}@example.org")
    published("New", category=brain)
    flaky_mail.failures = [None] + [timeout()] * 20
    with django_capture_on_commit_callbacks(execute=True):
        edition = send_edition()
    assert len(mail.outbox) == 1
    counts = Edition.objects.with_counts().get(pk=edition.pk)
    assert (counts.sent, counts.failed, counts.waiting) == (1, 2, 0)
    assert "did not answer in time" in edition.deliveries.filter(status="failed").first().error
    # Once the server is back, an editor sends the failed ones: nobody gets two.
    flaky_mail.failures = []
    with django_capture_on_commit_callbacks(execute=True):
        sending.resume(edition, include_failed=True)
    assert len(mail.outbox) == 3 and len(set(sent_to())) == 3


def test_an_address_refused_for_good_fails_alone(brain, flaky_mail, django_capture_on_commit_callbacks):
    for n in range(3):
        subscriber(f"reader{n}@example.org")
    published("New", category=brain)
    flaky_mail.failures = [None, no_such_mailbox("reader1@example.org")]
    with django_capture_on_commit_callbacks(execute=True):
        edition = send_edition()
    assert sent_to() == ["reader0@example.org", "reader2@example.org"]
    failed = edition.deliveries.get(status="failed")
    assert failed.subscriber.email == "reader1@example.org"
    assert "code 550" in failed.error


def test_scheduled_editions_start_once_per_period(db, settings):
    settings.NEWSLETTER_WEEKLY_DAY = 0
    monday = timezone.make_aware(timezone.datetime(2026, 3, 2, 9, 0))
    sunday = timezone.make_aware(timezone.datetime(2026, 3, 1, 9, 0))
    assert sending.period_of("weekly", monday) == "2026-W10"
    assert sending.period_of("monthly", monday) == "2026-03"
    started = sending.start_due_editions(now=monday)
    assert sorted(e.period for e in started) == ["2026-03", "2026-W10"]
    assert sending.start_due_editions(now=monday + timedelta(hours=1)) == []
    assert sending.start_edition(frequency="weekly", period="2026-W10") is None
    assert [e.period for e in sending.start_due_editions(now=sunday)] == ["2026-W09"]
    assert Edition.objects.count() == 3


# --- What editors see -------------------------------------------------------------------


def test_editors_see_editions_with_their_numbers_and_start_one(
    editor_client, brain, django_capture_on_commit_callbacks
):
    subscriber("carer@example.org", categories=[brain])
    published("New", category=brain)
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            reverse("admin:newsletter_edition_start"), {"frequency": "weekly"}, follow=True
        )
    page = response.content.decode()
    assert "started for 1 subscriber" in page
    assert len(mail.outbox) == 1
    edition = Edition.objects.get()
    assert edition.started_by.username == "ed"
    assert "Finished" in editor_client.get(reverse("admin:newsletter_edition_changelist")).content.decode()


def test_editors_see_subscribers_per_topic_and_export_them(editor_client, brain):
    subscriber("carer@example.org", categories=[brain])
    subscriber("=HYPERLINK(evil)@example.org", categories=[brain])
    subscriber("everything@example.org")
    page = editor_client.get(reverse("admin:newsletter_subscriber_per_topic")).content.decode()
    assert "3 confirmed subscribers" in page
    assert "Brain and Nervous System Health</td><td><a" in page
    response = editor_client.post(
        reverse("admin:newsletter_subscriber_changelist"),
        {"action": "export_csv", "_selected_action": list(Subscriber.objects.values_list("pk", flat=True))},
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("email,state,frequency,topics")
    assert any(line.startswith("'=HYPERLINK(evil)@example.org") for line in lines)
    assert any("everything@example.org" in line and "Every topic" in line for line in lines)


def test_writers_cannot_see_or_export_subscribers(client, writer):
    client.force_login(writer)
    assert client.get(reverse("admin:newsletter_subscriber_changelist")).status_code == 403
    assert client.get(reverse("admin:newsletter_subscriber_per_topic")).status_code == 403
    assert client.post(reverse("admin:newsletter_edition_start"), {"frequency": "weekly"}).status_code == 403
