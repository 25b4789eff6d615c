"""With a real worker: a document's pages reach the search index as soon as they are
stored, without waiting for beat (filings.tasks.send_index_sync)."""

import uuid

import pytest

from caselaw import testing_pdfs as pdfs
from filings.models import Document, Page
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


def test_two_workers_indexing_at_once_leave_each_page_in_the_index_once(case, transactional_db):
    """Two worker processes store documents and sync at the same time: one indexer at a
    time takes the changes in (the lock), none is lost and none doubled; search then ranks
    through the index."""
    from caselaw.models import CaseMembership
    from filings.search import parse_search, search_pages
    from tests.factories import MembershipFactory, UserFactory
    from tests.worker import WorkerProcess

    word = f"zq{uuid.uuid4().hex[:10]}"
    documents = [
        upload(
            FilingFactory(case=case),
            pdfs.text_pdf(pages=3, marker=f"Laches and {word} number {n}", sentences=["Page filed."]),
            name=f"laches-{n}.pdf",
        )
        for n in range(8)
    ]
    workers = [WorkerProcess(f"indexer{n}").start() for n in range(2)]
    try:
        wait_for(
            lambda: Document.objects.filter(pk__in=[d.pk for d in documents], status="indexed").count() == 8,
            timeout=120,
            message="the documents indexed",
        )
        pages = set(Page.objects.filter(document__in=documents).values_list("pk", flat=True))
        wait_for(
            lambda: set(page_index.page_ids_matching(word)) == pages and not page_index.waiting(1),
            timeout=60,
            message="every page in the search index",
        )
    finally:
        for worker in workers:
            worker.stop()
    logs = "".join(worker.log_path.read_text() for worker in workers)
    assert logs.count("sync_search_index") >= 2  # both took syncs
    index = page_index.open_index()
    index.reload()
    assert index.searcher().num_docs == Page.objects.count() == 24
    user = UserFactory()
    MembershipFactory(user=user, case=case, role=CaseMembership.Role.LAWYER)
    results = search_pages(user, parse_search({"q": word}))
    assert results.ranked_by_index and results.total == 24
