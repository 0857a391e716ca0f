from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from articles import views
from articles.models import Article
from articles.views import render_article
from comments.models import Comment
from tests.factories import (
    ArticleFactory,
    CategoryFactory,
    CommentFactory,
    ConditionFactory,
    ContributorFactory,
    SourceFactory,
    UserFactory,
)
from tests.html import canonical, json_ld, meta, parse_html

pytestmark = pytest.mark.django_db

NOT_LIVE = [s for s in Article.Status if s not in Article.LIVE_STATUSES]


def _days_ago(days: int):
    return timezone.now() - timedelta(days=days)


# --- Article page -------------------------------------------------------------


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
    parse_html(content)


@pytest.mark.parametrize("status", NOT_LIVE)
def test_article_that_is_not_live_answers_404(client, status):
    article = ArticleFactory(status=status, go_live_at=_days_ago(3))
    assert client.get(reverse("articles:detail", args=[article.slug])).status_code == 404


def test_scheduled_article_is_hidden_until_its_go_live_time(client):
    article = ArticleFactory(scheduled=True)
    assert client.get(reverse("articles:detail", args=[article.slug])).status_code == 404


def test_article_page_shows_everything_a_reader_needs(client):
    health = CategoryFactory(name="Health", slug="health")
    recovery = CategoryFactory(name="Recovery", slug="recovery", parent=health)
    author = ContributorFactory(name="Priya Raman", slug="priya-raman")
    reviewer = ContributorFactory(name="Dr Tomasz Kowalczyk", credentials="MD, FRCP", slug="tomasz")
    condition = ConditionFactory(name="Neuromyotonia", slug="neuromyotonia")
    article = ArticleFactory(
        published=True,
        title="Neuromyotonia explained",
        summary="A rare nerve condition.",
        body="## What causes it?\n\nAutoimmune.\n\n## Symptoms\n\n- Cramps\n\n"
        "## How is it treated?\n\nMedicine.",
        category=recovery,
        medical_reviewer=reviewer,
        last_reviewed_on=date(2026, 3, 4),
        next_review_due=date(2027, 3, 4),
        updated_at=timezone.make_aware(timezone.datetime(2026, 3, 5, 12)),
        tags=["muscle cramps"],
    )
    article.authors.add(author)
    article.conditions.add(condition)
    SourceFactory(article=article, title="Isaacs' syndrome overview", url="https://example.org/isaacs")

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    document = parse_html(response.content)
    content = response.content.decode()
    breadcrumb = document.find(".//nav[@aria-label='Breadcrumb']")
    assert [a.text for a in breadcrumb.iter("a")] == ["Home", "Health", "Recovery"]
    assert "A rare nerve condition." in content
    assert 'By <a href="/authors/priya-raman/">Priya Raman</a>' in content
    assert 'Updated <time datetime="2026-03-05">5 March 2026</time>' in content
    assert "Medically reviewed by" in content and "Dr Tomasz Kowalczyk, MD, FRCP" in content
    contents = document.find(".//nav[@aria-labelledby='contents-heading']")
    anchors = [a.get("href") for a in contents.iter("a")]
    assert anchors == ["#what-causes-it", "#symptoms", "#how-is-it-treated"]
    assert "Isaacs&#x27; syndrome overview" in content
    assert 'href="/conditions/neuromyotonia/"' in content
    assert 'href="/tags/muscle-cramps/"' in content
    assert "/pages/editorial-policy/" in content and "/pages/advertising-disclosure/" in content
    assert "Page last reviewed" in content and "4 March 2026" in content
    assert "Next review due" in content and "4 March 2027" in content
    assert canonical(document) == "http://testserver/articles/" + article.slug + "/"
    assert meta(document, "og:type") == "article"
    assert meta(document, "og:title") == "Neuromyotonia explained"
    assert meta(document, "description") == "A rare nerve condition."


def test_article_json_ld_describes_the_medical_web_page_and_breadcrumbs(client):
    category = CategoryFactory(name="Brain", slug="brain")
    reviewer = ContributorFactory(name="Dr Okafor", credentials="MRCGP")
    article = ArticleFactory(
        published=True,
        title="A </script><script>alert(1)</script> & title",
        category=category,
        medical_reviewer=reviewer,
        last_reviewed_on=date(2026, 1, 2),
    )
    article.authors.add(ContributorFactory(name="Owen"))
    article.conditions.add(ConditionFactory(name="Myasthenia gravis"))

    content = client.get(article.get_absolute_url()).content.decode()

    assert "</script><script>alert(1)" not in content
    page, breadcrumbs = json_ld(content)
    assert page["@type"] == "MedicalWebPage"
    assert page["name"] == "A </script><script>alert(1)</script> & title"
    assert page["lastReviewed"] == "2026-01-02"
    assert [person["name"] for person in page["reviewedBy"]] == ["Dr Okafor"]
    assert [a["name"] for a in page["author"]] == ["Owen"]
    assert [c["name"] for c in page["about"]] == ["Myasthenia gravis"]
    assert breadcrumbs["@type"] == "BreadcrumbList"
    assert [item["name"] for item in breadcrumbs["itemListElement"]] == ["Brain", article.title]
    assert breadcrumbs["itemListElement"][0]["item"] == "http://testserver/brain/"


def test_related_articles_put_shared_conditions_and_tags_first(client):
    condition = ConditionFactory()
    article = ArticleFactory(published=True, tags=["sleep", "cramps"])
    article.conditions.add(condition)
    both = ArticleFactory(published=True, title="Shares both", go_live_at=_days_ago(30), tags=["sleep"])
    both.conditions.add(condition)
    one = ArticleFactory(published=True, title="Shares a tag", go_live_at=_days_ago(20), tags=["cramps"])
    ArticleFactory(published=True, title="Shares nothing but is newest", go_live_at=_days_ago(0))
    hidden = ArticleFactory(status=Article.Status.DRAFT, title="Draft sharing all", tags=["sleep", "cramps"])
    hidden.conditions.add(condition)

    response = client.get(article.get_absolute_url())

    related = [a.title for a in response.context["parts"].related]
    assert related[:2] == [both.title, one.title]
    assert "Draft sharing all" not in response.content.decode()


def test_related_articles_with_as_much_in_common_come_newest_first(client):
    article = ArticleFactory(published=True, tags=["sleep"])
    older = ArticleFactory(published=True, title="Older sleep tips", go_live_at=_days_ago(40), tags=["sleep"])
    newer = ArticleFactory(published=True, title="Newer sleep tips", go_live_at=_days_ago(10), tags=["sleep"])
    ArticleFactory(published=True, title="Unrelated but newest", go_live_at=_days_ago(0))

    related = client.get(article.get_absolute_url()).context["parts"].related

    # Both share one tag: the newer first; then the newest articles fill the list.
    assert [a.title for a in related[:3]] == [newer.title, older.title, "Unrelated but newest"]


@pytest.mark.skipif(
    not connection.features.supports_slicing_ordering_in_compound, reason="SQLite counts every link"
)
def test_related_articles_weigh_only_the_newest_articles_of_each_condition_and_tag(client, monkeypatch):
    monkeypatch.setattr(views, "RELATED_LINKS_PER_TOPIC", 3)
    condition = ConditionFactory()
    oldest = ArticleFactory(
        published=True, title="Oldest on it, shares both", go_live_at=_days_ago(90), tags=["sleep"]
    )
    oldest.conditions.add(condition)
    for n in range(2):
        ArticleFactory(published=True, title=f"Newer on it {n}", go_live_at=_days_ago(60 - n)).conditions.add(
            condition
        )
    article = ArticleFactory(published=True, go_live_at=_days_ago(50), tags=["sleep"])
    article.conditions.add(condition)
    for n in range(4):
        ArticleFactory(published=True, title=f"Unrelated {n}", go_live_at=_days_ago(n))

    related = [a.title for a in client.get(article.get_absolute_url()).context["parts"].related]

    # The condition's three newest articles (the page's own among them) are weighed,
    # so the oldest counts for its tag alone: without the limit it would come first.
    assert related == ["Newer on it 1", "Newer on it 0", "Oldest on it, shares both", "Unrelated 0"]


def test_render_article_works_for_an_unsaved_article_in_preview(rf, editor):
    category = CategoryFactory(name="Health", slug="health")
    draft = Article(title="Unsaved draft", slug="unsaved", body="## Heading\n\nText", category=category)
    draft.body_html = '<h2 id="heading">Heading</h2><p>Text</p>'
    request = rf.get("/preview/")
    request.user = editor

    response = render_article(request, draft, preview=True)

    content = response.content.decode()
    assert response.status_code == 200
    assert "Preview: readers cannot see this version." in content
    assert "Unsaved draft" in content
    assert '<meta name="robots" content="noindex">' in content
    parse_html(content)


def test_render_article_shows_a_draft_to_staff_preview(rf, editor):
    draft = ArticleFactory(status=Article.Status.DRAFT, title="Draft article")
    CommentFactory(article=draft, status=Comment.Status.APPROVED, text="Kept comment")
    request = RequestFactory().get("/preview/")
    request.user = editor

    content = render_article(request, draft, preview=True).content.decode()

    assert "Draft article" in content and "Kept comment" in content


def test_changed_article_slug_redirects_permanently_to_the_new_address(client):
    article = ArticleFactory(published=True, slug="old-name")
    article.slug = "new-name"
    article.save()
    article.slug = "newest-name"
    article.save()

    for old in ("old-name", "new-name"):
        response = client.get(f"/articles/{old}/")
        assert response.status_code == 301
        assert response["Location"] == "/articles/newest-name/"
    assert client.get("/articles/newest-name/").status_code == 200


def test_old_slug_of_an_article_that_is_no_longer_live_answers_404(client):
    article = ArticleFactory(published=True, slug="old-name")
    article.slug = "new-name"
    article.status = Article.Status.UNPUBLISHED
    article.save()

    assert client.get("/articles/old-name/").status_code == 404


def test_a_new_article_can_reuse_an_old_slug(client):
    first = ArticleFactory(published=True, slug="shared")
    first.slug = "renamed"
    first.save()
    second = ArticleFactory(published=True, slug="shared", title="The new one")

    response = client.get("/articles/shared/")

    assert response.status_code == 200
    assert response.context["article"] == second


# --- Home, category, tag and author pages --------------------------------------


def test_home_shows_featured_and_latest_live_articles_categories_and_conditions(client):
    CategoryFactory(name="Brain and Nervous System Health", slug="brain")
    featured = ArticleFactory(published=True, title="Featured piece", is_featured=True)
    ArticleFactory(published=True, title="Latest piece")
    ArticleFactory(status=Article.Status.IN_REVIEW, title="Secret draft", is_featured=True)
    condition = ConditionFactory(name="Ménière's disease")
    featured.conditions.add(condition)
    ConditionFactory(name="Empty condition")

    response = client.get("/")

    content = response.content.decode()
    assert response.status_code == 200
    assert "Featured piece" in content and "Latest piece" in content
    assert "Secret draft" not in content
    assert "Brain and Nervous System Health" in content
    assert "Ménière&#x27;s disease" in content
    assert "Empty condition" not in content
    assert response.context["condition_letters"] == ["M"]
    parse_html(content)


def test_category_page_lists_live_articles_of_its_subtree_newest_first(client):
    health = CategoryFactory(name="Health", slug="health", description="Staying well.")
    recovery = CategoryFactory(name="Recovery", slug="recovery", parent=health)
    other = CategoryFactory(name="Other", slug="other")
    ArticleFactory(published=True, title="Older in health", category=health, go_live_at=_days_ago(9))
    ArticleFactory(published=True, title="Newer in recovery", category=recovery, go_live_at=_days_ago(1))
    ArticleFactory(published=True, title="Elsewhere", category=other)
    ArticleFactory(status=Article.Status.ARCHIVED, title="Archived", category=health, go_live_at=_days_ago(2))

    response = client.get("/health/")

    titles = [a.title for a in response.context["page"]]
    assert titles == ["Newer in recovery", "Older in health"]
    content = response.content.decode()
    assert "Staying well." in content
    assert 'href="/health/recovery/"' in content
    assert "/feeds/categories/health/rss/" in content
    parse_html(content)


def test_subcategory_page_has_a_breadcrumb_to_its_parent(client):
    health = CategoryFactory(name="Health", slug="health")
    CategoryFactory(name="Recovery", slug="recovery", parent=health)

    document = parse_html(client.get("/health/recovery/").content)

    breadcrumb = document.find(".//nav[@aria-label='Breadcrumb']")
    assert [a.get("href") for a in breadcrumb.iter("a")] == ["/", "/health/"]
    assert breadcrumb.find(".//span[@aria-current='page']").text == "Recovery"


def test_category_pages_are_paginated_and_bad_page_numbers_answer_404(client):
    category = CategoryFactory(slug="health")
    for i in range(13):
        ArticleFactory(published=True, category=category, title=f"Piece {i}", go_live_at=_days_ago(i))

    first = client.get("/health/")
    second = client.get("/health/?page=2")

    assert len(first.context["page"]) == 12
    assert [a.title for a in second.context["page"]] == ["Piece 12"]
    assert 'rel="next" href="?page=2"' in first.content.decode()
    assert canonical(parse_html(second.content)) == "http://testserver/health/?page=2"
    for bad in ["abc", "0", "-1", "99999", "1.5", "%00", "9" * 5000]:
        assert client.get(f"/health/?page={bad}").status_code == 404


@pytest.mark.parametrize(
    "url", ["/no-such-category/", "/health/nope/", "/" + "a/" * 300, "/ḿ%F0%9F%92%A9/", "/a%00b/"]
)
def test_unknown_category_paths_answer_404(client, url):
    CategoryFactory(slug="health")
    assert client.get(url).status_code == 404


def test_tag_page_lists_only_live_articles_with_that_tag(client):
    ArticleFactory(published=True, title="Cramp guide", tags=["muscle cramps"])
    ArticleFactory(status=Article.Status.DRAFT, title="Draft cramp guide", tags=["muscle cramps"])
    ArticleFactory(published=True, title="Untagged")

    response = client.get("/tags/muscle-cramps/")

    content = response.content.decode()
    assert response.status_code == 200
    assert "Cramp guide" in content
    assert "Draft cramp guide" not in content and "Untagged" not in content
    parse_html(content)


def test_tag_used_only_on_unpublished_articles_answers_404(client):
    ArticleFactory(status=Article.Status.SCHEDULED, go_live_at=_days_ago(-2), tags=["secret plans"])
    assert client.get("/tags/secret-plans/").status_code == 404
    assert client.get("/tags/never-used/").status_code == 404


def test_author_page_shows_bio_and_live_articles_written_or_reviewed(client):
    person = ContributorFactory(
        name="Dr Amara Okafor", slug="amara", credentials="MRCGP", bio="GP.\n\n- Trainer\n- Reviewer"
    )
    written = ArticleFactory(published=True, title="Written by her")
    written.authors.add(person)
    ArticleFactory(published=True, title="Reviewed by her", medical_reviewer=person)
    draft = ArticleFactory(status=Article.Status.DRAFT, title="Her draft")
    draft.authors.add(person)

    response = client.get("/authors/amara/")

    content = response.content.decode()
    assert response.status_code == 200
    assert "MRCGP" in content and "<li>Trainer</li>" in content
    assert "Written by her" in content and "Reviewed by her" in content
    assert "Her draft" not in content
    assert "Medically reviewed by Dr Amara Okafor" in content
    parse_html(content)


def test_unknown_author_answers_404(client):
    assert client.get("/authors/nobody/").status_code == 404


# --- Help boxes reach the page ---------------------------------------------------


def test_help_boxes_render_distinctly_on_the_article_page(client):
    article = ArticleFactory(
        published=True,
        body="!!! gp\n    See a GP if it lasts.\n\n!!! urgent\n    Call 111.\n\n!!! emergency\n    Call 999.",
    )

    document = parse_html(client.get(article.get_absolute_url()).content)

    boxes = document.findall(".//aside[@class]")
    levels = [box.get("class") for box in boxes if "help-box" in box.get("class")]
    assert levels == ["help-box help-box--gp", "help-box help-box--urgent", "help-box help-box--emergency"]
    labels = ["".join(box.find("p").itertext()) for box in boxes if "help-box" in box.get("class")]
    assert labels == [
        "Non-urgent: See a GP",
        "Urgent: Get medical help today",
        "Emergency: Call 999 or go to A&E now",
    ]


# --- Logged-in readers ------------------------------------------------------------


def test_logged_in_reader_sees_log_out_instead_of_log_in(client):
    client.force_login(UserFactory(username="reader1"))
    article = ArticleFactory(published=True)

    content = client.get(article.get_absolute_url()).content.decode()

    assert "Log out reader1" in content
    assert "Log in to comment" not in content
