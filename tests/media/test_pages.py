"""Library pictures and documents as readers see them: the hero image, pictures and
leaflets inside the text, and what happens to missing or outside pictures."""

import re

import pytest
from django.template import Context, Template
from django.urls import reverse

from articles import revisions, workflow
from articles.models import Article
from media.models import Image
from tests.factories import (
    ArticleFactory,
    CategoryFactory,
    DocumentFactory,
    ImageFactory,
    pdf_bytes,
    reviewable_article,
)
from tests.html import parse_html

pytestmark = pytest.mark.django_db

NO_SOURCES = {"sources-TOTAL_FORMS": "0", "sources-INITIAL_FORMS": "0"}


def render(template: str, **context) -> str:
    return Template("{% load media_tags %}" + template).render(Context(context))


def img_tags(html: str) -> list[str]:
    return re.findall(r"<img\b[^>]*>", html)


@pytest.fixture
def diagram():
    return ImageFactory(
        title="Nerve diagram",
        slug="nerve-diagram",
        pixels=(1600, 900),
        alt_text="A nerve reaching a muscle, with the junction circled.",
        caption="Where the nerve meets the muscle.",
        credit="Drawing: Sam Jones",
        licence="CC BY 4.0",
    )


def test_picture_tag_offers_every_width_in_avif_webp_and_the_original_format(diagram):
    html = render('{% picture image "card" %}', image=diagram)

    assert html.startswith("<picture>")
    assert '<source type="image/avif"' in html and '<source type="image/webp"' in html
    (img,) = img_tags(html)
    assert 'width="1600" height="900"' in img  # the shape, so nothing moves when it loads
    assert 'alt="A nerve reaching a muscle, with the junction circled."' in img
    assert 'loading="lazy"' in img and 'decoding="async"' in img
    assert 'sizes="(min-width: 40rem) 18rem, calc(100vw - 1.5rem)"' in img
    for width in (400, 800, 1200, 1600):
        assert re.search(rf"\.webp {width}w", html), width
        assert re.search(rf"\.png {width}w", img), width
    assert re.search(r'src="/media/images/renditions/\d+/nerve-diagram-\w+-800w\.png"', img)


def test_picture_tag_renders_nothing_for_no_picture():
    assert render('{% picture image "card" %}', image=None) == ""


def test_a_decorative_picture_has_an_empty_alt():
    pattern = ImageFactory(is_decorative=True, alt_text="")

    (img,) = img_tags(render("{% picture image %}", image=pattern))

    assert 'alt=""' in img


def test_picture_before_its_renditions_are_made_shows_the_original_with_its_shape(diagram):
    Image.objects.filter(pk=diagram.pk).update(renditions=[])
    diagram.refresh_from_db()

    (img,) = img_tags(render("{% picture image %}", image=diagram))

    assert f'src="/media/{diagram.file.name}"' in img
    assert 'width="1600" height="900"' in img


def test_article_page_shows_the_hero_image_with_caption_and_credit_fetched_first(client, diagram):
    article = ArticleFactory(published=True, title="Neuromyotonia explained", hero_image=diagram)

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    page = response.content.decode()
    parse_html(page)
    figure = re.search(r'<figure class="figure figure--hero">.*?</figure>', page, re.S).group(0)
    assert 'fetchpriority="high"' in figure and 'loading="eager"' in figure
    assert "Where the nerve meets the muscle." in figure
    assert "Drawing: Sam Jones (CC BY 4.0)" in figure
    assert page.index("<h1>") < page.index('<figure class="figure figure--hero">')


def test_article_page_without_a_hero_image_has_no_empty_figure(client):
    article = ArticleFactory(published=True)

    page = client.get(article.get_absolute_url()).content.decode()

    assert "<figure" not in page and "<picture" not in page


def test_inline_picture_and_leaflet_in_the_body_are_drawn_from_the_library(client, diagram):
    DocumentFactory(title="Living with neuromyotonia", slug="leaflet", upload=pdf_bytes("x" * 240 * 1024))
    article = ArticleFactory(
        published=True,
        body="## What causes it?\n\nThe nerves fire too often.\n[[image: nerve-diagram]]\n\n"
        "Read our leaflet: [[document: leaflet]].",
    )

    response = client.get(article.get_absolute_url())

    page = response.content.decode()
    parse_html(page)
    body = re.search(r'<div class="article-body">(.*?)</div>\s*\n', page, re.S).group(1)
    assert '<figure class="figure figure--inline"><picture>' in body
    assert "Where the nerve meets the muscle." in body
    assert re.search(
        r'<a class="document-link" href="/media/documents/leaflet-\w+\.pdf" type="application/pdf">'
        r'Living with neuromyotonia <span class="document-link__meta">\(PDF, 240 KB\)</span></a>',
        body,
    )
    assert "[[" not in body


def test_a_picture_can_be_named_by_its_number(client, diagram):
    article = ArticleFactory(published=True, body=f"[[image: {diagram.pk}]]")

    page = client.get(article.get_absolute_url()).content.decode()

    assert "Where the nerve meets the muscle." in page


@pytest.mark.parametrize(
    "body",
    [
        "[[image: no-such-picture]]",
        "[[image: https://tracker.example/pixel.png]]",
        "![A rash](https://tracker.example/rash.png)",
        '<img src="https://tracker.example/x.png" onerror="alert(1)">',
        '<picture><source srcset="https://tracker.example/x.avif"></picture>',
        '<figure data-image="no-such-picture"></figure>',
        '<svg><image href="https://tracker.example/x.png"/></svg>',
        "[[document: no-such-leaflet]] and [[document: javascript:alert(1)]]",
    ],
    ids=[
        "missing",
        "url-as-name",
        "markdown-image",
        "html-img",
        "picture",
        "raw-placeholder",
        "svg",
        "documents",
    ],
)
def test_missing_or_outside_pictures_render_nothing_harmful(client, body):
    article = ArticleFactory(published=True, body=f"## Symptoms\n\n{body}\n\nAfter the picture.")

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    page = response.content.decode()
    parse_html(page)
    assert "tracker.example" not in page.replace("[[image: https://tracker.example/pixel.png]]", "")
    assert "<img" not in page and "<picture" not in page and "onerror" not in page
    assert "After the picture." in page


def test_the_editor_is_told_about_missing_and_outside_pictures(client, editor):
    client.force_login(editor)
    ImageFactory(slug="rash-photo")
    body = (
        "## Symptoms\n\nText [[image: rash-photo]] in a sentence.\n\n[[image: no-such-picture]]\n\n"
        "[[image: https://tracker.example/p.png]]\n\n![A rash](https://tracker.example/rash.png)\n\n"
        "[[document: no-such-leaflet]]"
    )

    response = client.post(
        reverse("admin:articles_article_add"),
        {
            "title": "Rashes",
            "slug": "rashes",
            "body": body,
            "sources-TOTAL_FORMS": "0",
            "sources-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 200
    errors = " ".join(response.context["adminform"].form.errors["body"])
    assert "There is no picture “no-such-picture” in the image library" in errors
    assert "“[[image: https://tracker.example/p.png]]” does not name anything in the library" in errors
    assert "Put each picture on a line of its own" in errors
    assert "There is no document “no-such-leaflet”" in errors
    # What the editor typed is given back, not lost.
    assert "no-such-picture" in response.content.decode()


def test_the_editor_is_warned_that_outside_pictures_will_not_show(client, editor):
    client.force_login(editor)
    body = "## Symptoms\n\n![A rash](https://tracker.example/rash.png)\n\n<img src=x>"

    response = client.post(
        reverse("admin:articles_article_add"),
        {"title": "Rashes", "slug": "rashes", "body": body, **NO_SOURCES},
        follow=True,
    )

    assert response.redirect_chain  # saved: such text is harmless once sanitised
    assert Article.objects.get(slug="rashes").body == body
    messages = [str(m) for m in response.context["messages"]]
    assert any("Readers will not see the pictures" in m and "image library" in m for m in messages)


def test_a_body_with_library_pictures_saves(client, editor, diagram):
    client.force_login(editor)

    response = client.post(
        reverse("admin:articles_article_add"),
        {
            "title": "Nerves",
            "slug": "nerves",
            "body": "## How it works\n\n[[image: nerve-diagram]]",
            "hero_image": str(diagram.pk),
            "sources-TOTAL_FORMS": "0",
            "sources-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    assert Article.objects.get(slug="nerves").hero_image == diagram


def test_a_deleted_picture_disappears_from_the_page_without_breaking_it(client, diagram):
    article = ArticleFactory(published=True, hero_image=diagram, body="[[image: nerve-diagram]]\n\nText.")
    assert client.get(article.get_absolute_url()).content.decode().count("<picture>") == 2

    diagram.delete()

    page = client.get(article.get_absolute_url()).content.decode()
    assert "<picture>" not in page and "<figure" not in page and "Text." in page


def test_a_corrected_alt_text_reaches_readers_of_a_cached_page(client, diagram):
    article = ArticleFactory(published=True, hero_image=diagram)
    assert "with the junction circled" in client.get(article.get_absolute_url()).content.decode()

    diagram.alt_text = "A nerve ending on a muscle fibre."
    diagram.save()

    assert "A nerve ending on a muscle fibre." in client.get(article.get_absolute_url()).content.decode()


def test_article_page_with_pictures_costs_no_more_queries_per_picture(
    client, settings, django_assert_num_queries
):
    settings.PAGE_CACHE_SECONDS = 0
    settings.FRAGMENT_CACHE_SECONDS = 0
    pictures = [ImageFactory(slug=f"picture-{n}") for n in range(5)]
    DocumentFactory(slug="leaflet")
    one = ArticleFactory(published=True, slug="one", hero_image=pictures[0], body="[[image: picture-1]]")
    many = ArticleFactory(
        published=True,
        slug="many",
        hero_image=pictures[0],
        body="\n\n".join(f"[[image: picture-{n}]]" for n in range(5)) + "\n\n[[document: leaflet]]",
    )
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(one.get_absolute_url())  # warm per-process caches (content types) first
    client.get(many.get_absolute_url())
    with CaptureQueriesContext(connection) as with_one:
        client.get(one.get_absolute_url())
    with django_assert_num_queries(len(with_one) + 1):  # the documents, once
        response = client.get(many.get_absolute_url())
    # The hero, the five in the text, and "one" (with its hero) among the latest articles.
    assert response.content.decode().count("<picture>") == 7


def test_hero_image_change_on_a_live_article_waits_for_review(
    client, writer, editor, credentialed_reviewer, second_reviewer, diagram
):
    article = reviewable_article(title="Cramps", created_by=writer)
    workflow.submit_for_review(article, by=writer)
    workflow.approve(article, by=second_reviewer)
    workflow.approve(article, by=credentialed_reviewer)
    workflow.publish(article, by=editor)
    content = {**revisions.snapshot_of(article), "hero_image": diagram.pk}

    revision = workflow.propose_correction(
        article, by=editor, content=content, change_summary="Add a diagram"
    )

    assert revision is not None
    assert revisions.changed_fields(revisions.snapshot_of(article), revision.content) == ["hero_image"]
    article.refresh_from_db()
    assert article.hero_image is None
    assert "<picture>" not in client.get(article.get_absolute_url()).content.decode()
    preview = revisions.preview_article(article, revision.content)
    assert preview.hero_image == diagram


def cards(page: str) -> dict[str, str]:
    """Each article card on ``page``, by its title."""
    found = re.findall(r'<li class="article-card">(.*?)</li>', page, re.S)
    title = r'<h3 class="article-card__title"><a [^>]*>(.*?)</a>'
    return {re.search(title, card).group(1): card for card in found}


@pytest.mark.parametrize("where", ["home", "topic", "tag", "search"])
def test_cards_show_the_hero_picture_of_articles_that_have_one(client, diagram, where):
    topic = CategoryFactory(name="Muscles")
    ArticleFactory(
        published=True, title="Calf cramps at night", hero_image=diagram, category=topic, tags=["cramps"]
    )
    ArticleFactory(published=True, title="Cramps and stretching", category=topic, tags=["cramps"])
    address = {
        "home": reverse("articles:home"),
        "topic": topic.get_absolute_url(),
        "tag": reverse("articles:tag", args=["cramps"]),
        "search": reverse("articles:search") + "?q=cramps",
    }[where]

    response = client.get(address)

    assert response.status_code == 200
    page = response.content.decode()
    parse_html(page)
    found = cards(page)
    (img,) = img_tags(found["Calf cramps at night"])
    assert found["Calf cramps at night"].lstrip().startswith("<picture>")
    assert 'sizes="(min-width: 40rem) 18rem, calc(100vw - 1.5rem)"' in img and 'loading="lazy"' in img
    assert 'alt="A nerve reaching a muscle, with the junction circled."' in img
    assert "<picture" not in found["Cramps and stretching"] and "<img" not in found["Cramps and stretching"]


@pytest.mark.parametrize("where", ["home", "search"])
def test_card_pictures_cost_no_query_of_their_own(client, settings, django_assert_num_queries, where):
    settings.PAGE_CACHE_SECONDS = 0
    settings.FRAGMENT_CACHE_SECONDS = 0
    address = reverse("articles:home") if where == "home" else reverse("articles:search") + "?q=cramps"
    articles = [ArticleFactory(published=True, title=f"Cramps, part {n}") for n in range(4)]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(address)  # per-process caches first
    with CaptureQueriesContext(connection) as without_pictures:
        client.get(address)
    for n, article in enumerate(articles):
        Article.objects.filter(pk=article.pk).update(hero_image=ImageFactory(slug=f"card-{n}"))
    with django_assert_num_queries(len(without_pictures)):
        response = client.get(address)
    assert response.content.decode().count("<picture>") == 4
