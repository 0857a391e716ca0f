"""Cache purges: when something readers can see changes, cached pages are dropped.

Signals are used here only for this side effect; state changes themselves never
depend on them.
"""

import logging

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from taggit.models import TaggedItem

from articles.models import Article, Category, Contributor, Source
from healthsite import pagecache

logger = logging.getLogger(__name__)

# Leaving one of these states can also change what readers see.
_VISIBLE_OR_JUST_HIDDEN = {*Article.LIVE_STATUSES, Article.Status.UNPUBLISHED, Article.Status.ARCHIVED}


def _article_changed(sender, instance, **kwargs):
    if instance.status in _VISIBLE_OR_JUST_HIDDEN:
        pagecache.site_changed()


def _related_row_changed(sender, instance, **kwargs):
    article = getattr(instance, "article", None)
    if isinstance(instance, TaggedItem):
        article = instance.content_object if instance.content_type.model_class() is Article else None
    if article is None or article.status in _VISIBLE_OR_JUST_HIDDEN:
        pagecache.site_changed()


def _anything_changed(sender, **kwargs):
    pagecache.site_changed()


def _new_release(sender, **kwargs):
    # Every deploy runs migrate: pages and fragments kept by the previous version
    # of the code (whose fragments may hold other things) are never served again.
    try:
        pagecache.site_changed()
    except Exception:  # the cache may not be running yet; migrating must not fail for it
        logger.warning("Could not reach the cache to start the page cache afresh after migrating.")


def connect() -> None:
    post_migrate.connect(
        _new_release, sender=apps.get_app_config("articles"), dispatch_uid="pagecache-new-release"
    )
    post_save.connect(_article_changed, sender=Article, dispatch_uid="pagecache-article-save")
    post_delete.connect(_article_changed, sender=Article, dispatch_uid="pagecache-article-delete")
    for model in (Source, TaggedItem):
        post_save.connect(_related_row_changed, sender=model, dispatch_uid=f"pagecache-{model.__name__}-save")
        post_delete.connect(
            _related_row_changed, sender=model, dispatch_uid=f"pagecache-{model.__name__}-del"
        )
    for through in (Article.conditions.through, Article.authors.through):
        m2m_changed.connect(
            _related_row_changed_m2m, sender=through, dispatch_uid=f"pagecache-{through.__name__}"
        )
    for model in (
        Category,
        Contributor,
        "conditions.Condition",
        "conditions.ConditionAlias",
        "conditions.ConditionSection",
        "taggit.Tag",
        "pages.Page",
    ):
        name = model if isinstance(model, str) else model.__name__
        post_save.connect(_anything_changed, sender=model, dispatch_uid=f"pagecache-{name}-save")
        post_delete.connect(_anything_changed, sender=model, dispatch_uid=f"pagecache-{name}-delete")


def _related_row_changed_m2m(sender, instance, action, **kwargs):
    if not action.startswith("post_"):
        return
    if not isinstance(instance, Article) or instance.status in _VISIBLE_OR_JUST_HIDDEN:
        pagecache.site_changed()
