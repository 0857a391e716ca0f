"""What goes in a subscriber's digest: articles published or medically updated on their topics.

An edition reads the candidate articles once per batch of subscribers and picks
each subscriber's from them in memory, so sending to a batch costs the same few
queries however many subscribers it holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Max, Q

from articles.models import Article, ArticleStatusChange

# A digest never reaches further back than this, however long ago the last one was.
LONGEST_PERIOD = timedelta(days=62)
MOST_ARTICLES = 15


@dataclass
class DigestArticle:
    title: str
    summary: str
    path: str
    category_path: str
    category_name: str
    went_live_at: datetime
    corrected_at: datetime | None
    condition_ids: set[int] = field(default_factory=set)

    def is_new_between(self, since: datetime, until: datetime) -> bool:
        return since < self.went_live_at <= until

    def is_updated_between(self, since: datetime, until: datetime) -> bool:
        return self.corrected_at is not None and since < self.corrected_at <= until


@dataclass
class Topics:
    """A subscriber's topics: category paths and condition ids; both empty means every topic."""

    category_paths: tuple[str, ...] = ()
    condition_ids: frozenset[int] = frozenset()

    @property
    def is_everything(self) -> bool:
        return not self.category_paths and not self.condition_ids

    def covers(self, article: DigestArticle) -> bool:
        if self.is_everything:
            return True
        if article.condition_ids & self.condition_ids:
            return True
        path = article.category_path
        return bool(path) and any(path == p or path.startswith(p + "/") for p in self.category_paths)


def earliest_start(since: datetime, until: datetime) -> datetime:
    return max(since, until - LONGEST_PERIOD)


def candidates(since: datetime, until: datetime) -> list[DigestArticle]:
    """Live articles (at ``until``) that went live or had a medical update in (since, until]."""
    since = earliest_start(since, until)
    corrections = ArticleStatusChange.objects.filter(
        action=ArticleStatusChange.Action.PUBLISH_CORRECTION, created_at__gt=since, created_at__lte=until
    )
    articles = (
        Article.objects.live(at=until)
        .filter(Q(go_live_at__gt=since, go_live_at__lte=until) | Q(pk__in=corrections.values("article")))
        .annotate(
            corrected_at=Max(
                "status_changes__created_at",
                filter=Q(
                    status_changes__action=ArticleStatusChange.Action.PUBLISH_CORRECTION,
                    status_changes__created_at__lte=until,
                ),
            )
        )
        .select_related("category")
        .order_by("-go_live_at", "-pk")
    )
    found = {
        article.pk: DigestArticle(
            title=article.title,
            summary=article.summary,
            path=article.get_absolute_url(),
            category_path=article.category.path if article.category else "",
            category_name=article.category.name if article.category else "",
            went_live_at=article.go_live_at,
            corrected_at=article.corrected_at,
        )
        for article in articles
    }
    links = Article.conditions.through.objects.filter(article_id__in=list(found)).values_list(
        "article_id", "condition_id"
    )
    for article_id, condition_id in links:
        found[article_id].condition_ids.add(condition_id)
    return list(found.values())


def pick(articles: list[DigestArticle], topics: Topics, since: datetime, until: datetime):
    """``(new, updated)``: the articles of ``topics`` new, and medically updated, in (since, until]."""
    since = earliest_start(since, until)
    mine = [article for article in articles if topics.covers(article)]
    new = [article for article in mine if article.is_new_between(since, until)]
    updated = [
        article
        for article in mine
        if article.is_updated_between(since, until) and not article.is_new_between(since, until)
    ]
    return new, updated
