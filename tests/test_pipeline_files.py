"""Every kind of file a paralegal might upload ends `indexed` or `failed` with a reason,
and the original is kept. The pipeline service runs here without Celery."""

import pytest
from django.db import connection

from caselaw import testing_pdfs as pdfs
from filings.models import Citation, Document, Page
from filings.pipeline.runner import Outcome, process_document
from tests.factories import FilingFactory
from tests.helpers import assert_original_kept, require_tool, upload

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def filing(case):
    return FilingFactory(case=case)


def run(document: Document) -> Document:
    process_document(document.pk, token="test")
    document.refresh_from_db()
    return document


def test_it_indexes_a_born_digital_pdf_page_by_page(filing):
    document = run(upload(filing, pdfs.text_pdf(pages=5, seed=1, marker="zebrafish")))
    assert document.status == Document.Status.INDEXED
    assert (document.page_count, document.pages_done) == (5, 5)
    assert list(document.pages.values_list("number", flat=True)) == [1, 2, 3, 4, 5]
    assert not document.used_ocr
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM filings_page WHERE document_id = %s "
            "AND search_vector @@ plainto_tsquery('english', 'zebrafish')",
            [document.pk],
        )
        assert cursor.fetchone()[0] == 5


def test_it_finds_statute_and_case_citations(filing):
    document = run(upload(filing, pdfs.text_pdf(pages=4, seed=2)))
    found = set(Citation.objects.filter(document=document).values_list("normalized", flat=True))
    assert "17 U.S.C. § 1202" in found
    assert "804 F.3d 202" in found


def test_running_twice_leaves_one_row_per_page(filing):
    document = run(upload(filing, pdfs.text_pdf(pages=6, seed=5)))
    citations = Citation.objects.filter(document=document).count()
    Document.objects.filter(pk=document.pk).update(status=Document.Status.QUEUED)
    assert run(document).status == Document.Status.INDEXED
    assert Page.objects.filter(document=document).count() == 6
    assert Citation.objects.filter(document=document).count() == citations


def test_an_indexed_document_is_not_processed_again(filing):
    document = run(upload(filing, pdfs.text_pdf(pages=1)))
    assert process_document(document.pk, token="other") == Outcome.SKIPPED


def test_an_empty_file_fails_with_a_reason(filing):
    document = upload(filing, b"", name="empty.pdf")
    assert document.status == Document.Status.FAILED
    assert "empty" in document.error
    assert_original_kept(document, b"")


def test_a_text_file_named_pdf_fails_as_not_a_pdf(filing):
    data = b"Dear counsel,\nplease find the brief attached.\n"
    document = upload(filing, data, name="brief.pdf")
    assert document.status == Document.Status.FAILED
    assert document.error == "This is not a PDF: it is a plain text file."
    assert_original_kept(document, data)


def test_an_html_page_fails_as_a_web_page(filing):
    data = b"<!DOCTYPE html><html><body>PACER login</body></html>"
    document = upload(filing, data, name="docket.pdf")
    assert document.status == Document.Status.FAILED
    assert "web page" in document.error
    assert document.mime_type == "text/html"


def test_a_truncated_pdf_fails_as_damaged(filing):
    data = pdfs.truncated_pdf()
    document = run(upload(filing, data, name="truncated.pdf"))
    assert document.status == Document.Status.FAILED
    assert "damaged or incomplete" in document.error
    assert_original_kept(document, data)


def test_a_pdf_with_junk_before_its_header_is_indexed(filing):
    document = run(upload(filing, pdfs.junk_before_header_pdf(), name="from-email.pdf"))
    assert document.status == Document.Status.INDEXED
    assert document.page_count == 2


def test_an_encrypted_pdf_fails_as_password_protected(filing):
    data = pdfs.encrypted_pdf()
    document = run(upload(filing, data, name="sealed.pdf"))
    assert document.status == Document.Status.FAILED
    assert document.error == "This PDF is password-protected. Upload a copy without a password."
    assert_original_kept(document, data)


def test_it_ocrs_only_the_scanned_pages(filing):
    require_tool("tesseract")
    scan = pdfs.scanned_pdf(
        ["The plaintiffs allege unlawful copying of their novels."],
        stamp="Case 3:23-cv-03417-VC Document 9 Filed 07/07/23 Page 1 of 1",
    )
    document = run(upload(filing, scan, name="scan.pdf"))
    assert document.status == Document.Status.INDEXED
    assert document.used_ocr
    page = document.pages.get()
    assert page.from_ocr
    assert "novels" in page.text.lower()


def test_scanned_pages_read_in_parallel_land_in_page_order(filing, settings):
    require_tool("tesseract")
    settings.CASELAW_OCR_PROCESSES = 2
    layout = [
        ("scan", "Plaintiffs allege copying of novels"),
        ("text", "Zephyrine"),
        ("scan", "Defendant trained models on shadow libraries"),
        ("scan", "The court grants the motion in part"),
        ("text", "Quillwort"),
        ("scan", "Dated this day in San Francisco"),
    ]
    document = run(upload(filing, pdfs.mixed_pdf(layout), name="mixed.pdf"))
    assert document.status == Document.Status.INDEXED
    assert (document.page_count, document.pages_done) == (6, 6)
    pages = list(document.pages.order_by("number"))
    assert [page.number for page in pages] == [1, 2, 3, 4, 5, 6]
    assert [page.from_ocr for page in pages] == [kind == "scan" for kind, _ in layout]
    for page, (_, words) in zip(pages, layout, strict=True):
        assert words.split()[-1].lower() in page.text.lower()


def test_a_born_digital_page_is_never_ocred(filing):
    document = run(upload(filing, pdfs.text_pdf(pages=2)))
    assert not document.pages.filter(from_ocr=True).exists()


def test_a_thousand_page_pdf_is_indexed_with_progress(filing):
    document = run(upload(filing, pdfs.text_pdf(pages=1005, seed=9), name="transcript.pdf"))
    assert document.status == Document.Status.INDEXED
    assert (document.page_count, document.pages_done) == (1005, 1005)
    assert document.pages.count() == 1005


def test_a_hostile_filename_is_made_safe(filing):
    document = upload(filing, pdfs.text_pdf(pages=1), name="../../etc/\x00pass\x1bwd\r\n.pdf")
    assert document.original_filename == "passwd.pdf"
    assert "/" not in document.file.name.split("documents/", 1)[1][3:]
