"""Test factories: each fills in only what the model requires.

Tests pass every value they assert on; states are traits, e.g.
``ArticleFactory(published=True)``.
"""

from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from articles.models import Article, Category, Contributor, Source
from comments.models import Comment
from conditions.models import Condition, ConditionAlias, ConditionSection


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
