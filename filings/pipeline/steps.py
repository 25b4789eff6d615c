"""The steps a batch of extracted pages goes through. Each has one job and is safe to
repeat: running a step twice for the same pages leaves the same rows."""

import logging
from dataclasses import dataclass, field

from django.db import connection

from caselaw.citations import find_citations
from filings.models import Document
from filings.pipeline.pdf import PageText
from filings.search.indexing import TEXT_SEARCH_CONFIG, index_text
from filings.search.stop_phrases import page_keys

log = logging.getLogger(__name__)


@dataclass
class Batch:
    document: Document
    pages: list[PageText]
    page_ids: dict[int, int] = field(default_factory=dict)  # page number → Page.id
    citations: dict[int, list] = field(default_factory=dict)  # page number → FoundCitation
    indexed: list[str] = field(default_factory=list)  # each page's text as search indexes it
    phrase_keys: list[str] = field(default_factory=list)  # each page's stop-word phrase keys


# A page step may have `prepare(batch)`: work without the database, run in the thread that
# reads the PDF, before `run(batch)` goes to the writer thread with its own connection.


class StorePages:
    """Upsert the pages and build their search vectors in SQL, in one statement."""

    sql = f"""
        INSERT INTO filings_page
            (document_id, case_id, date_filed, number, text, from_ocr, text_source, text_note,
             ocr_confidence, search_vector, phrase_keys, ocr_pending)
        SELECT %s, %s, %s, u.number, u.text, u.from_ocr, u.source, u.note, u.confidence,
               to_tsvector('{TEXT_SEARCH_CONFIG}', u.indexed), u.keys::tsvector, u.pending
        FROM unnest(
            %s::integer[], %s::text[], %s::boolean[], %s::text[], %s::text[], %s::float8[], %s::text[],
            %s::text[], %s::boolean[]
        )
            AS u(number, text, from_ocr, source, note, confidence, indexed, keys, pending)
        ON CONFLICT (document_id, number) DO UPDATE
        SET text = EXCLUDED.text, from_ocr = EXCLUDED.from_ocr, text_source = EXCLUDED.text_source,
            text_note = EXCLUDED.text_note, ocr_confidence = EXCLUDED.ocr_confidence,
            search_vector = EXCLUDED.search_vector, phrase_keys = EXCLUDED.phrase_keys,
            ocr_pending = EXCLUDED.ocr_pending, case_id = EXCLUDED.case_id, date_filed = EXCLUDED.date_filed
        RETURNING number, id
    """

    def prepare(self, batch: Batch) -> None:
        # What is indexed: the text, plus the parts of its e-mail addresses and URLs
        # (filings/search/indexing.py); in the reading thread, like eyecite.
        batch.indexed = [index_text(p.text) for p in batch.pages]
        batch.phrase_keys = [page_keys(p.text) for p in batch.pages]

    def run(self, batch: Batch) -> None:
        pages = batch.pages
        with connection.cursor() as cursor:
            cursor.execute(
                self.sql,
                [
                    batch.document.pk,
                    batch.document.filing.case_id,
                    batch.document.filing.date_filed,
                    [p.number for p in pages],
                    [p.text for p in pages],
                    [p.from_ocr for p in pages],
                    [p.source if p.text or p.source != "layer" else "none" for p in pages],
                    [p.note[:300] for p in pages],
                    [p.confidence for p in pages],
                    batch.indexed,
                    batch.phrase_keys,
                    [p.ocr_pending for p in pages],
                ],
            )
            batch.page_ids = dict(cursor.fetchall())


class FindCitations:
    """Replace the citations of these pages with what eyecite finds in their text, in two
    statements (the ORM's per-row work costs more than the SQL here).

    eyecite runs in `prepare`, in the reading thread: it is pure Python, and in the writer
    thread it fought pdfium's thread for the interpreter lock (0.45 ms a page alone,
    0.95 ms there), while the writer mostly waits on PostgreSQL, without the lock."""

    sql = """
        INSERT INTO filings_citation
            (page_id, document_id, kind, normalized, matched_text, pin, start, "end")
        SELECT u.page_id, %s, u.kind, u.normalized, u.matched_text, u.pin, u.start, u.stop
        FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::text[], %s::text[], %s::int[], %s::int[])
            AS u(page_id, kind, normalized, matched_text, pin, start, stop)
        ON CONFLICT (page_id, start) DO NOTHING
    """

    def prepare(self, batch: Batch) -> None:
        batch.citations = {page.number: find_citations(page.text) for page in batch.pages}

    def run(self, batch: Batch) -> None:
        rows = []
        for page in batch.pages:
            page_id = batch.page_ids[page.number]
            for found in batch.citations[page.number]:
                rows.append(
                    (
                        page_id,
                        found.kind,
                        found.normalized[:200],
                        found.matched_text[:300],
                        found.pin[:60],
                        found.start,
                        found.end,
                    )
                )
        with connection.cursor() as cursor:
            cursor.execute(
                "DELETE FROM filings_citation WHERE page_id = ANY(%s)", [list(batch.page_ids.values())]
            )
            if rows:
                cursor.execute(self.sql, [batch.document.pk, *map(list, zip(*rows, strict=True))])


PAGE_STEPS = [StorePages(), FindCitations()]
