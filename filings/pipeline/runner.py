"""Process one document: claim it, read it page by page, run the steps, finish.

Called by the Celery task (a thin shim) and directly by tests and commands.
"""

import logging
from concurrent.futures import Future, ThreadPoolExecutor
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
    "Processing failed {n} times because of temporary problems (database or storage "
    "unavailable). The original file is kept; an administrator can retry it."
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
            pdf = open_pdf(path)
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
    used_ocr = False
    pending: list[PageText] = []
    writer = PageWriter(document)
    try:
        for index in range(total):
            page = pdf[index]
            try:
                text = extract_text(page)
                scanned = needs_ocr(page, text)
                if scanned and can_ocr:
                    text, used_ocr = ocr.ocr_page(page), True
                elif scanned:
                    skipped_scans += 1
            except pdfium.PdfiumError:
                log.warning("page %s of document %s could not be read", index + 1, document.pk)
                text, scanned = "", False
            finally:
                page.close()
            pending.append(PageText(index + 1, text, from_ocr=scanned and can_ocr))
            # OCR is slow: flush after each scanned page so progress moves page by page.
            if len(pending) >= BATCH_PAGES or (scanned and can_ocr) or index + 1 == total:
                writer.write(pending, done=index + 1, used_ocr=used_ocr)
                pending = []
        writer.finish()
    finally:
        writer.close()
    if skipped_scans:
        return [
            f"{skipped_scans} scanned page(s) have no text because OCR (tesseract) is not "
            "installed on the worker."
        ]
    return []


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
        self.finish()
        self.in_flight = self.pool.submit(run_page_steps, self.document, pages, done=done, used_ocr=used_ocr)

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


def run_page_steps(document: Document, pages: list[PageText], *, done: int, used_ocr: bool) -> None:
    batch = Batch(document=document, pages=pages)
    with transaction.atomic():
        for step in PAGE_STEPS:
            step.run(batch)
        Document.objects.filter(pk=document.pk).update(
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
