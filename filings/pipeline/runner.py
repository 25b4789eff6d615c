"""Process one document: claim it, read it page by page, run the steps, finish.

Called by the Celery task (a thin shim) and directly by tests and commands.
"""

import logging
from datetime import timedelta
from enum import StrEnum

import pypdfium2 as pdfium
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from caselaw.models import Allegation
from filings.models import Document
from filings.pipeline import ocr, reuse, turns
from filings.pipeline.errors import PermanentProcessingError
from filings.pipeline.page_queue import PageQueue
from filings.pipeline.page_reader import PageReader, page_notes, stored_notes
from filings.pipeline.pdf import local_path, open_pdf
from filings.pipeline.suggestions import DOCUMENT_STEPS
from filings.pipeline.titles import name_from_first_page
from filings.services import alert_matching

log = logging.getLogger(__name__)

UNEXPECTED = (
    "An unexpected error stopped processing. The original file is kept; an administrator can retry it."
)
GAVE_UP = (
    "Processing was interrupted {n} times (the worker stopped, or the database or storage "
    "was unavailable). The original file is kept; an administrator can retry it."
)
REUSED = "The same file was already read for another document; its text was reused, not read again."
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
    SEARCHABLE = "searchable"  # text layer indexed; its scanned pages wait for the OCR follow-up
    MORE = "more"  # a slice of the OCR follow-up done; more pages wait


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
    taken = Document.objects.filter(takeable, pk=document_id).update(**turns.taken_by(token, now))
    if taken:
        return None
    status = Document.objects.filter(pk=document_id).values_list("status", flat=True).first()
    return Outcome.BUSY if status == Document.Status.PROCESSING else Outcome.SKIPPED


def process_document(
    document_id: int,
    *,
    token: str = "",
    resuming: bool = False,
    defer_ocr: bool = False,
    in_turn: bool = False,
) -> Outcome:
    """Read the document. With `defer_ocr` (the worker's way) pages that need OCR are
    indexed with what their text layer has and left for `continue_ocr`, so the document
    is searchable without waiting for tesseract; without it (tests, commands) OCR is done
    here too. With `in_turn` (the worker's way) the queued document whose uploader's turn
    it is is read instead, and `document_id` only when none is queued (filings/pipeline/turns.py)."""
    # A retry, or the same message delivered again after its worker died, goes back to
    # the document it took (claimed again only if its lease ran out, unless a retry).
    held = turns.held_by(token)
    if held:
        document_id = held
    # A retry that holds nothing (its document was finished by another message, or it
    # found its own busy) takes its turn like a first delivery.
    taken = turns.claim_in_turn(token, timezone.now()) if in_turn and not held else None
    if taken:
        document_id = taken
    else:
        refused = claim(document_id, token=token, resuming=resuming)
        if refused:
            return refused
    document = Document.objects.select_related("filing", "uploaded_by").get(pk=document_id)
    if document.attempts > settings.CASELAW_MAX_ATTEMPTS:
        return mark_failed(document, GAVE_UP.format(n=document.attempts - 1))
    source = reuse.already_read(document)
    if source is not None:
        reuse.copy_reading(document, source)
        notes = source.error.replace(REUSED, "").strip()
        return mark_indexed(document, [*([notes] if notes else []), REUSED])
    try:
        with local_path(document) as path:
            pdf = open_pdf(path, max_pages=settings.CASELAW_MAX_PAGES)
            try:
                warnings, pending = read_pages(document, pdf, defer_ocr=defer_ocr)
            finally:
                pdf.close()
    except PermanentProcessingError as problem:
        return mark_failed(document, problem.message)
    except FileNotFoundError:
        return mark_failed(document, "The stored file is missing. Upload it again.")
    except pdfium.PdfiumError:
        log.exception("pdfium failed on document %s", document_id)
        return mark_failed(document, "This PDF is damaged and cannot be read.")
    if pending:
        return mark_searchable(document, warnings)
    return mark_indexed(document, warnings + page_notes(stored_notes(document)))


def read_pages(
    document: Document, pdf: pdfium.PdfDocument, *, defer_ocr: bool = False
) -> tuple[list[str], int]:
    """Extract every page and run the page steps batch by batch, saving progress. Returns
    the document's notes from reading, and how many pages were left for OCR."""
    total = len(pdf)
    Document.objects.filter(pk=document.pk).update(page_count=total, pages_done=0)
    reader = PageReader(document, pdf, can_ocr=ocr.tesseract_available(), defer_ocr=defer_ocr)
    queue = PageQueue(document, ocr_processes=ocr.processes() if reader.can_ocr and not defer_ocr else 0)
    try:
        for index in range(total):
            queue.add(reader.read(index))
        queue.finish()
    finally:
        queue.close()
    return reader.large_pages.messages() + reader.messages(), queue.pending_ocr


def mark_indexed(document: Document, warnings: list[str]) -> Outcome:
    name_from_first_page(document)
    allegations = list(Allegation.objects.filter(case_id=document.filing.case_id))
    if allegations:
        with transaction.atomic():
            for step in DOCUMENT_STEPS:
                step.run(document, allegations)
    Document.objects.filter(pk=document.pk).update(
        status=Document.Status.INDEXED,
        indexed_at=timezone.now(),
        error=" ".join(warnings),
        pages_done=F("page_count"),
        claim_token="",
    )
    transaction.on_commit(lambda: alert_matching.send_match(document.pk))
    return Outcome.INDEXED


def mark_searchable(document: Document, warnings: list[str]) -> Outcome:
    """Every page's text layer is indexed; the pages left for OCR wait for the follow-up."""
    name_from_first_page(document)
    Document.objects.filter(pk=document.pk).update(
        status=Document.Status.SEARCHABLE,
        searchable_at=timezone.now(),
        heartbeat_at=timezone.now(),
        error=" ".join(warnings),
    )
    transaction.on_commit(lambda: alert_matching.send_match(document.pk))
    return Outcome.SEARCHABLE


def mark_failed(document: Document, reason: str) -> Outcome:
    Document.objects.filter(pk=document.pk).update(
        status=Document.Status.FAILED, error=reason, claim_token=""
    )
    return Outcome.FAILED


def mark_timed_out(document_id: int, *, token: str, limit: float) -> bool:
    """Fail a document whose task ran past its `limit` (seconds), if that task still holds
    it; False when another claim has taken it since."""
    running = [Document.Status.PROCESSING, Document.Status.SEARCHABLE]
    # The message's claim token names the document it holds (in turn, not always its own).
    held = Q(claim_token=token) if token else Q(pk=document_id, claim_token=token)
    return bool(
        Document.objects.filter(held, status__in=running).update(
            status=Document.Status.FAILED, error=TIMED_OUT.format(limit=in_words(limit)), claim_token=""
        )
    )


def in_words(seconds: float) -> str:
    """A time limit as a paralegal reads it: "45-minute", "90-second"."""
    seconds = int(seconds)
    if seconds >= 60 and seconds % 60 == 0:
        return f"{seconds // 60}-minute"
    return f"{seconds}-second"
