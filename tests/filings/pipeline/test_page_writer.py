"""The process's page-writer thread: one database connection for every document it reads
(a new one per document was a third of a small filing's time), replaced when it breaks."""

import pytest
from django.db import connection

from caselaw import testing_pdfs as pdfs
from filings.models import Document
from filings.pipeline import page_queue
from filings.pipeline.runner import Outcome, process_document
from tests.conftest import wait_for
from tests.factories import FilingFactory
from tests.helpers import upload

pytestmark = pytest.mark.django_db(transaction=True)


def writer_backend() -> int:
    """The PostgreSQL backend of the writer thread's connection."""

    def backend() -> int:
        with connection.cursor() as cursor:  # the writer thread's own connection
            cursor.execute("SELECT pg_backend_pid()")
            return cursor.fetchone()[0]

    return page_queue.writer_thread().submit(backend).result()


def read(filing, seed: int) -> Document:
    document = upload(filing, pdfs.text_pdf(pages=3, seed=seed), name=f"f{seed}.pdf")
    assert process_document(document.pk, token=f"t{seed}") == Outcome.INDEXED
    document.refresh_from_db()
    return document


def test_documents_one_after_another_share_the_writer_connection(case):
    filing = FilingFactory(case=case)
    read(filing, 1)
    first = writer_backend()
    second = read(filing, 2)
    assert writer_backend() == first
    assert second.pages.count() == 3 and second.pages_done == 3


def test_a_writer_connection_cut_off_is_replaced_and_nothing_is_lost(case):
    filing = FilingFactory(case=case)
    read(filing, 3)
    cut = writer_backend()
    with connection.cursor() as cursor:  # an administrator, a restart, a network blip
        cursor.execute("SELECT pg_terminate_backend(%s)", [cut])
    wait_for(lambda: not backend_alive(cut), timeout=10, message="the backend to end")
    document = read(filing, 4)
    assert document.pages.count() == 3 and document.pages.filter(text="").count() == 0
    assert writer_backend() != cut


def test_closing_the_writer_ends_its_connection(case):
    read(FilingFactory(case=case), 5)
    backend = writer_backend()
    page_queue.close_writer()
    wait_for(lambda: not backend_alive(backend), timeout=10, message="the backend to end")


def backend_alive(pid: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [pid])
        return cursor.fetchone()[0] > 0
