"""Bringing articles in: the one code path behind the ``import_articles`` command and the admin page.

For every file (``imports.reading``) the right reader turns it into
``ParsedArticle`` objects (``wxr``, ``htmlpage``, ``textpage``); each is then
matched against what is already here and stored in a transaction of its own:

- new: a draft in the editorial workflow, created by the importing editor, whose
  first version records "Imported from <file or address>"; its authors become
  contributors (existing ones by name, new ones with no account and no
  credentials); its category path is matched to the tree by name and missing
  levels created (unless told not to); its tags kept; its old comments stored
  through ``comments.moderation.import_comment``, held for a moderator;
- imported before and still an untouched draft: updated, as a new version;
- imported before and since edited, sent for review or live: left alone, and the
  report says so.

A dry run goes through the same matching and says what would happen, writing
nothing. One bad file or post never stops the others: it gets one line in the
report and leaves nothing behind.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.db.models import Q
from django.utils.text import slugify

from articles import bylines, provenance, workflow
from articles.models import (
    Article,
    ArticleSlugHistory,
    ArticleStatusChange,
    Category,
    Source,
)
from comments import moderation
from comments.models import Comment, ModerationSettings, WatchedPhrase
from healthsite.slugs import reserved_top_level_slugs
from imports import dates, htmlpage, reading, textpage, wxr
from imports.models import ImportedArticle, ImportedComment
from imports.parsed import BadFile, ParsedArticle
from imports.report import Line, Report

logger = logging.getLogger(__name__)

DEFAULT_DROP_CRUMBS = ("Home", "More")
IMPORT_PERMISSION = "imports.import_articles"


@dataclass
class Options:
    dry_run: bool = False
    user: object = None  # who the import is recorded as (required unless dry_run)
    category: str = ""  # "Health > Recovery": where articles without a usable category go
    drop_crumbs: tuple[str, ...] = DEFAULT_DROP_CRUMBS
    new_categories: bool = True
    include_drafts: bool = False

    @classmethod
    def from_form(cls, stored: dict, *, user, dry_run: bool) -> Options:
        """The options the admin's upload form chose (``ImportForm.options``, kept as JSON)."""
        return cls(
            dry_run=dry_run,
            user=user,
            category=stored["category"],
            drop_crumbs=tuple(stored["drop_crumbs"]),
            new_categories=stored["new_categories"],
            include_drafts=stored["include_drafts"],
        )


def can_import(user) -> bool:
    """Editors (and superusers) may import; writers may not."""
    return bool(user and user.is_active and user.has_perm(IMPORT_PERMISSION))


def split_path(path: str) -> list[str]:
    """``"Health > Recovery"`` (or with /, ›, ») as its parts."""
    return [part.strip() for part in re.split(r"\s*(?:>|›|»|/)\s*", path or "") if part.strip()]


def _key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def _name_key(name: str) -> str:
    """Category names compared ignoring case, spacing, punctuation and "&" against "and"."""
    name = name.casefold().replace("&", " and ").replace("+", " and ")
    return " ".join(re.sub(r"[^\w]+", " ", name).split())


# --- Categories -------------------------------------------------------------------------


@dataclass
class Placed:
    category: Category | None
    path: str  # as the report shows it
    new_levels: list[str] = field(default_factory=list)
    note: str = ""


class CategoryTree:
    """Finds a breadcrumb's category in the tree, creating missing levels when allowed.

    The tree is read once and remembered for the run; levels a dry run would
    create are remembered too, so the report names each new category once.
    """

    def __init__(self, *, create: bool, dry_run: bool):
        self.create = create
        self.dry_run = dry_run
        self._children: dict[int | None, dict[str, Category]] | None = None
        self._planned: set[tuple[str, ...]] = set()

    def forget(self) -> None:
        """Read the tree again next time (after a rolled-back article that may have added to it)."""
        self._children = None

    def _load(self) -> dict[int | None, dict[str, Category]]:
        if self._children is None:
            self._children = {}
            for category in Category.objects.order_by("position", "pk"):
                self._children.setdefault(category.parent_id, {}).setdefault(
                    _name_key(category.name), category
                )
        return self._children

    def find(self, crumbs: list[str]) -> tuple[Category | None, int]:
        """The deepest existing category along ``crumbs``, and how many levels matched."""
        children = self._load()
        parent, depth = None, 0
        for crumb in crumbs:
            found = children.get(parent.pk if parent else None, {}).get(_name_key(crumb))
            if found is None:
                break
            parent, depth = found, depth + 1
        return parent, depth

    def place(self, crumbs: list[str]) -> Placed:
        category, depth = self.find(crumbs)
        shown = " > ".join(crumbs)
        if depth == len(crumbs):
            return Placed(category, category.full_name if category else shown)
        if not self.create:
            return Placed(None, shown, note="no such category")
        missing = crumbs[depth:]
        if self.dry_run:
            new = []
            for i in range(depth, len(crumbs)):
                key = tuple(_name_key(c) for c in crumbs[: i + 1])
                if key not in self._planned:
                    self._planned.add(key)
                    new.append(" > ".join(crumbs[: i + 1]))
            return Placed(None, shown, new_levels=new, note="" if new else "new in this import")
        parent, new = category, []
        for name in missing:
            parent = self._create(name[:120], parent)
            new.append(parent.full_name)
        return Placed(parent, parent.full_name, new_levels=new)

    def _create(self, name: str, parent: Category | None) -> Category:
        base = slugify(name)[:100] or "topic"
        if parent is None and base in reserved_top_level_slugs():
            base = f"{base}-topics"
        for n in range(1, 50):
            slug = base if n == 1 else f"{base}-{n}"
            category = Category(name=name, slug=slug, parent=parent)
            try:
                category.full_clean(exclude=["path", "full_name"])
            except ValidationError:
                continue
            category.save()
            self._load().setdefault(parent.pk if parent else None, {})[_name_key(name)] = category
            return category
        raise ValidationError(f"Could not find a free address for the category “{name}”.")


# --- The run ----------------------------------------------------------------------------


class Importer:
    """One import run. ``run(paths)`` fills ``report``; ``progress(1)`` is called for each article or file."""

    def __init__(self, options: Options, *, progress: Callable[[int], None] | None = None):
        if not options.dry_run and not can_import(options.user):
            raise PermissionError("Only editors can import articles.")
        self.options = options
        self.report = Report(dry_run=options.dry_run)
        self.progress = progress or (lambda n: None)
        self.tree = CategoryTree(create=options.new_categories, dry_run=options.dry_run)
        self.drop = {_name_key(word) for word in options.drop_crumbs}
        self.fallback_crumbs = split_path(options.category)
        self.seen_keys: set[str] = set()
        self.planned_contributors: set[str] = set()
        self.contributors: dict[str, object] = {}  # by name, for this run
        self.screening = None

    def check_fallback_category(self) -> str:
        """A problem with ``--category`` before anything is read, or ""."""
        if not self.fallback_crumbs:
            return ""
        category, depth = self.tree.find(self.fallback_crumbs)
        if depth < len(self.fallback_crumbs) and not self.options.new_categories:
            return (
                f"The category “{self.options.category}” does not exist, and new categories are not allowed."
            )
        return ""

    def run(self, paths: list[str]) -> Report:
        for entry in reading.walk(paths):
            if isinstance(entry, reading.Unreadable):
                self.report.add(Line(source=entry.name, outcome="failed", message=entry.message))
                self.progress(1)
                continue
            self.import_source(entry)
        return self.report

    def import_source(self, source: reading.Source) -> None:
        """Read one file and store what it holds, each article on its own."""
        try:
            with source.opener() as handle:
                head = handle.read(65536)
        except OSError as exc:
            self._fail(source.name, f"Could not be read: {exc.strerror or exc}.")
            return
        if not head.strip():
            self._fail(source.name, "Empty: the file has no text.")
            return
        kind = reading.sniff(head, source.name)
        if kind == "zip":
            self._fail(source.name, "A zip file inside a zip file: unzip the outer one first.")
        elif kind == "binary":
            self._fail(source.name, f"Not a page: this is {reading.binary_kind(head)}.")
        elif kind == "wordpress":
            self._import_export(source)
        else:
            self._import_page(source, kind)

    def _fail(self, source: str, message: str, *, item: str = "", title: str = "") -> None:
        self.report.add(Line(source=source, item=item, title=title, outcome="failed", message=message))
        self.progress(1)

    def _import_export(self, source: reading.Source) -> None:
        if source.size > settings.IMPORT_MAX_EXPORT_BYTES:
            self._fail(
                source.name,
                f"Too large: {source.size / 1_048_576:,.0f} MB, where the limit for an export is "
                f"{settings.IMPORT_MAX_EXPORT_BYTES / 1_048_576:,.0f} MB (IMPORT_MAX_EXPORT_BYTES).",
            )
            return
        try:
            with source.opener() as stream:
                for entry in wxr.read_export(
                    stream, source=source.name, include_drafts=self.options.include_drafts
                ):
                    if isinstance(entry, wxr.Skipped):
                        self.report.skipped_counts[(source.name, entry.reason)] += 1
                        self.progress(1)
                    elif isinstance(entry, wxr.BadItem):
                        self._fail(source.name, entry.message, item=entry.item, title=entry.title)
                    else:
                        self.store(entry)
        except BadFile as exc:
            self._fail(source.name, str(exc))
        except OSError as exc:
            self._fail(source.name, f"Could not be read: {exc.strerror or exc}.")

    def _import_page(self, source: reading.Source, kind: str) -> None:
        try:
            data = reading.read_bytes(source, settings.IMPORT_MAX_PAGE_BYTES)
            if kind == "html" and re.search(rb"<!ENTITY", data[:65536], re.I):
                raise BadFile("Refused: the page declares XML entities, which is how XML bombs work.")
            text, note = reading.decode(data, kind=kind)
            reader = htmlpage.read_html_page if kind == "html" else textpage.read_text_page
            parsed = reader(text, source=source.name, name=source.basename)
        except BadFile as exc:
            self._fail(source.name, str(exc))
            return
        except OSError as exc:
            self._fail(source.name, f"Could not be read: {exc.strerror or exc}.")
            return
        except Exception as exc:  # noqa: BLE001 (a page no reader copes with is one failed line, not a stopped run)
            logger.warning("Could not read %s", source.name, exc_info=True)
            self._fail(source.name, f"Could not be read as a page ({type(exc).__name__}).")
            return
        if note:
            parsed.notes.insert(0, note)
        self.store(parsed)

    # --- One article ----------------------------------------------------------------

    def store(self, parsed: ParsedArticle) -> Line:
        """Match ``parsed`` with what is here and store it (or, in a dry run, say what would happen)."""
        line = self._line(parsed)
        self.progress(1)
        key = _key_hash(parsed.key)
        if key in self.seen_keys:
            line.outcome = "duplicate"
            return self.report.add(line)
        self.seen_keys.add(key)
        problem = self._check(parsed)
        if problem:
            line.outcome, line.message = "failed", problem
            return self.report.add(line)
        marks = (len(self.report.new_categories), len(self.report.new_contributors))
        try:
            if self.options.dry_run:
                self._plan(parsed, line, key)
            elif not self._nothing_to_write(parsed, line, key):
                with transaction.atomic():
                    _commit_without_waiting_for_disk()
                    self._write(parsed, line, key)
        except (DatabaseError, ValidationError, workflow.InvalidTransition) as exc:
            logger.warning("Importing %s failed and was rolled back", line.where, exc_info=True)
            # What the rolled-back article added (categories, contributors) is gone again.
            self.tree.forget()
            self.contributors.clear()
            del self.report.new_categories[marks[0] :], self.report.new_contributors[marks[1] :]
            line.outcome = "failed"
            line.message = f"Nothing was stored: {_message(exc)}"
        return self.report.add(line)

    def _check(self, parsed: ParsedArticle) -> str:
        if not parsed.title.strip():
            return "No title found."
        if not parsed.body.strip():
            return "No article text found."
        if "\x00" in parsed.title + parsed.body:
            return "The text holds null characters, which cannot be stored."
        return ""

    def _line(self, parsed: ParsedArticle) -> Line:
        def day(value):
            return dates.describe(value) if value else ""

        return Line(
            source=parsed.source,
            item=parsed.item,
            outcome="imported",
            title=parsed.title,
            authors=list(parsed.authors),
            first_published=day(parsed.published_at),
            last_updated=day(parsed.updated_at),
            origin=parsed.origin,
            summary=parsed.summary,
            summary_guessed_from=parsed.summary_from,
            sections=list(parsed.sections),
            tags=list(parsed.tags),
            removed=list(parsed.removed),
            comments=f"{len(parsed.comments)} found" if parsed.comments else "none",
            notes=list(parsed.notes),
        )

    def _crumbs(self, parsed: ParsedArticle) -> list[str]:
        return [crumb for crumb in parsed.crumbs if _name_key(crumb) not in self.drop and crumb.strip()]

    def _place(self, parsed: ParsedArticle, line: Line) -> Placed | None:
        crumbs = self._crumbs(parsed)
        placed = self.tree.place(crumbs) if crumbs else None
        if placed is not None and placed.note == "no such category":
            line.notes.append(f"No category “{placed.path}” here, and new categories are not allowed.")
            placed = None
        if placed is None and self.fallback_crumbs:
            placed = self.tree.place(self.fallback_crumbs)
            line.notes.append(
                f"Filed under “{placed.path}” (the --category for articles without a usable category)."
            )
        if placed is None:
            line.category = ""
            line.notes.append("No category: file it by hand before review.")
            return None
        line.category = placed.path
        if placed.new_levels:
            verb = "would be created" if self.options.dry_run else "created"
            line.notes.append(f"New categories {verb}: {'; '.join(placed.new_levels)}.")
            self.report.new_categories.extend(placed.new_levels)
        if parsed.other_categories:
            line.notes.append(
                f"Also filed under {', '.join(parsed.other_categories)} on the old site: "
                "an article has one category here."
            )
        return placed

    def _original_dates(self, parsed: ParsedArticle, line: Line):
        published, updated = parsed.published_at, parsed.updated_at
        problems = provenance.date_problems(published, updated)
        if "updated_at" in problems:
            line.notes.append(f"Last-updated date {line.last_updated} is in the future: left out.")
            updated, line.last_updated = None, ""
        problems = provenance.date_problems(published, updated)
        if problems.get("published_at", "").endswith("future."):
            line.notes.append(f"First-published date {line.first_published} is in the future: left out.")
            published, line.first_published = None, ""
        elif problems:
            line.notes.append(
                f"Last-updated date {line.last_updated} is before the first-published date: left out."
            )
            updated, line.last_updated = None, ""
        return published, updated

    def _existing(self, parsed: ParsedArticle, key: str) -> ImportedArticle | None:
        """The earlier import of this source: by its key, else by its address (one query)."""
        match = Q(key=key) | Q(origin_url=parsed.origin_url) if parsed.origin_url else Q(key=key)
        records = list(ImportedArticle.objects.select_related("article").filter(match).order_by("pk")[:5])
        return next((r for r in records if r.key == key), records[0] if records else None)

    def _left_alone(self, record: ImportedArticle, parsed: ParsedArticle) -> str:
        """Why an earlier import must not be overwritten ("" when it may be)."""
        article = record.article
        if article.has_live_status:
            return "(live): left alone."
        if (
            article.status != Article.Status.DRAFT
            or article.status_changes.filter(action=ArticleStatusChange.Action.SUBMIT).exists()
        ):
            return f"({article.get_review_state_display().lower()}, so it has gone into review): left alone."
        if article.version != record.imported_version:
            return "(and edited here since): left alone, so no one's work is lost."
        return ""

    def _plan(self, parsed: ParsedArticle, line: Line, key: str) -> None:
        record = self._existing(parsed, key)
        if record is not None:
            line.article_id = record.article_id
            reason = self._left_alone(record, parsed)
            if reason:
                line.outcome, line.message = "left_alone", reason
                return
            if record.content_hash == parsed.content_hash():
                line.outcome = "unchanged"
                return
            line.outcome = "would_update"
        else:
            line.outcome = "would_import"
        self._place(parsed, line)
        self._original_dates(parsed, line)
        for name in parsed.authors:
            if bylines.matching_contributor(name) is None and name not in self.planned_contributors:
                self.planned_contributors.add(name)
                self.report.new_contributors.append(name)
        line.comments = self._comment_plan(parsed, record)

    def _comment_plan(self, parsed: ParsedArticle, record) -> str:
        if not parsed.comments:
            return "none"
        keys = [_key_hash(f"{parsed.key}\n{c.key}") for c in parsed.comments]
        known = (
            set(ImportedComment.objects.filter(key__in=keys).values_list("key", flat=True))
            if record
            else set()
        )
        new = len(keys) - len(known)
        verb = "would be" if self.options.dry_run else "are"
        text = f"{len(keys)} found; {new} new {verb} held for a moderator"
        return text + (f", {len(known)} already imported" if known else "")

    def _nothing_to_write(self, parsed: ParsedArticle, line: Line, key: str) -> bool:
        """Settle, without a transaction, the common case of an import run again: nothing to do.

        ``_write`` checks again under a lock before it changes anything.
        """
        record = self._existing(parsed, key)
        if record is None:
            return False
        line.article_id = record.article_id
        reason = self._left_alone(record, parsed)
        if reason:
            line.outcome, line.message = "left_alone", reason
            return True
        if record.content_hash == parsed.content_hash():
            line.outcome = "unchanged"
            return True
        return False

    def _write(self, parsed: ParsedArticle, line: Line, key: str) -> None:
        user = self.options.user
        record = self._existing(parsed, key)
        if record is not None:
            line.article_id = record.article_id
            article = Article.objects.select_for_update().get(pk=record.article_id)
            record.article = article
            reason = self._left_alone(record, parsed)
            if reason:
                line.outcome, line.message = "left_alone", reason
                return
            if record.content_hash == parsed.content_hash():
                line.outcome = "unchanged"
                return
            line.outcome = "updated"
        else:
            article = Article(created_by=user, slug=_free_slug(parsed.title))
            line.outcome = "imported"
        placed = self._place(parsed, line)
        published, updated = self._original_dates(parsed, line)
        article.title = parsed.title
        article.summary = parsed.summary[:500]
        article.body = parsed.body
        article.category = placed.category if placed else None
        article.origin = parsed.origin[:500]
        article.origin_site = parsed.origin_site[:200]
        article.original_published_at, article.original_updated_at = published, updated
        article.save()
        if record is None:
            article.tags.add(*parsed.tags)
            article.authors.add(*self._contributors(parsed.authors))
        else:
            article.tags.set(parsed.tags)
            article.authors.set(self._contributors(parsed.authors))
            article.sources.all().delete()
        Source.objects.bulk_create(
            Source(article=article, title=source["title"], url=source["url"], position=position)
            for position, source in enumerate(parsed.sources)
        )
        verb = "Imported again" if record else "Imported"
        workflow.record_edit(article, by=user, change_summary=f"{verb} from {parsed.origin}", is_major=True)
        line.article_id = article.pk
        line.comments = self._store_comments(parsed, article)
        values = {
            "source_key": parsed.key,
            "origin_url": parsed.origin_url[:500],
            "content_hash": parsed.content_hash(),
            "imported_version": article.version,
        }
        if record is None:
            ImportedArticle.objects.create(key=key, article=article, **values)
        else:
            ImportedArticle.objects.filter(pk=record.pk).update(**values)

    def _contributors(self, names: list[str]) -> list:
        """The contributors credited by ``names``, found or added once per run."""
        found = []
        for name in names:
            if name not in self.contributors:
                contributor, created = bylines.credit(name)
                self.contributors[name] = contributor
                if created:
                    self.report.new_contributors.append(contributor.name)
            found.append(self.contributors[name])
        return found

    def _store_comments(self, parsed: ParsedArticle, article: Article) -> str:
        if not parsed.comments:
            return "none"
        keys = {c.key: _key_hash(f"{parsed.key}\n{c.key}") for c in parsed.comments}
        known = dict(ImportedComment.objects.filter(key__in=keys.values()).values_list("key", "comment_id"))
        by_pk = Comment.objects.in_bulk(list(known.values())) if known else {}
        already = {
            c.key: by_pk[known[keys[c.key]]] for c in parsed.comments if known.get(keys[c.key]) in by_pk
        }
        old: dict[str, moderation.OldComment] = {}
        too_long = 0
        for comment in parsed.comments:
            if comment.key in already:
                continue
            if len(comment.text) > Comment.MAX_LENGTH:
                too_long += 1
                continue
            parent = old.get(comment.parent_key) or already.get(comment.parent_key)
            old[comment.key] = moderation.OldComment(comment.name, comment.posted_at, comment.text, parent)
        if self.screening is None:  # loaded once a run: one import is one set of rules
            self.screening = (ModerationSettings.load(), list(WatchedPhrase.objects.filter(is_active=True)))
        config, phrases = self.screening
        stored = moderation.import_comments(
            article=article, comments=list(old.values()), origin=parsed.origin, config=config, phrases=phrases
        )
        ImportedComment.objects.bulk_create(
            ImportedComment(key=keys[key], comment=comment) for key, comment in zip(old, stored, strict=True)
        )
        text = f"{len(parsed.comments)} found; {len(stored)} new held for a moderator"
        if already:
            text += f", {len(already)} already imported"
        if too_long:
            text += f", {too_long} longer than {Comment.MAX_LENGTH:,} characters not imported"
        return text


def _commit_without_waiting_for_disk() -> None:
    # Each article is committed on its own; waiting for the disk at every one of
    # thousands of commits is most of an import's time on PostgreSQL. After a
    # server crash the last few articles may be missing, and importing the same
    # files again brings exactly those back: nothing half-stored is possible.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


def _free_slug(title: str) -> str:
    base = slugify(title)[:180].strip("-") or "imported-article"
    slug, n = base, 1
    while Article.objects.filter(slug=slug).exists() or ArticleSlugHistory.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _message(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(exc.messages)
    if isinstance(exc, DatabaseError):
        return "the database refused it (see the server log)."
    return str(exc)


def run(paths: list[str], options: Options, *, progress=None) -> Report:
    """Import ``paths`` (files and folders) with ``options``; see ``Importer``."""
    return Importer(options, progress=progress).run(paths)
