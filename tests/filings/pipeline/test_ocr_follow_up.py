"""Text layers first: a worker indexes a document's text layer at once and leaves its
scanned pages to an OCR follow-up on the "ocr" queue, read slice by slice, so a filing
uploaded behind a scan is searchable in seconds, not after the scan's OCR."""

import pytest
from django.utils import timezone
from kombu import Connection

from caselaw import testing_pdfs as pdfs
from caselaw.embedded import broker_options
from filings.models import Document, Page
from filings.pipeline import ocr, ocr_follow_up, runner
from filings.sweep import sweep_stuck_documents
from tests.conftest import wait_for
from tests.factories import FilingFactory
from tests.filings.search.conftest import doc_ids, search
from tests.helpers import upload

pytestmark = pytest.mark.django_db(transaction=True)
needs_tesseract = pytest.mark.skipif(not ocr.tesseract_available(), reason="tesseract is not installed")

MIXED = [
    ("text", "Kadrey opposition brief"),
    ("scan", "Exhibit Ziggurat scanned letter"),
    ("text", "Llama index"),
]


@pytest.fixture
def mixed(case):
    return upload(FilingFactory(case=case), pdfs.mixed_pdf(MIXED), name="mixed.pdf")


def test_the_text_layer_is_searchable_while_the_scan_waits(mixed, api, paralegal):
    assert runner.process_document(mixed.pk, token="t1", defer_ocr=True) == runner.Outcome.SEARCHABLE
    mixed.refresh_from_db()
    assert (mixed.status, mixed.pages_done, mixed.page_count, mixed.ocr_pages_left) == ("searchable", 2, 3, 1)
    assert mixed.searchable_at is not None and mixed.indexed_at is None
    assert mixed.progress_text == "Searchable — 2 of 3 pages; OCR of 1 page continues"
    scan = Page.objects.get(document=mixed, number=2)
    assert scan.ocr_pending and scan.text_source == "none" and "waiting for OCR" in scan.text_note
    client = api(paralegal)
    assert doc_ids(search(client, q="opposition")) == {mixed.pk}
    assert doc_ids(search(client, q="ziggurat")) == set()
    body = client.get(f"/api/v1/documents/{mixed.pk}/").json()
    assert (body["status"], body["ocr_pages_left"], body["progress_text"]) == (
        "searchable",
        1,
        "Searchable — 2 of 3 pages; OCR of 1 page continues",
    )


@needs_tesseract
def test_the_follow_up_fills_in_the_scanned_pages_and_finishes(mixed, api, paralegal):
    runner.process_document(mixed.pk, token="t1", defer_ocr=True)
    assert ocr_follow_up.continue_ocr(mixed.pk, token="t1") == runner.Outcome.INDEXED
    mixed.refresh_from_db()
    assert (mixed.status, mixed.pages_done, mixed.used_ocr) == ("indexed", 3, True)
    assert mixed.indexed_at >= mixed.searchable_at
    scan = Page.objects.get(document=mixed, number=2)
    assert not scan.ocr_pending and scan.text_source == "ocr" and "waiting" not in scan.text_note
    assert doc_ids(search(api(paralegal), q="ziggurat")) == {mixed.pk}
    assert "waiting for OCR" not in mixed.error


@needs_tesseract
def test_slices_hand_back_between_pages_and_progress_moves(case):
    scan = upload(FilingFactory(case=case), pdfs.scanned_pdf(["First page", "Second page", "Third page"]))
    runner.process_document(scan.pk, token="t2", defer_ocr=True)
    outcomes = []
    for _ in range(5):
        outcomes.append(ocr_follow_up.continue_ocr(scan.pk, token="t2", slice_seconds=0))
        if outcomes[-1] != runner.Outcome.MORE:
            break
        scan.refresh_from_db()
        assert scan.status == "searchable" and scan.pages_done == len(outcomes)
    assert outcomes == ["more", "more", "indexed"]


def test_only_the_message_holding_the_claim_reads(mixed):
    """A second message for the same document (sent again by the sweep, delivered twice)
    does nothing while the holder's claim is fresh; once it is stale it takes over."""
    runner.process_document(mixed.pk, token="holder", defer_ocr=True)
    assert ocr_follow_up.continue_ocr(mixed.pk, token="stranger") == runner.Outcome.SKIPPED
    assert Page.objects.filter(document=mixed, ocr_pending=True).count() == 1
    Document.objects.filter(pk=mixed.pk).update(heartbeat_at=timezone.now() - runner.lease() * 2)
    assert ocr_follow_up.continue_ocr(mixed.pk, token="stranger", slice_seconds=0) in ("indexed", "more")


def test_without_deferring_ocr_is_done_in_place(mixed):
    assert runner.process_document(mixed.pk, token="t3") in ("indexed",)
    assert not Page.objects.filter(document=mixed, ocr_pending=True).exists()


@pytest.mark.parametrize("in_order", [True, False], ids=["ours", "kombu's"])
def test_the_embedded_broker_hands_out_text_work_before_ocr_work(tmp_path, in_order):
    """Ours takes every text message before any OCR message; kombu's own takes turns
    (the control, so the test can tell the two apart)."""
    from caselaw.embedded import FilesystemTransport

    transport = FilesystemTransport if in_order else None
    with Connection("filesystem://", transport=transport, transport_options=broker_options(tmp_path)) as conn:
        # Names of their own: kombu keeps exchange bindings per process, and this process's
        # Celery app has bound "celery" in the session's own broker folder.
        name = tmp_path.name
        ocr_queue, text_queue = conn.SimpleQueue(f"{name}-ocr"), conn.SimpleQueue(f"{name}-text")
        for _ in range(3):
            ocr_queue.put("ocr")
        for _ in range(3):
            text_queue.put("text")
        received = []
        consumer = conn.Consumer(
            [text_queue.queue, ocr_queue.queue],
            callbacks=[lambda body, message: (received.append(body), message.ack())],
        )
        with consumer:
            while len(received) < 6:
                conn.drain_events(timeout=5)
    assert (received == ["text"] * 3 + ["ocr"] * 3) is in_order


@needs_tesseract
@pytest.mark.worker
def test_a_filing_uploaded_behind_a_scan_is_indexed_before_the_scan_is_read(worker, case, api, paralegal):
    filing = FilingFactory(case=case)
    scan = upload(
        filing, pdfs.scanned_pdf([f"Scanned exhibit page {n} Quokka" for n in range(8)]), name="scan.pdf"
    )
    brief = upload(
        filing, pdfs.text_pdf(pages=4, seed=31, sentences=["Wallaby reply brief"]), name="brief.pdf"
    )
    wait_for(
        lambda: Document.objects.filter(pk=brief.pk, status="indexed").exists(),
        timeout=120,
        message="the brief",
    )
    scan.refresh_from_db()
    assert scan.status == "searchable", "the scan's OCR should still be going when the brief is indexed"
    assert doc_ids(search(api(paralegal), q="wallaby")) == {brief.pk}
    wait_for(
        lambda: Document.objects.filter(pk=scan.pk, status="indexed").exists(),
        timeout=240,
        message="the scan",
    )
    scan.refresh_from_db()
    assert scan.pages_done == 8 and not scan.pages.filter(ocr_pending=True).exists()
    assert doc_ids(search(api(paralegal), q="quokka")) == {scan.pk}


@needs_tesseract
@pytest.mark.worker
def test_the_sweep_resends_a_follow_up_whose_message_was_lost(worker, mixed):
    runner.process_document(mixed.pk, token="lost-message", defer_ocr=True)  # no message sent
    Document.objects.filter(pk=mixed.pk).update(heartbeat_at=timezone.now() - runner.lease() * 2)
    assert sweep_stuck_documents() == 1
    wait_for(
        lambda: Document.objects.filter(pk=mixed.pk, status="indexed").exists(),
        timeout=120,
        message="the OCR",
    )


@pytest.fixture
def eager_tasks():
    """Call to have tasks sent from now on run here, at once."""
    from caselaw.celery import app

    yield lambda: setattr(app.conf, "task_always_eager", True)
    app.conf.task_always_eager = False


@needs_tesseract
def test_the_follow_up_is_sent_for_the_document_read_not_the_messages_own(case, eager_tasks):
    """In turn, the brief's message reads the scan queued before it: the OCR follow-up
    must go to the scan."""
    from filings.tasks import process_document

    filing = FilingFactory(case=case)
    scan = upload(filing, pdfs.scanned_pdf(["Numbat exhibit"]), name="scan.pdf")
    brief = upload(filing, pdfs.text_pdf(pages=1, seed=41), name="brief.pdf")
    eager_tasks()  # both uploads' messages went to the broker; this one runs here
    process_document.apply(args=[brief.pk], task_id="brief-message")
    scan.refresh_from_db()
    brief.refresh_from_db()
    assert (scan.status, brief.status) == ("indexed", "queued")
