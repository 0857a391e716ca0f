import pytest
from django.urls import reverse

from articles.models import Article
from comments.models import Comment
from tests.factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db


def test_live_article_page_shows_the_article_and_approved_comments_only(client):
    article = ArticleFactory(published=True, title="Neuromyotonia explained", body="## Symptoms\n\n- Cramps")
    CommentFactory(article=article, status=Comment.Status.APPROVED, text="<script>alert(1)</script>")
    CommentFactory(article=article, status=Comment.Status.PENDING, text="Not yet moderated")

    response = client.get(article.get_absolute_url())

    content = response.content.decode()
    assert response.status_code == 200
    assert "Neuromyotonia explained" in content
    assert '<h2 id="symptoms">Symptoms</h2>' in content
    assert "Comments (1)" in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
    assert "Not yet moderated" not in content
    assert "Log in to comment" in content


@pytest.mark.parametrize(
    "status",
    [s for s in Article.Status if s not in Article.LIVE_STATUSES],
)
def test_article_that_is_not_live_answers_404(client, status):
    article = ArticleFactory(status=status)
    assert client.get(reverse("articles:detail", args=[article.slug])).status_code == 404


def test_scheduled_article_is_hidden_until_its_go_live_time(client):
    article = ArticleFactory(scheduled=True)
    assert client.get(reverse("articles:detail", args=[article.slug])).status_code == 404
