"""What the admin says after saving a live article: one message, and a true one."""

import pytest
from django.contrib.messages import get_messages

from articles import workflow
from articles.models import Article
from tests.articles.test_admin_workflow import change_url, form_data, login
from tests.factories import reviewable_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(writer, editor, credentialed_reviewer, second_reviewer):
    article = reviewable_article(title="Neuromyotonia explained", created_by=writer)
    workflow.submit_for_review(article, by=writer)
    workflow.approve(article, by=second_reviewer)
    workflow.approve(article, by=credentialed_reviewer)
    workflow.publish(article, by=editor)
    return article


def save(client, article, **changes):
    data = form_data(client.get(change_url(article)))
    data.update(changes)
    response = client.post(change_url(article), data, follow=True)
    assert response.status_code == 200
    return [str(message) for message in get_messages(response.wsgi_request)] or [
        str(message) for message in response.context["messages"]
    ]


@pytest.mark.parametrize("button", ["_save", "_continue"])
def test_saving_a_live_article_unchanged_says_only_that_nothing_was_saved(client, editor, published, button):
    login(client, editor)
    messages = save(client, published, **{button: "1"})
    assert messages == ["The text is unchanged, so no correction was saved."]
    assert Article.objects.get(pk=published.pk).version == published.version


def test_saving_a_live_article_with_a_change_says_only_that_a_correction_was_kept(client, editor, published):
    login(client, editor)
    messages = save(client, published, body="## Symptoms\n\n- Twitching\n- Stiffness\n")
    assert len(messages) == 1
    assert messages[0].startswith("Saved as a correction (version 2).")
    assert "changed successfully" not in messages[0]


def test_featuring_a_live_article_without_touching_the_text_says_both_in_one_message(
    client, editor, published
):
    login(client, editor)
    messages = save(client, published, is_featured="on")
    assert messages == [
        "“Neuromyotonia explained” is now featured on the home page. "
        "The text is unchanged, so no correction was saved."
    ]
    assert Article.objects.get(pk=published.pk).is_featured


def test_saving_a_draft_still_gets_the_usual_message(client, writer):
    article = reviewable_article(created_by=writer, title="A draft")
    login(client, writer)
    messages = save(client, article, body="New text")
    assert len(messages) == 1 and "was changed successfully" in messages[0]
    assert Article.objects.get(pk=article.pk).body == "New text"
