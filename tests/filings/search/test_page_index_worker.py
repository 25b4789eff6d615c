"""With a real worker: a document's pages reach the search index as soon as they are
stored, without waiting for beat (filings.tasks.send_index_sync)."""

import uuid

import pytest

from caselaw import testing_pdfs as pdfs
from filings.models import Document
from filings.search import page_index
from tests.conftest import wait_for
from tests.factories import FilingFactory
from tests.helpers import upload

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]


def test_a_processed_document_is_in_the_index_without_beat(case, worker):
    # A word of this run only: the test index directory outlives the test database.
    word = f"zq{uuid.uuid4().hex[:10]}"
    data = pdfs.text_pdf(pages=2, marker=f"Quia timet injunction {word}", sentences=["Page filed."])
    document = upload(FilingFactory(case=case), data, name="quia-timet.pdf")
    wait_for(
        lambda: Document.objects.filter(pk=document.pk, status="indexed").exists(),
        timeout=60,
        message="the document indexed",
    )
    pages = set(document.pages.values_list("pk", flat=True))
    wait_for(
        lambda: set(page_index.page_ids_matching(word)) == pages,
        timeout=30,
        message="its pages in the search index",
    )
