"""Process one document: claim it, read it page by page, run the steps, finish.

Called by the Celery task (a thin shim) and directly by tests and commands.
"""

import logging
import time
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from datetime import timedelta
from enum import StrEnum
from functools import partial

import pypdfium2 as pdfium
from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from filings.models import Document, Page
from filings.pipeline import ocr, page_reading, quality, reuse, turns
from filings.pipeline import pdf as pdf_reading
from filings.pipeline.errors import PermanentProcessingError
from filings.pipeline.pdf import PageText, local_path, open_pdf
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
    taken = turns.claim_in_turn(token, timezone.now()) if in_turn and not held and not resuming else None
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


def stored_notes(document: Document) -> list[PageText]:
    """The document's pages that carry a note, as the notes' wording needs them."""
    rows = Page.objects.filter(document=document).exclude(text_note="").order_by("number")
    return [PageText(number, "", note=note) for number, note in rows.values_list("number", "text_note")]


class PageReader:
    """Reads one page in the pdfium thread and decides how its text is to be had: from its
    text layer as it is; by OCR of the whole page (a scan, or a layer that is gibberish);
    or from the layer plus OCR of images of text on it. What needs OCR comes back as a job
    for the OCR threads (a callable returning the PageText), the rest as the PageText."""

    def __init__(
        self, document: Document, pdf: pdfium.PdfDocument, *, can_ocr: bool, defer_ocr: bool = False
    ):
        self.document, self.pdf, self.can_ocr = document, pdf, can_ocr
        self.defer_ocr = can_ocr and defer_ocr  # pages needing OCR are kept for the follow-up
        self.large_pages = ocr.LargePages()
        self.skipped_scans = 0
        self.seen_images: set[str] = set()  # images of text already read in this document

    def read(self, index: int):
        number = index + 1
        page = self.pdf[index]
        try:
            page, annotations = pdf_reading.with_annotations(self.pdf, index, page)
            raw = pdf_reading.raw_text(page)
            text = pdf_reading.add_unseen(pdf_reading.clean(raw), annotations)
            verdict = quality.judge(raw)
            scan = pdf_reading.needs_ocr(page, text)
            if scan or not verdict.usable:
                return self.whole_page(page, number, text, scan=scan, verdict=verdict)
            images = pdf_reading.text_images(page, self.seen_images) if self.can_ocr else []
            if images and self.defer_ocr:
                return PageText(number, text, note="images of text on it: waiting for OCR", ocr_pending=True)
            if images:
                rendered = [ocr.render_region(page, bounds) for bounds in images]
                return partial(page_reading.read_images, number, text, rendered)
            return PageText(number, text)
        except pdfium.PdfiumError:
            log.warning("page %s of document %s could not be read", number, self.document.pk)
            return PageText(number, "", source="none", note="this page could not be read (damaged)")
        finally:
            page.close()

    def whole_page(self, page, number: int, text: str, *, scan: bool, verdict):
        reason = "scanned page" if scan and verdict.usable else verdict.reason
        if not self.can_ocr:
            self.skipped_scans += 1
            kept = text if verdict.usable else ""
            note = f"{reason}: not read, OCR (tesseract) is not installed"
            return PageText(number, kept, source="layer" if kept else "none", note=note)
        if self.defer_ocr:
            kept = text if verdict.usable else ""
            note = f"{reason}: waiting for OCR"
            return PageText(number, kept, source="layer" if kept else "none", note=note, ocr_pending=True)
        image = render_for_ocr(page, number, self.large_pages, document=self.document)
        if image is None:
            kept = text if verdict.usable else ""
            return PageText(
                number, kept, source="layer" if kept else "none", note=f"{reason}: too large for OCR"
            )
        top, bottom = pdf_reading.halves(page) if verdict.usable and text.strip() else ("", "")
        return partial(page_reading.read_scan, number, image, top=top, bottom=bottom, reason=reason)

    def messages(self) -> list[str]:
        if not self.skipped_scans:
            return []
        return [
            f"{self.skipped_scans} scanned or unreadable page(s) have no OCR text because OCR "
            "(tesseract) is not installed on the worker."
        ]


def page_notes(pages: list[PageText]) -> list[str]:
    """The document's notes on its pages, in words a paralegal reads at a glance."""
    unreadable = [p.number for p in pages if "Unicode map" in p.note or "lost its spaces" in p.note]
    turned = [p.number for p in pages if "turned upright" in p.note]
    doubtful = [p.number for p in pages if "confidence low" in p.note]
    notes = []
    if unreadable:
        were = "was" if len(unreadable) == 1 else "were"
        notes.append(
            f"{pages_in_words(unreadable)} had an unreadable text layer (a font without a Unicode map) "
            f"and {were} read with OCR instead."
        )
    if turned:
        were = "was" if len(turned) == 1 else "were"
        notes.append(
            f"{pages_in_words(turned)} {were} scanned upside down or sideways and read turned upright."
        )
    if doubtful:
        notes.append(
            f"OCR confidence is low on {pages_in_words(doubtful).lower()}: their text may have errors."
        )
    return notes


def pages_in_words(numbers: list[int]) -> str:
    return f"Page {numbers[0]}" if len(numbers) == 1 else f"Pages {ocr.page_list(numbers)}"


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

    Pages read from their text layer go in batches of BATCH_PAGES. A page that needs OCR
    goes to one of `ocr_processes` tesseract threads as soon as it is rendered, and reading
    goes on; when all are busy we wait for one to finish. Whatever is ready at the front
    is written as each OCR page comes back, so progress moves page by page through a scan;
    pages are never written out of order.
    """

    def __init__(self, document: Document, *, ocr_processes: int, done_before: int = 0):
        self.writer = PageWriter(document)
        self.done = done_before  # pages with their final text, written
        self.pending_ocr = 0  # pages written for the OCR follow-up to read
        self.ocr_processes = ocr_processes
        self.ocr_pool = (
            ThreadPoolExecutor(max_workers=ocr_processes, thread_name_prefix="ocr") if ocr_processes else None
        )
        self.pending: list[PageText | Future] = []  # in page order: read, or being read by OCR
        self.used_ocr = False

    def add(self, item) -> None:
        """`item`: the page's PageText, or a job for the OCR threads that returns it."""
        if callable(item):
            self.pending.append(self.ocr_pool.submit(item))
        else:
            self.pending.append(item)
        reading = [job for job in self.pending if isinstance(job, Future)]
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
        for job in self.pending:
            if isinstance(job, Future) and not job.done():
                break
            ready += 1
        if ready >= BATCH_PAGES or any(isinstance(job, Future) for job in self.pending[:ready]):
            self.write(ready)

    def write(self, count: int) -> None:
        """Hand the first `count` pending pages to the writer, BATCH_PAGES at a time."""
        while count > BATCH_PAGES:
            self.write(BATCH_PAGES)
            count -= BATCH_PAGES
        taken, self.pending = self.pending[:count], self.pending[count:]
        pages = [job.result() if isinstance(job, Future) else job for job in taken]
        self.used_ocr = self.used_ocr or any(page.from_ocr for page in pages)
        waiting = sum(page.ocr_pending for page in pages)
        self.pending_ocr += waiting
        self.done += len(pages) - waiting
        self.writer.write(pages, done=self.done, used_ocr=self.used_ocr)

    def finish(self) -> None:
        if self.pending:
            wait([job for job in self.pending if isinstance(job, Future)])
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


def mark_searchable(document: Document, warnings: list[str]) -> Outcome:
    """Every page's text layer is indexed; the pages left for OCR wait for the follow-up."""
    Document.objects.filter(pk=document.pk).update(
        status=Document.Status.SEARCHABLE,
        searchable_at=timezone.now(),
        heartbeat_at=timezone.now(),
        error=" ".join(warnings),
    )
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
