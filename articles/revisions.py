"""Article content as a snapshot: taking, comparing, applying and previewing versions.

A snapshot is a plain dict of everything readers see in an article: title,
summary, body, hero image, category, tags, linked conditions, authors and sources. Related
rows are stored by id (tags by name), so renaming a category or a contributor
never looks like an edit to the article. Workflow state lives elsewhere
(``articles.workflow``); this module only deals with content.
"""

from __future__ import annotations

import datetime
import difflib
import re
from dataclasses import dataclass, field

from django.db.models import QuerySet
from taggit.models import Tag

from articles.markdown import render_markdown
from articles.models import Article, Category, Contributor, Source
from conditions.models import Condition
from media.models import Image

CONTENT_FIELDS = (
    "title", "summary", "body", "hero_image", "category", "tags", "conditions", "authors", "sources",
)  # fmt: skip
FIELD_LABELS = {
    "title": "Title",
    "summary": "Summary",
    "body": "Body",
    "hero_image": "Hero image",
    "category": "Category",
    "tags": "Tags",
    "conditions": "Conditions",
    "authors": "Authors",
    "sources": "Sources",
}
SOURCE_KEYS = ("title", "url", "publisher", "accessed_on")


def _text(value) -> str:
    # Browsers send CRLF from text areas and form fields strip the ends; without
    # this an untouched body could count as changed.
    return (value or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def _source(*, title, url, publisher, accessed_on, year=None) -> dict:
    if isinstance(accessed_on, datetime.date):
        accessed_on = accessed_on.isoformat()
    source = {
        "title": _text(title),
        "url": url or "",
        "publisher": _text(publisher),
        "accessed_on": accessed_on or None,
    }
    if year:
        # Only when given, so versions saved before sources had a year compare equal.
        source["year"] = year
    return source


def snapshot_of(article: Article) -> dict:
    """The content stored on the article row now."""
    return {
        "title": _text(article.title),
        "summary": _text(article.summary),
        "body": _text(article.body),
        "hero_image": article.hero_image_id,
        "category": article.category_id,
        "tags": sorted(article.tags.names(), key=str.casefold),
        "conditions": sorted(article.conditions.values_list("pk", flat=True)),
        "authors": sorted(article.authors.values_list("pk", flat=True)),
        "sources": [
            _source(title=s.title, url=s.url, publisher=s.publisher, accessed_on=s.accessed_on, year=s.year)
            for s in article.sources.order_by("position", "pk")
        ],
    }


def snapshot_from_form_data(data: dict, sources: list[dict]) -> dict:
    """The content an edit form describes, without saving anything.

    ``data`` is the article form's cleaned data; ``sources`` the cleaned data of
    each source row kept (in the order shown), with its ``position``.
    """
    ordered = sorted(enumerate(sources), key=lambda pair: (pair[1].get("position") or 0, pair[0]))
    return {
        "title": _text(data["title"]),
        "summary": _text(data.get("summary")),
        "body": _text(data.get("body")),
        "hero_image": data["hero_image"].pk if data.get("hero_image") else None,
        "category": data["category"].pk if data.get("category") else None,
        "tags": sorted({tag.name for tag in data.get("tags") or []}, key=str.casefold),
        "conditions": sorted(condition.pk for condition in data.get("conditions") or []),
        "authors": sorted(author.pk for author in data.get("authors") or []),
        "sources": [
            _source(
                title=row.get("title"),
                url=row.get("url"),
                publisher=row.get("publisher"),
                accessed_on=row.get("accessed_on"),
                year=row.get("year"),
            )
            for _, row in ordered
        ],
    }


def changed_fields(old: dict | None, new: dict) -> list[str]:
    if old is None:
        return list(CONTENT_FIELDS)
    # Versions saved before hero images existed have no "hero_image": None, as now.
    return [name for name in CONTENT_FIELDS if old.get(name) != new.get(name)]


def describe_change(old: dict | None, new: dict) -> str:
    """A one-line change summary for when the editor gave none."""
    fields = [FIELD_LABELS[name].lower() for name in changed_fields(old, new)]
    if old is None:
        return "First version"
    if not fields:
        return "No changes to the text"
    listed = fields[0] if len(fields) == 1 else f"{', '.join(fields[:-1])} and {fields[-1]}"
    return f"Changed {listed}"


def apply_content(article: Article, content: dict) -> None:
    """Write ``content`` onto the article row, its tags, links and sources.

    Rows deleted since the snapshot was taken (a category, condition or
    contributor) are left out rather than failing.
    """
    article.title = content["title"]
    article.summary = content["summary"]
    article.body = content["body"]
    category_id = content.get("category")
    article.category_id = (
        category_id if category_id and Category.objects.filter(pk=category_id).exists() else None
    )
    hero_id = content.get("hero_image")
    article.hero_image_id = hero_id if hero_id and Image.objects.filter(pk=hero_id).exists() else None
    article.save()
    article.tags.set(content["tags"])
    article.conditions.set(Condition.objects.filter(pk__in=content["conditions"]))
    article.authors.set(Contributor.objects.filter(pk__in=content["authors"]))
    article.sources.all().delete()
    Source.objects.bulk_create(
        Source(
            article=article,
            title=row["title"],
            url=row["url"],
            publisher=row["publisher"],
            year=row.get("year"),
            accessed_on=datetime.date.fromisoformat(row["accessed_on"]) if row["accessed_on"] else None,
            position=position,
        )
        for position, row in enumerate(content["sources"])
    )


def form_initial(content: dict) -> dict:
    """Initial values for the article edit form, from a snapshot."""
    return {
        "title": content["title"],
        "summary": content["summary"],
        "body": content["body"],
        "hero_image": content.get("hero_image"),
        "category": content.get("category"),
        "tags": list(Tag.objects.filter(name__in=content["tags"]).values_list("pk", flat=True)),
        "conditions": content["conditions"],
        "authors": content["authors"],
    }


def source_initial(content: dict) -> list[dict]:
    """Initial rows for the sources formset, from a snapshot."""
    return [
        {**row, "position": position, "accessed_on": row["accessed_on"] or None, "year": row.get("year")}
        for position, row in enumerate(content["sources"])
    ]


def _with_results(queryset: QuerySet, objects) -> QuerySet:
    # Stand-in for prefetch_related: the template's ``.all()`` reads these.
    queryset._result_cache = list(objects)
    queryset._prefetch_done = True
    return queryset


def preview_article(article: Article, content: dict) -> Article:
    """An unsaved copy of ``article`` showing ``content``, for rendering a preview.

    It keeps the article's id (so comments and links resolve) but must never be
    saved.
    """
    preview = Article(**{f.attname: getattr(article, f.attname) for f in Article._meta.concrete_fields})
    preview.title = content["title"]
    preview.summary = content["summary"]
    preview.body = content["body"]
    preview.body_html = render_markdown(content["body"])
    preview.category = Category.objects.filter(pk=content.get("category")).first()
    preview.hero_image = Image.objects.filter(pk=content.get("hero_image")).first()
    preview.medical_reviewer = article.medical_reviewer
    preview._prefetched_objects_cache = {
        "tags": _with_results(Tag.objects.all(), Tag.objects.filter(name__in=content["tags"])),
        "conditions": _with_results(
            Condition.objects.all(), Condition.objects.filter(pk__in=content["conditions"])
        ),
        "authors": _with_results(
            Contributor.objects.all(), Contributor.objects.filter(pk__in=content["authors"])
        ),
        "sources": _with_results(
            Source.objects.none(),
            (
                Source(
                    article=preview,
                    title=row["title"],
                    url=row["url"],
                    publisher=row["publisher"],
                    year=row.get("year"),
                    position=position,
                )
                for position, row in enumerate(content["sources"])
            ),
        ),
    }
    return preview


# --- Comparing versions -----------------------------------------------------


@dataclass
class DiffRow:
    """One line of a comparison; each side is a list of (text, changed) pieces or None."""

    kind: str
    old: list[tuple[str, bool]] | None
    new: list[tuple[str, bool]] | None


@dataclass
class FieldDiff:
    name: str
    label: str
    rows: list[DiffRow] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(row.kind != "equal" for row in self.rows)


def _names(model, ids) -> dict[int, str]:
    return {obj.pk: str(obj) for obj in model.objects.filter(pk__in=set(ids))}


def _display_lines(content: dict, names: dict[str, dict[int, str]]) -> dict[str, list[str]]:
    def named(kind, pk):
        return names[kind].get(pk, f"(deleted, no. {pk})")

    sources = []
    for row in content["sources"]:
        parts = [row["title"], row["publisher"], str(row.get("year") or ""), row["url"]]
        if row["accessed_on"]:
            parts.append(f"accessed {row['accessed_on']}")
        sources.append(" · ".join(part for part in parts if part))
    return {
        "title": [content["title"]],
        "summary": content["summary"].split("\n"),
        "body": content["body"].split("\n"),
        "hero_image": [named("hero_image", content["hero_image"])] if content.get("hero_image") else [],
        "category": [named("category", content["category"])] if content.get("category") else [],
        "tags": list(content["tags"]),
        "conditions": sorted(named("conditions", pk) for pk in content["conditions"]),
        "authors": sorted(named("authors", pk) for pk in content["authors"]),
        "sources": sources,
    }


_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")


def _word_diff(old: str, new: str) -> tuple[list[tuple[str, bool]], list[tuple[str, bool]]]:
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    old_parts: list[tuple[str, bool]] = []
    new_parts: list[tuple[str, bool]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if i2 > i1:
            old_parts.append(("".join(a[i1:i2]), tag != "equal"))
        if j2 > j1:
            new_parts.append(("".join(b[j1:j2]), tag != "equal"))
    return old_parts, new_parts


def _line_rows(old: list[str], new: list[str], context: int) -> list[DiffRow]:
    rows: list[DiffRow] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for group in matcher.get_grouped_opcodes(context):
        if rows:
            rows.append(DiffRow("skip", None, None))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                rows.extend(DiffRow("equal", [(line, False)], [(line, False)]) for line in old[i1:i2])
                continue
            olds, news = old[i1:i2], new[j1:j2]
            for k in range(max(len(olds), len(news))):
                if k < len(olds) and k < len(news):
                    rows.append(DiffRow("replace", *_word_diff(olds[k], news[k])))
                elif k < len(olds):
                    rows.append(DiffRow("delete", [(olds[k], True)], None))
                else:
                    rows.append(DiffRow("insert", None, [(news[k], True)]))
    return rows


def _related_names(*contents: dict) -> dict[str, dict[int, str]]:
    return {
        "category": _names(Category, [c["category"] for c in contents if c.get("category")]),
        "hero_image": _names(Image, [c["hero_image"] for c in contents if c.get("hero_image")]),
        "conditions": _names(Condition, [pk for c in contents for pk in c["conditions"]]),
        "authors": _names(Contributor, [pk for c in contents for pk in c["authors"]]),
    }


def describe_content(content: dict) -> list[tuple[str, str]]:
    """Each field of a snapshot as (label, readable text), for showing a saved version."""
    lines = _display_lines(content, _related_names(content))
    return [(FIELD_LABELS[name], "\n".join(lines[name])) for name in CONTENT_FIELDS]


def compare(old: dict, new: dict, *, context: int = 3) -> list[FieldDiff]:
    """A readable comparison of two snapshots, field by field (changed fields only)."""
    names = _related_names(old, new)
    old_lines, new_lines = _display_lines(old, names), _display_lines(new, names)
    diffs = []
    for name in changed_fields(old, new):
        diffs.append(
            FieldDiff(name, FIELD_LABELS[name], _line_rows(old_lines[name], new_lines[name], context))
        )
    return [d for d in diffs if d.changed]
