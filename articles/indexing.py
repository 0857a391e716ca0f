"""Derived data, kept in step with what it is derived from.

Two things are stored only so that reading them is cheap, and this module is the
only code that keeps them:

- the search documents: an article's holds its title, summary, body and the names
  and other names of its conditions (``articles.models.article_search_vector``); a
  condition's holds its name, other names and summary
  (``conditions.models.condition_search_vector``);
- ``Condition.live_from``: the earliest go-live time of the published or scheduled
  articles linked to the condition (``store_live_from``).

Both apps' documents are kept from here because dependencies point one way:
``articles`` knows about conditions, ``conditions`` never imports ``articles``.
The receivers are connected in ``ArticlesConfig.ready()``. Bulk inserts send no
signals, so code that writes with them (``generate_content``, ``load_demo``)
calls ``refresh_search_documents``, ``refresh_condition_search_documents`` and
``store_live_from`` itself.
"""

from __future__ import annotations

from django.db.models import Min, OuterRef, QuerySet, Subquery
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from articles.models import SEARCH_DOCUMENT_FIELDS, Article, refresh_search_documents, saves_any
from conditions.models import Condition, ConditionAlias, refresh_condition_search_documents


def store_live_from(conditions: QuerySet[Condition]) -> None:
    """Work out ``Condition.live_from`` again for ``conditions`` from their articles.

    "Live" is ``ArticleQuerySet.with_live_status()``, the rule ``live()`` narrows
    by go-live time: the earliest go-live time among those articles is when readers
    start seeing the condition.
    """
    first_go_live = (
        Article.objects.with_live_status()
        .filter(conditions=OuterRef("pk"))
        .order_by()
        .values("conditions")
        .annotate(first=Min("go_live_at"))
        .values("first")
    )
    conditions.order_by().update(live_from=Subquery(first_go_live))


def _article_saved(sender, instance, created=False, raw=False, update_fields=None, **kwargs) -> None:
    if raw:
        return
    if saves_any(update_fields, SEARCH_DOCUMENT_FIELDS):  # not for a save of workflow fields only
        refresh_search_documents(Article.objects.filter(pk=instance.pk))
    if not created:  # a new article has no links yet
        store_live_from(Condition.objects.filter(articles=instance))


def _links_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    """Links added or removed, from either side: the articles' documents hold the
    names of their conditions, and the conditions' ``live_from`` their articles."""
    if action == "pre_clear":
        # post_clear does not say which links went. Removing them by id instead
        # makes post_remove say it, with no list kept on the instance meanwhile.
        linked = instance.articles if reverse else instance.conditions
        linked.remove(*linked.values_list("pk", flat=True))
    elif action in ("post_add", "post_remove") and pk_set:
        articles, conditions = (pk_set, [instance.pk]) if reverse else ([instance.pk], pk_set)
        refresh_search_documents(Article.objects.filter(pk__in=list(articles)))
        store_live_from(Condition.objects.filter(pk__in=list(conditions)))


def _article_deleted(sender, instance, **kwargs) -> None:
    # Its links went with it, without m2m signals. Only a condition whose live_from
    # was this article's go-live time can have changed, and a query finds those.
    if instance.go_live_at is not None:
        store_live_from(Condition.objects.filter(live_from=instance.go_live_at))


def _condition_deleting(sender, instance, **kwargs) -> None:
    # Deleting a condition drops its links without m2m signals: unlink it first,
    # so that its articles' documents lose its names (_links_changed).
    instance.articles.clear()


def _condition_saved(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    if raw:
        return
    this = Condition.objects.filter(pk=instance.pk)
    refresh_condition_search_documents(this)
    # The row just written holds this object's copy of live_from, which an article
    # published since it was read may have made stale.
    store_live_from(this)
    # Its articles' documents hold its name, which may have changed. They are
    # stored again rather than the old name being kept on the instance from
    # pre_save to compare: a rename is rare, and this cannot miss one.
    if update_fields is None or "name" in update_fields:
        _refresh_articles_of_condition(instance.pk)


def _other_name_changed(sender, instance, raw=False, **kwargs) -> None:
    if raw:
        return
    # Other names are edited inline on the condition, after it is saved.
    refresh_condition_search_documents(Condition.objects.filter(pk=instance.condition_id))
    _refresh_articles_of_condition(instance.condition_id)


def _refresh_articles_of_condition(condition_id: int) -> None:
    """Store again the documents of the articles linked to a condition (which hold its
    names). It may be linked to thousands of articles, so a task does it: with the
    database backend a worker, once the change commits; with the immediate one, now."""
    from articles.tasks import refresh_search_index

    refresh_search_index.enqueue(condition_ids=[condition_id])


def connect() -> None:
    post_save.connect(_article_saved, sender=Article, dispatch_uid="indexing-article-saved")
    post_delete.connect(_article_deleted, sender=Article, dispatch_uid="indexing-article-deleted")
    m2m_changed.connect(_links_changed, sender=Article.conditions.through, dispatch_uid="indexing-links")
    post_save.connect(_condition_saved, sender=Condition, dispatch_uid="indexing-condition-saved")
    pre_delete.connect(_condition_deleting, sender=Condition, dispatch_uid="indexing-condition-deleting")
    post_save.connect(_other_name_changed, sender=ConditionAlias, dispatch_uid="indexing-alias-saved")
    post_delete.connect(_other_name_changed, sender=ConditionAlias, dispatch_uid="indexing-alias-deleted")
