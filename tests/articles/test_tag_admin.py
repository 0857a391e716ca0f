"""Merging tags in the admin: it re-tags live articles, so it is for editors only."""

import pytest
from django.urls import reverse
from taggit.models import Tag

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

TAGS = reverse("admin:taggit_tag_changelist")
MERGE = reverse("admin:taggit_tag_merge_tags")


@pytest.fixture
def tagged():
    nerves, muscles = Tag.objects.create(name="Nerves"), Tag.objects.create(name="Muscles")
    article = ArticleFactory(published=True, title="Cramp explained", tags=[nerves, muscles])
    return article, nerves, muscles


def choose(client, *tags):
    return client.post(
        TAGS, {"action": "render_tag_form", "_selected_action": [tag.pk for tag in tags], "index": 0}
    )


def test_editor_merges_two_tags_and_the_articles_carry_the_new_one(client, editor, tagged):
    article, nerves, muscles = tagged
    client.force_login(editor)

    assert choose(client, nerves, muscles)["Location"].endswith("merge-tags/")
    response = client.post(MERGE, {"new_tag_name": "Nerves and muscles"})

    assert response.status_code == 302
    assert sorted(article.tags.names()) == ["Nerves and muscles"]


@pytest.mark.parametrize(
    ("role", "answer_to_choosing"),
    [
        # Writers and reviewers see the list again: they are offered no action on tags.
        ("writer", (200, None)),
        ("medical_reviewer", (200, None)),
        ("moderator", (403, None)),
    ],
)
def test_other_staff_cannot_merge_tags(request, client, role, answer_to_choosing, tagged):
    article, nerves, muscles = tagged
    client.force_login(request.getfixturevalue(role))

    chosen = choose(client, nerves, muscles)

    assert (chosen.status_code, chosen.get("Location")) == answer_to_choosing
    assert client.get(MERGE).status_code == 403
    assert client.post(MERGE, {"new_tag_name": "Quackery"}).status_code == 403
    assert sorted(article.tags.names()) == ["Muscles", "Nerves"]
    assert not Tag.objects.filter(name="Quackery").exists()


def test_merge_page_with_nothing_chosen_sends_the_editor_back_to_the_list(client, editor, tagged):
    client.force_login(editor)

    response = client.get(MERGE, follow=True)

    assert response.redirect_chain == [(TAGS, 302)]
    assert "Choose the tags to merge in the list of tags first." in response.content.decode()


def test_tags_deleted_after_being_chosen_are_left_out_of_the_merge(client, editor, tagged):
    article, nerves, muscles = tagged
    client.force_login(editor)
    choose(client, nerves, muscles)
    muscles.delete()

    response = client.post(MERGE, {"new_tag_name": "Nervous system"})

    assert response.status_code == 302
    assert sorted(article.tags.names()) == ["Nervous system"]
