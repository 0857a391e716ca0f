"""The task queue: emails leave the request, run once, retry, fail visibly, and recover."""

import uuid
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles import workflow
from jobs import queue
from jobs.management.commands.periodic import PERIODIC_TASKS
from jobs.models import BackgroundTask
from jobs.tasks import send_email
from tests.factories import reviewable_article
from tests.mail_fakes import no_such_mailbox, refused_for_now, timeout
from tests.queue_helpers import run_worker


def message(to="reader@example.org"):
    return {"subject": "Hello", "body": "Plain words.", "to": [to]}


# --- Sending email from a task ------------------------------------------------------


def test_an_email_task_run_twice_sends_once(db):
    key = f"test:{uuid.uuid4()}"
    send_email.call(key=key, message=message())
    send_email.call(key=key, message=message())
    assert [m.to for m in mail.outbox] == [["reader@example.org"]]


def test_a_mail_server_that_fails_for_now_is_tried_again_until_it_works(db, flaky_mail):
    flaky_mail.failures = [timeout(), refused_for_now()]
    send_email.enqueue(key="test:retry", message=message())
    # The immediate backend cannot wait, so the next tries run at once.
    assert flaky_mail.attempts == 3
    assert len(mail.outbox) == 1


def test_a_mail_server_that_keeps_failing_marks_the_task_failed_after_the_last_try(db, flaky_mail, settings):
    settings.TASKS_EMAIL_ATTEMPTS = 3
    flaky_mail.failures = [timeout()] * 10
    send_email.enqueue(key="test:gives-up", message=message())
    assert flaky_mail.attempts == 3
    assert mail.outbox == []
    # Nothing was recorded as sent, so a later retry may still send it.
    assert queue.claim("test:gives-up")


def test_an_address_refused_for_good_fails_at_once_with_the_reason(db, flaky_mail, database_tasks):
    flaky_mail.failures = [no_such_mailbox()]
    send_email.enqueue(key="test:refused", message=message("nobody@example.org"))
    run_worker()
    task = BackgroundTask.objects.get()
    assert task.status == "FAILED"
    assert "refused the address (code 550)" in task.traceback
    assert flaky_mail.attempts == 1


def test_with_the_database_backend_a_retry_waits_with_a_growing_delay(
    db, flaky_mail, database_tasks, settings
):
    settings.TASKS_RETRY_DELAY_SECONDS = 60
    flaky_mail.failures = [timeout()]
    send_email.enqueue(key="test:later", message=message())
    run_worker()
    retry = BackgroundTask.objects.get(status="READY")
    assert retry.args_kwargs["kwargs"]["attempt"] == 2
    assert timedelta(seconds=50) < retry.run_after - timezone.now() <= timedelta(seconds=60)
    assert queue.retry_delay(3) == timedelta(seconds=120)
    assert mail.outbox == []
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        run_worker()
    assert len(mail.outbox) == 1


# --- Workflow emails leave the request --------------------------------------------------


def test_submitting_for_review_stores_the_emails_for_the_workers(
    writer, credentialed_reviewer, database_tasks, django_capture_on_commit_callbacks
):
    article = reviewable_article(title="Neuromyotonia explained", created_by=writer)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit_for_review(article, by=writer)
    assert mail.outbox == []  # nothing sent inside the request
    assert BackgroundTask.objects.waiting().count() == 1
    run_worker()
    assert [m.to for m in mail.outbox] == [[credentialed_reviewer.email]]
    assert "Ready for medical review: Neuromyotonia explained" in mail.outbox[0].subject
    # The worker dies after sending, before recording success: the task runs again.
    DBTaskResult.objects.update(status="READY")
    run_worker()
    assert len(mail.outbox) == 1


def test_a_refused_workflow_step_queues_no_email(writer, other_writer, database_tasks):
    article = reviewable_article(created_by=writer)
    with pytest.raises(workflow.InvalidTransition):
        workflow.approve(article, by=other_writer)
    assert not BackgroundTask.objects.exists()


def test_a_rolled_back_change_leaves_no_task_behind(db, database_tasks):
    with transaction.atomic():
        queue.enqueue_in_transaction(send_email, key="test:rolled-back", message=message())
        transaction.set_rollback(True)
    assert not BackgroundTask.objects.exists()


def test_with_the_immediate_backend_email_waits_for_the_commit(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            queue.enqueue_in_transaction(send_email, key="test:after-commit", message=message())
            assert mail.outbox == []
    assert len(mail.outbox) == 1


def test_a_mail_server_that_is_down_does_not_break_the_request(
    writer, credentialed_reviewer, flaky_mail, django_capture_on_commit_callbacks, settings
):
    settings.TASKS_EMAIL_ATTEMPTS = 2
    flaky_mail.failures = [timeout()] * 5
    article = reviewable_article(created_by=writer)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit_for_review(article, by=writer)
    article.refresh_from_db()
    assert article.status == "in_review"


# --- Password resets ---------------------------------------------------------------------


def test_a_password_reset_stores_no_secret_in_the_queue_and_the_worker_sends_a_working_link(
    client, reader, database_tasks
):
    response = client.post(reverse("password_reset"), {"email": reader.email})
    assert response.status_code == 302
    task = BackgroundTask.objects.get()
    stored = str(task.args_kwargs)
    assert "token" not in stored and "uid" not in stored
    run_worker()
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/reset/" in line).strip()
    page = client.get(link.replace("http://testserver", ""), follow=True)
    assert "new password" in page.content.decode().lower()


def test_a_reset_queued_before_the_email_changed_is_not_sent_to_the_old_address(
    client, reader, database_tasks
):
    client.post(reverse("password_reset"), {"email": reader.email})
    reader.email = "new@example.org"
    reader.save()
    run_worker()
    assert mail.outbox == []


# --- Lost workers, the admin and periodic work --------------------------------------------


def test_a_task_left_running_by_a_lost_worker_is_queued_again(db, database_tasks, settings):
    settings.TASKS_RUNNING_TIMEOUT_MINUTES = 30
    send_email.enqueue(key="test:lost", message=message())
    BackgroundTask.objects.update(status="RUNNING", started_at=timezone.now() - timedelta(minutes=31))
    fresh = send_email.enqueue(key="test:busy", message=message("other@example.org"))
    BackgroundTask.objects.filter(pk=fresh.id).update(status="RUNNING", started_at=timezone.now())
    assert queue.requeue_abandoned() == 1
    run_worker()
    assert [m.to for m in mail.outbox] == [["reader@example.org"]]
    assert BackgroundTask.objects.get(pk=fresh.id).status == "RUNNING"


def test_editors_see_failed_tasks_with_their_error_and_run_them_again(
    editor_client, flaky_mail, database_tasks
):
    flaky_mail.failures = [no_such_mailbox()]
    send_email.enqueue(key="test:admin", message=message())
    send_email.enqueue(key="test:admin-ok", message=message("fine@example.org"))
    run_worker()
    failed = BackgroundTask.objects.get(status="FAILED")
    url = reverse("admin:jobs_backgroundtask_changelist")
    page = editor_client.get(url + "?state=failed").content.decode()
    assert "Send one email" in page
    assert "refused the address (code 550)" in page
    response = editor_client.post(
        url,
        {"action": "retry", "_selected_action": list(BackgroundTask.objects.values_list("pk", flat=True))},
        follow=True,
    )
    text = response.content.decode()
    assert "1 failed task(s) queued to run again." in text
    assert "1 selected task(s) had not failed and were left alone." in text
    failed.refresh_from_db()
    assert failed.status == "READY"
    run_worker()
    assert sorted(m.to[0] for m in mail.outbox) == ["fine@example.org", "reader@example.org"]


def test_writers_cannot_see_the_task_queue(client, writer):
    client.force_login(writer)
    assert client.get(reverse("admin:jobs_backgroundtask_changelist")).status_code == 403


def test_the_periodic_command_queues_each_task_once_until_a_worker_runs_it(db, database_tasks):
    call_command("periodic", stdout=open("/dev/null", "w"))  # noqa: SIM115
    first = BackgroundTask.objects.count()
    call_command("periodic", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert BackgroundTask.objects.count() == first == len(PERIODIC_TASKS)
    run_worker()
    assert BackgroundTask.objects.failed().count() == 0


def test_the_periodic_command_publishes_scheduled_articles_without_workers(db):
    article = reviewable_article(status="scheduled", go_live_at=timezone.now() - timedelta(minutes=1))
    call_command("periodic", stdout=open("/dev/null", "w"))  # noqa: SIM115
    article.refresh_from_db()
    assert article.status == "published"


def test_finished_tasks_are_forgotten_after_the_set_number_of_days(db, database_tasks, settings):
    settings.TASKS_KEEP_FINISHED_DAYS = 30
    send_email.enqueue(key="test:old", message=message())
    run_worker()
    assert queue.forget_finished() == 0
    assert queue.forget_finished(now=timezone.now() + timedelta(days=31)) == 2  # the task and its key
    assert not BackgroundTask.objects.exists()


def test_production_without_workers_is_flagged_by_the_deploy_check(settings):
    from jobs.checks import tasks_run_in_workers

    settings.TASKS_BACKEND = "immediate"
    assert [w.id for w in tasks_run_in_workers()] == ["jobs.W001"]
    settings.TASKS_BACKEND = "database"
    assert tasks_run_in_workers() == []
