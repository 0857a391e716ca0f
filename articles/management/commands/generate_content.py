"""Create bulk content for load testing: a deep category tree, articles, tags, conditions,
contributors, readers and comments, written with bulk inserts.

    python manage.py generate_content --articles 100000 --comments 1000000

Generated rows are marked (slugs start with ``gen-``) so ``--replace`` can remove
them without touching real or demo content.
"""

import random
import time
from datetime import timedelta
from itertools import islice

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from articles.indexing import store_live_from
from articles.markdown import render_markdown
from articles.models import Article, Category, Contributor, refresh_search_documents
from comments.models import Comment
from conditions.models import (
    Condition,
    ConditionAlias,
    ConditionSection,
    refresh_condition_search_documents,
)

PREFIX = "gen-"
WORDS = (
    "muscle nerve cramp twitch sleep fatigue pain stiffness balance tingling numbness weakness "
    "exercise recovery diet hydration stretching medicine therapy diagnosis symptom treatment "
    "appointment specialist neurologist physiotherapy breathing heart blood pressure vitamin "
    "sodium potassium magnesium calcium inflammation immune antibody thyroid spine brain memory"
).split()

BODY_TEMPLATES = [
    "## What is it?\n\n{a}\n\n## Symptoms\n\n- {b}\n- {c}\n- {d}\n\n## How is it treated?\n\n{e}\n",
    "## Why it happens\n\n{a} {b}\n\n## What you can do\n\n{c}\n\n## When to get help\n\n{d} {e}\n",
    "## Overview\n\n{a}\n\n## Living with it\n\n{b} {c}\n\n### Tips\n\n- {d}\n- {e}\n",
]


def batched(iterable, size):
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


class Command(BaseCommand):
    help = "Create bulk articles and comments for benchmarks (bulk inserts)."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=1000)
        parser.add_argument(
            "--comments", type=int, default=None, help="Total comments (default 10 per article)."
        )
        parser.add_argument("--readers", type=int, default=2000)
        parser.add_argument("--conditions", type=int, default=500)
        parser.add_argument("--tags", type=int, default=2000)
        parser.add_argument("--depth", type=int, default=4, help="Category tree depth.")
        parser.add_argument("--branching", type=int, default=4, help="Children per category.")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--batch-size", type=int, default=5000)
        parser.add_argument("--replace", action="store_true", help="Delete earlier generated content first.")

    def handle(self, *args, **options):
        if options["articles"] < 0 or (options["comments"] or 0) < 0:
            raise CommandError("Counts cannot be negative.")
        self.rng = random.Random(options["seed"])
        self.batch = options["batch_size"]
        started = time.monotonic()
        if Article.objects.filter(slug__startswith=PREFIX).exists():
            if not options["replace"]:
                raise CommandError("Generated content already exists; pass --replace to start again.")
            self.delete_generated()
        n_comments = options["comments"] if options["comments"] is not None else options["articles"] * 10

        with transaction.atomic():
            categories = self.make_categories(options["depth"], options["branching"])
            contributors = self.make_contributors()
            conditions = self.make_conditions(options["conditions"])
            tags = self.make_tags(options["tags"])
            readers = self.make_readers(options["readers"])
        self.step("categories, people, conditions, tags", started)

        article_ids = self.make_articles(options["articles"], categories, contributors)
        self.step(f"{len(article_ids)} articles", started)
        self.link_articles(article_ids, conditions, tags, contributors)
        self.step("tags, conditions and authors linked", started)
        # Once linked: an article's search document holds its conditions' names.
        refresh_search_documents(Article.objects.filter(slug__startswith=PREFIX))
        store_live_from(Condition.objects.filter(slug__startswith=PREFIX))
        self.step("search documents and conditions' first go-live times stored", started)
        self.make_comments(n_comments, article_ids, readers)
        self.step(f"{n_comments} comments", started)
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # Each article row was written twice (its search document comes after it):
            # clear the old versions and refresh the planner's statistics, as
            # autovacuum would on a database that has been running for a while.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
            self.step("vacuumed and analysed", started)
        elif connection.vendor == "postgresql":  # inside a transaction (tests): VACUUM cannot run
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(self.style.SUCCESS(f"Done in {time.monotonic() - started:.1f}s."))

    def step(self, what: str, started: float) -> None:
        self.stdout.write(f"[{time.monotonic() - started:7.1f}s] {what}")

    def words(self, n: int) -> str:
        return " ".join(self.rng.choice(WORDS) for _ in range(n))

    def sentence(self) -> str:
        return self.words(self.rng.randint(8, 16)).capitalize() + "."

    def delete_generated(self) -> None:
        with transaction.atomic():
            Comment.objects.filter(article__slug__startswith=PREFIX).delete()
            Article.objects.filter(slug__startswith=PREFIX).delete()
            Condition.objects.filter(slug__startswith=PREFIX).delete()
            Contributor.objects.filter(slug__startswith=PREFIX).delete()
            Tag.objects.filter(slug__startswith=PREFIX).delete()
            get_user_model().objects.filter(username__startswith=PREFIX).delete()
            for category in Category.objects.filter(slug__startswith=PREFIX).order_by("-path"):
                category.delete()

    def make_categories(self, depth: int, branching: int) -> list[Category]:
        level = [None]
        created = []
        for d in range(depth):
            next_level = []
            for parent in level:
                for i in range(branching if parent else max(branching, 2)):
                    slug = f"{PREFIX}{d}-{i}"
                    category = Category.objects.create(
                        name=f"{self.words(2).title()} {d}.{i}",
                        slug=slug,
                        parent=parent,
                        description=self.sentence(),
                    )
                    next_level.append(category)
            created.extend(next_level)
            level = next_level
        return created

    def make_contributors(self) -> list[Contributor]:
        return Contributor.objects.bulk_create(
            Contributor(
                name=f"Contributor {i}",
                slug=f"{PREFIX}contributor-{i}",
                credentials=self.rng.choice(["MD", "MBBS, MRCGP", "RN", "PhD", ""]),
                bio=self.sentence(),
            )
            for i in range(50)
        )

    def make_conditions(self, count: int) -> list[Condition]:
        conditions = Condition.objects.bulk_create(
            Condition(
                name=f"{self.words(2).title()} condition {i}",
                slug=f"{PREFIX}condition-{i}",
                summary=self.sentence(),
            )
            for i in range(count)
        )
        ConditionAlias.objects.bulk_create(
            ConditionAlias(condition=c, name=f"{self.words(2).title()} syndrome {c.pk}") for c in conditions
        )
        refresh_condition_search_documents(Condition.objects.filter(slug__startswith=PREFIX))
        ConditionSection.objects.bulk_create(
            ConditionSection(condition=c, kind=kind, body=self.sentence(), position=i)
            for c in conditions
            for i, kind in enumerate(["symptoms", "causes", "treatment"])
        )
        return conditions

    def make_tags(self, count: int) -> list[Tag]:
        return Tag.objects.bulk_create(
            Tag(name=f"{self.words(1)} {i}", slug=f"{PREFIX}tag-{i}") for i in range(count)
        )

    def make_readers(self, count: int) -> list[int]:
        User = get_user_model()
        User.objects.bulk_create(
            # "!" is an unusable password: generated readers cannot log in.
            User(username=f"{PREFIX}reader-{i}", email=f"reader{i}@example.org", password="!")
            for i in range(count)
        )
        return list(User.objects.filter(username__startswith=PREFIX).values_list("pk", flat=True))

    def make_articles(self, count: int, categories, contributors) -> list[int]:
        # Rendering Markdown is the slow part of saving an article; a handful of
        # bodies rendered once and reused keeps bulk generation fast.
        bodies = []
        for template in BODY_TEMPLATES:
            for _ in range(5):
                body = template.format(**{k: self.sentence() for k in "abcde"})
                bodies.append((body, render_markdown(body)))
        now = timezone.now()
        reviewers = [c for c in contributors if c.credentials]
        statuses = [Article.Status.PUBLISHED] * 17 + [
            Article.Status.DRAFT,
            Article.Status.IN_REVIEW,
            Article.Status.ARCHIVED,
        ]

        def rows():
            for i in range(count):
                body, html = self.rng.choice(bodies)
                status = self.rng.choice(statuses)
                go_live = now - timedelta(minutes=self.rng.randint(60, 60 * 24 * 1000))
                reviewed = go_live.date()
                yield Article(
                    title=f"{self.words(self.rng.randint(3, 7)).capitalize()} {i}",
                    slug=f"{PREFIX}article-{i}",
                    summary=self.sentence(),
                    body=body,
                    body_html=html,
                    category=self.rng.choice(categories),
                    medical_reviewer=self.rng.choice(reviewers),
                    status=status,
                    go_live_at=go_live if status != Article.Status.DRAFT else None,
                    published_at=go_live if status != Article.Status.DRAFT else None,
                    updated_at=go_live,
                    last_reviewed_on=reviewed,
                    next_review_due=reviewed + timedelta(days=365),
                )

        for chunk in batched(rows(), self.batch):
            Article.objects.bulk_create(chunk)
        return list(
            Article.objects.filter(slug__startswith=PREFIX).order_by("pk").values_list("pk", flat=True)
        )

    def link_articles(self, article_ids, conditions, tags, contributors) -> None:
        from django.contrib.contenttypes.models import ContentType

        article_type = ContentType.objects.get_for_model(Article)
        ConditionLink = Article.conditions.through
        AuthorLink = Article.authors.through
        for chunk in batched(article_ids, self.batch):
            TaggedItem.objects.bulk_create(
                TaggedItem(tag_id=tag.pk, content_type=article_type, object_id=pk)
                for pk in chunk
                for tag in self.rng.sample(tags, 3)
            )
            ConditionLink.objects.bulk_create(
                ConditionLink(article_id=pk, condition_id=condition.pk)
                for pk in chunk
                for condition in self.rng.sample(conditions, 2)
            )
            AuthorLink.objects.bulk_create(
                AuthorLink(article_id=pk, contributor_id=self.rng.choice(contributors).pk) for pk in chunk
            )

    def make_comments(self, count: int, article_ids, readers) -> None:
        if not article_ids or not readers:
            return
        now = timezone.now()
        statuses = [Comment.Status.APPROVED] * 8 + [Comment.Status.PENDING, Comment.Status.REJECTED]
        texts = [self.sentence() + " " + self.sentence() for _ in range(200)]

        rows = (
            (
                article_ids[i % len(article_ids)],
                self.rng.choice(readers),
                self.rng.choice(texts),
                self.rng.choice(statuses),
                now - timedelta(minutes=self.rng.randint(1, 60 * 24 * 365)),
            )
            for i in range(count)
        )
        self.insert_rows(Comment, ["article_id", "author_id", "text", "status", "created_at"], rows)

    def insert_rows(self, model, fields: list[str], rows) -> None:
        """Insert ``rows``, tuples of values for ``fields``; every other field takes its default.

        On PostgreSQL with COPY, which takes a million rows several times faster than
        building that many model instances for ``bulk_create`` (used elsewhere).
        The values must be ones the database takes as they are (ids, text, datetimes).
        """
        if connection.vendor != "postgresql":
            objects = (model(**dict(zip(fields, row, strict=True))) for row in rows)
            for chunk in batched(objects, self.batch):
                model.objects.bulk_create(chunk)
            return
        prototype = model()
        others = [f for f in model._meta.concrete_fields if not f.primary_key and f.attname not in fields]
        defaults = tuple(f.get_db_prep_save(f.pre_save(prototype, True), connection) for f in others)
        columns = ", ".join(
            connection.ops.quote_name(f.column) for f in [*map(model._meta.get_field, fields), *others]
        )
        with connection.cursor() as cursor:
            copy_sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
            with cursor.cursor.copy(copy_sql) as copy:
                for row in rows:
                    copy.write_row((*row, *defaults))
