"""Categories, contributors, articles and their sources."""

from __future__ import annotations

import datetime
import re

from django.conf import settings
from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connection, models, transaction
from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, When
from django.db.models.functions import Cast, Coalesce
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from taggit.managers import TaggableManager

from articles.markdown import render_markdown
from healthsite.postgres import (  # noqa: F401
    SEARCH_CONFIG,
    PostgresOnlyGinIndex,
    store_search_documents,
    word_start_pattern,
)
from healthsite.slugs import remember_old_slug, reserved_top_level_slugs

# ---------------------------------------------------------------------------
# Public site: full-text search index and old-slug redirects.
# Kept together so the editorial model below stays about editing.
# ---------------------------------------------------------------------------

# PostgresOnlyGinIndex is imported here too: migrations refer to it by this path.


def article_search_vector() -> SearchVector:
    """Weighted search document of an article: title (A), summary and the names and
    other names of its conditions (B), body (C).

    With its conditions' names in it, "Isaacs' syndrome" finds the articles linked
    to neuromyotonia through the same index as any other word. The document is
    stored (``search_document``) and kept fresh by ``articles.indexing``.
    """
    return (
        SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("summary", weight="B", config=SEARCH_CONFIG)
        + SearchVector(
            _linked_conditions("condition__name"),
            _linked_conditions("condition__aliases__name"),
            weight="B",
            config=SEARCH_CONFIG,
        )
        + SearchVector("body", weight="C", config=SEARCH_CONFIG)
    )


def _linked_conditions(name_field: str) -> Subquery:
    """``name_field`` of every condition linked to the article being updated, as one text."""
    links = Article.conditions.through.objects.filter(article=OuterRef("pk"))
    return Subquery(
        links.order_by().values("article").annotate(names=StringAgg(name_field, " ")).values("names")
    )


# What an article's search document is made of (``article_search_vector``), besides its conditions.
SEARCH_DOCUMENT_FIELDS = {"title", "summary", "body"}


def saves_any(update_fields, names: set[str]) -> bool:
    """Whether a ``save(update_fields=...)`` writes any of ``names`` (a plain save writes all)."""
    return update_fields is None or not names.isdisjoint(update_fields)


def refresh_search_documents(articles) -> None:
    """Store the search document of ``articles`` (PostgreSQL only; SQLite matches words).

    Called by ``articles.indexing`` whenever what it holds changes, and after bulk
    inserts: search reads the stored document, where rebuilding it from each body
    would cost a parse per match.
    """
    store_search_documents(articles, article_search_vector())


class ArticleSlugHistory(models.Model):
    """A slug an article used to have; its old address redirects to the current one."""

    article = models.ForeignKey("Article", on_delete=models.CASCADE, related_name="old_slugs")
    slug = models.SlugField(max_length=200, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "old article address"
        verbose_name_plural = "old article addresses"

    def __str__(self) -> str:
        return self.slug


@receiver(pre_save, sender="articles.Article", dispatch_uid="articles_record_old_slug")
def _record_old_article_slug(sender, instance, raw=False, **kwargs) -> None:
    # A signal rather than a line in Article.save(): every path that saves an
    # article (admin, workflow, revisions) keeps old links working.
    if not raw:
        remember_old_slug(instance, ArticleSlugHistory, "article")


def live_article_for_old_slug(slug: str) -> Article | None:
    """The live article that used to be at ``slug``, if any (for a 301 redirect)."""
    history = (
        ArticleSlugHistory.objects.filter(slug=slug, article__in=Article.objects.live())
        .select_related("article")
        .first()
    )
    return history.article if history else None


# ---------------------------------------------------------------------------


class CategoryQuerySet(models.QuerySet):
    def roots(self) -> CategoryQuerySet:
        return self.filter(parent__isnull=True)

    def subtree(self, category: Category) -> CategoryQuerySet:
        """``category`` and every category below it, at any depth."""
        return self.filter(Q(pk=category.pk) | Q(path__startswith=f"{category.path}/"))


class Category(models.Model):
    """A node in the category tree.

    ``path`` is the slug path from the root (``health/recovery``); it is kept in
    step with the tree on every save, so a whole subtree is one ``startswith``
    query and a URL resolves in one lookup.
    """

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(max_length=255, unique=True, editable=False)
    full_name = models.CharField(max_length=1000, editable=False)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Lower numbers come first among categories with the same parent."
    )

    objects = CategoryQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name_plural = "categories"
        constraints = [
            models.UniqueConstraint(fields=["parent", "slug"], name="unique_category_slug_per_parent"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = slugify(self.name)
        self._check_tree()
        old = Category.objects.filter(pk=self.pk).values("path", "full_name").first() if self.pk else None
        self.path = self._computed_path()
        self.full_name = f"{self.parent.full_name} > {self.name}" if self.parent else self.name
        with transaction.atomic():
            super().save(*args, **kwargs)
            if old and (old["path"], old["full_name"]) != (self.path, self.full_name):
                # Carry the whole subtree along with its moved or renamed parent.
                for child in Category.objects.filter(path__startswith=f"{old['path']}/"):
                    child.path = self.path + child.path[len(old["path"]) :]
                    child.full_name = self.full_name + child.full_name[len(old["full_name"]) :]
                    super(Category, child).save(update_fields=["path", "full_name"])

    def get_absolute_url(self) -> str:
        return reverse("articles:category", kwargs={"path": self.path})

    def ancestors(self, *, include_self: bool = False) -> list[Category]:
        """From the root down to the parent (and this category if asked), in one query."""
        parts = self.path.split("/")
        prefixes = ["/".join(parts[:i]) for i in range(1, len(parts) + (1 if include_self else 0))]
        return list(Category.objects.filter(path__in=prefixes).order_by("path"))

    def clean(self) -> None:
        super().clean()
        self._check_tree()

    def _check_tree(self) -> None:
        node = self.parent
        while node is not None:
            if self.pk is not None and node.pk == self.pk:
                raise ValidationError(
                    {"parent": "A category cannot be placed inside itself or one of its own subcategories."}
                )
            node = node.parent
        if self.parent is None and self.slug in reserved_top_level_slugs():
            raise ValidationError(
                {"slug": f"“{self.slug}” is already used by another part of the site; choose another slug."}
            )
        path = self._computed_path()
        if len(path) > self._meta.get_field("path").max_length:
            raise ValidationError({"slug": "This category is nested too deeply: its full path is too long."})
        if Category.objects.filter(path=path).exclude(pk=self.pk).exists():
            raise ValidationError({"slug": f"Another category already uses the path “{path}”."})

    def _computed_path(self) -> str:
        return f"{self.parent.path}/{self.slug}" if self.parent else self.slug


class Contributor(models.Model):
    """A person credited on articles: a writer, a medical reviewer, or both."""

    name = models.CharField(max_length=150)
    slug = models.SlugField(max_length=150, unique=True)
    credentials = models.CharField(
        max_length=200, blank=True, help_text='For example "MD, consultant neurologist".'
    )
    bio = models.TextField(blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contributor",
        help_text="The staff account this person logs in with, if any.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name}, {self.credentials}" if self.credentials else self.name

    def get_absolute_url(self) -> str:
        return reverse("articles:contributor", kwargs={"slug": self.slug})


# How many of the newest matching articles a search ranks (``ArticleQuerySet.search``).
SEARCH_CANDIDATES = 200


def _search_words(query: str) -> SearchQuery:
    # "websearch" syntax never raises on odd input: quotes, "or", "-word", stray
    # punctuation and SQL metacharacters are all just text to it.
    return SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")


def _linked_to_conditions(names: Q) -> Exists:
    """Linked to a condition whose links match ``names`` (lookups on ``condition__...``)."""
    return Exists(Article.conditions.through.objects.filter(names, article=OuterRef("pk")))


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    APPROVED = "approved", "Approved"
    SCHEDULED = "scheduled", "Scheduled"
    PUBLISHED = "published", "Published"
    UNPUBLISHED = "unpublished", "Unpublished"
    ARCHIVED = "archived", "Archived"


# What "live" means starts here: ArticleQuerySet.with_live_status() and live(),
# Article.has_live_status and is_live, the partial indexes (their condition is
# has_live_status_q()) and Condition.live_from (articles.indexing) all use it.
LIVE_STATUSES = (ArticleStatus.PUBLISHED, ArticleStatus.SCHEDULED)


def has_live_status_q() -> Q:
    """Published or scheduled; the go-live time is left to the caller."""
    # A list, as the partial indexes' migrations recorded their condition.
    return Q(status__in=list(LIVE_STATUSES))


class ArticleQuerySet(models.QuerySet):
    def live(self, *, at=None) -> ArticleQuerySet:
        """Articles readers may see: published or scheduled, and their go-live time has come.

        A scheduled article needs no job to appear: once ``go_live_at`` passes it is
        live. ``Article.is_live`` states the same rule for one row.
        """
        return self.with_live_status().filter(go_live_at__lte=at or timezone.now())

    def with_live_status(self) -> ArticleQuerySet:
        """Published or scheduled, whether or not the go-live time has come: what readers
        see or will see (``Article.has_live_status`` for one row)."""
        return self.filter(has_live_status_q())

    def awaiting_review(self) -> ArticleQuerySet:
        """New articles in review, and live articles with a correction in review."""
        return self.in_review_state(Article.Status.IN_REVIEW)

    def in_review_state(self, *states: str) -> ArticleQuerySet:
        """Articles whose work in progress is in one of ``states``.

        The work in progress is the article itself until it goes live, and its
        pending correction afterwards (``Article.review_state`` for one row).
        """
        live = has_live_status_q()
        return self.filter((~live & Q(status__in=states)) | (live & Q(correction_status__in=states)))

    def authored_by(self, user) -> ArticleQuerySet:
        """Articles ``user`` created or is credited on as an author."""
        return self.filter(_authored_by_q(user))

    def own_work_of(self, user) -> ArticleQuerySet:
        """Articles ``user`` may not medically approve (``Article.is_own_work`` for one row)."""
        edited_in_cycle = ArticleRevision.objects.filter(
            article=OuterRef("pk"), created_by=user, number__gt=OuterRef("cycle_start")
        )
        return self.alias(cycle_start=Coalesce("live_revision__number", 0)).filter(
            _authored_by_q(user) | Exists(edited_in_cycle)
        )

    def my_drafts(self, user) -> ArticleQuerySet:
        return self.authored_by(user).in_review_state(Article.Status.DRAFT)

    def changes_requested(self) -> ArticleQuerySet:
        return self.in_review_state(Article.Status.CHANGES_REQUESTED)

    def ready_to_publish(self) -> ArticleQuerySet:
        """Approved new articles and approved corrections waiting for an editor."""
        return self.in_review_state(Article.Status.APPROVED)

    def awaiting_review_by(self, user) -> ArticleQuerySet:
        """In review, not ``user``'s own work, and not yet approved by them in its current version."""
        approved_by_user = ArticleApproval.objects.filter(
            revision__article=OuterRef("pk"), revision__number=OuterRef("version"), reviewer=user
        )
        return (
            self.awaiting_review()
            .exclude(pk__in=Article.objects.own_work_of(user).values("pk"))
            .exclude(Exists(approved_by_user))
        )

    def scheduled(self) -> ArticleQuerySet:
        return self.filter(status=Article.Status.SCHEDULED)

    def review_overdue(self, *, on=None) -> ArticleQuerySet:
        """Not archived, and the next medical review date is before ``on`` (default today)."""
        on = on or timezone.localdate()
        return self.exclude(status=Article.Status.ARCHIVED).filter(next_review_due__lt=on)

    def next_overdue_at(self) -> datetime.datetime | None:
        """When the next of these articles not yet overdue becomes overdue (``review_overdue()``).

        That is the start, in local time, of the day after its review due date;
        nothing is written then, so the page cache asks this to know when pages change.
        """
        today = timezone.localdate()
        due = (
            self.exclude(status=Article.Status.ARCHIVED)
            .filter(next_review_due__gte=today)
            .order_by("next_review_due")
            .values_list("next_review_due", flat=True)
            .first()
        )
        if due is None:
            return None
        day_after = due + datetime.timedelta(days=1)
        return timezone.make_aware(datetime.datetime.combine(day_after, datetime.time()))

    def review_due_between(self, start, end) -> ArticleQuerySet:
        """Not archived, with the next medical review due from ``start`` to ``end`` inclusive."""
        return self.exclude(status=Article.Status.ARCHIVED).filter(next_review_due__range=(start, end))

    def cards(self) -> ArticleQuerySet:
        """Without the body: what lists of articles need (title, summary, dates, category,
        hero image with its renditions)."""
        return self.defer("body", "body_html", "search_document").select_related("hero_image")

    def matching(self, query: str) -> ArticleQuerySet:
        """Live articles matching ``query``, in no order.

        PostgreSQL: full text with stemming on the stored ``search_document``, in
        which the title weighs most, then the summary and the names and other
        names of linked conditions, then the body ("Isaacs' syndrome" finds the
        articles about neuromyotonia). SQLite: every word must start a word of the
        title, summary, body or a linked condition's names.
        """
        if connection.vendor == "postgresql":
            return self.live().filter(search_document=_search_words(query))
        anywhere, named = Q(), Q()
        for word in re.findall(r"\w+", query):
            pattern = word_start_pattern(word)
            anywhere &= Q(title__iregex=pattern) | Q(summary__iregex=pattern) | Q(body__iregex=pattern)
            named &= Q(condition__name__iregex=pattern) | Q(condition__aliases__name__iregex=pattern)
        if not named:
            return self.none()
        return self.live().filter(anywhere | _linked_to_conditions(named))

    def search(self, query: str) -> ArticleQuerySet:
        """``matching(query)``, best first: highest ``rank``, then newest.

        Only the newest ``SEARCH_CANDIDATES`` matches are ranked, so a word found
        in most articles costs no more on a large site than on a small one.
        PostgreSQL ranks by full text and gives each row ``stemmed``, the query as
        it stemmed it (for highlighting); SQLite ranks a match in the title first,
        then one through a linked condition.
        """
        newest = self.matching(query).order_by("-go_live_at", "-pk").values("pk")[:SEARCH_CANDIDATES]
        found = self.filter(pk__in=newest)
        if connection.vendor == "postgresql":
            words = _search_words(query)
            return found.annotate(
                rank=SearchRank(F("search_document"), words), stemmed=Cast(words, models.TextField())
            ).order_by("-rank", "-go_live_at", "-pk")
        in_title, named = Q(), Q()
        for word in re.findall(r"\w+", query):
            pattern = word_start_pattern(word)
            in_title &= Q(title__iregex=pattern)
            named &= Q(condition__name__iregex=pattern) | Q(condition__aliases__name__iregex=pattern)
        if not named:
            return self.none()
        rank = Case(When(in_title, then=2), When(_linked_to_conditions(named), then=1), default=0)
        return found.annotate(rank=rank).order_by("-rank", "-go_live_at", "-pk")

    def in_category(self, category: Category) -> ArticleQuerySet:
        """Articles filed in ``category`` or any category below it."""
        # The subtree's ids first (categories are few): an indexed IN on the
        # articles, where a join on the path would scan every article.
        return self.filter(category__in=list(Category.objects.subtree(category).values_list("pk", flat=True)))


class ArticleManager(models.Manager.from_queryset(ArticleQuerySet)):
    def get_queryset(self) -> ArticleQuerySet:
        # The search document is read by the database alone; never ship it to Python.
        return super().get_queryset().defer("search_document")


class Article(models.Model):
    Status = ArticleStatus
    LIVE_STATUSES = LIVE_STATUSES

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    summary = models.TextField(
        max_length=500, blank=True, help_text="One or two plain sentences shown under the title."
    )
    body = models.TextField(
        blank=True,
        help_text=(
            "Markdown. Start each section with '## Heading'; use '- ' for bullet points. "
            "For a “when to get help” box, start a line with '!!! gp', '!!! urgent' or "
            "'!!! emergency' and indent the box's text by four spaces. For a picture from the "
            "image library write [[image: its-slug]] on a line of its own; link a leaflet with "
            "[[document: its-slug]]."
        ),
    )
    hero_image = models.ForeignKey(
        "media.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hero_of",
        help_text="Optional picture shown at the top of the article and on its cards.",
    )
    body_html = models.TextField(blank=True, editable=False)
    # Weighted title/summary/body document for full-text search (PostgreSQL only).
    search_document = SearchVectorField(null=True, editable=False)
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.PROTECT, related_name="articles"
    )
    tags = TaggableManager(blank=True)
    conditions = models.ManyToManyField("conditions.Condition", blank=True, related_name="articles")
    # Which sections it must have, and the rest of the pre-publish checklist (articles.checklist).
    article_type = models.ForeignKey(
        "ArticleType",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="articles",
        verbose_name="type",
        help_text="Decides which sections the pre-publish checklist asks for.",
    )
    authors = models.ManyToManyField(Contributor, blank=True, related_name="articles")
    medical_reviewer = models.ForeignKey(
        Contributor,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviewed_articles",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False)
    # While an article is live its row is what readers see, so edits wait in a
    # pending correction; this is that correction's review state (empty: none).
    correction_status = models.CharField(
        max_length=20, choices=Status.choices, blank=True, editable=False, verbose_name="correction"
    )
    is_featured = models.BooleanField(default=False, help_text="Show on the home page.")
    comments_open = models.BooleanField(
        default=True,
        help_text="Untick to close comments. They also close on their own some time after publication.",
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When it first went live."
    )
    go_live_at = models.DateTimeField(
        null=True, blank=True, help_text="When readers can see it. Empty means as soon as it is published."
    )
    last_reviewed_on = models.DateField(null=True, blank=True, editable=False)
    next_review_due = models.DateField(null=True, blank=True, editable=False)

    # Provenance of an article first published elsewhere (imported, or set by an
    # editor). Kept apart from the workflow's own dates; rules in articles.provenance.
    origin = models.CharField(
        "came from",
        max_length=500,
        blank=True,
        editable=False,
        help_text="The original address, or the name of the file it was imported from.",
    )
    origin_site = models.CharField(
        "first published on", max_length=200, blank=True, editable=False, help_text="The other site's name."
    )
    original_published_at = models.DateTimeField(
        "first published elsewhere", null=True, blank=True, editable=False
    )
    original_updated_at = models.DateTimeField(
        "last updated elsewhere", null=True, blank=True, editable=False
    )

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        editable=False,
        related_name="created_articles",
    )
    # The number of the latest saved version: the edit form carries it so a
    # save based on an older version is refused rather than overwriting.
    version = models.PositiveIntegerField(default=0, editable=False)
    live_revision = models.ForeignKey(
        "ArticleRevision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        editable=False,
        related_name="+",
        help_text="The saved version readers see (or will see, once scheduled).",
    )
    # Set by each completed medical review (articles.workflow._sign_off): the page
    # names every reviewer whose approval of this version counted.
    signed_off_revision = models.ForeignKey(
        "ArticleRevision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        editable=False,
        related_name="+",
        help_text="The version the last completed medical review approved.",
    )

    objects = ArticleManager()

    class Meta:
        ordering = ["-go_live_at", "-created_at"]
        indexes = [
            models.Index(fields=["status", "go_live_at"], name="article_live_idx"),
            # Newest live articles first: home, lists, feeds and search candidates.
            models.Index(
                fields=["-go_live_at"],
                condition=has_live_status_q(),
                name="article_live_recent_idx",
            ),
            models.Index(
                fields=["-go_live_at"],
                condition=Q(is_featured=True) & has_live_status_q(),
                name="article_featured_recent_idx",
            ),
            # A topic's live articles, newest first: its page reads only the rows it
            # shows, and counts them from the index alone.
            models.Index(
                fields=["category", "-go_live_at", "-id"],
                condition=has_live_status_q(),
                name="article_live_category_idx",
            ),
            # The sitemap index's "last changed" for articles.
            models.Index(
                fields=["-updated_at"],
                condition=has_live_status_q(),
                name="article_live_updated_idx",
            ),
            models.Index(fields=["next_review_due"], name="article_review_due_idx"),
            # Public-site search (see the block at the top of this module).
            PostgresOnlyGinIndex(
                fields=["search_document"],
                name="article_search_document_idx",
                # Articles change rarely and are searched constantly: index each
                # change at once instead of queueing it, which also keeps the
                # planner's cost estimates honest.
                fastupdate=False,
            ),
        ]
        permissions = [
            ("submit_article", "Can submit articles for medical review"),
            ("review_article", "Can medically review articles (approve or request changes)"),
            ("publish_article", "Can publish, schedule, unpublish and archive articles"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        if saves_any(kwargs.get("update_fields"), {"body", "body_html"}):
            self.body_html = render_markdown(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("articles:detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        super().clean()
        # Imported here: the library never needs articles, articles need the library.
        from media.embed import reference_problems

        problems = reference_problems(self.body)
        if problems:
            raise ValidationError({"body": problems})

    @property
    def is_live(self) -> bool:
        """Same rule as ``ArticleQuerySet.live()``, for one article."""
        return self.has_live_status and self.go_live_at is not None and self.go_live_at <= timezone.now()

    @property
    def first_published_at(self):
        """When it was first published anywhere: the original date of content brought in, else here."""
        return self.original_published_at or self.published_at

    @property
    def came_from_elsewhere(self) -> bool:
        """First published on another site (imported, or marked so by an editor)."""
        return bool(self.origin or self.origin_site or self.original_published_at)

    @property
    def has_live_status(self) -> bool:
        """Published or scheduled: the row is (or will be) what readers see, so edits become corrections.

        ``ArticleQuerySet.with_live_status()`` states the same rule for many articles.
        """
        return self.status in LIVE_STATUSES

    @property
    def has_pending_correction(self) -> bool:
        return self.has_live_status and bool(self.correction_status)

    @property
    def review_state(self) -> str:
        """The state of the work in progress: the pending correction while live, else the article."""
        if self.has_live_status:
            return self.correction_status or self.status
        return self.status

    def get_review_state_display(self) -> str:
        if self.has_pending_correction:
            return f"{self.get_status_display()}; correction {self.get_correction_status_display().lower()}"
        return self.get_status_display()

    @property
    def review_cycle_start(self) -> int:
        """Versions after this number are the work now going through review."""
        return self.live_revision.number if self.live_revision_id else 0

    def is_authored_by(self, user) -> bool:
        """``user`` created this article or is credited on it as an author."""
        if not user.is_authenticated:
            return False
        return self.created_by_id == user.pk or self.authors.filter(user=user).exists()

    def is_own_work(self, user) -> bool:
        """``user`` wrote or edited the work under review, so may not approve it.

        ``ArticleQuerySet.own_work_of()`` states the same rule for many articles.
        """
        if not user.is_authenticated:
            return False
        return (
            self.is_authored_by(user)
            or self.revisions.filter(created_by=user, number__gt=self.review_cycle_start).exists()
        )

    @property
    def is_review_overdue(self) -> bool:
        """Same rule as ``ArticleQuerySet.review_overdue()``, for one article."""
        return (
            self.status != self.Status.ARCHIVED
            and self.next_review_due is not None
            and self.next_review_due < timezone.localdate()
        )

    def latest_revision(self) -> ArticleRevision | None:
        return self.revisions.filter(number=self.version).first() if self.version else None

    def pending_revision(self) -> ArticleRevision | None:
        """The version waiting as a correction to this live article, if there is one."""
        return self.latest_revision() if self.has_pending_correction else None


def _authored_by_q(user) -> Q:
    if not user.is_authenticated:
        return Q(pk__in=[])
    credited = Article.authors.through.objects.filter(article=OuterRef("pk"), contributor__user=user)
    return Q(created_by=user) | Exists(credited)


class Source(models.Model):
    """A reference the article relies on, listed under "Sources"."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="sources")
    title = models.CharField(max_length=300)
    url = models.URLField(max_length=500, blank=True, verbose_name="URL")
    publisher = models.CharField(max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1800), MaxValueValidator(2100)],
        help_text="When it was published or last updated: its age is checked.",
    )
    accessed_on = models.DateField(null=True, blank=True, verbose_name="date accessed")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class ArticleRevision(models.Model):
    """One saved version of an article's content, kept for good.

    ``content`` is a snapshot of everything readers see (see ``articles.revisions``).
    A version saved while the article was not live went straight onto the
    article; one saved while it was live is a correction that waits for review.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    content = models.JSONField()
    change_summary = models.CharField(max_length=200)
    is_major = models.BooleanField(default=False)
    # What readers are told in the page history when this major change goes live.
    public_summary = models.CharField(max_length=200, blank=True)
    # Worked out from the body when the version is saved (articles.quality).
    reading_age = models.FloatField(null=True, blank=True, editable=False)
    is_correction = models.BooleanField(
        default=False, help_text="Saved while the article was live, so held back for review."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["article", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="unique_revision_number"),
        ]

    def __str__(self) -> str:
        return f"{self.article} – version {self.number}"

    def save(self, *args, **kwargs) -> None:
        if self.reading_age is None:
            from articles.quality import reading_age_of_markdown

            self.reading_age = reading_age_of_markdown(self.content.get("body", ""))
        super().save(*args, **kwargs)

    @property
    def size_label(self) -> str:
        return "Major" if self.is_major else "Minor"


class ArticleApproval(models.Model):
    """A medical reviewer's sign-off on one exact version."""

    revision = models.ForeignKey(ArticleRevision, on_delete=models.CASCADE, related_name="approvals")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="article_approvals"
    )
    contributor = models.ForeignKey(
        Contributor, null=True, on_delete=models.SET_NULL, related_name="approvals"
    )
    # Name and credentials as they stood when the approval was given.
    signed_off_as = models.CharField(max_length=400)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["revision", "reviewer"], name="one_approval_per_reviewer"),
        ]

    def __str__(self) -> str:
        return f"Approved by {self.signed_off_as}"


class ArticleStatusChange(models.Model):
    """The audit trail: every workflow step, who took it, when, and why."""

    class Action(models.TextChoices):
        SUBMIT = "submit", "Submitted for review"
        WITHDRAW = "withdraw", "Withdrawn from review"
        APPROVE = "approve", "Approved"
        REQUEST_CHANGES = "request_changes", "Changes requested"
        PUBLISH = "publish", "Published"
        SCHEDULE = "schedule", "Scheduled"
        GO_LIVE = "go_live", "Went live as scheduled"
        UNPUBLISH = "unpublish", "Unpublished"
        ARCHIVE = "archive", "Archived"
        REOPEN = "reopen", "Returned to draft"
        EDIT = "edit", "Edited"
        START_CORRECTION = "start_correction", "Correction started"
        PUBLISH_CORRECTION = "publish_correction", "Correction published"
        DISCARD_CORRECTION = "discard_correction", "Correction discarded"
        ORIGINAL_DATES = "original_dates", "Original dates changed"

    # Protected: an article with a history is archived, never deleted.
    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="status_changes")
    revision = models.ForeignKey(
        ArticleRevision, null=True, blank=True, on_delete=models.SET_NULL, related_name="status_changes"
    )
    action = models.CharField(max_length=30, choices=Action.choices)
    is_correction = models.BooleanField(default=False)
    from_status = models.CharField(max_length=20, choices=Article.Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Article.Status.choices, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "status change"

    def __str__(self) -> str:
        return f"{self.article}: {self.get_action_display()}"

    @property
    def actor_name(self) -> str:
        if self.actor is None:
            return "Scheduler" if self.action == self.Action.GO_LIVE else "Unknown"
        return self.actor.get_full_name() or self.actor.get_username()

    def get_from_status_display(self) -> str:
        return self._label(self.from_status)

    def get_to_status_display(self) -> str:
        return self._label(self.to_status)

    @staticmethod
    def _label(value: str) -> str:
        return Article.Status(value).label if value else "No correction"


# ---------------------------------------------------------------------------
# Quality gates: article types, the jargon list, checklist waivers, source
# link checks and the public page history (articles.quality, articles.checklist,
# articles.links).
# ---------------------------------------------------------------------------


class ArticleType(models.Model):
    """A kind of article (condition guide, news...) and what the checklist asks of it."""

    name = models.CharField(max_length=100, unique=True)
    description = models.TextField(blank=True, help_text="What this kind of article is for.")
    needs_help_box = models.BooleanField(
        "needs a “when to get help” box",
        default=False,
        help_text="The text must contain a box written with !!! gp, !!! urgent or !!! emergency.",
    )
    needs_condition = models.BooleanField(
        "needs a linked condition", default=False, help_text="It must be linked to at least one condition."
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers come first.")

    class Meta:
        ordering = ["position", "name"]
        verbose_name = "article type"

    def __str__(self) -> str:
        return self.name


def normalise_heading(text: str) -> str:
    """A heading as sections are matched: case, quotes, punctuation and spacing ignored."""
    text = text.casefold().replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(re.sub(r"[^\w\s*']", " ", text).split())


class RequiredSection(models.Model):
    """A section an article type must have, found by its heading or another accepted wording."""

    article_type = models.ForeignKey(ArticleType, on_delete=models.CASCADE, related_name="required_sections")
    heading = models.CharField(max_length=200, help_text="The heading writers are asked for.")
    alternatives = models.TextField(
        blank=True,
        help_text="Other headings that count, one per line. * stands for any words: “What causes *”.",
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = "required section"

    def __str__(self) -> str:
        return self.heading

    def accepted_headings(self) -> list[str]:
        return [self.heading, *(line.strip() for line in self.alternatives.splitlines() if line.strip())]

    def matches(self, heading: str) -> bool:
        """Whether ``heading`` (as written in an article) is this section."""
        wanted = normalise_heading(heading)
        for accepted in self.accepted_headings():
            pattern = r"\s*".join(
                r".*" if part == "*" else re.escape(part)
                for part in re.split(r"(\*)", normalise_heading(accepted))
                if part.strip()
            )
            if pattern and re.fullmatch(pattern, wanted):
                return True
        return False


class JargonTerm(models.Model):
    """A word patients may not know, and the plain words to use instead."""

    term = models.CharField(max_length=100, unique=True, help_text="Found as a whole word, in any case.")
    plain = models.CharField("plain alternative", max_length=300)

    class Meta:
        ordering = ["term"]
        verbose_name = "jargon term"

    def __str__(self) -> str:
        return self.term


class ChecklistWaiver(models.Model):
    """An editor's decision that one failing checklist item may be let through, and why.

    It holds for the version it was given on: like an approval, a later edit
    needs it again. Rows are never changed or deleted: they are the record.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="checklist_waivers")
    version = models.PositiveIntegerField()
    item = models.CharField(max_length=50)
    item_label = models.CharField(max_length=250)
    note = models.TextField()
    waived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "checklist waiver"
        constraints = [
            models.UniqueConstraint(fields=["article", "version", "item"], name="one_waiver_per_item"),
        ]

    def __str__(self) -> str:
        return f"{self.item_label} waived on version {self.version} of {self.article}"


class SourceLinkCheck(models.Model):
    """The last time ``check_sources`` tried a source's address, and what it found."""

    class Outcome(models.TextChoices):
        OK = "ok", "Works"
        MOVED = "moved", "Moved"
        RESTRICTED = "restricted", "Works, but refuses automatic checks"
        BROKEN = "broken", "Broken"
        UNREACHABLE = "unreachable", "Could not be reached"

    url = models.CharField("URL", max_length=500, unique=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    final_url = models.CharField("moved to", max_length=2000, blank=True)
    detail = models.CharField(max_length=300, blank=True)
    checked_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["url"]
        verbose_name = "source link check"

    def __str__(self) -> str:
        return f"{self.url}: {self.get_outcome_display()}"

    @property
    def is_broken(self) -> bool:
        return self.outcome == self.Outcome.BROKEN


class PageHistoryEntry(models.Model):
    """A major change as readers see it listed under "Page history" (first publication is not a row)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="page_history")
    revision = models.ForeignKey(
        ArticleRevision, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField()
    summary = models.CharField(max_length=200)

    class Meta:
        ordering = ["published_at", "pk"]
        verbose_name = "page history entry"
        verbose_name_plural = "page history"

    def __str__(self) -> str:
        return self.summary
