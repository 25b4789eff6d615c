"""Uploading through the API and the browser form: answers at once, never a 500."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from caselaw import testing_pdfs as pdfs
from filings.models import Document
from tests.factories import FilingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def filing(case):
    return FilingFactory(case=case, entry_number=42)


def pdf_file(name="motion.pdf", **kwargs):
    return SimpleUploadedFile(name, pdfs.text_pdf(**kwargs), content_type="application/pdf")


def post(client, filing, *files):
    return client.post(f"/api/v1/filings/{filing.pk}/documents/", {"files": list(files)}, format="multipart")


def test_it_accepts_several_files_and_answers_queued(api, paralegal, filing):
    response = post(api(paralegal), filing, pdf_file("a.pdf", seed=1), pdf_file("b.pdf", seed=2))
    assert response.status_code == 201, response.content
    documents = response.json()["documents"]
    assert [d["status"] for d in documents] == ["queued", "queued"]
    assert [d["attachment_number"] for d in documents] == [0, 1]
    assert Document.objects.filter(filing=filing).count() == 2


def test_the_same_file_twice_is_a_duplicate_not_a_copy(api, paralegal, filing):
    post(api(paralegal), filing, pdf_file(seed=7))
    response = post(api(paralegal), filing, pdf_file("renamed.pdf", seed=7))
    assert response.status_code == 409
    assert response.json()["duplicates"][0]["filename"] == "renamed.pdf"
    assert Document.objects.filter(filing=filing).count() == 1


def test_a_file_over_the_limit_is_refused_with_the_sizes(api, paralegal, filing, settings):
    settings.CASELAW_MAX_UPLOAD_BYTES = 1000
    response = post(api(paralegal), filing, pdf_file(pages=3))
    assert response.status_code == 413
    assert "the limit is 1000" in response.json()["rejected"][0]["detail"]
    assert not Document.objects.exists()


def test_a_non_pdf_is_kept_and_marked_failed(api, paralegal, filing):
    fake = SimpleUploadedFile("brief.pdf", b"just some words\n", content_type="application/pdf")
    response = post(api(paralegal), filing, fake)
    assert response.status_code == 201
    document = response.json()["documents"][0]
    assert document["status"] == "failed"
    assert document["error"] == "This is not a PDF: it is a plain text file."


def test_a_request_without_files_gets_a_clear_400(api, paralegal, filing):
    response = api(paralegal).post(f"/api/v1/filings/{filing.pk}/documents/", {}, format="multipart")
    assert response.status_code == 400
    assert "files" in response.json()["detail"]


def test_a_viewer_cannot_upload(api, viewer, filing):
    assert post(api(viewer), filing, pdf_file()).status_code == 403


def test_an_outsider_cannot_tell_the_filing_exists(api, outsider, filing):
    assert post(api(outsider), filing, pdf_file()).status_code == 404


def test_the_browser_form_uploads_and_reports(client, paralegal, filing):
    client.force_login(paralegal)
    response = client.post(f"/filings/{filing.pk}/upload/", {"files": [pdf_file("exhibit.pdf")]}, follow=True)
    assert response.status_code == 200
    assert "exhibit.pdf uploaded" in response.content.decode()
    assert filing.documents.get().original_filename == "exhibit.pdf"


def test_the_browser_form_is_closed_to_outsiders(client, outsider, filing):
    client.force_login(outsider)
    response = client.post(f"/filings/{filing.pk}/upload/", {"files": [pdf_file()]})
    assert response.status_code == 404
