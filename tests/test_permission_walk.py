"""The permission walk: every admin address and every workflow and moderation action,
tried as every kind of visitor, against a table of what each may do.

The tables below are written out by hand from the role rules (README: "Editorial
workflow" and "Reader accounts, comments and moderation"), not read from the code
under test. A new admin address with no row here fails
``test_every_admin_address_is_in_the_walk``.

Outcomes:

- ``L``: sent to the admin's login page (anonymous visitors and readers, who are not staff);
- a status code: 200, 302 (a redirect that is the page's normal answer), 403, 404, 405,
  409 (the edit is refused and the typed text given back);
- ``ok``: the action is allowed and its effect is in the database;
- ``no``: the admin answers (a redirect with a message) but refuses the action.

Whatever is refused changes nothing: after every refused POST the whole database is
compared with how it was before. The world is built once for the module and each
request runs in a savepoint that is rolled back, so every request sees the same world.
"""

import re
from dataclasses import dataclass
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.test.utils import override_settings
from django.urls import URLPattern, URLResolver, reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from taggit.models import Tag

from accounts import roles
from accounts.models import AccountAuditEntry
from articles import revisions, workflow
from articles.models import (
    Article,
    ArticleApproval,
    ArticleType,
    Category,
    ChecklistWaiver,
    Contributor,
    JargonTerm,
)
from comments import moderation
from comments.models import (
    Comment,
    CommentReport,
    ModerationLogEntry,
    ModerationSettings,
    ReaderBan,
    WatchedPhrase,
)
from conditions.models import Condition
from feedback.models import PageFeedback
from imports.models import ImportRun
from media.models import Document, Image
from newsletter.models import Delivery, Edition, Subscriber
from pages.models import Brand
from pages.models import Page as StaticPage
from tests.factories import (
    CategoryFactory,
    CommentFactory,
    CommentReportFactory,
    ConditionFactory,
    ContributorFactory,
    DocumentFactory,
    ImageFactory,
    PageFactory,
    pdf_bytes,
    picture_bytes,
    reviewable_article,
)

ROLES = ["anonymous", "reader", "writer", "reviewer", "editor", "moderator", "superuser"]
User = get_user_model()
S = Article.Status


# --- The world: one of everything, built once -------------------------------------


def _user(username: str, role: str | None = None, **extra):
    user = User.objects.create_user(username=username, email=f"{username}@example.org", **extra)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


def _build_world() -> SimpleNamespace:
    w = SimpleNamespace()
    w.users = {
        "anonymous": None,
        "reader": _user("reader"),
        "writer": _user("writer", roles.WRITER, is_staff=True),
        "reviewer": _user("reviewer", roles.MEDICAL_REVIEWER, is_staff=True),
        "editor": _user("editor", roles.EDITOR, is_staff=True),
        "moderator": _user("moderator", roles.MODERATOR, is_staff=True),
        "superuser": _user("superuser", is_staff=True, is_superuser=True),
    }
    other_writer = _user("other-writer", roles.WRITER, is_staff=True)
    second_reviewer = _user("second-reviewer", roles.MEDICAL_REVIEWER, is_staff=True)
    writer, editor = w.users["writer"], w.users["editor"]
    ContributorFactory(user=w.users["reviewer"], name="Dr Rita Reyes", credentials="MD, neurologist")
    ContributorFactory(user=second_reviewer, name="Dr Sam Shah", credentials="MBBS")
    w.contributor = ContributorFactory(name="Wendy Walsh", slug="wendy-walsh", credentials="Health writer")
    w.category = CategoryFactory(name="Brain and Nervous System Health", slug="brain")
    w.condition = ConditionFactory(name="Neuromyotonia", slug="neuromyotonia")
    w.tag, w.other_tag = Tag.objects.create(name="Nerves"), Tag.objects.create(name="Muscles")
    w.page = PageFactory(title="Editorial standards", slug="editorial-standards")
    w.image = ImageFactory(title="Nerve diagram", slug="nerve-diagram", pixels=(600, 400))
    w.document = DocumentFactory(title="Living with cramp", slug="cramp-leaflet")
    w.brand = Brand.objects.create(site_name="Nerve Health", primary_colour="#0b4f8a")
    w.group = Group.objects.get(name=roles.WRITER)
    w.article_type = ArticleType.objects.get(name="Condition guide")
    w.jargon_term = JargonTerm.objects.get(term="myalgia")

    def article(title, by=writer, **extra):
        return reviewable_article(
            title=title, slug=re.sub(r"\W+", "-", title.lower()), created_by=by, **extra
        )

    def approved(title):
        a = article(title)
        workflow.submit_for_review(a, by=writer)
        workflow.approve(a, by=w.users["reviewer"])
        workflow.approve(a, by=second_reviewer)
        return a

    # The writer's own draft, with two saved versions.
    w.draft = article("Cramp explained", category=w.category)
    w.draft.tags.add(w.tag)
    workflow.keep_baseline(w.draft)
    w.draft.body += "\n## Stretches\n\nPull your toes towards you."
    w.draft.save()
    workflow.record_edit(w.draft, by=writer)
    w.other_draft = article("Stiffness explained", by=other_writer)
    workflow.keep_baseline(w.other_draft)
    w.other_draft.summary = "Why muscles stay tight."
    w.other_draft.save()
    workflow.record_edit(w.other_draft, by=other_writer)
    w.fresh_draft = article("Tremor explained", by=other_writer)  # no history, so it may be deleted
    w.in_review = article("Twitching explained")
    workflow.submit_for_review(w.in_review, by=writer)
    w.approved = approved("Fatigue explained")
    w.published = approved("Neuromyotonia explained")
    workflow.publish(w.published, by=editor)
    w.archived = approved("Myokymia explained")
    workflow.publish(w.archived, by=editor)
    workflow.archive(w.archived, by=editor)
    w.correction_draft = approved("Morvan's syndrome explained")
    workflow.publish(w.correction_draft, by=editor)
    _correct(w.correction_draft, editor)
    w.correction_approved = approved("Isaacs' syndrome explained")
    workflow.publish(w.correction_approved, by=editor)
    _correct(w.correction_approved, editor)
    workflow.submit_for_review(w.correction_approved, by=editor)
    workflow.approve(w.correction_approved, by=second_reviewer)
    w.approved.go_live_at = timezone.now() + timedelta(days=7)
    Article.objects.filter(pk=w.approved.pk).update(go_live_at=w.approved.go_live_at)

    # A condition guide in review, missing most of its sections; and reader feedback.
    w.guide_in_review = article("Cramp guide", article_type=w.article_type)
    workflow.submit_for_review(w.guide_in_review, by=writer)
    w.feedback = PageFeedback.objects.create(article=w.published, is_helpful=False, looking_for="Driving")

    # Comments and moderation.
    w.comment = CommentFactory(article=w.published, author=w.users["reader"], status=Comment.Status.PENDING)
    w.report = CommentReportFactory(comment__article=w.published)
    w.phrase = WatchedPhrase.objects.create(phrase="magnets cure nerve damage", category="misinformation")
    w.banned = _user("troll")
    w.banned_comment = CommentFactory(article=w.published, author=w.banned, status=Comment.Status.APPROVED)
    w.ban = moderation.ban(w.banned, by=w.users["moderator"], note="Abuse")
    w.log_entry = ModerationLogEntry.objects.get(account=w.banned)
    w.moderation_settings = ModerationSettings.load()
    w.reader_user = w.users["reader"]
    w.import_run = ImportRun.objects.create(user=editor, summary={"counts": {"imported": 0}}, report=[])

    # Login-throttling records.
    attempt = {"user_agent": "test", "ip_address": "127.0.0.1", "username": "x", "http_accept": "*/*"}
    w.access_attempt = AccessAttempt.objects.create(
        **attempt, path_info="/", get_data="", post_data="", failures_since_start=1
    )
    w.access_log = AccessLog.objects.create(**attempt, path_info="/")
    w.access_failure = AccessFailureLog.objects.create(**attempt, path_info="/")

    # The task queue, the newsletter and readers' own-data records.
    w.background_task = DBTaskResult.objects.create(
        task_path="jobs.tasks.forget_finished_tasks",
        args_kwargs={"args": [], "kwargs": {}},
        backend_name="default",
        status="FAILED",
        traceback="OSError: the mail server did not answer",
    )
    w.subscriber = Subscriber.objects.create(email="carer@example.org", status=Subscriber.Status.CONFIRMED)
    w.edition = Edition.objects.create(frequency="weekly", period="2026-W01", until=timezone.now())
    w.delivery = Delivery.objects.create(
        edition=w.edition, subscriber=w.subscriber, since=timezone.now(), status=Delivery.Status.FAILED
    )
    w.audit_entry = AccountAuditEntry.objects.create(action="data_downloaded", account_number=12345)
    return w


def _correct(article, editor):
    content = {**revisions.snapshot_of(article), "body": article.body + "\n\nReviewed again."}
    workflow.propose_correction(article, by=editor, content=content)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, _uploads_dir):
    """Built once for the module, inside a transaction rolled back at the end (like setUpTestData)."""
    with (
        django_db_blocker.unblock(),
        override_settings(
            MEDICAL_REVIEW_QUORUM_MAJOR=2, MEDICAL_REVIEW_QUORUM_MINOR=1, MEDIA_ROOT=_uploads_dir
        ),
        transaction.atomic(),
    ):
        yield _build_world()
        transaction.set_rollback(True)


@pytest.fixture
def walk(world, db, settings):
    settings.MEDICAL_REVIEW_QUORUM_MAJOR, settings.MEDICAL_REVIEW_QUORUM_MINOR = 2, 1
    return world


# --- Sending requests and checking outcomes -----------------------------------------


def database_state() -> dict:
    """Every row of every table, except sessions (logging in writes one)."""
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values_list())
        for model in apps.get_models(include_auto_created=True)
        if model is not Session
    }


def expectations(line: str) -> dict[str, Any]:
    cells = line.split()
    assert len(cells) == len(ROLES), line
    return {role: int(cell) if cell.isdigit() else cell for role, cell in zip(ROLES, cells, strict=True)}


@dataclass
class AdminPage:
    name: str
    url: Any  # world -> address
    expected: str


@dataclass
class Post:
    name: str
    url: Any  # world -> address
    data: Any  # world -> POST data
    done: Any  # world -> whether the action's effect is in the database
    expected: str
    then: Any = None  # world -> (address, data) of a second POST, for two-step actions


def logged_in(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def rolled_back(call):
    """Run ``call()`` in a savepoint that is rolled back, so the next request sees the same world."""
    with transaction.atomic():
        result = call()
        transaction.set_rollback(True)
    return result


def login_redirect(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse("admin:login") + "?next=")


def describe(response) -> str:
    if response.status_code in (301, 302):
        return f"{response.status_code} to {response['Location']}"
    return str(response.status_code)


def check_outcome(response, expected) -> bool:
    if expected == "L":
        return login_redirect(response)
    return response.status_code == expected


def u(name: str, *args, query: str = ""):
    """The admin address ``name``; string arguments name objects of the world (their pk is used)."""

    def build(w):
        values = [getattr(w, arg).pk if isinstance(arg, str) else arg for arg in args]
        return reverse(f"admin:{name}", args=values) + query

    return build


def transition(obj: str, action: str):
    """The address of a workflow button (``action``) on the article ``obj`` of the world."""
    return lambda w: reverse("admin:articles_article_transition", args=[getattr(w, obj).pk, action])


# /<app>/<model>/<pk>/ redirects staff to the change page (which then decides).
OBJECT_ADDRESS = "L L 302 302 302 302 302"


def model_pages(label: str, obj: str, changelist, add, change, history, delete) -> list[AdminPage]:
    """The pages the admin gives every registered model, with each one's expectations."""
    pages = [
        AdminPage(f"{label}_changelist", u(f"{label}_changelist"), changelist),
        AdminPage(f"{label}_add", u(f"{label}_add"), add),
        AdminPage(f"{label}_change", u(f"{label}_change", obj), change),
        AdminPage(f"{label}_history", u(f"{label}_history", obj), history),
        AdminPage(f"{label}_delete", u(f"{label}_delete", obj), delete),
    ]
    address = lambda w: reverse(f"admin:{label}_changelist") + f"{getattr(w, obj).pk}/"  # noqa: E731
    return [*pages, AdminPage(f"{label} object address", address, OBJECT_ADDRESS)]


def app_list(app: str, expected: str) -> AdminPage:
    return AdminPage(f"app_list {app}", lambda w: reverse("admin:app_list", args=[app]), expected)


# --- GET: every admin page ------------------------------------------------------------

#                      anonymous reader writer reviewer editor moderator superuser
EVERY_STAFF = "         L         L      200    200      200    200       200"
ONLY_SUPERUSER = "      L         L      403    403      403    403       200"
NEWSROOM = "            L         L      200    200      200    403       200"
EDITORS = "             L         L      403    403      200    403       200"
MODERATORS = "          L         L      403    403      403    200       200"
NOBODY = "              L         L      403    403      403    403       403"

PAGES = [
    AdminPage("index", u("index"), EVERY_STAFF),
    AdminPage("login", u("login"), "200 200 302 302 302 302 302"),
    # Logging out is a POST; those not logged in to the admin are sent to its home page.
    AdminPage("logout", u("logout"), "302 302 405 405 405 405 405"),
    AdminPage("password_change", u("password_change"), EVERY_STAFF),
    AdminPage("password_change_done", u("password_change_done"), EVERY_STAFF),
    AdminPage("jsi18n", u("jsi18n"), EVERY_STAFF),
    AdminPage(
        "no such admin page", lambda w: reverse("admin:index") + "no-such-page/", "L L 404 404 404 404 404"
    ),
    AdminPage(
        "autocomplete",
        u("autocomplete", query="?app_label=articles&model_name=article&field_name=tags&term=Ne"),
        NEWSROOM,
    ),
    AdminPage(
        "autocomplete (category)",
        u("autocomplete", query="?app_label=articles&model_name=article&field_name=category&term=Br"),
        NEWSROOM,
    ),
    AdminPage(
        "view_on_site",
        lambda w: reverse(
            "admin:view_on_site", args=[ContentType.objects.get_for_model(Article).pk, w.published.pk]
        ),
        "L L 302 302 302 302 302",
    ),
    app_list("articles", "L L 200 200 200 404 200"),
    app_list("conditions", "L L 200 200 200 404 200"),
    app_list("taggit", "L L 200 200 200 404 200"),
    app_list("pages", "L L 404 404 200 404 200"),
    app_list("media", "L L 200 200 200 404 200"),
    app_list("comments", "L L 404 404 404 200 200"),
    app_list("feedback", "L L 404 404 200 404 200"),
    app_list("auth", "L L 404 404 404 404 200"),
    app_list("axes", "L L 404 404 404 404 200"),
    app_list("jobs", "L L 404 404 200 404 200"),
    app_list("newsletter", "L L 404 404 200 404 200"),
    app_list("accounts", "L L 404 404 404 404 200"),
    # Articles: writers add and edit their own, reviewers only look, editors do everything.
    *model_pages(
        "articles_article",
        "draft",
        changelist=NEWSROOM,
        add="L L 200 403 200 403 200",
        change=NEWSROOM,
        history=NEWSROOM,
        # Editors see the confirmation page, which says an article with a history is kept.
        delete=EDITORS,
    ),
    AdminPage("articles_article_inbox", u("articles_article_inbox"), NEWSROOM),
    AdminPage("articles_article_review_due", u("articles_article_review_due"), NEWSROOM),
    AdminPage("articles_article_compare", u("articles_article_compare", "draft"), NEWSROOM),
    # Where an article came from and its original dates: editors correct them.
    AdminPage("articles_article_origin", u("articles_article_origin", "published"), EDITORS),
    AdminPage("articles_article_version", u("articles_article_version", "draft", 1), NEWSROOM),
    # The staff preview answers 404, not a login page, to anyone who may not see drafts.
    AdminPage(
        "articles_article_preview", u("articles_article_preview", "draft"), "404 404 200 200 200 404 200"
    ),
    AdminPage(
        "articles_article_version_preview",
        u("articles_article_version_preview", "draft", 1),
        "404 404 200 200 200 404 200",
    ),
    AdminPage("articles_article_source_links", u("articles_article_source_links"), NEWSROOM),
    AdminPage(
        "articles_article_waive",
        lambda w: reverse("admin:articles_article_waive", args=[w.guide_in_review.pk, "help_box"]),
        "L L 405 405 405 405 405",
    ),
    # Buttons and restoring are POSTs only.
    AdminPage(
        "articles_article_transition",
        transition("draft", "submit"),
        "L L 405 405 405 405 405",
    ),
    AdminPage(
        "articles_article_restore", u("articles_article_restore", "draft", 1), "L L 405 405 405 405 405"
    ),
    *model_pages(
        "articles_category",
        "category",
        changelist=NEWSROOM,
        add=EDITORS,
        change=NEWSROOM,
        history=NEWSROOM,
        delete=EDITORS,
    ),
    *model_pages(
        "articles_contributor",
        "contributor",
        changelist=NEWSROOM,
        add=EDITORS,
        change=NEWSROOM,
        history=NEWSROOM,
        delete=EDITORS,
    ),
    *model_pages(
        "conditions_condition",
        "condition",
        changelist=NEWSROOM,
        add=EDITORS,
        change=NEWSROOM,
        history=NEWSROOM,
        delete=EDITORS,
    ),
    # Article types and the jargon list: editors keep them; writers and reviewers read them.
    *model_pages(
        "articles_articletype",
        "article_type",
        changelist=NEWSROOM,
        add=EDITORS,
        change=NEWSROOM,
        history=NEWSROOM,
        delete=EDITORS,
    ),
    *model_pages(
        "articles_jargonterm",
        "jargon_term",
        changelist=NEWSROOM,
        add=EDITORS,
        change=NEWSROOM,
        history=NEWSROOM,
        delete=EDITORS,
    ),
    # Reader feedback: editors read it; nobody adds or edits it, a superuser may delete.
    *model_pages(
        "feedback_pagefeedback",
        "feedback",
        changelist=EDITORS,
        add=NOBODY,
        change=EDITORS,
        history=EDITORS,
        delete=ONLY_SUPERUSER,
    ),
    # Tags: writers may add them; only editors change, merge or delete them.
    *model_pages(
        "taggit_tag",
        "tag",
        changelist=NEWSROOM,
        add="L L 200 403 200 403 200",
        change=NEWSROOM,
        history=NEWSROOM,
        delete=EDITORS,
    ),
    # With no tags chosen in the list, editors are sent back to it ("merge tags" below merges).
    AdminPage("taggit_tag_merge_tags", u("taggit_tag_merge_tags"), "L L 403 403 302 403 302"),
    # Static pages: editors write them; deleting one is for a superuser.
    *model_pages(
        "pages_page",
        "page",
        changelist=EDITORS,
        add=EDITORS,
        change=EDITORS,
        history=EDITORS,
        delete=ONLY_SUPERUSER,
    ),
    # The brand page: one row, which editors change; nobody adds a second or deletes it.
    *model_pages(
        "pages_brand",
        "brand",
        changelist="L L 403 403 302 403 302",
        add=NOBODY,
        change=EDITORS,
        history=EDITORS,
        delete=NOBODY,
    ),
    # The image and document library: writers add and change what their articles
    # need, reviewers look, editors also delete.
    *[
        page
        for label, obj in (("media_image", "image"), ("media_document", "document"))
        for page in model_pages(
            label,
            obj,
            changelist=NEWSROOM,
            add="L L 200 403 200 403 200",
            change=NEWSROOM,
            history=NEWSROOM,
            delete=EDITORS,
        )
    ],
    AdminPage(
        "autocomplete (hero image)",
        u("autocomplete", query="?app_label=articles&model_name=article&field_name=hero_image&term=Ne"),
        NEWSROOM,
    ),
    # Accounts and roles: superusers only.
    *model_pages(
        "auth_user",
        "reader_user",
        changelist=ONLY_SUPERUSER,
        add=ONLY_SUPERUSER,
        change=ONLY_SUPERUSER,
        history=ONLY_SUPERUSER,
        delete=ONLY_SUPERUSER,
    ),
    AdminPage("auth_user_password_change", u("auth_user_password_change", "reader_user"), ONLY_SUPERUSER),
    *model_pages(
        "auth_group",
        "group",
        changelist=ONLY_SUPERUSER,
        add=ONLY_SUPERUSER,
        change=ONLY_SUPERUSER,
        history=ONLY_SUPERUSER,
        delete=ONLY_SUPERUSER,
    ),
    # Login-throttling records: superusers only, and nobody adds them by hand.
    *[
        page
        for label, obj in (
            ("axes_accessattempt", "access_attempt"),
            ("axes_accesslog", "access_log"),
            ("axes_accessfailurelog", "access_failure"),
        )
        for page in model_pages(
            label,
            obj,
            changelist=ONLY_SUPERUSER,
            add=NOBODY,
            change=ONLY_SUPERUSER,
            history=ONLY_SUPERUSER,
            delete=ONLY_SUPERUSER,
        )
    ],
    # Imports: editors import (and see past imports); nobody adds, edits or deletes a record by hand.
    app_list("imports", "L L 404 404 200 404 200"),
    *model_pages(
        "imports_importrun",
        "import_run",
        changelist=EDITORS,
        add=NOBODY,
        change=EDITORS,
        history=EDITORS,
        delete=NOBODY,
    ),
    AdminPage("imports_importrun_import", u("imports_importrun_import"), EDITORS),
    AdminPage("imports_importrun_confirm", u("imports_importrun_confirm"), "L L 403 403 405 403 405"),
    AdminPage("imports_importrun_cancel", u("imports_importrun_cancel"), "L L 403 403 405 403 405"),
    AdminPage(
        "imports_importrun_download",
        lambda w: reverse("admin:imports_importrun_download", args=[w.import_run.pk, "csv"]),
        EDITORS,
    ),
    # Comments: moderators decide; comments are never added or deleted by hand,
    # except by a superuser cleaning up.
    *model_pages(
        "comments_comment",
        "comment",
        changelist=MODERATORS,
        add=NOBODY,
        change=MODERATORS,
        history=MODERATORS,
        delete=ONLY_SUPERUSER,
    ),
    *model_pages(
        "comments_commentreport",
        "report",
        changelist=MODERATORS,
        add=NOBODY,
        change=MODERATORS,
        history=MODERATORS,
        delete=ONLY_SUPERUSER,
    ),
    *model_pages(
        "comments_watchedphrase",
        "phrase",
        changelist=MODERATORS,
        add=MODERATORS,
        change=MODERATORS,
        history=MODERATORS,
        delete=MODERATORS,
    ),
    *model_pages(
        "comments_readerban",
        "ban",
        changelist=MODERATORS,
        add=MODERATORS,
        change=MODERATORS,
        history=MODERATORS,
        delete=MODERATORS,
    ),
    *model_pages(
        "comments_moderationlogentry",
        "log_entry",
        changelist=MODERATORS,
        add=NOBODY,
        change=MODERATORS,
        history=MODERATORS,
        delete=NOBODY,
    ),
    # The task queue: editors follow it (and retry failed tasks); nobody edits it.
    *model_pages(
        "jobs_backgroundtask",
        "background_task",
        changelist=EDITORS,
        add=NOBODY,
        change=EDITORS,
        history=EDITORS,
        delete=NOBODY,
    ),
    # The newsletter: editors follow subscribers and editions; deleting one is for a superuser.
    *model_pages(
        "newsletter_subscriber",
        "subscriber",
        changelist=EDITORS,
        add=NOBODY,
        change=EDITORS,
        history=EDITORS,
        delete=ONLY_SUPERUSER,
    ),
    AdminPage("newsletter_subscriber_per_topic", u("newsletter_subscriber_per_topic"), EDITORS),
    *model_pages(
        "newsletter_edition",
        "edition",
        changelist=EDITORS,
        add=NOBODY,
        change=EDITORS,
        history=EDITORS,
        delete=ONLY_SUPERUSER,
    ),
    # Starting an edition is a POST; editors who open it are sent back to the list.
    AdminPage("newsletter_edition_start", u("newsletter_edition_start"), "L L 403 403 302 403 302"),
    *model_pages(
        "newsletter_delivery",
        "delivery",
        changelist=EDITORS,
        add=NOBODY,
        change=EDITORS,
        history=EDITORS,
        delete=NOBODY,
    ),
    # Readers' downloads and deletions: a record only a superuser reads.
    *model_pages(
        "accounts_accountauditentry",
        "audit_entry",
        changelist=ONLY_SUPERUSER,
        add=NOBODY,
        change=ONLY_SUPERUSER,
        history=ONLY_SUPERUSER,
        delete=NOBODY,
    ),
    # One settings row: its list goes straight to it.
    *model_pages(
        "comments_moderationsettings",
        "moderation_settings",
        changelist="L L 403 403 403 302 302",
        add=NOBODY,
        change=MODERATORS,
        history=MODERATORS,
        delete=NOBODY,
    ),
]


@pytest.mark.parametrize("role", ROLES)
def test_every_admin_page_answers_each_role_as_the_table_says(walk, role):
    client = logged_in(walk.users[role])
    wrong = []
    for page in PAGES:
        expected = expectations(page.expected)[role]
        url = page.url(walk)
        response = rolled_back(lambda url=url: client.get(url))
        if not check_outcome(response, expected):
            wrong.append(f"{page.name} ({url}): expected {expected}, got {describe(response)}")
        elif response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            # Pages that work must also work under the Content-Security-Policy.
            html = response.content.decode()
            if re.search(r"<style|\sstyle=|\son[a-z]+=|<script>|javascript:", html):
                wrong.append(f"{page.name} ({url}): inline style or script, which the CSP blocks")
    assert wrong == []


def _admin_patterns(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _admin_patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.name


def test_every_admin_address_is_in_the_walk():
    walked = {page.name for page in PAGES}
    missing = []
    for route, name in _admin_patterns(admin.site.get_urls()):
        if name is None:
            if route.endswith("<path:object_id>/"):
                label = "_".join(route.split("/")[:2])
                if f"{label} object address" not in walked:
                    missing.append(route)
            elif "(?P<url>.*)" not in route:
                missing.append(route)
        elif name.startswith("app_list"):
            registered = {model._meta.app_label for model in admin.site._registry}
            missing += [f"app_list {app}" for app in registered if f"app_list {app}" not in walked]
        elif name not in walked:
            missing.append(f"{route} ({name})")
    assert missing == []


# --- POST: every change an admin page can make -------------------------------------


def article_form(article, **changes) -> dict:
    """What the article's change form posts back, with ``changes`` made."""
    data = {
        "title": article.title,
        "slug": article.slug,
        "summary": article.summary,
        "body": article.body,
        "category": article.category_id or "",
        "comments_open": "on",
        "loaded_version": article.version,
        "change_summary": "",
        "sources-TOTAL_FORMS": article.sources.count(),
        "sources-INITIAL_FORMS": article.sources.count(),
    }
    for index, source in enumerate(article.sources.all()):
        data.update(
            {
                f"sources-{index}-id": source.pk,
                f"sources-{index}-article": article.pk,
                f"sources-{index}-title": source.title,
                f"sources-{index}-position": source.position,
            }
        )
    return {**data, **changes}


def no_inlines(*prefixes) -> dict:
    return {
        f"{prefix}-{name}": 0
        for prefix in prefixes
        for name in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS")
    }


def bulk(action, *objects, **extra):
    return lambda w: {
        "action": action,
        "_selected_action": [getattr(w, name).pk for name in objects],
        "index": 0,
        "post": "yes",  # confirms "delete selected"
        **extra,
    }


def gone(model, obj):
    return lambda w: not model.objects.filter(pk=getattr(w, obj).pk).exists()


def status_of(obj, status, field="status"):
    return lambda w: getattr(Article.objects.get(pk=getattr(w, obj).pk), field) == status


def title_of(obj, title):
    return lambda w: Article.objects.get(pk=getattr(w, obj).pk).title == title


CONFIRM = lambda w: {"post": "yes"}  # noqa: E731 (a delete page's confirmation)
#                     anonymous reader writer reviewer editor moderator superuser
WRITERS_OK = "          L         L      ok     403      ok     403       ok"
EDITORS_OK = "          L         L      403    403      ok     403       ok"
MODERATORS_OK = "       L         L      403    403      403    ok        ok"
SUPERUSER_OK = "        L         L      403    403      403    403       ok"

POSTS = [
    # --- Articles through their forms.
    Post(
        "add an article",
        u("articles_article_add"),
        lambda w: {
            "title": "Stroke: the signs",
            "slug": "stroke-the-signs",
            "summary": "Act fast.",
            "body": "## Signs\n\nFace, arms, speech.",
            "comments_open": "on",
            "change_summary": "",
            **no_inlines("sources"),
        },
        lambda w: Article.objects.filter(slug="stroke-the-signs").exists(),
        WRITERS_OK,
    ),
    Post(
        "edit the writer's own draft",
        u("articles_article_change", "draft"),
        lambda w: article_form(w.draft, title="Cramp, explained again"),
        title_of("draft", "Cramp, explained again"),
        # Reviewers may only look: the typed text comes back with a 409.
        "L L ok 409 ok 403 ok",
    ),
    Post(
        "edit another writer's draft",
        u("articles_article_change", "other_draft"),
        lambda w: article_form(w.other_draft, title="Stiffness, hijacked"),
        title_of("other_draft", "Stiffness, hijacked"),
        "L L 409 409 ok 403 ok",
    ),
    Post(
        "edit an article in review",
        u("articles_article_change", "in_review"),
        lambda w: article_form(w.in_review, title="Twitching, changed during review"),
        title_of("in_review", "Twitching, changed during review"),
        "L L 409 409 ok 403 ok",
    ),
    Post(
        "delete an article",
        u("articles_article_delete", "fresh_draft"),
        CONFIRM,
        gone(Article, "fresh_draft"),
        EDITORS_OK,
    ),
    Post(
        "correct the original first-published date",
        u("articles_article_origin", "published"),
        lambda w: {"origin_site": "Old site", "published_on": "2019-03-02"},
        lambda w: Article.objects.get(pk=w.published.pk).original_published_at is not None,
        EDITORS_OK,
    ),
    Post(
        "restore a version of the writer's own draft",
        u("articles_article_restore", "draft", 1),
        lambda w: {},
        lambda w: Article.objects.get(pk=w.draft.pk).version == 3,
        WRITERS_OK,
    ),
    Post(
        "restore a version of another writer's draft",
        u("articles_article_restore", "other_draft", 1),
        lambda w: {},
        lambda w: Article.objects.get(pk=w.other_draft.pk).version == 3,
        EDITORS_OK,
    ),
    # --- Articles in bulk, from the list.
    Post(
        "submit selected",
        u("articles_article_changelist"),
        bulk("submit_selected", "draft"),
        status_of("draft", S.IN_REVIEW),
        "L L ok no ok 403 ok",
    ),
    Post(
        "approve selected",
        u("articles_article_changelist"),
        bulk("approve_selected", "in_review"),
        lambda w: ArticleApproval.objects.filter(revision__article=w.in_review).exists(),
        # The superuser has no contributor profile with credentials, so cannot sign off.
        "L L no ok no 403 no",
    ),
    Post(
        "publish selected",
        u("articles_article_changelist"),
        bulk("publish_selected", "approved"),
        status_of("approved", S.PUBLISHED),
        "L L no no ok 403 ok",
    ),
    Post(
        "unpublish selected",
        u("articles_article_changelist"),
        bulk("unpublish_selected", "published"),
        status_of("published", S.UNPUBLISHED),
        "L L no no ok 403 ok",
    ),
    Post(
        "archive selected",
        u("articles_article_changelist"),
        bulk("archive_selected", "published"),
        status_of("published", S.ARCHIVED),
        "L L no no ok 403 ok",
    ),
    Post(
        "delete selected articles",
        u("articles_article_changelist"),
        bulk("delete_selected", "fresh_draft"),
        gone(Article, "fresh_draft"),
        "L L no no ok 403 ok",
    ),
    # --- The pre-publish checklist: only editors waive an item.
    Post(
        "waive a checklist item",
        lambda w: reverse("admin:articles_article_waive", args=[w.guide_in_review.pk, "help_box"]),
        lambda w: {"note": "The urgent advice is in the text."},
        lambda w: ChecklistWaiver.objects.filter(article=w.guide_in_review, item="help_box").exists(),
        EDITORS_OK,
    ),
    Post(
        "add an article type",
        u("articles_articletype_add"),
        lambda w: {
            "name": "Explainer",
            "description": "",
            "position": 0,
            "required_sections-TOTAL_FORMS": 1,
            "required_sections-INITIAL_FORMS": 0,
            "required_sections-0-heading": "What it is",
            "required_sections-0-alternatives": "About *",
            "required_sections-0-position": 0,
        },
        lambda w: ArticleType.objects.filter(
            name="Explainer", required_sections__heading="What it is"
        ).exists(),
        EDITORS_OK,
    ),
    Post(
        "add a jargon term",
        u("articles_jargonterm_add"),
        lambda w: {"term": "pruritus", "plain": "itching"},
        lambda w: JargonTerm.objects.filter(term="pruritus").exists(),
        EDITORS_OK,
    ),
    # --- Categories, contributors, conditions, tags and static pages.
    Post(
        "add a category",
        u("articles_category_add"),
        lambda w: {"name": "Heart health", "slug": "heart", "position": 0, "description": ""},
        lambda w: Category.objects.filter(slug="heart").exists(),
        EDITORS_OK,
    ),
    Post(
        "change a category",
        u("articles_category_change", "category"),
        lambda w: {"name": "Brain health", "slug": "brain", "position": 0, "description": ""},
        lambda w: Category.objects.get(pk=w.category.pk).name == "Brain health",
        EDITORS_OK,
    ),
    Post(
        "delete a category",
        u("articles_category_delete", "category"),
        CONFIRM,
        gone(Category, "category"),
        # Its articles keep it: the delete page explains instead of deleting.
        "L L 403 403 200 403 200",
    ),
    Post(
        "add a contributor",
        u("articles_contributor_add"),
        lambda w: {"name": "Dr New", "slug": "dr-new", "credentials": "MD", "bio": ""},
        lambda w: Contributor.objects.filter(slug="dr-new").exists(),
        EDITORS_OK,
    ),
    Post(
        "change a contributor",
        u("articles_contributor_change", "contributor"),
        lambda w: {"name": "Wendy Walsh", "slug": "wendy-walsh", "credentials": "MD (invented)", "bio": ""},
        lambda w: Contributor.objects.get(pk=w.contributor.pk).credentials == "MD (invented)",
        EDITORS_OK,
    ),
    Post(
        "delete a contributor",
        u("articles_contributor_delete", "contributor"),
        CONFIRM,
        gone(Contributor, "contributor"),
        EDITORS_OK,
    ),
    Post(
        "add a condition",
        u("conditions_condition_add"),
        lambda w: {
            "name": "Cramp",
            "slug": "cramp",
            "summary": "Sudden tight muscles.",
            **no_inlines("aliases", "sections"),
        },
        lambda w: Condition.objects.filter(slug="cramp").exists(),
        EDITORS_OK,
    ),
    Post(
        "change a condition",
        u("conditions_condition_change", "condition"),
        lambda w: {
            "name": "Neuromyotonia",
            "slug": "neuromyotonia",
            "summary": "Cured by magnets.",
            **no_inlines("aliases", "sections"),
        },
        lambda w: Condition.objects.get(pk=w.condition.pk).summary == "Cured by magnets.",
        EDITORS_OK,
    ),
    Post(
        "delete a condition",
        u("conditions_condition_delete", "condition"),
        CONFIRM,
        gone(Condition, "condition"),
        EDITORS_OK,
    ),
    Post(
        "add a tag",
        u("taggit_tag_add"),
        lambda w: {"name": "Sleep", "slug": "sleep", **no_inlines("taggit_taggeditem_items")},
        lambda w: Tag.objects.filter(slug="sleep").exists(),
        WRITERS_OK,
    ),
    Post(
        "change a tag",
        u("taggit_tag_change", "tag"),
        lambda w: {"name": "Quackery", "slug": "nerves", **no_inlines("taggit_taggeditem_items")},
        lambda w: Tag.objects.get(pk=w.tag.pk).name == "Quackery",
        EDITORS_OK,
    ),
    Post("delete a tag", u("taggit_tag_delete", "tag"), CONFIRM, gone(Tag, "tag"), EDITORS_OK),
    Post(
        "merge tags",
        u("taggit_tag_changelist"),
        bulk("render_tag_form", "tag", "other_tag"),
        lambda w: Article.objects.get(pk=w.draft.pk).tags.filter(name="Merged").exists(),
        EDITORS_OK,
        then=lambda w: (reverse("admin:taggit_tag_merge_tags"), {"new_tag_name": "Merged"}),
    ),
    Post(
        "add a static page",
        u("pages_page_add"),
        lambda w: {
            "title": "Advertising",
            "slug": "advertising",
            "summary": "How we fund the site.",
            "body": "Ads.",
        },
        lambda w: StaticPage.objects.filter(slug="advertising").exists(),
        EDITORS_OK,
    ),
    Post(
        "change a static page",
        u("pages_page_change", "page"),
        lambda w: {
            "title": "Editorial standards",
            "slug": "editorial-standards",
            "summary": "x",
            "body": "Anything goes.",
        },
        lambda w: StaticPage.objects.get(pk=w.page.pk).body == "Anything goes.",
        EDITORS_OK,
    ),
    Post(
        "delete a static page",
        u("pages_page_delete", "page"),
        CONFIRM,
        gone(StaticPage, "page"),
        SUPERUSER_OK,
    ),
    Post(
        "change the brand",
        u("pages_brand_change", "brand"),
        lambda w: {"site_name": "Quack Cures", "primary_colour": "#123456", "footer_text": ""},
        lambda w: Brand.objects.get(pk=w.brand.pk).site_name == "Quack Cures",
        EDITORS_OK,
    ),
    # --- The image and document library.
    Post(
        "upload a picture",
        u("media_image_add"),
        lambda w: {
            "title": "Rash photo",
            "slug": "rash-photo",
            "alt_text": "A red rash on an arm.",
            "upload": SimpleUploadedFile("rash.png", picture_bytes("PNG", (300, 200)), "image/png"),
        },
        lambda w: Image.objects.filter(slug="rash-photo").exists(),
        WRITERS_OK,
    ),
    Post(
        "change a picture's alt text",
        u("media_image_change", "image"),
        lambda w: {"title": "Nerve diagram", "slug": "nerve-diagram", "alt_text": "Anything."},
        lambda w: Image.objects.get(pk=w.image.pk).alt_text == "Anything.",
        WRITERS_OK,
    ),
    Post("delete a picture", u("media_image_delete", "image"), CONFIRM, gone(Image, "image"), EDITORS_OK),
    Post(
        "upload a leaflet",
        u("media_document_add"),
        lambda w: {
            "title": "Stretches",
            "slug": "stretches",
            "upload": SimpleUploadedFile("s.pdf", pdf_bytes(), "application/pdf"),
        },
        lambda w: Document.objects.filter(slug="stretches").exists(),
        WRITERS_OK,
    ),
    Post(
        "delete a leaflet",
        u("media_document_delete", "document"),
        CONFIRM,
        gone(Document, "document"),
        EDITORS_OK,
    ),
    # --- Accounts, roles and login records.
    Post(
        "add an account",
        u("auth_user_add"),
        lambda w: {"username": "intruder", "password1": "", "password2": "", "usable_password": "false"},
        lambda w: User.objects.filter(username="intruder").exists(),
        SUPERUSER_OK,
    ),
    Post(
        "make a reader staff",
        u("auth_user_change", "reader_user"),
        lambda w: {
            "username": "reader",
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "last_login_0": "",
            "last_login_1": "",
            "date_joined_0": "2024-01-01",
            "date_joined_1": "00:00:00",
            "initial-date_joined_0": "2024-01-01",
            "initial-date_joined_1": "00:00:00",
        },
        lambda w: User.objects.get(pk=w.reader_user.pk).is_superuser,
        SUPERUSER_OK,
    ),
    Post(
        "set a reader's password",
        u("auth_user_password_change", "reader_user"),
        lambda w: {
            "password1": "a-Long-new-passphrase-42",
            "password2": "a-Long-new-passphrase-42",
            "usable_password": "true",
        },
        lambda w: User.objects.get(pk=w.reader_user.pk).check_password("a-Long-new-passphrase-42"),
        SUPERUSER_OK,
    ),
    Post(
        "delete an account",
        u("auth_user_delete", "reader_user"),
        CONFIRM,
        gone(User, "reader_user"),
        SUPERUSER_OK,
    ),
    Post(
        "add a role",
        u("auth_group_add"),
        lambda w: {"name": "Publishers"},
        lambda w: Group.objects.filter(name="Publishers").exists(),
        SUPERUSER_OK,
    ),
    Post("delete a role", u("auth_group_delete", "group"), CONFIRM, gone(Group, "group"), SUPERUSER_OK),
    Post(
        "clear a login lockout",
        u("axes_accessattempt_delete", "access_attempt"),
        CONFIRM,
        gone(AccessAttempt, "access_attempt"),
        SUPERUSER_OK,
    ),
    # --- Comments and moderation (the moderation actions are walked below too).
    Post(
        "decide on a comment",
        u("comments_comment_change", "comment"),
        lambda w: {
            "decision": "approve",
            "reason": "",
            "note": "",
            **no_inlines("reports", "moderation_log"),
        },
        lambda w: Comment.objects.get(pk=w.comment.pk).status == Comment.Status.APPROVED,
        MODERATORS_OK,
    ),
    Post(
        "delete a comment",
        u("comments_comment_delete", "comment"),
        CONFIRM,
        gone(Comment, "comment"),
        SUPERUSER_OK,
    ),
    Post(
        "ban a reader",
        u("comments_readerban_add"),
        lambda w: {"username": "reader", "note": "Spam"},
        lambda w: ReaderBan.objects.filter(user=w.reader_user).exists(),
        MODERATORS_OK,
    ),
    Post(
        "edit a ban",
        u("comments_readerban_change", "ban"),
        lambda w: {"note": "Rewritten"},
        lambda w: False,
        # A ban is lifted, never edited, so its log stays true.
        "L L 403 403 403 403 403",
    ),
    Post("lift a ban", u("comments_readerban_delete", "ban"), CONFIRM, gone(ReaderBan, "ban"), MODERATORS_OK),
    Post(
        "add a watched phrase",
        u("comments_watchedphrase_add"),
        lambda w: {
            "phrase": "doctors are hiding the cure",
            "category": "misinformation",
            "action": "flag",
            "note": "",
            "is_active": "on",
        },
        lambda w: WatchedPhrase.objects.filter(phrase="doctors are hiding the cure").exists(),
        MODERATORS_OK,
    ),
    Post(
        "switch off a watched phrase",
        u("comments_watchedphrase_change", "phrase"),
        lambda w: {
            "phrase": "magnets cure nerve damage",
            "category": "misinformation",
            "action": "hold",
            "note": "",
        },
        lambda w: not WatchedPhrase.objects.get(pk=w.phrase.pk).is_active,
        MODERATORS_OK,
    ),
    Post(
        "delete a watched phrase",
        u("comments_watchedphrase_delete", "phrase"),
        CONFIRM,
        gone(WatchedPhrase, "phrase"),
        MODERATORS_OK,
    ),
    Post(
        "change the moderation settings",
        u("comments_moderationsettings_change", "moderation_settings"),
        lambda w: {
            "trusted_after": 0,
            "reports_to_hide": 0,
            "new_account_days": 0,
            "max_links": 50,
            "max_links_new_account": 50,
        },
        lambda w: ModerationSettings.load().trusted_after == 0,
        MODERATORS_OK,
    ),
    Post(
        "delete the moderation settings",
        u("comments_moderationsettings_delete", "moderation_settings"),
        CONFIRM,
        gone(ModerationSettings, "moderation_settings"),
        "L L 403 403 403 403 403",
    ),
    Post(
        "edit a reader's report",
        u("comments_commentreport_change", "report"),
        lambda w: {"reason": "spam", "details": "Rewritten"},
        lambda w: False,
        "L L 403 403 403 403 403",
    ),
    Post(
        "delete a reader's report",
        u("comments_commentreport_delete", "report"),
        CONFIRM,
        gone(CommentReport, "report"),
        SUPERUSER_OK,
    ),
    Post(
        "edit the moderation log",
        u("comments_moderationlogentry_change", "log_entry"),
        lambda w: {"note": "Nothing happened"},
        lambda w: False,
        "L L 403 403 403 403 403",
    ),
    Post(
        "delete from the moderation log",
        u("comments_moderationlogentry_delete", "log_entry"),
        CONFIRM,
        gone(ModerationLogEntry, "log_entry"),
        "L L 403 403 403 403 403",
    ),
    # --- The task queue and the newsletter.
    Post(
        "run a failed background task again",
        u("jobs_backgroundtask_changelist"),
        bulk("retry", "background_task"),
        lambda w: DBTaskResult.objects.get(pk=w.background_task.pk).status == "READY",
        EDITORS_OK,
    ),
    Post(
        "send a newsletter edition now",
        u("newsletter_edition_start"),
        lambda w: {"frequency": "monthly"},
        lambda w: Edition.objects.filter(frequency="monthly").exists(),
        EDITORS_OK,
    ),
    Post(
        "send an edition's failed digests again",
        u("newsletter_edition_changelist"),
        bulk("resend_failed", "edition"),
        lambda w: Delivery.objects.get(pk=w.delivery.pk).status == "queued",
        "L L 403 403 ok 403 ok",
    ),
    Post(
        "delete a newsletter subscriber",
        u("newsletter_subscriber_delete", "subscriber"),
        CONFIRM,
        gone(Subscriber, "subscriber"),
        SUPERUSER_OK,
    ),
    Post(
        "delete an account audit entry",
        u("accounts_accountauditentry_delete", "audit_entry"),
        CONFIRM,
        gone(AccountAuditEntry, "audit_entry"),
        "L L 403 403 403 403 403",
    ),
]


# --- Workflow buttons: every step, as every role ------------------------------------

#                       anonymous reader writer reviewer editor moderator superuser
PUBLISHERS_OK = "         L         L      no     no       ok     403       ok"


def button(name, obj, action, done, expected, **data):
    return Post(name, transition(obj, action), lambda w: data, done, expected)


WORKFLOW_BUTTONS = [
    button(
        "submit the writer's own draft",
        "draft",
        "submit",
        status_of("draft", S.IN_REVIEW),
        "L L ok no ok 403 ok",
    ),
    button(
        "submit another writer's draft",
        "other_draft",
        "submit",
        status_of("other_draft", S.IN_REVIEW),
        "L L no no ok 403 ok",
    ),
    button(
        "approve",
        "in_review",
        "approve",
        lambda w: ArticleApproval.objects.filter(revision__article=w.in_review).exists(),
        # Sign-off needs a contributor profile with credentials, which the superuser lacks.
        "L L no ok no 403 no",
    ),
    button(
        "request changes",
        "in_review",
        "request_changes",
        status_of("in_review", S.CHANGES_REQUESTED),
        "L L no ok no 403 ok",
        note="Please cite the 2019 trial.",
    ),
    button("publish", "approved", "publish", status_of("approved", S.PUBLISHED), PUBLISHERS_OK),
    button("schedule", "approved", "schedule", status_of("approved", S.SCHEDULED), PUBLISHERS_OK),
    button("unpublish", "published", "unpublish", status_of("published", S.UNPUBLISHED), PUBLISHERS_OK),
    button("archive", "published", "archive", status_of("published", S.ARCHIVED), PUBLISHERS_OK),
    button("return to draft", "archived", "reopen", status_of("archived", S.DRAFT), PUBLISHERS_OK),
    button(
        "publish a correction",
        "correction_approved",
        "publish_correction",
        status_of("correction_approved", "", field="correction_status"),
        PUBLISHERS_OK,
    ),
    button(
        "discard a correction",
        "correction_draft",
        "discard_correction",
        status_of("correction_draft", "", field="correction_status"),
        PUBLISHERS_OK,
    ),
    button(
        "a step that does not exist", "draft", "delete-everything", lambda w: False, "L L no no no 403 no"
    ),
]


# --- Moderation actions: every decision, as every role ------------------------------


def decision(**data):
    return lambda w: {
        "decision": "",
        "reason": "",
        "note": "",
        **data,
        **no_inlines("reports", "moderation_log"),
    }


def comment_status(obj, status):
    return lambda w: Comment.objects.get(pk=getattr(w, obj).pk).status == status


MODERATION_ACTIONS = [
    Post(
        "approve selected comments",
        u("comments_comment_changelist"),
        bulk("approve_selected", "comment"),
        comment_status("comment", Comment.Status.APPROVED),
        MODERATORS_OK,
    ),
    Post(
        "reject selected comments",
        u("comments_comment_changelist"),
        bulk("reject_selected", "comment", reason="misinformation"),
        comment_status("comment", Comment.Status.REJECTED),
        MODERATORS_OK,
    ),
    Post(
        "mark selected comments as spam",
        u("comments_comment_changelist"),
        bulk("spam_selected", "comment"),
        comment_status("comment", Comment.Status.SPAM),
        MODERATORS_OK,
    ),
    Post(
        "ban the authors of selected comments",
        u("comments_comment_changelist"),
        bulk("ban_authors", "comment"),
        lambda w: ReaderBan.objects.filter(user=w.reader_user).exists(),
        MODERATORS_OK,
    ),
    Post(
        "lift the ban on the authors of selected comments",
        u("comments_comment_changelist"),
        bulk("unban_authors", "banned_comment"),
        lambda w: not ReaderBan.objects.filter(user=w.banned).exists(),
        MODERATORS_OK,
    ),
    Post(
        "reject a comment on its page",
        u("comments_comment_change", "comment"),
        decision(decision="reject", reason="misinformation", note="Not supported by evidence."),
        comment_status("comment", Comment.Status.REJECTED),
        MODERATORS_OK,
    ),
    Post(
        "mark a comment as spam on its page",
        u("comments_comment_change", "comment"),
        decision(decision="spam"),
        comment_status("comment", Comment.Status.SPAM),
        MODERATORS_OK,
    ),
    Post(
        "ban a comment's author from its page",
        u("comments_comment_change", "comment"),
        decision(ban_author="on"),
        lambda w: ReaderBan.objects.filter(user=w.reader_user).exists(),
        MODERATORS_OK,
    ),
]


def _changed_tables(before: dict, after: dict) -> list[str]:
    return [label for label in before if before[label] != after.get(label)]


def _form_errors(response) -> str:
    context = getattr(response, "context", None)
    if not context or "adminform" not in context:
        return ""
    return f" with form errors {context['adminform'].form.errors.as_data()}"


def try_post(client, w, post: Post, expected, before: dict) -> str | None:
    """Send ``post``; return what went wrong, or None if it turned out as ``expected``."""
    response = client.post(post.url(w), post.data(w))
    if post.then is not None and not login_redirect(response):
        # Whatever the first step answered, someone could send the second one anyway.
        url, data = post.then(w)
        response = client.post(url, data)
    if expected == "ok":
        if response.status_code != 302 or login_redirect(response) or not post.done(w):
            return f"expected it to be done, got {describe(response)}{_form_errors(response)}"
        return None
    if expected == "no":
        answered = response.status_code == 302 and not login_redirect(response)
        if not answered or "messages" not in response.cookies:
            return f"expected a refusal with a message, got {describe(response)}"
    elif not check_outcome(response, expected):
        return f"expected {expected}, got {describe(response)}"
    changed = _changed_tables(before, database_state())
    if changed:
        return f"refused ({describe(response)}) but these tables changed: {changed}"
    return None


def walk_posts(w, role: str, posts: list[Post]) -> list[str]:
    client = logged_in(w.users[role])
    session = client.cookies.get(settings.SESSION_COOKIE_NAME)
    before = database_state()
    wrong = []
    for post in posts:
        expected = expectations(post.expected)[role]
        problem = rolled_back(lambda p=post, e=expected: try_post(client, w, p, e, before))
        if problem:
            wrong.append(f"{post.name}: {problem}")
        # Back to the session rolled back to (setting a password starts a new one), and no messages.
        client.cookies.clear()
        if session is not None:
            client.cookies[settings.SESSION_COOKIE_NAME] = session.value
    return wrong


@pytest.mark.parametrize("role", ROLES)
def test_every_admin_change_is_made_only_by_those_allowed(walk, role):
    assert walk_posts(walk, role, POSTS) == []


@pytest.mark.parametrize("role", ROLES)
def test_every_workflow_button_is_pressed_only_by_those_allowed(walk, role):
    assert walk_posts(walk, role, WORKFLOW_BUTTONS) == []


@pytest.mark.parametrize("role", ROLES)
def test_every_moderation_action_is_taken_only_by_those_allowed(walk, role):
    assert walk_posts(walk, role, MODERATION_ACTIONS) == []


def test_the_walk_has_something_to_refuse_and_something_to_allow_for_every_staff_role():
    # A table that allowed everything, or nothing, would prove little.
    for role in ROLES[2:]:
        outcomes = {
            expectations(post.expected)[role] for post in POSTS + WORKFLOW_BUTTONS + MODERATION_ACTIONS
        }
        assert "ok" in outcomes and outcomes - {"ok"}, role
