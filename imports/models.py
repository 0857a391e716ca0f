"""What the importer remembers: each run, and which source item became which article or comment.

The records make importing idempotent: the same source item (a WordPress post's
guid, a page's canonical address, or a file's name and text) always leads back to
the same article, and the same old comment is never stored twice.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class ImportRun(models.Model):
    """One run of the importer, from the command line or the admin: who, when, and its report."""

    class Via(models.TextChoices):
        COMMAND = "command", "Command line"
        ADMIN = "admin", "Admin page"

    class Status(models.TextChoices):
        # An import confirmed in the admin waits for a worker (imports.tasks).
        QUEUED = "queued", "Waiting for a worker"
        RUNNING = "running", "Importing"
        DONE = "done", "Finished"
        FAILED = "failed", "Failed"

    started_at = models.DateTimeField(default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    via = models.CharField(max_length=10, choices=Via.choices, default=Via.COMMAND)
    dry_run = models.BooleanField(default=False)
    sources = models.TextField(blank=True, help_text="The files and folders imported, one a line.")
    summary = models.JSONField(default=dict, blank=True)
    report = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DONE)
    error = models.TextField(blank=True, help_text="Why the import failed, if it did.")
    # What a queued import needs: the folder its files wait in (imports.uploads) and the
    # options chosen on the form.
    upload_token = models.CharField(max_length=40, blank=True, editable=False)
    options = models.JSONField(default=dict, blank=True, editable=False)

    # Queued or running: no report yet, and a worker may still take it up.
    UNFINISHED = (Status.QUEUED, Status.RUNNING)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = "import"
        permissions = [("import_articles", "Can import articles from other sites")]

    def __str__(self) -> str:
        kind = "Dry run" if self.dry_run else "Import"
        return f"{kind} of {self.started_at:%d %b %Y, %H:%M}"

    @property
    def is_unfinished(self) -> bool:
        return self.status in self.UNFINISHED


class ImportedArticle(models.Model):
    """The source item an article was made from, and the state it was last imported in."""

    # sha256 of ``source_key``: source keys (guids, addresses) can be longer than an index allows.
    key = models.CharField(max_length=64, unique=True)
    source_key = models.TextField()
    article = models.OneToOneField("articles.Article", on_delete=models.CASCADE, related_name="import_record")
    # The same page may come in once from an export and once saved as a file.
    origin_url = models.CharField(max_length=500, blank=True, db_index=True)
    content_hash = models.CharField(max_length=64)
    # The article's version after the import: a later version means people edited
    # it here, and a new import must not overwrite their work.
    imported_version = models.PositiveIntegerField(default=0)
    first_imported_at = models.DateTimeField(auto_now_add=True)
    last_imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "imported article"

    def __str__(self) -> str:
        return self.source_key


class ImportedComment(models.Model):
    """An old comment that was imported, so importing again never stores it twice."""

    key = models.CharField(max_length=64, unique=True)
    comment = models.OneToOneField("comments.Comment", on_delete=models.CASCADE, related_name="import_record")

    class Meta:
        verbose_name = "imported comment"

    def __str__(self) -> str:
        return self.key
