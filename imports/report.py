"""The import report: one line per article or file, a summary, and JSON or CSV for keeping."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from dataclasses import asdict, dataclass, field

# outcome -> (group in the summary, how a line says it)
OUTCOMES = {
    "imported": ("imported", "Imported as a new draft"),
    "would_import": ("imported", "Would be imported as a new draft"),
    "updated": ("updated", "Updated the draft from an earlier import"),
    "would_update": ("updated", "Would update the draft from an earlier import"),
    "unchanged": ("already there", "Already imported; nothing has changed"),
    "left_alone": ("already there", "Already imported"),
    "duplicate": ("already there", "The same article as an earlier file in this import"),
    "skipped": ("skipped", "Skipped"),
    "failed": ("failed", "Failed"),
}
GROUPS = ("imported", "updated", "already there", "skipped", "failed")


@dataclass
class Line:
    source: str
    outcome: str
    title: str = ""
    item: str = ""
    message: str = ""  # why it failed, was skipped or was left alone
    article_id: int | None = None
    category: str = ""
    authors: list[str] = field(default_factory=list)
    first_published: str = ""
    last_updated: str = ""
    origin: str = ""
    summary: str = ""
    summary_guessed_from: str = ""
    sections: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    comments: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def outcome_label(self) -> str:
        return OUTCOMES[self.outcome][1]

    @property
    def group(self) -> str:
        return OUTCOMES[self.outcome][0]

    @property
    def where(self) -> str:
        return f"{self.source} ({self.item})" if self.item else self.source

    def headline(self) -> str:
        """The line as one sentence: ``pages/a.html: Imported as a new draft: “Title”``."""
        text = f"{self.where}: {self.outcome_label}"
        if self.title:
            text += f": “{self.title}”"
        if self.message:
            text += f". {self.message}"
        return text


@dataclass
class Report:
    dry_run: bool = False
    lines: list[Line] = field(default_factory=list)
    new_categories: list[str] = field(default_factory=list)
    new_contributors: list[str] = field(default_factory=list)
    # Skipped items of exports are counted, not listed one by one: (file, reason) -> count.
    skipped_counts: Counter = field(default_factory=Counter)

    def add(self, line: Line) -> Line:
        self.lines.append(line)
        return line

    @property
    def failed(self) -> bool:
        return any(line.outcome == "failed" for line in self.lines)

    def counts(self) -> dict[str, int]:
        counts = Counter(line.group for line in self.lines)
        counts["skipped"] += sum(self.skipped_counts.values())
        return {group: counts.get(group, 0) for group in GROUPS}

    def summary(self) -> dict:
        """Counts by group, with the reasons for each group that has them."""
        reasons: dict[str, Counter] = {group: Counter() for group in GROUPS}
        for line in self.lines:
            if line.group == "already there":
                reasons[line.group][f"{line.outcome_label}. {line.message}".rstrip(". ")] += 1
            elif line.group in ("failed", "skipped") and line.message:
                reasons[line.group][line.message] += 1
        for (_source, reason), count in self.skipped_counts.items():
            reasons["skipped"][reason] += count
        return {
            "dry_run": self.dry_run,
            "counts": self.counts(),
            "reasons": {group: dict(counter.most_common()) for group, counter in reasons.items() if counter},
            "new_categories": self.new_categories,
            "new_contributors": self.new_contributors,
        }

    def summary_lines(self) -> list[str]:
        counts = self.counts()
        what = "Dry run (nothing stored)" if self.dry_run else "Import finished"
        lines = [
            f"{what}: {counts['imported']} imported, {counts['updated']} updated, "
            f"{counts['already there']} already there, {counts['skipped']} skipped, "
            f"{counts['failed']} failed."
        ]
        summary = self.summary()
        for group, reasons in summary["reasons"].items():
            for reason, count in reasons.items():
                lines.append(f"  {group}: {count} × {reason}")
        if self.new_categories:
            verb = "Would create" if self.dry_run else "Created"
            lines.append(f"{verb} {len(self.new_categories)} categories: {'; '.join(self.new_categories)}")
        if self.new_contributors:
            verb = "Would add" if self.dry_run else "Added"
            lines.append(
                f"{verb} {len(self.new_contributors)} contributors (no account, no credentials): "
                f"{', '.join(self.new_contributors)}"
            )
        return lines

    def as_dict(self) -> dict:
        return {"summary": self.summary(), "lines": [asdict(line) for line in self.lines]}

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False, indent=2, default=str)

    def to_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out)
        columns = [
            "source", "item", "outcome", "title", "message", "category", "authors", "first_published",
            "last_updated", "origin", "summary", "summary_guessed_from", "sections", "tags", "removed",
            "comments", "notes", "article_id",
        ]  # fmt: skip
        writer.writerow(columns)
        for line in self.lines:
            row = asdict(line)
            row["outcome"] = line.outcome_label
            writer.writerow(
                [
                    _csv_safe(
                        "; ".join(row[c])
                        if isinstance(row[c], list)
                        else ""
                        if row[c] is None
                        else str(row[c])
                    )
                    for c in columns
                ]
            )
        return out.getvalue()


def _csv_safe(value: str) -> str:
    # A cell starting with = + - @ is run as a formula by spreadsheets; titles come from other sites.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
