"""What one document may cost a real Celery worker process: a huge page costs seconds and
a little memory, a document past its time limit fails with the reason, a child over its
memory limit is replaced; each time the worker goes on to the next document."""

import time
from pathlib import Path

import pytest
from django.core.management import call_command

from caselaw import testing_pdfs as pdfs
from filings.models import Document
from tests.conftest import wait_for
from tests.factories import FilingFactory
from tests.filings.pipeline.raw_pdfs import huge_page_pdf, text_pages_pdf
from tests.helpers import require_tool, upload
from tests.worker import WorkerProcess

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

FINISHED = (Document.Status.INDEXED, Document.Status.FAILED)
MB = 1024  # /proc reports kB


@pytest.fixture
def filing(case):
    return FilingFactory(case=case)


LONG_PAGES = 3000  # born-digital: several seconds of work for one worker


def finished(document: Document, timeout: float = 60) -> Document:
    wait_for(
        lambda: Document.objects.filter(pk=document.pk, status__in=FINISHED).exists(),
        timeout=timeout,
        interval=0.05,
        message=f"document {document.pk} to finish",
    )
    document.refresh_from_db()
    return document


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (a worker's pool children, a child's tesseract)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:  # gone meanwhile
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def memory_kb(pid: int, field: str = "VmHWM") -> int:
    """A process's peak (VmHWM) or current (VmRSS) resident memory in kB, 0 once it is gone
    (or exiting)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    # A process that has exited but not been reaped (a zombie) has no memory lines.
    return next((int(line.split()[1]) for line in status.splitlines() if line.startswith(field + ":")), 0)


def pool_child(worker: WorkerProcess) -> int:
    (child,) = wait_for(lambda: children(worker.process.pid), message="the worker's pool child")
    return child


def test_a_huge_page_costs_seconds_and_little_memory_and_the_worker_goes_on(worker, filing):
    require_tool("tesseract")
    warm_up = finished(upload(filing, pdfs.scanned_pdf(["Plaintiffs allege copying."]), name="scan.pdf"))
    assert warm_up.status == Document.Status.INDEXED
    child = pool_child(worker)
    before = memory_kb(child)

    started = time.monotonic()
    document = upload(filing, huge_page_pdf(6000), name="exhibit.pdf")
    tesseract_peak = 0
    while not Document.objects.filter(pk=document.pk, status__in=FINISHED).exists():
        assert time.monotonic() - started < 30, "the 6,000-point page took over 30 s"
        for reader in children(child):
            tesseract_peak = max(tesseract_peak, memory_kb(reader))
        time.sleep(0.02)
    seconds = time.monotonic() - started
    extra = memory_kb(child) - before

    document.refresh_from_db()
    print(
        f"6,000 pt page: {seconds:.1f} s, worker child +{extra // MB} MB, tesseract {tesseract_peak // MB} MB"
    )
    assert document.status == Document.Status.INDEXED
    assert "OCR read it at 75 dpi" in document.error
    assert seconds < 15
    assert extra < 200 * MB
    assert extra + tesseract_peak < 500 * MB
    assert pool_child(worker) == child  # nothing was killed

    after = finished(upload(filing, pdfs.text_pdf(pages=3, seed=32), name="next.pdf"))
    assert (after.status, after.pages.count()) == (Document.Status.INDEXED, 3)


def test_a_document_past_the_soft_time_limit_fails_with_the_reason_and_the_worker_goes_on(filing):
    worker = WorkerProcess(
        "soft-limit", extra_env={"CASELAW_TASK_SOFT_TIME_LIMIT": "1", "CASELAW_TASK_TIME_LIMIT": "30"}
    ).start()
    try:
        child = pool_child(worker)
        slow = finished(upload(filing, text_pages_pdf(LONG_PAGES), name="transcript.pdf"))
        after = finished(upload(filing, pdfs.text_pdf(pages=2, seed=33), name="next.pdf"))
        child_after = pool_child(worker)
    finally:
        worker.stop()
    assert slow.status == Document.Status.FAILED
    assert slow.error.startswith(
        "Reading this document took longer than the 1-second limit, so it was stopped."
    )
    assert 0 < slow.pages_done < LONG_PAGES
    assert slow.attempts == 1
    assert after.status == Document.Status.INDEXED
    assert "Hard time limit" not in worker.output()
    assert child_after == child  # the same child went on: nothing was killed


def test_a_document_past_the_hard_time_limit_fails_with_the_reason_and_is_not_sent_again(filing, settings):
    quick_redelivery = {"CELERY_VISIBILITY_TIMEOUT": "2", "CELERY_UNACKED_RESTORE_INTERVAL": "1"}
    worker = WorkerProcess(
        "hard-limit",
        extra_env={"CASELAW_TASK_SOFT_TIME_LIMIT": "0", "CASELAW_TASK_TIME_LIMIT": "1", **quick_redelivery},
    ).start()
    try:
        first_child = pool_child(worker)
        slow = finished(upload(filing, text_pages_pdf(LONG_PAGES), name="transcript.pdf"))
        after = finished(upload(filing, pdfs.text_pdf(pages=2, seed=34), name="next.pdf"))
        time.sleep(3)  # past the visibility timeout: an unacknowledged message would be back
        settings.CASELAW_PROCESSING_LEASE = 0
        call_command("sweep_documents")
        time.sleep(1)
        slow.refresh_from_db()
        replacement = pool_child(worker)
    finally:
        worker.stop()
    assert "Hard time limit (1" in worker.output()
    assert replacement != first_child  # killed; its replacement went on
    assert slow.status == Document.Status.FAILED
    assert slow.error.startswith("Reading this document took longer than the 1-second limit")
    assert slow.attempts == 1
    assert after.status == Document.Status.INDEXED


def test_a_worker_child_over_its_memory_limit_is_replaced_after_its_document(filing):
    worker = WorkerProcess("lean", extra_env={"CELERY_WORKER_MAX_MEMORY_PER_CHILD": "1"}).start()
    try:
        first_child = pool_child(worker)
        first = finished(upload(filing, pdfs.text_pdf(pages=2, seed=35), name="one.pdf"))
        wait_for(lambda: children(worker.process.pid) not in ([], [first_child]), message="a new child")
        second = finished(upload(filing, pdfs.text_pdf(pages=2, seed=36), name="two.pdf"))
    finally:
        worker.stop()
    assert (first.status, second.status) == (Document.Status.INDEXED, Document.Status.INDEXED)
