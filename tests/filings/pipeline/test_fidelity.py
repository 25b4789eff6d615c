"""Real filings' defects, each made by code (tests/pdfs.py), read as a lawyer needs them:
an unreadable text layer is OCRed, OCR keeps the e-filing stamp, rotated scans are read
upright, small images of text and annotation text are indexed, and a search by the API
finds each page by what it says."""

import io

import pikepdf
import pytest
from rest_framework.test import APIClient

from filings.models import Document, Page
from filings.pipeline.runner import process_document
from tests import pdfs
from tests.factories import FilingFactory
from tests.helpers import require_tool, upload

pytestmark = pytest.mark.django_db(transaction=True)

LINES = [
    "Plaintiff Sarah Silverman alleges that the defendant copied her memoir without consent.",
    "The Bibliotik tracker held one hundred ninety six thousand books in plain text files.",
    "Counsel met and conferred regarding the deposition of the custodian on March 3, 2024.",
    "The torrenting of the LibGen archive is the subject of the distribution claim.",
]


@pytest.fixture
def filing(case):
    return FilingFactory(case=case)


def run(filing, data: bytes, name="exhibit.pdf") -> Document:
    document = upload(filing, data, name=name)
    process_document(document.pk, token="test")
    document.refresh_from_db()
    assert document.status == Document.Status.INDEXED, document.error
    return document


def hits(user, query: str) -> list[tuple[int, int]]:
    client = APIClient()
    client.force_authenticate(user)
    response = client.get("/api/v1/search/", {"q": query})
    assert response.status_code == 200, response.content
    return [(hit["document"], hit["page"]) for hit in response.json()["results"]]


def test_an_unreadable_text_layer_is_judged_so_and_read_with_ocr(filing, lawyer):
    require_tool("tesseract")
    text = "UNITED STATES DISTRICT COURT NORTHERN DISTRICT OF CALIFORNIA " + " ".join(LINES)
    document = run(filing, pdfs.no_unicode_map_pdf(text))

    page = document.pages.get()
    assert page.text_source == Page.TextSource.OCR
    assert "Unicode map" in page.text_note and "read with OCR" in page.text_note
    assert "bibliotik" in page.text.lower() and "silverman" in page.text.lower()
    assert page.ocr_confidence and page.ocr_confidence > 60
    assert "unreadable text layer" in document.error
    assert (document.pk, 1) in hits(lawyer, "Silverman memoir")
    assert (document.pk, 1) in hits(lawyer, '"Northern District of California"')


def test_ocr_keeps_the_text_layers_e_filing_stamp(filing, lawyer):
    require_tool("tesseract")
    stamp = "Case 3:23-cv-03417-VC Document 351 Filed 12/11/23 Page 4 of 23"
    document = run(filing, pdfs.scanned_page_with_stamp_pdf(LINES, stamp))

    page = document.pages.get()
    assert page.text_source in (Page.TextSource.BOTH, Page.TextSource.OCR)
    assert "3:23-cv-03417" in page.text and "Document 351" in page.text
    assert "custodian" in page.text.lower()
    assert page.text.count("Document 351") == 1  # kept once, not doubled
    assert (document.pk, 1) in hits(lawyer, '"Document 351"')


@pytest.mark.parametrize("angle", [180, 90])
def test_a_rotated_scan_is_read_upright(filing, lawyer, angle):
    require_tool("tesseract")
    document = run(filing, pdfs.rotated_scan_pdf(LINES, angle))

    page = document.pages.get()
    assert "turned upright" in page.text_note
    assert "torrenting" in page.text.lower() and "libgen" in page.text.lower()
    assert "upside down or sideways" in document.error
    assert (document.pk, 1) in hits(lawyer, "Bibliotik tracker")


def test_a_small_image_of_text_on_a_text_page_is_read(filing, lawyer):
    require_tool("tesseract")
    document = run(filing, pdfs.text_page_with_small_image_pdf(" ".join(LINES), "HARTNETT"))

    page = document.pages.get()
    assert page.text_source == Page.TextSource.BOTH
    assert "image" in page.text_note
    assert "HARTNETT" in page.text.upper()
    assert page.text.lower().count("bibliotik") == 1
    assert (document.pk, 1) in hits(lawyer, "Hartnett")


def test_annotation_and_form_field_text_is_indexed(filing, lawyer):
    document = run(filing, pdfs.watermark_annotation_pdf(" ".join(LINES)))

    page = document.pages.get()
    assert "SUBJECT TO PROTECTIVE ORDER" in page.text.upper()
    assert "Saveri" in page.text
    assert page.text.upper().count("PROTECTIVE ORDER") == 1
    assert (document.pk, 1) in hits(lawyer, '"subject to protective order"')
    assert (document.pk, 1) in hits(lawyer, "Saveri")


def test_a_born_digital_page_stays_its_text_layer(filing):
    document = run(filing, pdfs.emails_and_urls_pdf())

    page = document.pages.get()
    assert (page.text_source, page.text_note, page.from_ocr) == (Page.TextSource.LAYER, "", False)
    assert not document.used_ocr


def test_the_api_says_where_each_pages_text_came_from(filing, lawyer):
    require_tool("tesseract")
    document = run(filing, pdfs.scanned_page_with_stamp_pdf(LINES))
    client = APIClient()
    client.force_authenticate(lawyer)

    pages = client.get(f"/api/v1/documents/{document.pk}/pages/").json()

    first = pages["results"][0] if "results" in pages else pages[0]
    assert first["text_source"] in ("both", "ocr")
    assert "read with OCR" in first["text_note"]
    assert first["ocr_confidence"] > 0


def test_the_viewer_says_where_a_pages_text_came_from(filing, lawyer, client):
    require_tool("tesseract")
    document = run(filing, pdfs.scanned_page_with_stamp_pdf(LINES))
    client.force_login(lawyer)

    page = client.get(f"/documents/{document.pk}/").content.decode()

    assert 'id="text-note"' in page
    script = page[page.index('id="ocr-pages"') :]
    assert '"source": "Text layer and OCR"' in script or '"source": "OCR"' in script
    assert "scanned page: read with OCR" in script


def test_the_same_image_on_every_page_is_read_once(filing):
    require_tool("tesseract")
    page = pdfs.text_page_with_small_image_pdf(" ".join(LINES), "HARTNETT")
    with pikepdf.open(io.BytesIO(page)) as one, pikepdf.new() as three:
        for _ in range(3):
            three.pages.append(one.pages[0])
        out = io.BytesIO()
        three.save(out)
    document = run(filing, out.getvalue())

    sources = list(document.pages.order_by("number").values_list("text_source", flat=True))
    assert sources == [Page.TextSource.BOTH, Page.TextSource.LAYER, Page.TextSource.LAYER]
