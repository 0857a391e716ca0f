"""Background tasks of the articles app (docs/tasks.md)."""

from articles import workflow
from articles.models import Article, refresh_search_documents
from jobs.queue import task


@task()
def publish_scheduled() -> int:
    """Record "went live" for scheduled articles whose time has come (readers see them anyway)."""
    return len(workflow.publish_due())


@task()
def refresh_search_index(
    *, article_ids: list[int] | None = None, condition_ids: list[int] | None = None
) -> int:
    """Store again the search documents of the given articles, or of those linked to the given conditions.

    For bulk changes (an import, a renamed condition linked to many articles):
    queue it with ``jobs.queue.enqueue_in_transaction`` once the rows are saved.
    Safe to run twice: it only rebuilds documents from what is stored.
    """
    articles = Article.objects.none()
    if article_ids:
        articles = articles | Article.objects.filter(pk__in=article_ids)
    if condition_ids:
        articles = articles | Article.objects.filter(conditions__in=condition_ids)
    ids = list(articles.values_list("pk", flat=True).distinct())
    refresh_search_documents(Article.objects.filter(pk__in=ids))
    return len(ids)


@task()
def check_source_links() -> int:
    """Check the sources' addresses not checked in the last day (``articles.links.check_sources``).

    The ``check_sources`` command does the same with a progress bar; either can
    run from a timer. Safe to run twice: each address is stored as it is checked,
    and one checked lately is skipped.
    """
    from articles import links

    return links.check_sources().total
