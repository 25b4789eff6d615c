"""Read pages on their way to PostgreSQL: OCR jobs in threads, batches written in page
order by the process's writer thread, with its own connection, while the next batch is read."""

import os
import threading
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait

from django.db import connection, transaction
from django.utils import timezone

from filings.models import Document
from filings.pipeline.pdf import PageText
from filings.pipeline.steps import PAGE_STEPS, Batch

BATCH_PAGES = 32


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
    The thread and its database connection serve every document the process reads (a new
    connection per document cost ~15 ms, a third of a small filing's time); the worker
    closes it as it stops (`close_writer`).
    """

    def __init__(self, document: Document):
        self.document = document
        self.in_flight: Future | None = None

    def write(self, pages: list[PageText], *, done: int, used_ocr: bool) -> None:
        batch = Batch(document=self.document, pages=pages)
        for step in PAGE_STEPS:
            if hasattr(step, "prepare"):
                step.prepare(batch)
        self.finish()
        self.in_flight = writer_thread().submit(run_page_steps, batch, done=done, used_ocr=used_ocr)

    def finish(self) -> None:
        if self.in_flight is not None:
            in_flight, self.in_flight = self.in_flight, None
            in_flight.result()

    def close(self) -> None:
        self.finish()


_writer: ThreadPoolExecutor | None = None
_writer_lock = threading.Lock()


def writer_thread() -> ThreadPoolExecutor:
    """The process's page-writer thread, started on first use (a forked child starts its
    own: threads do not survive a fork)."""
    global _writer
    with _writer_lock:
        if _writer is None:
            _writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="page-writer")
        return _writer


def _forget_writer_after_fork() -> None:
    global _writer, _writer_lock
    _writer, _writer_lock = None, threading.Lock()  # the thread stayed in the parent


os.register_at_fork(after_in_child=_forget_writer_after_fork)


def close_writer() -> None:
    """Close the writer thread's database connection and stop the thread (the worker as it
    shuts down; tests before their database is dropped)."""
    global _writer
    with _writer_lock:
        writer, _writer = _writer, None
    if writer is not None:
        writer.submit(close_connection).result()
        writer.shutdown()


def close_connection() -> None:
    """Close the calling thread's database connection (`connection` resolves per thread;
    `connection.close` passed from another thread would be that thread's)."""
    connection.close()


def run_page_steps(batch: Batch, *, done: int, used_ocr: bool) -> None:
    # As Celery does for a task's thread: drop a connection that broke or grew too old.
    connection.close_if_unusable_or_obsolete()
    try:
        with transaction.atomic():
            for step in PAGE_STEPS:
                step.run(batch)
            Document.objects.filter(pk=batch.document.pk).update(
                pages_done=done, heartbeat_at=timezone.now(), used_ocr=used_ocr
            )
    except Exception:
        connection.close()  # never reused half-broken by the next batch
        raise
