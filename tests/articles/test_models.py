import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from articles.models import Article, Category
from tests.factories import ArticleFactory, CategoryFactory, ContributorFactory

pytestmark = pytest.mark.django_db


class TestCategoryTree:
    def test_path_follows_the_tree(self):
        health = CategoryFactory(name="Health", slug="health")
        recovery = CategoryFactory(name="Recovery", slug="recovery", parent=health)
        rehab = CategoryFactory(name="Rehab", slug="rehab", parent=recovery)

        assert recovery.path == "health/recovery"
        assert rehab.path == "health/recovery/rehab"
        assert str(rehab) == "Health > Recovery > Rehab"
        assert rehab.ancestors() == [health, recovery]
        assert rehab.ancestors(include_self=True) == [health, recovery, rehab]

    def test_moving_or_renaming_a_category_carries_its_subtree(self):
        health = CategoryFactory(name="Health", slug="health")
        brain = CategoryFactory(name="Brain", slug="brain")
        recovery = CategoryFactory(name="Recovery", slug="recovery", parent=health)
        rehab = CategoryFactory(name="Rehab", slug="rehab", parent=recovery)

        recovery.parent = brain
        recovery.name = "Getting better"
        recovery.save()

        rehab.refresh_from_db()
        assert rehab.path == "brain/recovery/rehab"
        assert rehab.full_name == "Brain > Getting better > Rehab"

    def test_a_category_cannot_be_its_own_parent(self):
        health = CategoryFactory(slug="health")
        health.parent = health
        with pytest.raises(ValidationError, match="inside itself"):
            health.full_clean()

    def test_a_category_cannot_move_under_its_own_descendant(self):
        health = CategoryFactory(slug="health")
        recovery = CategoryFactory(slug="recovery", parent=health)
        rehab = CategoryFactory(slug="rehab", parent=recovery)

        health.parent = rehab
        with pytest.raises(ValidationError, match="inside itself"):
            health.save()
        health.refresh_from_db()
        assert health.parent is None
        assert health.path == "health"

    def test_sibling_slugs_must_differ_but_cousins_may_share(self):
        health = CategoryFactory(slug="health")
        brain = CategoryFactory(slug="brain")
        CategoryFactory(slug="recovery", parent=health)
        CategoryFactory(slug="recovery", parent=brain)  # a different path: allowed

        duplicate = Category(name="Again", slug="recovery", parent=health)
        with pytest.raises(ValidationError, match="health/recovery"):
            duplicate.full_clean()

    def test_subtree_query(self):
        health = CategoryFactory(slug="health")
        recovery = CategoryFactory(slug="recovery", parent=health)
        CategoryFactory(slug="health-adjacent")  # shares a prefix but not the tree

        assert set(Category.objects.subtree(health)) == {health, recovery}


class TestArticle:
    def test_slug_is_unique(self):
        ArticleFactory(slug="cramps")
        with pytest.raises(IntegrityError), transaction.atomic():
            ArticleFactory(slug="cramps")

    def test_body_is_rendered_to_html_with_heading_anchors(self):
        article = ArticleFactory(body="## What causes it?\n\n- Twitching\n- Cramps\n")
        assert '<h2 id="what-causes-it">What causes it?</h2>' in article.body_html
        assert "<li>Twitching</li>" in article.body_html

    @pytest.mark.parametrize(
        "hostile",
        [
            "<script>alert(1)</script>",
            '<img src="x" onerror="alert(1)">',
            "[click](javascript:alert(1))",
            '<a href="JaVaScRiPt:alert(1)">x</a>',
            '<svg onload="alert(1)"></svg>',
            '<iframe src="https://evil.example"></iframe>',
            '<p style="background:url(javascript:alert(1))">x</p>',
            "## Heading {: onclick=alert(1) }",
        ],
    )
    def test_hostile_markdown_never_reaches_the_html(self, hostile):
        article = ArticleFactory(body=f"Intro\n\n{hostile}\n")
        html = article.body_html.lower()
        for needle in ("<script", "onerror", "onload", "onclick", "javascript:", "<iframe", "<svg", "style="):
            assert needle not in html
        assert "intro" in html
        # What the editor typed is kept as typed.
        article.refresh_from_db()
        assert hostile in article.body

    def test_links_get_safe_rel(self):
        article = ArticleFactory(body="[NHS](https://www.nhs.uk/)")
        assert 'href="https://www.nhs.uk/"' in article.body_html
        assert "noopener" in article.body_html

    def test_reviewer_and_authors(self):
        writer = ContributorFactory(name="Ann Writer")
        reviewer = ContributorFactory(name="Dr Bo", credentials="MD, neurologist")
        article = ArticleFactory(medical_reviewer=reviewer)
        article.authors.add(writer)
        assert str(reviewer) == "Dr Bo, MD, neurologist"
        assert list(reviewer.reviewed_articles.all()) == [article]
        assert list(writer.articles.all()) == [article]

    def test_new_article_is_a_draft(self):
        assert ArticleFactory().status == Article.Status.DRAFT


@pytest.mark.parametrize("slug", ["search", "conditions", "tags"])
def test_a_top_level_category_cannot_take_a_site_address(slug):
    with pytest.raises(ValidationError, match="already used by another part of the site"):
        CategoryFactory(slug=slug)
    # Deeper down the same slug is harmless.
    health = CategoryFactory(slug="health")
    assert CategoryFactory(slug=slug, parent=health).path == f"health/{slug}"
