"""Side effects of library changes: cached pages are dropped and deleted files removed.

Signals are used only for these side effects, as in ``articles.signals``.
"""

from django.db.models.signals import post_delete, post_save

from healthsite import pagecache
from media.models import Document, Image, delete_files_on_commit


def _library_changed(sender, instance, **kwargs) -> None:
    # A picture's alt text, caption or renditions show on every page that uses it.
    pagecache.site_changed()


def _image_deleted(sender, instance, **kwargs) -> None:
    delete_files_on_commit([instance.file.name, *(r.get("name") for r in instance.renditions)])


def _document_deleted(sender, instance, **kwargs) -> None:
    delete_files_on_commit([instance.file.name])


def connect() -> None:
    for model in (Image, Document):
        post_save.connect(_library_changed, sender=model, dispatch_uid=f"pagecache-{model.__name__}-save")
        post_delete.connect(_library_changed, sender=model, dispatch_uid=f"pagecache-{model.__name__}-delete")
    post_delete.connect(_image_deleted, sender=Image, dispatch_uid="media-image-files-delete")
    post_delete.connect(_document_deleted, sender=Document, dispatch_uid="media-document-files-delete")
