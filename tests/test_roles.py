"""The role groups exist after migrate with exactly the permissions the workflow relies on."""

import pytest
from django.contrib.auth.models import Group, Permission

from accounts import roles

pytestmark = pytest.mark.django_db


def perms(role: str) -> set[str]:
    group = Group.objects.get(name=role)
    return {
        f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")
    }


def test_groups_are_created_by_migrate_with_exactly_the_listed_permissions():
    # The test database was built by migrate, so this is the post-migrate sync at work.
    for role, expected in roles.ROLE_PERMISSIONS.items():
        assert perms(role) == set(expected), role


@pytest.mark.parametrize(
    ("role", "has", "lacks"),
    [
        (
            roles.WRITER,
            {"articles.add_article", "articles.change_article", "articles.submit_article"},
            {"articles.review_article", "articles.publish_article", "articles.delete_article"},
        ),
        (
            roles.MEDICAL_REVIEWER,
            {"articles.view_article", "articles.review_article"},
            {"articles.change_article", "articles.publish_article", "articles.submit_article"},
        ),
        (
            roles.EDITOR,
            {"articles.change_article", "articles.submit_article", "articles.publish_article"},
            {"articles.review_article"},
        ),
        (
            roles.MODERATOR,
            set(),
            {"articles.view_article", "articles.change_article", "articles.review_article"},
        ),
    ],
)
def test_workflow_permissions_by_role(role, has, lacks):
    assert has <= perms(role)
    assert not lacks & perms(role)


def test_sync_puts_back_exactly_the_listed_permissions():
    writers = Group.objects.get(name=roles.WRITER)
    writers.permissions.add(Permission.objects.get(codename="publish_article"))
    roles.sync_roles()
    assert perms(roles.WRITER) == set(roles.ROLE_PERMISSIONS[roles.WRITER])


def test_workflow_permissions_exist():
    codenames = set(
        Permission.objects.filter(content_type__app_label="articles").values_list("codename", flat=True)
    )
    assert {"submit_article", "review_article", "publish_article"} <= codenames
