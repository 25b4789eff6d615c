"""A page too large to render at 300 dpi (a few hundred bytes can declare one 200 inches
square) is read at a resolution within CASELAW_OCR_MAX_PIXELS, or not at all, and the
document says which. The pipeline service runs here without Celery."""

import math

import pytest

from filings.models import Document
from filings.pipeline import ocr
from filings.pipeline.runner import process_document
from tests.factories import FilingFactory
from tests.filings.pipeline.raw_pdfs import huge_page_pdf
from tests.helpers import require_tool, upload

# The runner writes pages from a thread of its own, which must see committed rows.
in_database = pytest.mark.django_db(transaction=True)

LETTER = (612, 792)


@pytest.fixture
def filing(case):
    return FilingFactory(case=case)


def run(document: Document) -> Document:
    process_document(document.pk, token="test")
    document.refresh_from_db()
    return document


def pixels(width: float, height: float, dpi: int) -> int:
    """What pdfium allocates for the page at `dpi` (it rounds each side up)."""
    return math.ceil(width * dpi / 72) * math.ceil(height * dpi / 72)


def test_ordinary_pages_are_read_at_300_dpi():
    assert ocr.resolution(*LETTER) == 300
    assert ocr.resolution(11 * 72, 17 * 72) == 300  # a tabloid exhibit


@pytest.mark.parametrize(
    "size", [(6000, 6000), (24 * 72, 36 * 72), (14_400, 3000), (9000, 9000), (333, 14_400)]
)
def test_larger_pages_stay_within_the_pixel_cap(size, settings):
    dpi = ocr.resolution(*size)
    assert ocr.MIN_OCR_DPI <= dpi < 300
    assert pixels(*size, dpi) <= settings.CASELAW_OCR_MAX_PIXELS
    assert pixels(*size, dpi + 1) > settings.CASELAW_OCR_MAX_PIXELS * 0.97  # not needlessly low


def test_the_cap_is_a_setting(settings):
    settings.CASELAW_OCR_MAX_PIXELS = 4_000_000
    assert ocr.resolution(*LETTER) == 206
    assert pixels(*LETTER, 206) <= 4_000_000


@pytest.mark.parametrize("size", [(14_400, 14_400), (10_000, 10_000), (14_401, 100), (100, 20_000)])
def test_absurd_pages_are_not_read(size):
    assert ocr.resolution(*size) == 0


@in_database
def test_a_huge_scanned_page_is_read_at_a_lower_resolution_and_the_document_says_so(filing):
    require_tool("tesseract")
    document = run(upload(filing, huge_page_pdf(6000), name="exhibit.pdf"))
    assert document.status == Document.Status.INDEXED
    assert document.used_ocr
    assert document.error == (
        "Page 1 is unusually large (83 × 83 inches), so OCR read it at 75 dpi instead of 300; "
        "small print on it may be missing from its text."
    )
    assert document.pages.get().from_ocr


@in_database
def test_a_page_at_the_pdf_maximum_is_stored_without_text_and_the_document_says_why(filing):
    require_tool("tesseract")
    document = run(upload(filing, huge_page_pdf(14_400), name="poster.pdf"))
    assert document.status == Document.Status.INDEXED
    assert document.error == (
        "Page 1 is too large to read with OCR (200 × 200 inches); it is stored without text."
    )
    page = document.pages.get()
    assert (page.text, page.from_ocr) == ("", False)
    assert not document.used_ocr


def test_several_large_pages_are_listed_once():
    notes = ocr.LargePages()
    for number in (2, 5, 9):
        notes.note(number, 6000, 6000, ocr.resolution(6000, 6000))
    notes.note(3, 6000, 9000, ocr.resolution(6000, 9000))
    for number in range(10, 17):
        notes.note(number, 14_400, 14_400, 0)
    notes.note(1, *LETTER, 300)
    assert notes.messages() == [
        "Pages 2, 5, 9 and 3 are unusually large, so OCR read them at as little as 61 dpi instead "
        "of 300; small print on them may be missing from their text.",
        "Pages 10, 11, 12, 13, 14 and 2 more are too large to read with OCR; they are stored without text.",
    ]
