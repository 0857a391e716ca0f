import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from articles.models import Article
from comments.models import Comment
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_generates_the_requested_amounts_and_replaces_only_its_own_rows():
    kept = ArticleFactory(slug="real-article")
    args = ["--articles", "60", "--comments", "300", "--readers", "20", "--conditions", "10", "--tags", "30"]
    call_command("generate_content", *args, "--depth", "3", "--branching", "2")

    generated = Article.objects.filter(slug__startswith="gen-")
    assert generated.count() == 60
    assert Comment.objects.filter(article__slug__startswith="gen-").count() == 300
    assert Article.objects.live().filter(slug__startswith="gen-").exists()
    assert generated.first().tags.count() == 3
    assert generated.first().body_html.startswith("<h2")
    comments = Comment.objects.filter(article__slug__startswith="gen-")
    assert set(comments.values_list("status", flat=True)) <= {"approved", "pending", "rejected"}
    assert comments.values("created_at").distinct().count() > 1
    first = comments.first()
    assert first.screening_reasons == [] and not first.needs_review and first.parent_id is None

    with pytest.raises(CommandError, match="already exists"):
        call_command("generate_content", *args)

    call_command("generate_content", "--articles", "5", "--comments", "0", "--replace")
    assert not Comment.objects.filter(article__slug__startswith="gen-").exists()
    assert Article.objects.filter(slug__startswith="gen-").count() == 5
    assert Article.objects.filter(pk=kept.pk).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="stored search documents are PostgreSQL's")
def test_generated_articles_are_found_by_their_conditions_names(client):
    call_command("generate_content", "--articles", "20", "--comments", "0", "--conditions", "3")
    article = Article.objects.filter(slug__startswith="gen-", conditions__isnull=False).live().first()
    alias = article.conditions.first().aliases.first()

    content = client.get("/search/", {"q": alias.name}).content.decode()

    assert article.get_absolute_url() in content
