"""The image and document library: pictures with alt text and credits, and PDF leaflets.

Files go through Django's storage API (``default_storage``): local files while
developing, S3-compatible storage in production (see settings and docs/media.md).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify

from media.documents import CleanDocument
from media.images import ACCEPTED_FORMATS, CleanImage


def delete_files_on_commit(names) -> None:
    """Remove stored files once the change that dropped them has committed."""
    names = [name for name in names if name]

    def delete() -> None:
        for name in names:
            default_storage.delete(name)

    if names:
        transaction.on_commit(delete)


def _unique_slug(model, base: str, pk) -> str:
    base = (slugify(base) or model._meta.model_name)[:90]
    slug, n = base, 2
    while model.objects.filter(slug=slug).exclude(pk=pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def file_size_label(size: int) -> str:
    """A file size the way readers say it: "240 KB", "1.4 MB"."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"


class ImageQuerySet(models.QuerySet):
    def referenced_by(self, refs) -> ImageQuerySet:
        """Images named by ``refs``: slugs, or ids written as digits (``[[image: 12]]``)."""
        refs = set(refs)
        ids = [int(ref) for ref in refs if ref.isdigit() and len(ref) < 19]
        return self.filter(models.Q(slug__in=refs) | models.Q(pk__in=ids))


class Image(models.Model):
    """A picture in the library. The stored original has no metadata (see ``media.images``);
    readers get renditions in several widths and formats (``media.renditions``)."""

    title = models.CharField(
        max_length=200, help_text="A name to find the picture by in the library. Readers do not see it."
    )
    slug = models.SlugField(
        max_length=100,
        unique=True,
        blank=True,
        help_text="Put the picture in an article's text with [[image: this-slug]] on a line of its own. "
        "Filled in from the title if left empty.",
    )
    file = models.FileField(max_length=255, editable=False)
    format = models.CharField(max_length=10, editable=False, choices=[(f, f) for f in ACCEPTED_FORMATS])
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    file_size = models.PositiveIntegerField(editable=False, default=0)
    alt_text = models.CharField(
        max_length=300,
        blank=True,
        verbose_name="alt text",
        help_text="What the picture shows, for readers who cannot see it, e.g. “Diagram of a nerve "
        "meeting a muscle, with the nerve ending marked”. Required unless the picture is decorative.",
    )
    is_decorative = models.BooleanField(
        default=False,
        verbose_name="decorative",
        help_text="Tick only if the picture adds nothing a reader needs (a background pattern). Screen "
        "readers then skip it.",
    )
    caption = models.CharField(max_length=300, blank=True, help_text="Shown under the picture.")
    credit = models.CharField(
        max_length=200, blank=True, help_text="Who made the picture, e.g. “Photo: Sam Jones”."
    )
    licence = models.CharField(
        max_length=200, blank=True, help_text="e.g. “CC BY 4.0” or “All rights reserved”."
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        editable=False,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)
    # Every size and format made from the original (media.renditions): kept on the
    # row, so a page showing a picture needs no query beyond the picture's own.
    renditions = models.JSONField(default=list, blank=True, editable=False)

    objects = ImageQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = _unique_slug(Image, self.title, self.pk)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        if not self.is_decorative and not self.alt_text.strip():
            raise ValidationError(
                {
                    "alt_text": "Describe what the picture shows, for readers who cannot see it, or tick "
                    "“decorative” if it adds nothing they need."
                }
            )

    @property
    def alt(self) -> str:
        """The ``alt`` attribute: empty for a decorative picture, so screen readers skip it."""
        return "" if self.is_decorative else self.alt_text.strip()

    @property
    def mime_type(self) -> str:
        return ACCEPTED_FORMATS[self.format][1] if self.format in ACCEPTED_FORMATS else ""

    @property
    def url(self) -> str:
        return self.file.url if self.file else ""

    def store_original(self, clean: CleanImage) -> None:
        """Store ``clean`` (a checked upload without metadata) as this picture's original.

        Call ``media.renditions.make_renditions(image.pk)`` once the row is saved. A
        replaced original is deleted when the change commits.
        """
        if not self.slug:
            self.slug = _unique_slug(Image, self.title, self.pk)
        old = self.file.name if self.file else ""
        # The name carries the content's hash: a new file always gets a new address.
        self.file.save(
            f"images/originals/{self.slug}-{clean.digest[:12]}.{clean.extension}",
            ContentFile(clean.content),
            save=False,
        )
        self.format, self.width, self.height = clean.format, clean.width, clean.height
        self.file_size = len(clean.content)
        if old and old != self.file.name:
            delete_files_on_commit([old])

    store_original.alters_data = True


class DocumentQuerySet(models.QuerySet):
    def referenced_by(self, refs) -> DocumentQuerySet:
        """Documents named by ``refs``: slugs, or ids written as digits."""
        refs = set(refs)
        ids = [int(ref) for ref in refs if ref.isdigit() and len(ref) < 19]
        return self.filter(models.Q(slug__in=refs) | models.Q(pk__in=ids))


class Document(models.Model):
    """A downloadable leaflet (PDF)."""

    title = models.CharField(
        max_length=200, help_text="What readers see as the link, e.g. “Living with neuromyotonia”."
    )
    slug = models.SlugField(
        max_length=100,
        unique=True,
        blank=True,
        help_text="Link to it from an article's text with [[document: this-slug]]. "
        "Filled in from the title if left empty.",
    )
    file = models.FileField(max_length=255, editable=False)
    file_size = models.PositiveIntegerField(editable=False, default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        editable=False,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = _unique_slug(Document, self.title, self.pk)
        super().save(*args, **kwargs)

    @property
    def type_and_size(self) -> str:
        """What a link to the document says after its title: "PDF, 240 KB"."""
        return f"PDF, {file_size_label(self.file_size)}"

    @property
    def url(self) -> str:
        return self.file.url if self.file else ""

    def store_file(self, clean: CleanDocument) -> None:
        """Store ``clean`` (a checked PDF) as this document's file; a replaced one is deleted on commit."""
        if not self.slug:
            self.slug = _unique_slug(Document, self.title, self.pk)
        old = self.file.name if self.file else ""
        self.file.save(
            f"documents/{self.slug}-{clean.digest[:12]}.pdf", ContentFile(clean.content), save=False
        )
        self.file_size = len(clean.content)
        if old and old != self.file.name:
            delete_files_on_commit([old])

    store_file.alters_data = True
