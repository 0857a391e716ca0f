import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape

from articles.models import Article, Category, Contributor
from comments.models import Comment
from conditions.models import Condition

pytestmark = pytest.mark.django_db


def _counts():
    return (
        Category.objects.count(),
        Contributor.objects.count(),
        Condition.objects.count(),
        Article.objects.count(),
        Comment.objects.count(),
        get_user_model().objects.count(),
    )


def test_demo_loader_is_idempotent_and_prints_passwords_once(capsys):
    call_command("load_demo")
    first = capsys.readouterr().out
    counts = _counts()
    call_command("load_demo")
    second = capsys.readouterr().out

    assert _counts() == counts
    assert "Passwords are shown only this once" in first
    assert "Passwords are shown only this once" not in second
    # Each printed password logs its account in.
    printed = dict(re.findall(r"^  (\w+)\s+(\S+)$", first, flags=re.M))
    assert {"admin", "editor", "writer", "reviewer", "reviewer2", "moderator", "reader"} <= set(printed)
    user = get_user_model().objects.get(username="editor")
    assert user.check_password(printed["editor"])
    assert user.groups.filter(name="Editor").exists()


def test_demo_content_covers_the_brief(client):
    call_command("load_demo")

    assert Article.objects.count() >= 6
    assert len(set(Article.objects.values_list("status", flat=True))) >= 4
    assert Article.objects.live().count() >= 3
    assert set(Comment.objects.values_list("status", flat=True)) == set(Comment.Status.values)
    neuromyotonia = Condition.objects.get(slug="neuromyotonia")
    assert neuromyotonia.aliases.filter(name__icontains="Isaacs").exists()
    assert neuromyotonia.related_conditions.count() >= 3
    assert neuromyotonia.sections.count() >= 4
    assert Contributor.objects.count() >= 3

    flagship = neuromyotonia.articles.live().first()
    assert flagship is not None
    page = client.get(flagship.get_absolute_url()).content.decode()
    assert "Sample content" in page
    assert "not medical advice" in page


def test_admin_shows_the_demo_neuromyotonia_article(client):
    call_command("load_demo")
    client.force_login(get_user_model().objects.get(username="editor"))
    article = Condition.objects.get(slug="neuromyotonia").articles.live().first()

    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()

    expected = [article.category.full_name, article.medical_reviewer.name]
    expected += [author.name for author in article.authors.all()]
    expected += list(article.tags.names())
    expected += [condition.name for condition in article.conditions.all()]
    expected += [source.title for source in article.sources.all()]
    for text in expected:
        assert escape(text) in page


def test_demo_has_its_own_brand_pictures_and_leaflet(client):
    from media.models import Document, Image
    from pages.models import Brand

    call_command("load_demo")
    call_command("load_demo")  # nothing doubled

    brand = Brand.objects.get()
    assert brand.site_name == "Northlight Health" and brand.logo.name.endswith(".svg")
    assert Image.objects.count() == 2 and Document.objects.count() == 1
    assert all(image.renditions and image.alt for image in Image.objects.all())
    flagship = Article.objects.get(slug="neuromyotonia-explained")
    assert flagship.hero_image.slug == "calf-stretch"
    page = client.get(flagship.get_absolute_url()).content.decode()
    assert page.count("<picture>") == 2
    assert "Living with neuromyotonia: a printable leaflet" in page and "(PDF, 1 KB)" in page
    assert 'class="site-brand__name">Northlight Health</span>' in page
    # Its first version already has the hero picture: nothing looks changed in the history.
    assert flagship.revisions.order_by("number").first().content["hero_image"] == flagship.hero_image_id
