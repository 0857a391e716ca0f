"""Readers in charge of their own data: account page, email change, download, deletion."""

import json
import re
from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt, AccessLog
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts import personal_data
from accounts.models import AccountAuditEntry
from comments.models import Comment, CommentReport, ModerationLogEntry
from newsletter import subscriptions
from newsletter.models import Consent, Subscriber
from tests.factories import ArticleFactory, CommentFactory, CommentReportFactory, UserFactory

User = get_user_model()


@pytest.fixture
def reader_client(client, reader):
    client.force_login(reader)
    return client


@pytest.fixture
def article(db):
    return ArticleFactory(published=True, title="Neuromyotonia explained", slug="neuromyotonia-explained")


def subscribe(email):
    subscriber = Subscriber.objects.create(
        email=email, status=Subscriber.Status.CONFIRMED, confirmed_at=timezone.now()
    )
    Consent.objects.create(
        subscriber=subscriber,
        email=email,
        asked_at=timezone.now(),
        given_at=timezone.now(),
        page="/brain/",
        wording=subscriptions.WORDING,
        wording_version=subscriptions.WORDING_VERSION,
    )
    return subscriber


# --- The account page ----------------------------------------------------------------


def test_the_account_page_needs_a_login(client, db):
    response = client.get(reverse("account"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_account_page_shows_the_readers_comments_with_their_states(reader_client, reader, article):
    CommentFactory(article=article, author=reader, text="Published words", status=Comment.Status.APPROVED)
    CommentFactory(article=article, author=reader, text="Waiting words", status=Comment.Status.PENDING)
    CommentFactory(article=article, author=reader, text="<script>x</script>", status=Comment.Status.REJECTED)
    CommentFactory(article=article, text="Someone else's words", status=Comment.Status.APPROVED)
    response = reader_client.get(reverse("account"))
    page = response.content.decode()
    assert response["Cache-Control"].startswith("max-age=0")
    assert "Published words" in page and "Published" in page
    assert "Waiting words" in page and "Waiting for a moderator" in page
    assert "Not published: it broke our comment rules" in page
    assert "&lt;script&gt;x&lt;/script&gt;" in page and "<script>x" not in page
    assert "Someone else&#x27;s words" not in page
    assert "rea@example.org" in page


def test_the_account_page_links_to_the_readers_newsletter_preferences(reader_client, reader):
    subscriber = subscribe(reader.email)
    page = reader_client.get(reverse("account")).content.decode()
    assert reverse("newsletter:preferences", args=[subscriber.token]) in page


def test_a_long_comment_history_is_paginated(reader_client, reader, article):
    for n in range(25):
        CommentFactory(article=article, author=reader, text=f"Comment number {n}")
    first = reader_client.get(reverse("account")).content.decode()
    assert "Page 1 of 2" in first
    assert reader_client.get(reverse("account") + "?page=99").status_code == 200
    assert reader_client.get(reverse("account") + "?page=%00").status_code == 200


# --- Changing the email address ---------------------------------------------------------


def change_email(client, email, password="pw"):
    return client.post(reverse("account_email"), {"email": email, "password": password})


def test_a_new_email_address_is_used_only_once_its_link_is_followed(
    reader_client, reader, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = change_email(reader_client, "new@example.org")
    assert response.status_code == 302
    reader.refresh_from_db()
    assert reader.email == "rea@example.org"
    assert mail.outbox[0].to == ["new@example.org"]
    link = re.search(r"http://[^/]+(/accounts/me/email/confirm/\S+/)", mail.outbox[0].body).group(1)
    assert "Use this address" in reader_client.get(link).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = reader_client.post(link)
    assert response.status_code == 302
    reader.refresh_from_db()
    assert reader.email == "new@example.org"
    # The old address is told.
    assert mail.outbox[1].to == ["rea@example.org"]
    assert AccountAuditEntry.objects.filter(action="email_changed", account_number=reader.pk).exists()
    # The link works once.
    response = reader_client.post(link)
    assert response.status_code == 410
    assert "already been used" in response.content.decode()


def test_changing_the_email_needs_the_current_password(reader_client, reader):
    response = change_email(reader_client, "new@example.org", password="wrong")
    assert response.status_code == 400
    assert "not your current password" in response.content.decode()
    assert mail.outbox == []


@pytest.mark.parametrize("email", ["", "not-an-address", "a" * 300 + "@example.org", "rea@example.org"])
def test_a_bad_new_address_is_refused_with_a_message(reader_client, email):
    response = change_email(reader_client, email)
    assert response.status_code == 400
    assert "Your email address has not been changed." in response.content.decode()


def test_an_address_used_by_another_account_is_not_revealed(
    reader_client, reader, django_capture_on_commit_callbacks
):
    UserFactory(username="other", email="taken@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        taken = change_email(reader_client, "taken@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        free = change_email(reader_client, "free@example.org")
    assert taken.status_code == free.status_code == 302
    # Only the owner of the address learns that an account uses it.
    assert mail.outbox[0].to == ["taken@example.org"]
    assert "an account already uses it" in mail.outbox[0].body
    assert "/confirm/" not in mail.outbox[0].body


def test_an_expired_or_forged_email_link_gets_a_clear_page(reader_client, reader):
    token = personal_data.signing.dumps(
        {"u": reader.pk, "e": "new@example.org", "o": personal_data._fingerprint(reader.email)},
        salt=personal_data.EMAIL_CHANGE_SALT,
    )
    with time_machine.travel(timezone.now() + timedelta(days=4)):
        response = reader_client.post(reverse("account_email_confirm", args=[token]))
    assert response.status_code == 410 and "expired" in response.content.decode()
    for forged in ["forged", token[:-3] + "abc", "x" * 2000]:
        response = reader_client.post(reverse("account_email_confirm", args=[forged]))
        assert response.status_code == 404
        assert "not complete or is no longer valid" in response.content.decode()
    reader.refresh_from_db()
    assert reader.email == "rea@example.org"


# --- Download my data --------------------------------------------------------------------


def test_download_my_data_gives_a_json_file_of_everything_held(reader_client, reader, article):
    CommentFactory(article=article, author=reader, text="My words", status=Comment.Status.APPROVED)
    CommentReportFactory(reporter=reader, reason="misinformation", details="Mercury claims")
    subscribe(reader.email)
    assert reader_client.get(reverse("account_download")).status_code == 405
    response = reader_client.post(reverse("account_download"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="my-data-')
    data = json.loads(response.content)
    assert data["account"]["username"] == "rea" and data["account"]["email"] == "rea@example.org"
    assert [c["text"] for c in data["comments"]] == ["My words"]
    assert data["comments"][0]["state"] == "Approved"
    assert data["reports_made"][0]["details"] == "Mercury claims"
    assert data["newsletter_subscription"]["state"] == "Subscribed"
    assert data["consents"][0]["page"] == "/brain/"
    assert data["consents"][0]["wording"] == subscriptions.WORDING
    assert AccountAuditEntry.objects.filter(action="data_downloaded", account_number=reader.pk).exists()


def test_download_my_data_needs_a_login(client, db):
    response = client.post(reverse("account_download"))
    assert response.status_code == 302


# --- Delete my account -------------------------------------------------------------------


@pytest.fixture
def history(reader, article, moderator):
    """A reader with published, pending and rejected comments, a reply from someone else, a report,
    a subscription and login records."""
    from comments import moderation

    published = CommentFactory(
        article=article, author=reader, text="Keep me?", status=Comment.Status.APPROVED
    )
    pending = CommentFactory(article=article, author=reader, text="Pending", status=Comment.Status.PENDING)
    rejected = CommentFactory(article=article, author=reader, text="Rejected", status=Comment.Status.PENDING)
    moderation.reject(rejected, by=moderator, reason="misinformation", note="Mercury claim")
    reply = CommentFactory(article=article, parent=published, text="A reply", status=Comment.Status.APPROVED)
    CommentReportFactory(reporter=reader)
    subscribe(reader.email)
    attempt = {"user_agent": "x", "ip_address": "10.0.0.1", "username": "rea", "http_accept": "*/*"}
    AccessLog.objects.create(**attempt, path_info="/")
    return {"published": published, "pending": pending, "rejected": rejected, "reply": reply}


def delete(client, comments="remove", password="pw"):
    return client.post(reverse("account_delete"), {"comments": comments, "password": password})


def test_deleting_needs_the_password_and_changes_nothing_without_it(reader_client, reader, history):
    response = delete(reader_client, password="wrong")
    assert response.status_code == 400
    assert "not your current password" in response.content.decode()
    assert User.objects.filter(pk=reader.pk).exists()
    assert Comment.objects.filter(author=reader).count() == 3


def test_the_setting_chooses_what_the_form_offers_first(reader_client, settings, reader):
    settings.ACCOUNT_DELETION_COMMENTS = "keep"
    page = reader_client.get(reverse("account_delete")).content.decode()
    assert re.search(r'value="keep"[^>]*checked', page)


def test_deleting_and_removing_comments(reader_client, reader, history):
    pk = reader.pk
    response = delete(reader_client, comments="remove")
    assert response.status_code == 302
    page = reader_client.get(response["Location"]).content.decode()
    assert "3 comments removed" in page
    assert "newsletter subscription was cancelled" in page
    assert not User.objects.filter(pk=pk).exists()
    assert not Comment.objects.filter(text__in=["Keep me?", "Pending", "Rejected"]).exists()
    # Another reader's reply stays, as a comment of its own.
    reply = Comment.objects.get(pk=history["reply"].pk)
    assert reply.parent is None
    assert not CommentReport.objects.filter(reporter_id=pk).exists()
    assert not Subscriber.objects.filter(email="rea@example.org").exists()
    assert not Consent.objects.exists()
    assert not AccessLog.objects.filter(username="rea").exists()
    # The moderation decision stays, without the account or the comment.
    entry = ModerationLogEntry.objects.get(action="reject")
    assert entry.account_id is None and entry.comment_id is None and entry.reason == "misinformation"
    audit = AccountAuditEntry.objects.get(action="account_deleted")
    assert audit.account_number == pk and audit.user_id is None
    assert audit.details == {
        "comments_removed": 3,
        "comments_kept": 0,
        "reports_deleted": 1,
        "newsletter_deleted": True,
    }
    assert "rea" not in json.dumps(audit.details)
    # Logged out.
    assert reader_client.get(reverse("account")).status_code == 302


def test_deleting_and_keeping_published_comments_as_a_former_reader(reader_client, reader, history, client):
    delete(reader_client, comments="keep")
    kept = Comment.objects.get(pk=history["published"].pk)
    assert kept.author.get_username() == "a former reader"
    assert not kept.author.is_active and not kept.author.has_usable_password()
    assert not Comment.objects.filter(pk__in=[history["pending"].pk, history["rejected"].pk]).exists()
    assert Comment.objects.get(pk=history["reply"].pk).parent_id == kept.pk
    page = client.get(kept.article.get_absolute_url()).content.decode()
    assert "a former reader" in page and "Keep me?" in page
    # Nobody can sign up as the former reader.
    response = client.post(
        reverse("signup"),
        {
            "username": "a former reader",
            "email": "x@example.org",
            "password1": "long pass 123",
            "password2": "long pass 123",
        },
    )
    assert response.status_code == 200
    assert User.objects.filter(username="a former reader").count() == 1


def test_staff_accounts_are_closed_by_an_administrator(client, editor):
    client.force_login(editor)
    assert client.get(reverse("account_delete")).status_code == 403
    assert client.post(reverse("account_delete"), {"comments": "remove", "password": "pw"}).status_code == 403
    assert User.objects.filter(pk=editor.pk).exists()


# --- Network addresses ---------------------------------------------------------------------


def test_network_addresses_are_forgotten_after_the_retention_period(db, settings):
    settings.NETWORK_ADDRESS_RETENTION_DAYS = 30
    attempt = {"user_agent": "x", "ip_address": "10.0.0.1", "http_accept": "*/*", "path_info": "/"}
    old_attempt = AccessAttempt.objects.create(
        **attempt, username="old", get_data="", post_data="", failures_since_start=1
    )
    old_log = AccessLog.objects.create(**attempt, username="old")
    AccessAttempt.objects.filter(pk=old_attempt.pk).update(attempt_time=timezone.now() - timedelta(days=31))
    AccessLog.objects.filter(pk=old_log.pk).update(attempt_time=timezone.now() - timedelta(days=31))
    AccessLog.objects.create(**attempt, username="recent")
    assert personal_data.forget_network_addresses() == 2
    assert list(AccessLog.objects.values_list("username", flat=True)) == ["recent"]


def test_the_privacy_notice_is_linked_from_every_footer_and_sign_up_form(client, db):
    page = client.get("/pages/privacy/")
    assert page.status_code == 200 and "Privacy notice" in page.content.decode()
    home = client.get("/").content.decode()
    assert '<a href="/pages/privacy/">Privacy notice</a>' in home
    assert "/pages/privacy/" in client.get("/newsletter/").content.decode()


def test_the_account_page_costs_the_same_queries_however_many_comments(
    reader_client, reader, article, django_assert_max_num_queries
):
    for n in range(30):
        CommentFactory(article=article, author=reader, text=f"Comment {n}")
    subscribe(reader.email)
    with django_assert_max_num_queries(8):
        response = reader_client.get(reverse("account"))
    assert response.status_code == 200


def test_the_retention_command_says_what_it_deleted(db, settings):
    from io import StringIO

    from django.core.management import call_command

    settings.NETWORK_ADDRESS_RETENTION_DAYS = 7
    log = AccessLog.objects.create(
        user_agent="x", ip_address="10.0.0.2", http_accept="*/*", path_info="/", username="old"
    )
    AccessLog.objects.filter(pk=log.pk).update(attempt_time=timezone.now() - timedelta(days=8))
    out = StringIO()
    call_command("forget_network_addresses", stdout=out)
    assert "1 record(s) older than 7 days deleted." in out.getvalue()
    assert not AccessLog.objects.exists()
