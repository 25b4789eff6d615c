"""Process one document: claim it, read it page by page, run the steps, finish.

Called by the Celery task (a thin shim) and directly by tests and commands.
"""

import logging
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from datetime import timedelta
from enum import StrEnum

import pypdfium2 as pdfium
from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from filings.models import Document
from filings.pipeline import ocr
from filings.pipeline.errors import PermanentProcessingError
from filings.pipeline.pdf import PageText, extract_text, local_path, needs_ocr, open_pdf
from filings.pipeline.steps import DOCUMENT_STEPS, PAGE_STEPS, Batch

log = logging.getLogger(__name__)

BATCH_PAGES = 32
UNEXPECTED = (
    "An unexpected error stopped processing. The original file is kept; an administrator can retry it."
)
GAVE_UP = (
    "Processing was interrupted {n} times (the worker stopped, or the database or storage "
    "was unavailable). The original file is kept; an administrator can retry it."
)
TIMED_OUT = (
    "Reading this document took longer than the {limit} limit, so it was stopped. The "
    "original file is kept; an administrator can retry it, or split the PDF into smaller "
    "parts and upload those."
)


class Outcome(StrEnum):
    INDEXED = "indexed"
    FAILED = "failed"
    SKIPPED = "skipped"  # gone, finished, or not ours to take
    BUSY = "busy"  # another worker holds a fresh claim


def lease() -> timedelta:
    """How long a claim holds without a heartbeat before another worker may take over."""
    return timedelta(seconds=settings.CASELAW_PROCESSING_LEASE)


def claim(document_id: int, *, token: str, resuming: bool) -> Outcome | None:
    """Atomically move the document to `processing` for us; None means we hold it now.

    A document may be taken when queued, when its previous holder's lease has run out
    (the worker died), or when `resuming` our own earlier attempt (a retry of this task).
    """
    now = timezone.now()
    takeable = Q(status=Document.Status.QUEUED) | Q(
        status=Document.Status.PROCESSING, heartbeat_at__lt=now - lease()
    )
    if resuming:
        takeable |= Q(status=Document.Status.PROCESSING, claim_token=token)
    taken = Document.objects.filter(takeable, pk=document_id).update(
        status=Document.Status.PROCESSING,
        claim_token=token,
        processing_started_at=now,
        heartbeat_at=now,
        attempts=F("attempts") + 1,
    )
    if taken:
        return None
    status = Document.objects.filter(pk=document_id).values_list("status", flat=True).first()
    return Outcome.BUSY if status == Document.Status.PROCESSING else Outcome.SKIPPED


def process_document(document_id: int, *, token: str = "", resuming: bool = False) -> Outcome:
    refused = claim(document_id, token=token, resuming=resuming)
    if refused:
        return refused
    document = Document.objects.select_related("filing").get(pk=document_id)
    if document.attempts > settings.CASELAW_MAX_ATTEMPTS:
        return mark_failed(document, GAVE_UP.format(n=document.attempts - 1))
    try:
        with local_path(document) as path:
            pdf = open_pdf(path, max_pages=settings.CASELAW_MAX_PAGES)
            try:
                warnings = read_pages(document, pdf)
            finally:
                pdf.close()
    except PermanentProcessingError as problem:
        return mark_failed(document, problem.message)
    except FileNotFoundError:
        return mark_failed(document, "The stored file is missing. Upload it again.")
    except pdfium.PdfiumError:
        log.exception("pdfium failed on document %s", document_id)
        return mark_failed(document, "This PDF is damaged and cannot be read.")
    return mark_indexed(document, warnings)


def read_pages(document: Document, pdf: pdfium.PdfDocument) -> list[str]:
    """Extract every page and run the page steps batch by batch, saving progress."""
    total = len(pdf)
    Document.objects.filter(pk=document.pk).update(page_count=total, pages_done=0)
    can_ocr = ocr.tesseract_available()
    skipped_scans = 0
    large_pages = ocr.LargePages()
    queue = PageQueue(document, ocr_processes=ocr.processes() if can_ocr else 0)
    try:
        for index in range(total):
            page = pdf[index]
            text, image = "", None
            try:
                text = extract_text(page)
                if needs_ocr(page, text):
                    if can_ocr:
                        image = render_for_ocr(page, index + 1, large_pages, document=document)
                    else:
                        skipped_scans += 1
            except pdfium.PdfiumError:
                log.warning("page %s of document %s could not be read", index + 1, document.pk)
            finally:
                page.close()
            queue.add(index + 1, text, image)
        queue.finish()
    finally:
        queue.close()
    warnings = large_pages.messages()
    if skipped_scans:
        warnings.append(
            f"{skipped_scans} scanned page(s) have no text because OCR (tesseract) is not "
            "installed on the worker."
        )
    return warnings


def render_for_ocr(page: pdfium.PdfPage, number: int, large_pages: ocr.LargePages, *, document: Document):
    """The page rendered for tesseract within CASELAW_OCR_MAX_PIXELS, or None when it is
    too large to read; either way `large_pages` notes what was done."""
    width, height = page.get_size()
    dpi = ocr.resolution(width, height)
    large_pages.note(number, width, height, dpi)
    if dpi != ocr.OCR_DPI:
        log.info(
            "page %s of document %s is %.0f × %.0f pt: %s",
            number,
            document.pk,
            width,
            height,
            f"OCR at {dpi} dpi" if dpi else "too large for OCR",
        )
    return ocr.render(page, dpi) if dpi else None


class PageQueue:
    """Read pages on their way to the writer, in page order.

    Born-digital pages go in batches of BATCH_PAGES. A scanned page goes to one of
    `ocr_processes` tesseract threads as soon as it is rendered, and reading goes on;
    when all are busy we wait for one to finish. Whatever is ready at the front is
    written as each scanned page comes back, so progress moves page by page through a
    scan; pages are never written out of order.
    """

    def __init__(self, document: Document, *, ocr_processes: int):
        self.writer = PageWriter(document)
        self.ocr_processes = ocr_processes
        self.ocr_pool = (
            ThreadPoolExecutor(max_workers=ocr_processes, thread_name_prefix="ocr") if ocr_processes else None
        )
        self.pending: list[tuple[int, str | Future]] = []  # (page number, text or tesseract's reading)
        self.used_ocr = False

    def add(self, number: int, text: str, image=None) -> None:
        if image is not None:
            self.pending.append((number, self.ocr_pool.submit(ocr.recognise, image)))
            self.used_ocr = True
        else:
            self.pending.append((number, text))
        reading = [job for _, job in self.pending if isinstance(job, Future)]
        busy = [job for job in reading if not job.done()]
        if busy and len(busy) >= self.ocr_processes:
            wait(busy, return_when=FIRST_COMPLETED)
        if reading:
            self.write_ready()
        elif len(self.pending) >= BATCH_PAGES:
            self.write(len(self.pending))

    def write_ready(self) -> None:
        """Write the front pages that are ready, if tesseract has finished one of them."""
        ready = 0
        for _, job in self.pending:
            if isinstance(job, Future) and not job.done():
                break
            ready += 1
        if ready >= BATCH_PAGES or any(isinstance(job, Future) for _, job in self.pending[:ready]):
            self.write(ready)

    def write(self, count: int) -> None:
        """Hand the first `count` pending pages to the writer, BATCH_PAGES at a time."""
        while count > BATCH_PAGES:
            self.write(BATCH_PAGES)
            count -= BATCH_PAGES
        taken, self.pending = self.pending[:count], self.pending[count:]
        pages = [
            PageText(number, job.result(), from_ocr=True)
            if isinstance(job, Future)
            else PageText(number, job)
            for number, job in taken
        ]
        self.writer.write(pages, done=pages[-1].number, used_ocr=self.used_ocr)

    def finish(self) -> None:
        if self.pending:
            wait([job for _, job in self.pending if isinstance(job, Future)])
            self.write(len(self.pending))
        self.writer.finish()

    def close(self) -> None:
        try:
            if self.ocr_pool is not None:
                self.ocr_pool.shutdown(cancel_futures=True)
        finally:
            self.writer.close()


class PageWriter:
    """Runs the page steps for one batch in a background thread while the next batch is
    read, so PostgreSQL builds search vectors on one core while pdfium reads on the other.

    At most one batch is in flight; an error in it surfaces at the next write or finish.
    The thread has its own database connection, closed when the document is done.
    """

    def __init__(self, document: Document):
        self.document = document
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="page-writer")
        self.in_flight: Future | None = None

    def write(self, pages: list[PageText], *, done: int, used_ocr: bool) -> None:
        batch = Batch(document=self.document, pages=pages)
        for step in PAGE_STEPS:
            if hasattr(step, "prepare"):
                step.prepare(batch)
        self.finish()
        self.in_flight = self.pool.submit(run_page_steps, batch, done=done, used_ocr=used_ocr)

    def finish(self) -> None:
        if self.in_flight is not None:
            in_flight, self.in_flight = self.in_flight, None
            in_flight.result()

    def close(self) -> None:
        try:
            self.finish()
        finally:
            self.pool.submit(close_connection).result()
            self.pool.shutdown()


def close_connection() -> None:
    """Close the calling thread's database connection (`connection` resolves per thread)."""
    connection.close()


def run_page_steps(batch: Batch, *, done: int, used_ocr: bool) -> None:
    with transaction.atomic():
        for step in PAGE_STEPS:
            step.run(batch)
        Document.objects.filter(pk=batch.document.pk).update(
            pages_done=done, heartbeat_at=timezone.now(), used_ocr=used_ocr
        )


def mark_indexed(document: Document, warnings: list[str]) -> Outcome:
    with transaction.atomic():
        for step in DOCUMENT_STEPS:
            step.run(document)
    Document.objects.filter(pk=document.pk).update(
        status=Document.Status.INDEXED,
        indexed_at=timezone.now(),
        error=" ".join(warnings),
        pages_done=F("page_count"),
        claim_token="",
    )
    return Outcome.INDEXED


def mark_failed(document: Document, reason: str) -> Outcome:
    Document.objects.filter(pk=document.pk).update(
        status=Document.Status.FAILED, error=reason, claim_token=""
    )
    return Outcome.FAILED


def mark_timed_out(document_id: int, *, token: str, limit: float) -> bool:
    """Fail a document whose task ran past its `limit` (seconds), if that task still holds
    it; False when another claim has taken it since."""
    return bool(
        Document.objects.filter(pk=document_id, status=Document.Status.PROCESSING, claim_token=token).update(
            status=Document.Status.FAILED, error=TIMED_OUT.format(limit=in_words(limit)), claim_token=""
        )
    )


def in_words(seconds: float) -> str:
    """A time limit as a paralegal reads it: "45-minute", "90-second"."""
    seconds = int(seconds)
    if seconds >= 60 and seconds % 60 == 0:
        return f"{seconds // 60}-minute"
    return f"{seconds}-second"
