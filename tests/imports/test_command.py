"""The import_articles command: options, the report files, the summary and the exit status."""

import csv
import io
import json
import sys

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article
from imports.models import ImportRun
from tests.factories import CategoryFactory
from tests.imports.conftest import BROKEN, PUBLISHER_A, TEXT, WORDPRESS

pytestmark = pytest.mark.django_db


def command(*args) -> str:
    out = io.StringIO()
    call_command("import_articles", *[str(arg) for arg in args], stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_import_prints_a_summary_and_records_the_run(editor):
    output = command(WORDPRESS, PUBLISHER_A, "--user", editor.username)

    assert "Import finished: 3 imported, 0 updated, 0 already there, 3 skipped, 0 failed." in output
    assert "skipped: 1 × drafts (use --include-drafts)" in output
    assert "Added 3 contributors (no account, no credentials): " in output
    run = ImportRun.objects.get()
    assert run.user == editor and run.via == ImportRun.Via.COMMAND and not run.dry_run
    assert run.summary["counts"]["imported"] == 3
    assert len(run.report) == 3


def test_dry_run_needs_no_user_and_stores_nothing(editor):
    output = command(WORDPRESS, "--dry-run")

    assert output.startswith("Dry run (nothing stored): 2 imported")
    assert not Article.objects.exists() and not ImportRun.objects.exists()


def test_a_real_import_needs_an_editor(writer):
    with pytest.raises(CommandError, match="--user"):
        command(WORDPRESS)
    with pytest.raises(CommandError, match="no user called"):
        command(WORDPRESS, "--user", "nobody")
    with pytest.raises(CommandError, match="only editors"):
        command(WORDPRESS, "--user", writer.username)
    assert not Article.objects.exists()


def test_a_failed_file_makes_the_exit_status_non_zero_after_importing_the_rest(editor):
    with pytest.raises(CommandError) as failed:
        command(TEXT, BROKEN / "empty.html", "--user", editor.username)

    assert failed.value.returncode == 1
    assert Article.objects.count() == 3
    assert ImportRun.objects.get().summary["counts"]["failed"] == 1


def test_report_as_json_and_csv(editor, tmp_path):
    as_json, as_csv = tmp_path / "report.json", tmp_path / "report.csv"

    command(PUBLISHER_A, "--user", editor.username, "--report", as_json)
    command(PUBLISHER_A, "--user", editor.username, "--report", as_csv)

    data = json.loads(as_json.read_text())
    line = data["lines"][0]
    assert data["summary"]["counts"]["imported"] == 1
    assert line["title"] == "Neuromyotonia: Causes, Symptoms and Treatment"
    assert line["category"] == "Brain and Nervous System Health"
    assert line["summary_guessed_from"] == "the page's description"
    assert "What causes neuromyotonia?" in line["sections"]
    assert any(item.startswith("Newsletter sign-up box") for item in line["removed"])
    assert any("read as first published 18 January 2022" in note for note in line["notes"])
    rows = list(csv.DictReader(io.StringIO(as_csv.read_text())))
    assert rows[0]["outcome"] == "Already imported; nothing has changed"
    assert rows[0]["title"] == "Neuromyotonia: Causes, Symptoms and Treatment"


def test_report_cells_cannot_become_spreadsheet_formulas(editor, tmp_path):
    page = tmp_path / "formula.txt"
    page.write_text('=HYPERLINK("https://evil.example")\nBy Ann Lee\n\nSome words for the body.\n')
    report = tmp_path / "report.csv"

    command(page, "--user", editor.username, "--report", report)

    assert list(csv.DictReader(io.StringIO(report.read_text())))[0]["title"].startswith("'=HYPERLINK")


def test_report_must_be_json_or_csv(editor):
    with pytest.raises(CommandError, match=".json or .csv"):
        command(WORDPRESS, "--dry-run", "--report", "report.txt")


def test_category_options(editor):
    CategoryFactory(name="Imported", slug="imported")
    with pytest.raises(CommandError, match="does not exist"):
        command(TEXT, "--user", editor.username, "--no-new-categories", "--category", "Nowhere")

    command(
        TEXT / "rebuilding-strength.txt",
        "--user",
        editor.username,
        "--no-new-categories",
        "--category",
        "Imported",
    )

    assert Article.objects.get().category.name == "Imported"


def test_drop_crumb_and_include_drafts(editor):
    command(WORDPRESS, "--user", editor.username, "--include-drafts", "--drop-crumb", "Health")

    draft = Article.objects.get(title__startswith="Sleep and restless legs")
    assert draft.category is None  # its only category, Health, was dropped
    assert Article.objects.get(title__startswith="Getting your strength").category.full_name == "Recovery"


def test_a_progress_bar_on_a_terminal(editor, capsys, monkeypatch):
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)

    call_command("import_articles", str(WORDPRESS), "--dry-run")

    bar = capsys.readouterr().err
    assert "100%" in bar and "5/5" in bar and "articles/s" in bar  # 2 posts and 3 skipped items


def test_no_progress_bar_when_not_on_a_terminal(editor, capsys):
    call_command("import_articles", str(WORDPRESS), "--dry-run")

    assert "articles/s" not in capsys.readouterr().err


def test_a_missing_path_is_one_failed_line(editor):
    with pytest.raises(CommandError):
        output = command("/no/such/folder", PUBLISHER_A, "--user", editor.username)
        assert "/no/such/folder: Failed. No such file or folder." in output
    assert Article.objects.count() == 1
