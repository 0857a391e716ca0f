"""After the import: review and publication, the public page's honesty about dates, and the old comments."""

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Article
from comments import moderation
from comments.models import Comment
from tests.factories import ArticleFactory, waive_failing_checklist_items
from tests.html import json_ld, parse_html
from tests.imports.conftest import PUBLISHER_A, TEXT, WORDPRESS

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewed_and_published(run_import, editor, credentialed_reviewer, second_reviewer, settings):
    """Import, then take one article through medical review to publication, as the newsroom would."""

    def publish(path, title_start):
        run_import(path)
        article = Article.objects.get(title__startswith=title_start)
        if not article.sources.exists():
            article.sources.create(title="NHS: muscle cramps", url="https://nhs.example/cramps")
            workflow.record_edit(article, by=editor, change_summary="Added a source")
        workflow.submit_for_review(article, by=editor)
        # Old pages rarely meet the checklist (reading age, recent sources): the editor decides.
        waive_failing_checklist_items(article, by=editor)
        workflow.approve(article, by=credentialed_reviewer)
        workflow.approve(article, by=second_reviewer)
        workflow.publish(article, by=editor)
        article.refresh_from_db()
        return article

    return publish


def test_published_page_states_its_original_date_and_origin_in_plain_words(client, reviewed_and_published):
    article = reviewed_and_published(PUBLISHER_A, "Neuromyotonia: Causes")

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    parse_html(response.content)
    text = response.content.decode()
    today = timezone.localdate().strftime("%-d %B %Y")
    assert 'First published <time datetime="2022-01-18">18 January 2022</time> on Clearwell Health' in text
    assert '(last updated there <time datetime="2024-05-17">17 May 2024</time>)' in text
    assert f'Updated here <time datetime="{timezone.localdate():%Y-%m-%d}">{today}</time>' in text
    reviewed = text.split('<p class="reviewed">', 1)[1].split("</p>", 1)[0]
    # Both medical reviewers whose approval counted are named.
    assert reviewed.startswith("Medically reviewed by ")
    assert "Dr Rita Reyes, MD, neurologist" in reviewed
    assert "Dr Sam Shah, MBBS, general practitioner" in reviewed
    assert reviewed.endswith(f'on <time datetime="{timezone.localdate():%Y-%m-%d}">{today}</time>')
    assert '<p class="byline">By <a href="/authors/rosa-delgado/">Rosa Delgado</a>. First published' in text


def test_json_ld_date_published_is_the_original_date(client, reviewed_and_published):
    article = reviewed_and_published(PUBLISHER_A, "Neuromyotonia: Causes")

    page = json_ld(client.get(article.get_absolute_url()).content)[0]

    assert page["datePublished"].startswith("2022-01-18T08:00:00")
    assert article.published_at.date() == timezone.now().date()  # the workflow's own date is untouched


def test_an_article_written_here_keeps_its_own_dates(client):
    article = ArticleFactory(published=True, slug="home-grown")

    response = client.get(article.get_absolute_url())

    byline = response.content.decode().split('<p class="byline">', 1)[1].split("</p>", 1)[0]
    assert "First published" not in byline and "Updated <time" in byline
    assert json_ld(response.content)[0]["datePublished"].startswith(article.published_at.date().isoformat())


def test_a_page_without_a_known_site_or_date_says_elsewhere(client, reviewed_and_published):
    article = reviewed_and_published(TEXT / "rebuilding-strength.txt", "Rebuilding strength")

    text = client.get(article.get_absolute_url()).content.decode()

    assert "First published elsewhere (last updated there" in text


def test_held_imported_comments_are_not_on_the_page_until_a_moderator_approves(
    client, reviewed_and_published, moderator
):
    article = reviewed_and_published(WORDPRESS, "Living with neuromyotonia")
    assert "Marguerite" not in client.get(article.get_absolute_url()).content.decode()

    comment = Comment.objects.get(original_author_name="Marguerite L.")
    moderation.approve(comment, by=moderator)
    response = client.get(article.get_absolute_url())

    text = response.content.decode()
    assert "Comments (1)" in text
    assert '<p class="comment-meta">By <bdi>Marguerite L.</bdi> on <time datetime="2019-03-05' in text
    assert ">5 March 2019</time>" in text
    assert "Truth Seeker" not in text  # still held
    parse_html(response.content)


def test_an_approved_imported_comment_can_be_reported(client, reviewed_and_published, moderator, reader):
    article = reviewed_and_published(WORDPRESS, "Living with neuromyotonia")
    comment = Comment.objects.get(original_author_name="Marguerite L.")
    moderation.approve(comment, by=moderator)
    client.force_login(reader)

    page = client.get(article.get_absolute_url()).content.decode()
    report_url = reverse("comments:report", args=[comment.pk])
    assert report_url in page
    response = client.get(report_url)

    assert response.status_code == 200
    assert "Marguerite L." in response.content.decode()


def test_the_article_page_costs_the_same_queries_with_imported_comments(
    client, reviewed_and_published, moderator, django_assert_max_num_queries
):
    article = reviewed_and_published(WORDPRESS, "Living with neuromyotonia")
    for comment in article.comments.all():
        moderation.approve(comment, by=moderator)

    # The budget of any article page (tests/test_query_budgets.py), plus the one that
    # names every reviewer whose approval counted, as a reviewed article has.
    with django_assert_max_num_queries(12):
        assert client.get(article.get_absolute_url()).status_code == 200


def test_moderation_queue_marks_imported_comments(client, run_import, moderator):
    run_import(WORDPRESS)
    client.force_login(moderator)

    response = client.get(reverse("admin:comments_comment_changelist"), {"is_imported__exact": "1"})

    text = response.content.decode()
    assert response.status_code == 200
    assert "Imported, Held" in text
    assert "Imported: posted on the old site on 5 March 2019; no account here" in text
    assert "Imported from https://steadynerves.example/2019/03/living-with-neuromyotonia/" in text


def test_moderator_can_open_approve_and_not_ban_an_imported_comment(client, run_import, moderator):
    run_import(WORDPRESS)
    comment = Comment.objects.get(original_author_name="Truth Seeker")
    client.force_login(moderator)
    url = reverse("admin:comments_comment_change", args=[comment.pk])
    assert client.get(url).status_code == 200
    management = {
        f"{prefix}-{name}": value
        for prefix in ("reports", "moderation_log")
        for name, value in (
            ("TOTAL_FORMS", 0),
            ("INITIAL_FORMS", 0),
            ("MIN_NUM_FORMS", 0),
            ("MAX_NUM_FORMS", 1000),
        )
    }

    refused = client.post(
        url, {**management, "decision": "reject", "reason": "misinformation", "ban_author": "on"}
    )
    assert refused.status_code == 200
    assert "no account to ban" in refused.content.decode()

    client.post(url, {**management, "decision": "reject", "reason": "misinformation"})
    comment.refresh_from_db()
    assert comment.status == Comment.Status.REJECTED


def test_bulk_ban_skips_imported_comments(client, run_import, moderator):
    run_import(WORDPRESS)
    client.force_login(moderator)

    response = client.post(
        reverse("admin:comments_comment_changelist"),
        {
            "action": "ban_authors",
            "_selected_action": list(Comment.objects.values_list("pk", flat=True)),
            "index": 0,
        },
        follow=True,
    )

    assert response.status_code == 200
