"""The staff roles and the exact permissions each one holds.

Roles are Django groups. ``ROLE_PERMISSIONS`` is the single source of truth: after
every ``migrate`` the groups are created if missing and their permissions are set
to exactly this list, so a permission granted by hand in the admin does not
silently survive a deploy.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission

WRITER = "Writer"
MEDICAL_REVIEWER = "Medical reviewer"
EDITOR = "Editor"
MODERATOR = "Moderator"

# The permissions code checks by name. Each is spelled here once; the workflow,
# the notifications, the admin and ROLE_PERMISSIONS below import these names.
# (The custom ones are declared in Article.Meta.permissions.)
EDIT_ARTICLE = "articles.change_article"
SUBMIT_ARTICLE = "articles.submit_article"
REVIEW_ARTICLE = "articles.review_article"
PUBLISH_ARTICLE = "articles.publish_article"
# Letting a failing pre-publish checklist item through, with a note (articles.checklist).
WAIVE_CHECKLIST_ITEM = "articles.add_checklistwaiver"
VIEW_FEEDBACK = "feedback.view_pagefeedback"
BAN_READER = "comments.add_readerban"
LIFT_BAN = "comments.delete_readerban"


def _crud(app_label: str, model: str, *actions: str) -> list[str]:
    return [f"{app_label}.{action}_{model}" for action in actions]


ALL = ("view", "add", "change", "delete")

ROLE_PERMISSIONS: dict[str, list[str]] = {
    WRITER: [
        # Which articles a writer may change is narrowed by articles.workflow.can_edit.
        *_crud("articles", "article", "view", "add", "change"),
        SUBMIT_ARTICLE,
        *_crud("articles", "source", "view", "add", "change", "delete"),
        *_crud("articles", "category", "view"),
        *_crud("articles", "contributor", "view"),
        *_crud("conditions", "condition", "view"),
        *_crud("taggit", "tag", "view", "add"),
        # Writers add the pictures and leaflets their articles need.
        *_crud("media", "image", "view", "add", "change"),
        *_crud("media", "document", "view", "add", "change"),
        *_crud("articles", "articletype", "view"),
        *_crud("articles", "jargonterm", "view"),
    ],
    MEDICAL_REVIEWER: [
        # Reviewers sign off or send back; they do not edit, so their approval is of the writer's text.
        *_crud("articles", "article", "view"),
        REVIEW_ARTICLE,
        *_crud("articles", "source", "view"),
        *_crud("articles", "category", "view"),
        *_crud("articles", "contributor", "view"),
        *_crud("conditions", "condition", "view"),
        *_crud("taggit", "tag", "view"),
        *_crud("media", "image", "view"),
        *_crud("media", "document", "view"),
        *_crud("articles", "articletype", "view"),
        *_crud("articles", "jargonterm", "view"),
    ],
    EDITOR: [
        # Editors are not medical reviewers: medical sign-off stays with the reviewers.
        *_crud("articles", "article", *ALL),
        SUBMIT_ARTICLE,
        PUBLISH_ARTICLE,
        *_crud("articles", "source", *ALL),
        *_crud("articles", "category", *ALL),
        *_crud("articles", "contributor", *ALL),
        *_crud("conditions", "condition", *ALL),
        *_crud("conditions", "conditionalias", *ALL),
        *_crud("conditions", "conditionsection", *ALL),
        *_crud("taggit", "tag", *ALL),
        *_crud("pages", "page", "view", "add", "change"),
        # The task queue (jobs) and the newsletter: follow them, retry and resend, export.
        *_crud("jobs", "backgroundtask", "view"),
        "jobs.retry_backgroundtask",
        *_crud("newsletter", "subscriber", "view"),
        "newsletter.export_subscriber",
        *_crud("newsletter", "edition", "view"),
        "newsletter.send_edition",
        *_crud("newsletter", "delivery", "view"),
        # The brand page: one row, never deleted (the admin refuses a second one).
        *_crud("pages", "brand", "view", "add", "change"),
        *_crud("media", "image", *ALL),
        *_crud("media", "document", *ALL),
        # Bringing articles in from another site (imports/): they arrive as drafts.
        "imports.import_articles",
        *_crud("imports", "importrun", "view"),
        # Quality gates: article types and their sections, the jargon list, waivers, feedback.
        *_crud("articles", "articletype", *ALL),
        *_crud("articles", "requiredsection", *ALL),
        *_crud("articles", "jargonterm", *ALL),
        WAIVE_CHECKLIST_ITEM,
        VIEW_FEEDBACK,
    ],
    MODERATOR: [
        *_crud("comments", "comment", "view", "change"),
        *_crud("comments", "readerban", "view", "add", "delete"),
        *_crud("comments", "watchedphrase", *ALL),
        *_crud("comments", "moderationsettings", "view", "change"),
        *_crud("comments", "commentreport", "view"),
        *_crud("comments", "moderationlogentry", "view"),
    ],
}


def sync_roles(*, apps=global_apps) -> None:
    """Create the role groups and give each exactly the permissions listed above."""
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, apps=apps)
    for role, names in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        permissions = []
        for name in names:
            app_label, codename = name.split(".", 1)
            permissions.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        group.permissions.set(permissions)


def sync_roles_after_migrate(sender, **kwargs) -> None:
    sync_roles()
