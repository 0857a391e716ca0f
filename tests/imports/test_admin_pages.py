"""The admin side: the Import articles page, past imports, original dates, and crediting outside authors."""

import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleStatusChange, Contributor
from imports import tasks, uploads
from imports.models import ImportRun
from tests.articles.test_admin_workflow import form_data as filled_in
from tests.factories import ArticleFactory, ContributorFactory
from tests.imports.conftest import PUBLISHER_A, PUBLISHER_B, TEXT, WORDPRESS
from tests.queue_helpers import run_worker

pytestmark = pytest.mark.django_db

IMPORT = reverse("admin:imports_importrun_import")
CONFIRM = reverse("admin:imports_importrun_confirm")


@pytest.fixture(autouse=True)
def _uploads_in_tmp(settings, tmp_path):
    settings.IMPORT_UPLOAD_DIR = tmp_path / "uploads"


def upload(path, name=None):
    return SimpleUploadedFile(name or path.name, path.read_bytes())


def zipped(files: dict[str, bytes]) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return SimpleUploadedFile("pages.zip", buffer.getvalue())


# --- Who may import ------------------------------------------------------------------


@pytest.mark.parametrize(("who", "status"), [("writer", 403), ("medical_reviewer", 403), ("moderator", 403)])
def test_only_editors_get_the_import_page(client, request, who, status):
    client.force_login(request.getfixturevalue(who))

    assert client.get(IMPORT).status_code == status
    assert client.post(IMPORT, {"files": upload(PUBLISHER_A)}).status_code == status
    assert not Article.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(IMPORT)

    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))


def test_the_import_page_is_linked_from_the_list_of_imports(client, editor):
    client.force_login(editor)

    response = client.get(reverse("admin:imports_importrun_changelist"))

    assert response.status_code == 200
    assert f'href="{IMPORT}"' in response.content.decode()


# --- Dry run, then confirm -------------------------------------------------------------


def test_dry_run_report_then_confirm(client, editor):
    client.force_login(editor)

    response = client.post(
        IMPORT,
        {"files": [upload(WORDPRESS), upload(PUBLISHER_B), upload(TEXT / "rebuilding-strength.txt")],
         "drop_crumbs": "Home, More"},
    )  # fmt: skip

    assert response.status_code == 200
    text = response.content.decode()
    assert "Dry run (nothing stored): 4 imported" in text
    assert "Restless nights: sleep after surgery" in text
    assert "Health &gt; Recovery" in text  # category path
    assert "Tom Okafor" in text  # author
    assert "3 June 2018" in text  # dates, and how they were read
    assert "Why sleep goes wrong; What helped me" in text  # sections found
    assert "Advertising or affiliate disclosure" in text  # what was removed
    assert "3 found; 3 new would be held for a moderator" in text  # comments found
    assert "guessed from the first paragraph: check it" in text
    assert "<td>restless-nights.html</td>" in text  # named as uploaded
    assert response.context["token"] not in text.replace(f'value="{response.context["token"]}"', "")
    assert not Article.objects.exists()

    token = response.context["token"]
    confirmed = client.post(CONFIRM, {"token": token}, follow=True)

    assert confirmed.status_code == 200
    assert Article.objects.count() == 4
    assert set(Article.objects.values_list("status", flat=True)) == {Article.Status.DRAFT}
    run = ImportRun.objects.get()
    assert run.via == ImportRun.Via.ADMIN and run.user == editor
    assert "4 imported and 0 updated as drafts" in confirmed.content.decode()
    assert uploads.folder(token) is None  # the uploaded files are gone

    again = client.post(CONFIRM, {"token": token}, follow=True)
    assert "expired or was already imported" in again.content.decode()
    assert Article.objects.count() == 4


def test_the_same_upload_again_has_nothing_new_to_import(client, editor):
    client.force_login(editor)
    first = client.post(IMPORT, {"files": upload(PUBLISHER_A)})
    client.post(CONFIRM, {"token": first.context["token"]})

    second = client.post(IMPORT, {"files": upload(PUBLISHER_A)})

    assert "Already imported; nothing has changed" in second.content.decode()
    assert not second.context["can_confirm"]


def test_a_token_from_another_session_is_refused(client, editor, django_user_model):
    client.force_login(editor)
    token = client.post(IMPORT, {"files": upload(PUBLISHER_A)}).context["token"]
    other = django_user_model.objects.create_user("ed2", is_staff=True)
    other.groups.set(editor.groups.all())
    client.force_login(other)

    response = client.post(CONFIRM, {"token": token}, follow=True)

    assert "expired or was already imported" in response.content.decode()
    assert not Article.objects.exists()


@pytest.mark.parametrize("token", ["../../etc", "", "x" * 300, "a/b", "%2e%2e"])
def test_forged_tokens_import_nothing(client, editor, token):
    client.force_login(editor)

    response = client.post(CONFIRM, {"token": token}, follow=True)

    assert response.status_code == 200
    assert not Article.objects.exists()


def test_cancel_removes_the_uploaded_files(client, editor):
    client.force_login(editor)
    token = client.post(IMPORT, {"files": upload(PUBLISHER_A)}).context["token"]

    client.post(reverse("admin:imports_importrun_cancel"))

    assert uploads.folder(token) is None
    assert not Article.objects.exists()


def test_confirm_and_cancel_are_posts_only(client, editor):
    client.force_login(editor)

    assert client.get(CONFIRM).status_code == 405
    assert client.get(reverse("admin:imports_importrun_cancel")).status_code == 405


# --- Uploads are checked -----------------------------------------------------------------


def test_no_file_is_a_clear_error(client, editor):
    client.force_login(editor)

    response = client.post(IMPORT, {"drop_crumbs": "Home"})

    assert response.status_code == 400
    assert (
        "This field is required." in response.content.decode()
        or "Choose at least one file" in response.content.decode()
    )


def test_files_of_other_kinds_are_refused_before_reading(client, editor):
    client.force_login(editor)

    response = client.post(IMPORT, {"files": SimpleUploadedFile("tool.exe", b"MZ\x90\x00")})

    assert response.status_code == 400
    assert "is not an HTML, text, WordPress export (XML) or zip file" in response.content.decode()


def test_an_upload_over_the_limit_is_refused(client, editor, settings):
    settings.IMPORT_UPLOAD_MAX_BYTES = 1000
    client.force_login(editor)

    response = client.post(IMPORT, {"files": upload(PUBLISHER_A)})

    assert response.status_code == 413
    assert "larger than" in response.content.decode()
    assert not Article.objects.exists()


def test_a_zip_is_read_in_place_and_its_bad_entries_reported(client, editor):
    client.force_login(editor)
    archive = zipped(
        {
            "../../outside.txt": (TEXT / "sleep-and-shift-work.txt").read_bytes(),
            "pages/restless.html": PUBLISHER_B.read_bytes(),
            "inner.zip": zipped({"x.txt": b"Title\nBy A\n\nText."}).read(),
            "__MACOSX/._restless.html": b"\x00\x05\x16\x07",
        }
    )

    response = client.post(IMPORT, {"files": archive})

    text = response.content.decode()
    assert "A zip file inside a zip file" in text
    assert "__MACOSX" not in text
    client.post(CONFIRM, {"token": response.context["token"]})
    assert set(Article.objects.values_list("title", flat=True)) == {
        "Shift work and sleep: a survival guide",
        "Restless nights: sleep after surgery",
    }
    assert not (uploads.root().parent / "outside.txt").exists()


def test_uploaded_file_names_cannot_leave_their_folder():
    taken = set()
    assert uploads.safe_name("../../etc/passwd", taken) == "passwd"
    assert uploads.safe_name("..\\..\\boot.ini", taken) == "boot.ini"
    assert uploads.safe_name("passwd", taken) == "passwd-2"
    assert uploads.safe_name("", taken) == "upload"


# --- Past imports ----------------------------------------------------------------------


def test_past_imports_show_their_report_and_download(client, editor, run_import):
    client.force_login(editor)
    token = client.post(IMPORT, {"files": upload(PUBLISHER_A)}).context["token"]
    client.post(CONFIRM, {"token": token})
    run = ImportRun.objects.get()

    page = client.get(reverse("admin:imports_importrun_change", args=[run.pk]))
    as_csv = client.get(reverse("admin:imports_importrun_download", args=[run.pk, "csv"]))
    as_json = client.get(reverse("admin:imports_importrun_download", args=[run.pk, "json"]))

    assert page.status_code == 200
    assert "Neuromyotonia: Causes, Symptoms and Treatment" in page.content.decode()
    assert as_csv.status_code == 200 and "Neuromyotonia" in as_csv.content.decode()
    assert as_json.json()["summary"]["counts"]["imported"] == 1
    assert client.get(reverse("admin:imports_importrun_delete", args=[run.pk])).status_code == 403


# --- On the task queue ------------------------------------------------------------------


def confirm_one(client, path=PUBLISHER_A):
    token = client.post(IMPORT, {"files": upload(path)}).context["token"]
    return token, client.post(CONFIRM, {"token": token}, follow=True)


def test_with_workers_the_confirmed_import_waits_for_one_and_the_editor_is_told(
    client, editor, database_tasks
):
    client.force_login(editor)

    token, confirmed = confirm_one(client)

    assert confirmed.status_code == 200
    page = confirmed.content.decode()
    assert "runs in the background" in page
    assert "Waiting for a worker" in page and "Not finished yet" in page
    assert not Article.objects.exists()
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.QUEUED and uploads.folder(token) is not None

    run_worker()

    run.refresh_from_db()
    assert run.status == ImportRun.Status.DONE and run.finished_at is not None
    assert Article.objects.count() == 1 and uploads.folder(token) is None
    page = client.get(reverse("admin:imports_importrun_change", args=[run.pk])).content.decode()
    assert "Neuromyotonia: Causes, Symptoms and Treatment" in page and "Finished" in page


def test_an_import_run_again_after_its_worker_died_stores_nothing_twice(client, editor, database_tasks):
    client.force_login(editor)
    token, _ = confirm_one(client)
    run = ImportRun.objects.get()
    # A worker imported the files, then died before it could record that it had.
    tasks.run_admin_import.call(run.pk)
    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.RUNNING)
    folder = uploads.root() / token
    folder.mkdir(parents=True)
    (folder / PUBLISHER_A.name).write_bytes(PUBLISHER_A.read_bytes())

    run_worker()

    run.refresh_from_db()
    assert run.status == ImportRun.Status.DONE
    assert Article.objects.count() == 1
    assert run.summary["counts"]["already there"] == 1
    assert tasks.run_admin_import.call(run.pk) == "nothing to do"


def test_an_import_whose_files_are_gone_fails_with_a_clear_reason(client, editor, database_tasks):
    client.force_login(editor)
    token, _ = confirm_one(client)
    uploads.discard(token)

    run_worker()

    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.FAILED
    page = client.get(reverse("admin:imports_importrun_change", args=[run.pk])).content.decode()
    assert "The uploaded files were no longer there" in page
    assert not Article.objects.exists()


def test_writers_cannot_see_past_imports(client, writer):
    run = ImportRun.objects.create(summary={}, report=[])
    client.force_login(writer)

    assert client.get(reverse("admin:imports_importrun_changelist")).status_code == 403
    assert client.get(reverse("admin:imports_importrun_download", args=[run.pk, "csv"])).status_code == 403


# --- Original dates ----------------------------------------------------------------------


def origin_url(article):
    return reverse("admin:articles_article_origin", args=[article.pk])


def test_editors_set_the_original_date_and_it_is_audited(client, editor):
    article = ArticleFactory(published=True)
    client.force_login(editor)

    response = client.post(
        origin_url(article),
        {"origin": "https://old.example/a", "origin_site": "Old Site", "published_on": "2019-03-02",
         "updated_on": "", "note": "Checked against the archive"},
    )  # fmt: skip

    assert response.status_code == 302
    article.refresh_from_db()
    assert timezone.localtime(article.original_published_at).date() == datetime.date(2019, 3, 2)
    assert article.origin_site == "Old Site"
    entry = article.status_changes.get(action=ArticleStatusChange.Action.ORIGINAL_DATES)
    assert entry.actor == editor
    assert "First published: not set → 2 March 2019." in entry.note
    assert "Checked against the archive" in entry.note
    public = client.get(article.get_absolute_url()).content.decode()
    assert 'First published <time datetime="2019-03-02">2 March 2019</time> on Old Site' in public


@pytest.mark.parametrize(
    ("published", "updated", "message"),
    [
        ("2999-01-01", "", "cannot be in the future"),
        ("2020-05-02", "2020-05-01", "cannot be after the last update"),
        ("not a date", "", "Enter a valid date"),
    ],
)
def test_impossible_original_dates_are_refused(client, editor, published, updated, message):
    article = ArticleFactory()
    client.force_login(editor)

    response = client.post(origin_url(article), {"published_on": published, "updated_on": updated})

    assert response.status_code == 400
    assert message in response.content.decode()
    article.refresh_from_db()
    assert article.original_published_at is None
    assert not article.status_changes.exists()


def test_the_first_published_date_cannot_be_after_the_last_update_here(client, editor):
    article = ArticleFactory(updated_at=timezone.make_aware(datetime.datetime(2020, 1, 1)))
    client.force_login(editor)

    response = client.post(origin_url(article), {"published_on": "2021-06-01"})

    assert response.status_code == 400
    assert "cannot be after the article&#x27;s last update here (1 January 2020)" in response.content.decode()
    article.refresh_from_db()
    assert article.original_published_at is None


def test_saving_unchanged_dates_changes_nothing(client, editor, run_import):
    run_import(PUBLISHER_A)
    article = Article.objects.get()
    before = article.original_published_at
    client.force_login(editor)
    initial = client.get(origin_url(article)).context["form"].initial

    client.post(
        origin_url(article), {key: "" if value is None else str(value) for key, value in initial.items()}
    )

    article.refresh_from_db()
    assert article.original_published_at == before  # the time of day is kept
    assert not article.status_changes.exists()


@pytest.mark.parametrize("who", ["writer", "medical_reviewer", "moderator"])
def test_only_editors_correct_original_dates(client, request, who):
    article = ArticleFactory()
    client.force_login(request.getfixturevalue(who))

    assert client.get(origin_url(article)).status_code == 403
    assert client.post(origin_url(article), {"published_on": "2019-01-01"}).status_code == 403
    article.refresh_from_db()
    assert article.original_published_at is None


def test_original_dates_page_for_a_missing_article_is_404(client, editor):
    client.force_login(editor)

    assert client.get(reverse("admin:articles_article_origin", args=[999999])).status_code == 404


def test_the_article_form_shows_where_it_came_from(client, editor, run_import):
    run_import(PUBLISHER_A)
    client.force_login(editor)

    response = client.get(reverse("admin:articles_article_change", args=[Article.objects.get().pk]))

    text = response.content.decode()
    assert "Where it came from" in text and "Clearwell Health" in text
    assert origin_url(Article.objects.get()) in text


# --- Outside authors --------------------------------------------------------------------


def form_data(response) -> dict:
    # Empty choices are left out, as a browser leaves out an empty multiple select.
    return {name: value for name, value in filled_in(response).items() if value != ""}


def test_a_writer_credits_an_outside_author_from_the_article_form(client, writer):
    client.force_login(writer)
    data = form_data(client.get(reverse("admin:articles_article_add")))
    data.update(
        title="Cramp at night", slug="cramp-at-night", body="Stretch first.", outside_author="Maya Brennan"
    )

    response = client.post(reverse("admin:articles_article_add"), data)

    assert response.status_code == 302
    article = Article.objects.get()
    maya = Contributor.objects.get(name="Maya Brennan")
    assert maya in article.authors.all()
    assert maya.user is None and maya.credentials == ""


def test_crediting_an_existing_name_reuses_the_contributor(client, writer):
    existing = ContributorFactory(name="Maya Brennan", credentials="RN")
    article = ArticleFactory(created_by=writer, slug="cramp")
    client.force_login(writer)
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(client.get(url))
    data["outside_author"] = "  maya   brennan "

    client.post(url, data)

    assert list(article.authors.all()) == [existing]
    assert Contributor.objects.filter(name__iexact="maya brennan").count() == 1


@pytest.mark.parametrize("name", ["https://spam.example", "<script>x</script>", "1234", "a b c d e f g h"])
def test_something_that_is_not_a_name_is_refused(client, writer, name):
    client.force_login(writer)
    data = form_data(client.get(reverse("admin:articles_article_add")))
    data.update(title="Cramp", slug="cramp", body="Text.", outside_author=name)

    response = client.post(reverse("admin:articles_article_add"), data)

    assert response.status_code == 200
    assert "Enter a person&#x27;s name" in response.content.decode()
    assert not Article.objects.exists()
    assert not Contributor.objects.exists()
