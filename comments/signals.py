"""Drop the cached article page when its comments change (see healthsite/pagecache.py)."""

from django.db.models.signals import post_delete, post_save

from comments.models import Comment
from healthsite import pagecache


def _comment_changed(sender, instance, **kwargs):
    pagecache.page_changed(instance.article.get_absolute_url())


def connect() -> None:
    post_save.connect(_comment_changed, sender=Comment, dispatch_uid="pagecache-comment-save")
    post_delete.connect(_comment_changed, sender=Comment, dispatch_uid="pagecache-comment-delete")
