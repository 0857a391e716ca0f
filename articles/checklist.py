"""The pre-publish checklist: what a version must have before a medical reviewer may approve it.

``checklist_for(article)`` works out every item for the version under review
(the pending correction of a live article, otherwise the article itself). Each
item passes, fails, or fails but was waived by an editor with a note
(``waive()``; the ``ChecklistWaiver`` row is the record, shown on the article's
page to everyone who reviews it). ``articles.workflow`` refuses approval while
an item fails unwaived, naming the items.

A summary and at least one source were required for medical sign-off before
this checklist existed; they are items here too, but cannot be waived.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.roles import WAIVE_CHECKLIST_ITEM
from articles import quality, revisions
from articles.models import Article, ArticleType, ChecklistWaiver, JargonTerm, SourceLinkCheck

PASS, FAIL, WAIVED = "pass", "fail", "waived"
NOTE_MAX_LENGTH = 2000


class CannotWaive(Exception):
    """A waiver that was refused; nothing was stored. The message is for the person who tried."""


@dataclass
class Item:
    key: str
    label: str
    passed: bool
    detail: str = ""
    waivable: bool = True
    waiver: ChecklistWaiver | None = None

    @property
    def state(self) -> str:
        if self.passed:
            return PASS
        return WAIVED if self.waiver else FAIL

    @property
    def is_blocking(self) -> bool:
        return self.state == FAIL


@dataclass
class Checklist:
    version: int
    article_type: ArticleType | None
    items: list[Item]
    report: quality.Report
    source_checks: list[tuple[dict, SourceLinkCheck | None]] = field(default_factory=list)

    @property
    def blocking(self) -> list[Item]:
        """Items that fail and were not waived: approval waits for these."""
        return [item for item in self.items if item.is_blocking]

    def item(self, key: str) -> Item | None:
        return next((item for item in self.items if item.key == key), None)


def content_under_review(article: Article) -> dict:
    """The content the checklist is about: the correction waiting on a live article, else the article."""
    pending = article.pending_revision()
    return pending.content if pending else revisions.snapshot_of(article)


def _year_of(source: dict) -> int | None:
    year = source.get("year")
    return year if isinstance(year, int) else None


def _source_items(content: dict, checks: dict[str, SourceLinkCheck]) -> list[Item]:
    sources = content["sources"]
    items = [
        Item(
            "sources",
            "At least one source",
            bool(sources),
            f"{len(sources)} source(s)." if sources else "Add the sources the article relies on.",
            waivable=False,
        )
    ]
    years = [year for year in map(_year_of, sources) if year]
    max_age, this_year = settings.SOURCES_MAX_AGE_YEARS, timezone.localdate().year
    if not sources:
        pass
    elif not years:
        items.append(
            Item(
                "source_age",
                f"Newest source no older than {max_age} years",
                False,
                "No source gives the year it was published or last updated: add it.",
            )
        )
    else:
        newest = max(years)
        age = this_year - newest
        items.append(
            Item(
                "source_age",
                f"Newest source no older than {max_age} years",
                age <= max_age,
                f"The newest source is from {newest}"
                + ("." if age <= 0 else f", {age} year{'s' if age != 1 else ''} ago."),
            )
        )
    linked = [source for source in sources if source.get("url")]
    if linked:
        broken = [s for s in linked if (check := checks.get(s["url"])) and check.is_broken]
        moved = [
            s for s in linked if (check := checks.get(s["url"])) and check.outcome == check.Outcome.MOVED
        ]
        unchecked = [s for s in linked if s["url"] not in checks]
        notes = []
        if broken:
            notes.append("Broken: " + "; ".join(s["title"] or s["url"] for s in broken) + ".")
        if moved:
            notes.append(
                "Moved (update the address): " + "; ".join(s["title"] or s["url"] for s in moved) + "."
            )
        if unchecked:
            notes.append(f"{len(unchecked)} not checked yet.")
        items.append(
            Item("source_links", "Source links work", not broken, " ".join(notes) or "Every link answered.")
        )
    return items


def checklist_for(article: Article, *, content: dict | None = None) -> Checklist:
    """Every checklist item for the version of ``article`` under review, with any waivers."""
    content = content if content is not None else content_under_review(article)
    report = quality.analyse(content["body"], jargon_terms=JargonTerm.objects.all())
    article_type = (
        ArticleType.objects.prefetch_related("required_sections").filter(pk=article.article_type_id).first()
        if article.article_type_id
        else None
    )
    urls = [source["url"] for source in content["sources"] if source.get("url")]
    checks = {check.url: check for check in SourceLinkCheck.objects.filter(url__in=urls)}

    items = [
        Item(
            "summary",
            "Summary",
            bool(content["summary"].strip()),
            "" if content["summary"].strip() else "Write one or two plain sentences for under the title.",
            waivable=False,
        ),
        *_source_items(content, checks),
    ]
    if article_type is not None:
        for section in article_type.required_sections.all():
            found = next((heading for heading in report.headings if section.matches(heading)), None)
            items.append(
                Item(
                    f"section-{section.pk}",
                    f"Section “{section.heading}”",
                    found is not None,
                    f"Found as “{found}”."
                    if found
                    else "No heading matches. Accepted: "
                    + ", ".join(f"“{h}”" for h in section.accepted_headings())
                    + ".",
                )
            )
        if article_type.needs_help_box:
            items.append(
                Item(
                    "help_box",
                    "A “when to get help” box",
                    report.help_boxes > 0,
                    f"{report.help_boxes} box(es)."
                    if report.help_boxes
                    else "Add one: a line starting !!! gp, !!! urgent or !!! emergency, "
                    "with the text indented under it.",
                )
            )
    low, high = report.target
    items.append(
        Item(
            "reading_age",
            f"Reading age within the target ({low} to {high})",
            report.is_within_target,
            (
                f"Reading age {report.reading_age:g}: {report.verdict}."
                if report.reading_age
                else "Too short to measure."
            )
            + ("" if report.is_within_target else " Shorten sentences and use everyday words."),
        )
    )
    items.append(
        Item(
            "structure",
            "No structure problems",
            not report.problems,
            f"{len(report.problems)} problem(s): " + " ".join(report.problems) if report.problems else "",
        )
    )
    if article_type is not None and article_type.needs_condition:
        count = len(content["conditions"])
        items.append(
            Item(
                "condition",
                "At least one linked condition",
                count > 0,
                f"{count} linked." if count else "Link the condition entries this article is about.",
            )
        )
    waivers = {
        w.item: w
        for w in article.checklist_waivers.filter(version=article.version).select_related("waived_by")
    }
    for item in items:
        if not item.passed and item.waivable:
            item.waiver = waivers.get(item.key)
    return Checklist(
        version=article.version,
        article_type=article_type,
        items=items,
        report=report,
        source_checks=[(source, checks.get(source.get("url"))) for source in content["sources"]],
    )


def can_waive(user) -> bool:
    return bool(user and user.is_active and user.has_perm(WAIVE_CHECKLIST_ITEM))


def waive(article: Article, *, item: str, by, note: str) -> ChecklistWaiver:
    """Record that the failing item ``item`` may pass on the version under review, with ``note`` saying why.

    Only editors waive; the note is required. Raises ``CannotWaive`` (nothing
    stored) if the item passes, cannot be waived or was waived already.
    """
    if not can_waive(by):
        raise CannotWaive("Only editors can waive checklist items.")
    note = (note or "").strip()
    if not note:
        raise CannotWaive("Write a note saying why this item can be let through.")
    if len(note) > NOTE_MAX_LENGTH:
        raise CannotWaive(f"The note is too long: keep it under {NOTE_MAX_LENGTH} characters.")
    if "\x00" in note:
        raise CannotWaive("The note contains a null character, which cannot be stored. Please retype it.")
    with transaction.atomic():
        locked = Article.objects.select_for_update().get(pk=article.pk)
        if locked.status == Article.Status.ARCHIVED:
            raise CannotWaive("This article is archived: there is nothing under review.")
        found = checklist_for(locked).item(item)
        if found is None:
            raise CannotWaive("There is no such item on this article's checklist.")
        if found.passed:
            raise CannotWaive(f"“{found.label}” passes: there is nothing to waive.")
        if not found.waivable:
            raise CannotWaive(f"“{found.label}” is required for medical sign-off and cannot be waived.")
        if found.waiver is not None:
            raise CannotWaive(f"“{found.label}” is already waived for version {locked.version}.")
        try:
            with transaction.atomic():
                return ChecklistWaiver.objects.create(
                    article=locked,
                    version=locked.version,
                    item=found.key,
                    item_label=found.label,
                    note=note,
                    waived_by=by,
                )
        except IntegrityError:
            raise CannotWaive(f"“{found.label}” is already waived for version {locked.version}.") from None
