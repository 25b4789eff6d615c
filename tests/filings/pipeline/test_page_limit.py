"""A PDF with more pages than CASELAW_MAX_PAGES fails with the count and the limit before
any page is read. The pipeline service runs here without Celery."""

import pytest

from caselaw import testing_pdfs as pdfs
from filings.models import Document
from filings.pipeline.runner import process_document
from tests.factories import FilingFactory
from tests.filings.pipeline.raw_pdfs import blank_pages_pdf
from tests.helpers import assert_original_kept, upload

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def filing(case):
    return FilingFactory(case=case)


def run(document: Document) -> Document:
    process_document(document.pk, token="test")
    document.refresh_from_db()
    return document


def test_a_pdf_over_the_page_limit_fails_before_any_page_is_read(filing):
    data = blank_pages_pdf(12_000)
    document = run(upload(filing, data, name="production.pdf"))
    assert document.status == Document.Status.FAILED
    assert document.error == (
        "This PDF has 12,000 pages; the limit is 5,000. Split it into parts of at most 5,000 "
        "pages and upload them as separate documents."
    )
    assert (document.page_count, document.pages_done) == (None, 0)
    assert not document.pages.exists()
    assert document.attempts == 1
    assert_original_kept(document, data)


def test_a_pdf_at_the_page_limit_is_indexed(filing, settings):
    settings.CASELAW_MAX_PAGES = 4
    at_limit = run(upload(filing, pdfs.text_pdf(pages=4, seed=21), name="four.pdf"))
    over = run(upload(filing, pdfs.text_pdf(pages=5, seed=22), name="five.pdf"))
    assert at_limit.status == Document.Status.INDEXED
    assert at_limit.pages.count() == 4
    assert over.status == Document.Status.FAILED
    assert over.error.startswith("This PDF has 5 pages; the limit is 4.")
