"""Test factories: each fills in only what the model requires.

Tests pass every value they assert on; states are traits, e.g.
``ArticleFactory(published=True)``.
"""

import io
from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone
from PIL import Image as PILImage

from articles.models import Article, Category, Contributor, Source
from comments.models import Comment
from conditions.models import Condition, ConditionAlias, ConditionSection
from media import documents, images, renditions
from media.models import Document, Image


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("pw")


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")


class ContributorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contributor

    name = factory.Sequence(lambda n: f"Contributor {n}")
    slug = factory.Sequence(lambda n: f"contributor-{n}")


class ConditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Condition

    name = factory.Sequence(lambda n: f"Condition {n}")
    slug = factory.Sequence(lambda n: f"condition-{n}")
    summary = "A short summary."


class ConditionAliasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConditionAlias

    condition = factory.SubFactory(ConditionFactory)
    name = factory.Sequence(lambda n: f"Other name {n}")


class ConditionSectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConditionSection

    condition = factory.SubFactory(ConditionFactory)
    kind = ConditionSection.Kind.SYMPTOMS
    body = "Some text."


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Article {n}")
    slug = factory.Sequence(lambda n: f"article-{n}")

    class Params:
        published = factory.Trait(
            status=Article.Status.PUBLISHED,
            go_live_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=1)),
            published_at=factory.SelfAttribute("go_live_at"),
        )
        scheduled = factory.Trait(
            status=Article.Status.SCHEDULED,
            go_live_at=factory.LazyFunction(lambda: timezone.now() + timedelta(days=1)),
        )

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.add(*extracted)

    @factory.post_generation
    def source_count(self, create, extracted, **kwargs):
        """``ArticleFactory(source_count=2)`` adds that many sources."""
        if create and extracted:
            for i in range(extracted):
                Source.objects.create(
                    article=self,
                    title=f"Source {i + 1} for {self.slug}",
                    year=timezone.localdate().year,
                    position=i,
                )


def reviewable_article(**kwargs) -> Article:
    """An article with everything a medical approval needs: summary, body and a source."""
    defaults = {
        "summary": "A rare nerve condition explained.",
        "body": "## Symptoms\n\n- Twitching\n- Cramps\n",
        "source_count": 1,
    }
    return ArticleFactory(**{**defaults, **kwargs})


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    article = factory.SubFactory(ArticleFactory)
    title = factory.Sequence(lambda n: f"Source {n}")
    year = factory.LazyFunction(lambda: timezone.localdate().year)


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    article = factory.SubFactory(ArticleFactory, published=True)
    author = factory.SubFactory(UserFactory)
    text = "A comment."


class PageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "pages.Page"
        django_get_or_create = ["slug"]

    title = factory.Sequence(lambda n: f"Page {n}")
    slug = factory.Sequence(lambda n: f"page-{n}")
    summary = "A short summary."
    body = "Some text."


class WatchedPhraseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "comments.WatchedPhrase"

    phrase = factory.Sequence(lambda n: f"watched words {n}")
    category = "misinformation"
    action = "hold"


class CommentReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "comments.CommentReport"

    comment = factory.SubFactory(CommentFactory, status="approved")
    reporter = factory.SubFactory(UserFactory)
    reason = "misinformation"


def picture_bytes(image_format: str = "PNG", size: tuple[int, int] = (1200, 800), **save_options) -> bytes:
    """A small real picture (two colour bands, so it compresses to a few kilobytes)."""
    picture = PILImage.new("RGB", size, (20, 80, 140))
    picture.paste((240, 200, 60), (0, 0, size[0], size[1] // 2))
    buffer = io.BytesIO()
    picture.save(buffer, image_format, **save_options)
    return buffer.getvalue()


def pdf_bytes(pages_text: str = "A leaflet") -> bytes:
    """A minimal, complete PDF file (one blank page)."""
    return (
        b"%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n"
        b"2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj\n"
        b"3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]>> endobj\n"
        b"% " + pages_text.encode() + b"\ntrailer <</Root 1 0 R>>\n%%EOF\n"
    )


class ImageFactory(factory.django.DjangoModelFactory):
    """A library picture with its original stored and its renditions made, as after an upload.

    ``ImageFactory(pixels=(640, 480), image_format="JPEG")`` picks the uploaded file.
    """

    class Meta:
        model = Image

    class Params:
        pixels = (1200, 800)
        image_format = "PNG"

    title = factory.Sequence(lambda n: f"Picture {n}")
    alt_text = "A diagram of a nerve meeting a muscle."
    upload = factory.LazyAttribute(lambda o: picture_bytes(o.image_format, o.pixels))

    @classmethod
    def _create(cls, model_class, *args, upload: bytes, **kwargs):
        image = model_class(*args, **kwargs)
        image.store_original(images.clean_upload(io.BytesIO(upload)))
        image.save()
        renditions.make_renditions(image.pk)
        image.refresh_from_db()
        return image


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    title = factory.Sequence(lambda n: f"Leaflet {n}")
    upload = factory.LazyFunction(pdf_bytes)

    @classmethod
    def _create(cls, model_class, *args, upload: bytes, **kwargs):
        document = model_class(*args, **kwargs)
        document.store_file(documents.check_pdf(io.BytesIO(upload)))
        document.save()
        return document


def waive_failing_checklist_items(article, *, by, note="Accepted for this test by the editor."):
    """As an editor would before review: waive every item of the pre-publish checklist
    that fails and may be waived (articles/checklist.py), so a test about something
    else can take the article through medical approval."""
    from articles import checklist

    for item in checklist.checklist_for(article).blocking:
        if item.waivable:
            checklist.waive(article, item=item.key, by=by, note=note)
