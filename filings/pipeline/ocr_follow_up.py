"""The OCR follow-up of a searchable document (the "ocr" queue's task, filings/tasks.py):
the pages a worker left for OCR are read slice by slice, then the document is indexed."""

import logging
import time

import pypdfium2 as pdfium
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from filings.models import Document, Page
from filings.pipeline import ocr
from filings.pipeline.errors import PermanentProcessingError
from filings.pipeline.page_queue import PageQueue
from filings.pipeline.page_reader import PageReader, page_notes, stored_notes
from filings.pipeline.pdf import local_path, open_pdf
from filings.pipeline.runner import Outcome, lease, mark_indexed

log = logging.getLogger(__name__)


def continue_ocr(document_id: int, *, token: str, slice_seconds: float | None = None) -> Outcome:
    """The OCR follow-up: read the next pages left for OCR for about `slice_seconds`, then
    hand back (MORE), so text layers of documents uploaded meanwhile go first and scans
    share the OCR workers page slice by page slice; INDEXED when none are left.

    Runs for the message that holds the document's claim (its task id is the claim
    token), or takes over one whose holder stopped beating (the sweep's new message)."""
    now = timezone.now()
    taken = (
        Document.objects.filter(pk=document_id, status=Document.Status.SEARCHABLE)
        .filter(Q(claim_token=token) | Q(heartbeat_at__lt=now - lease()))
        .update(claim_token=token, heartbeat_at=now)
    )
    if not taken:
        return Outcome.SKIPPED
    document = Document.objects.select_related("filing", "uploaded_by").get(pk=document_id)
    numbers = list(
        Page.objects.filter(document=document, ocr_pending=True)
        .order_by("number")
        .values_list("number", flat=True)
    )
    warnings = []
    if numbers:
        try:
            with local_path(document) as path:
                pdf = open_pdf(path, max_pages=settings.CASELAW_MAX_PAGES)
                try:
                    warnings = read_pending(document, pdf, numbers, slice_seconds)
                finally:
                    pdf.close()
        except (PermanentProcessingError, FileNotFoundError, pdfium.PdfiumError) as problem:
            log.warning("OCR follow-up of document %s stopped: %s", document_id, problem)
            Page.objects.filter(document=document, ocr_pending=True).update(ocr_pending=False)
            warnings = [
                "The scanned pages could not be read with OCR (the stored file could not be opened again)."
            ]
    notes = [note for note in [document.error, *warnings] if note]
    if Page.objects.filter(document=document, ocr_pending=True).exists():
        Document.objects.filter(pk=document.pk, claim_token=token).update(error=" ".join(notes))
        return Outcome.MORE
    return mark_indexed(document, notes + page_notes(stored_notes(document)))


def read_pending(document: Document, pdf: pdfium.PdfDocument, numbers: list[int], slice_seconds) -> list[str]:
    """OCR the pages `numbers` in order until `slice_seconds` have passed (at least one)."""
    slice_seconds = settings.CASELAW_OCR_SLICE_SECONDS if slice_seconds is None else slice_seconds
    reader = PageReader(document, pdf, can_ocr=ocr.tesseract_available())
    done = Document.objects.filter(pk=document.pk).values_list("pages_done", flat=True).get()
    queue = PageQueue(document, ocr_processes=ocr.processes() if reader.can_ocr else 0, done_before=done)
    queue.used_ocr = document.used_ocr
    started = time.monotonic()
    try:
        for count, number in enumerate(numbers):
            if count and time.monotonic() - started >= slice_seconds:
                break
            queue.add(reader.read(number - 1))
        queue.finish()
    finally:
        queue.close()
    return reader.large_pages.messages() + reader.messages()
