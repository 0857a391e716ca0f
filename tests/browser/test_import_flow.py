"""An editor imports saved pages in a real browser: upload, read the dry run, confirm, correct a date.

Each page is checked against the Content-Security-Policy by the ``page`` fixture and
with axe-core for WCAG 2.2 A/AA.
"""

import pytest
from playwright.sync_api import expect

from articles.models import Article
from comments.models import Comment
from tests.browser.conftest import axe_violations
from tests.browser.test_editor_flow import admin_log_in
from tests.imports.conftest import PUBLISHER_B, TEXT

pytestmark = pytest.mark.django_db(transaction=True)


def content_violations(page) -> list[str]:
    # Django's own admin breadcrumbs (links told apart by colour alone) are on every
    # admin page and not part of these pages: they are left to the admin's styles.
    return [line for line in axe_violations(page) if "'.breadcrumbs > a" not in line]


def test_editor_imports_pages_reads_the_dry_run_and_confirms(page, editor, settings, tmp_path):
    settings.IMPORT_UPLOAD_DIR = tmp_path
    admin_log_in(page, editor)

    page.goto("/admin/imports/importrun/")
    page.get_by_role("link", name="Import articles").click()
    expect(page.get_by_role("heading", name="Import articles")).to_be_visible()
    assert content_violations(page) == []
    page.get_by_label("Files").set_input_files([str(PUBLISHER_B), str(TEXT / "rebuilding-strength.txt")])
    page.get_by_role("button", name="Check these files (dry run)").click()

    expect(page.get_by_text("Dry run (nothing stored): 2 imported")).to_be_visible()
    expect(page.get_by_role("cell", name="Restless nights: sleep after surgery")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Restless nights")
    row.get_by_text("Taken out as not part of the article").click()
    expect(row.get_by_text("Advertising or affiliate disclosure")).to_be_visible()
    assert content_violations(page) == []
    assert not Article.objects.exists()

    page.get_by_role("button", name="Import these articles as drafts").click()

    expect(page.get_by_text("2 imported and 0 updated as drafts")).to_be_visible()
    assert Article.objects.filter(status=Article.Status.DRAFT).count() == 2
    assert Comment.objects.filter(is_imported=True, status=Comment.Status.PENDING).count() == 5

    # The editor corrects the original date from the article's page.
    page.get_by_role("link", name="Restless nights: sleep after surgery").click()
    page.get_by_text("Where it came from").first.click()
    page.get_by_role("link", name="Set or correct where it came from and its original dates").click()
    assert content_violations(page) == []
    page.get_by_label("First published:", exact=True).fill("2018-06-02")
    page.get_by_label("Why").fill("Checked against the old site's archive")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_text("recorded in the article's editorial history")).to_be_visible()
    expect(page.get_by_role("cell", name="Original dates changed")).to_be_visible()
