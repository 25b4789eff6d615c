"""A stored file is served so that it can never act as a page of the site: only a file
sniffed as a PDF is shown inline; anything else is a download of opaque bytes, whatever
its name or ?download= says; every answer forbids sniffing and sandboxes the file."""

import pytest

from filings.models import Document
from tests.factories import FilingFactory
from tests.helpers import upload

PDF = b"%PDF-1.7\n" + bytes(range(256)) * 8
HTML = b"<!DOCTYPE html><html><body><script>fetch('/api/v1/cases/')</script></body></html>"


@pytest.fixture
def filing(settings, tmp_path, case):
    settings.MEDIA_ROOT = tmp_path
    return FilingFactory(case=case, entry_number=12, description="Opposition brief")


@pytest.fixture
def pdf_document(filing, lawyer):
    return upload(filing, PDF, name="opposition.pdf", uploaded_by=lawyer)


@pytest.fixture
def html_document(filing, lawyer):
    document = upload(filing, HTML, name="brief.pdf", uploaded_by=lawyer)
    assert document.status == Document.Status.FAILED  # kept, so it can still be fetched
    return document


def fetch(client, user, document, *, query: str = "", **headers):
    client.force_login(user)
    response = client.get(f"/documents/{document.pk}/file/{query}", headers=headers)
    if response.streaming:
        response.content_bytes = b"".join(response.streaming_content)
        response.close()
    return response


def assert_sandboxed(response):
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["", "?download=0", "?download=1"])
def test_it_sends_an_html_file_named_pdf_as_an_opaque_download(client, viewer, html_document, query):
    response = fetch(client, viewer, html_document, query=query)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == 'attachment; filename="brief.pdf"'
    assert_sandboxed(response)
    assert response.content_bytes == HTML


@pytest.mark.django_db
def test_it_sends_a_range_of_an_html_file_as_an_opaque_download(client, viewer, html_document):
    response = fetch(client, viewer, html_document, Range="bytes=0-14")

    assert response.status_code == 206
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == 'attachment; filename="brief.pdf"'
    assert_sandboxed(response)
    assert response.content_bytes == HTML[:15]


@pytest.mark.django_db
def test_it_shows_a_pdf_inline_in_a_sandbox(client, viewer, pdf_document):
    response = fetch(client, viewer, pdf_document)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="opposition.pdf"'
    assert_sandboxed(response)


@pytest.mark.django_db
def test_it_sandboxes_a_range_of_a_pdf(client, viewer, pdf_document):
    response = fetch(client, viewer, pdf_document, Range="bytes=100-199")

    assert response.status_code == 206
    assert response["Content-Type"] == "application/pdf"
    assert_sandboxed(response)


@pytest.mark.django_db
def test_it_sandboxes_a_pdf_download(client, viewer, pdf_document):
    response = fetch(client, viewer, pdf_document, query="?download=1")

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="opposition.pdf"'
    assert_sandboxed(response)


@pytest.mark.django_db
def test_it_sandboxes_a_refused_range(client, viewer, pdf_document):
    response = fetch(client, viewer, pdf_document, Range=f"bytes={len(PDF)}-")

    assert response.status_code == 416
    assert_sandboxed(response)
