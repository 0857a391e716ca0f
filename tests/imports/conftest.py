"""Helpers for the importer's tests: the fixture files and a way to run an import."""

from pathlib import Path

import pytest

from imports import importer
from tests.queue_helpers import database_tasks  # noqa: F401 (a fixture)

FIXTURES = Path(__file__).parent / "fixtures"
WORDPRESS = FIXTURES / "wordpress" / "steady-nerves.xml"
PUBLISHER_A = FIXTURES / "publisher-a" / "neuromyotonia-guide.html"
PUBLISHER_B = FIXTURES / "publisher-b" / "restless-nights.html"
TEXT = FIXTURES / "text"
BROKEN = FIXTURES / "broken"


@pytest.fixture
def run_import(editor):
    """Run an import as the editor: ``run_import(path, ..., dry_run=False, **options)`` returns the report."""

    def run(*paths, **options):
        options.setdefault("user", editor)
        return importer.run([str(path) for path in paths], importer.Options(**options))

    return run


def line_for(report, name: str):
    """The report line whose source ends with ``name`` (and, for exports, whose title contains it)."""
    matches = [line for line in report.lines if line.source.endswith(name) or name in line.title]
    assert matches, f"no report line for {name}: {[line.headline() for line in report.lines]}"
    return matches[0]
