"""PDF leaflets: uploaded with a title, checked to be PDF, linked with their type and size."""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from media.models import Document, file_size_label
from tests.factories import ArticleFactory, DocumentFactory, pdf_bytes

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:media_document_add")


def add_document(client, content: bytes, name: str = "leaflet.pdf", **fields):
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    return client.post(
        ADD_URL, {"title": "Living with neuromyotonia", "slug": "", "upload": upload, **fields}
    )


def errors(response) -> str:
    return " ".join(str(e) for errs in response.context["adminform"].form.errors.values() for e in errs)


def test_editor_uploads_a_pdf_leaflet(editor_client, editor):
    content = pdf_bytes("y" * 5000)

    response = add_document(editor_client, content)

    assert response.status_code == 302, errors(response)
    document = Document.objects.get()
    assert document.slug == "living-with-neuromyotonia"
    assert document.uploaded_by == editor
    assert document.file.name.endswith(".pdf")
    with default_storage.open(document.file.name) as stored:
        assert stored.read() == content
    assert document.type_and_size == "PDF, 5 KB"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<html><script>alert(1)</script></html>", "not a PDF"),
        (b"MZ\x90\x00 a program renamed .pdf", "not a PDF"),
        (pdf_bytes()[:-20], "incomplete"),
        (b"", "empty"),
    ],
    ids=["html", "program", "truncated", "empty"],
)
def test_files_that_are_not_whole_pdfs_are_refused(editor_client, content, message):
    response = add_document(editor_client, content)

    assert response.status_code == 200
    assert message in errors(response)
    assert not Document.objects.exists()


def test_a_document_over_20_mb_is_refused(editor_client):
    response = add_document(editor_client, b"%PDF-1.4\n" + b"0" * (20 * 1024 * 1024) + b"%%EOF")

    assert "at most 20 MB" in errors(response)


def test_sizes_read_as_people_say_them():
    assert file_size_label(200) == "1 KB"
    assert file_size_label(240 * 1024) == "240 KB"
    assert file_size_label(int(1.45 * 1024 * 1024)) == "1.4 MB"


def test_the_document_page_in_the_admin_lists_the_articles_that_link_to_it(editor_client):
    document = DocumentFactory(slug="leaflet")
    ArticleFactory(title="Links it", body="See [[document: leaflet]].")
    ArticleFactory(title="Links it by number", body=f"See [[ DOCUMENT:{document.pk} ]].")
    ArticleFactory(title="Does not", body="See [[document: leaflet-2]].")

    page = editor_client.get(reverse("admin:media_document_change", args=[document.pk])).content.decode()

    assert "Links it" in page and "Links it by number" in page and "Does not" not in page
    assert "(PDF, 1 KB)" in page
