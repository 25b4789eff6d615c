"""Same bytes, same work: a file already read for another document (an exhibit attached
to two motions, the same order filed in two cases) is not read again. Its pages, with
their text, where it came from, OCR confidence and search vectors, and its citations are
copied to the new document in two statements; the new pages carry the new document's
case and date, so walls and designations apply to them as to any page of that case."""

from django.db import connection, transaction

from filings.models import Document

COPY_PAGES = """
    INSERT INTO filings_page
        (document_id, case_id, date_filed, number, text, from_ocr, text_source, text_note,
         ocr_confidence, search_vector, phrase_keys)
    SELECT %(new)s, %(case)s, %(date)s, number, text, from_ocr, text_source, text_note,
           ocr_confidence, search_vector, phrase_keys
    FROM filings_page WHERE document_id = %(source)s
    ON CONFLICT (document_id, number) DO UPDATE
    SET text = EXCLUDED.text, from_ocr = EXCLUDED.from_ocr, text_source = EXCLUDED.text_source,
        text_note = EXCLUDED.text_note, ocr_confidence = EXCLUDED.ocr_confidence,
        search_vector = EXCLUDED.search_vector, phrase_keys = EXCLUDED.phrase_keys
"""
COPY_CITATIONS = """
    INSERT INTO filings_citation (page_id, document_id, kind, normalized, matched_text, pin, start, "end")
    SELECT new_page.id, %(new)s, c.kind, c.normalized, c.matched_text, c.pin, c.start, c."end"
    FROM filings_citation c
    JOIN filings_page old_page ON old_page.id = c.page_id
    JOIN filings_page new_page ON new_page.document_id = %(new)s AND new_page.number = old_page.number
    WHERE c.document_id = %(source)s
"""


def already_read(document: Document) -> Document | None:
    """Another document of the same bytes, read completely, that the uploader may see (or
    in the same case, for files with no uploader). Never one they may not see: how fast a
    file is read, and the note that says it was reused, would tell them it exists."""
    uploader = document.uploaded_by
    documents = (
        Document.objects.visible_to(uploader)
        if uploader is not None
        else Document.objects.filter(filing__case_id=document.filing.case_id)
    )
    candidates = (
        documents.filter(sha256=document.sha256, status=Document.Status.INDEXED, page_count__gt=0)
        .exclude(pk=document.pk)
        .order_by("-indexed_at")
    )
    for source in candidates[:3]:
        if source.pages.count() == source.page_count:
            return source
    return None


def copy_reading(document: Document, source: Document) -> None:
    """Give `document` the pages and citations of `source`, in one transaction."""
    values = {
        "new": document.pk,
        "source": source.pk,
        "case": document.filing.case_id,
        "date": document.filing.date_filed,
    }
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(COPY_PAGES, values)
        cursor.execute("DELETE FROM filings_citation WHERE document_id = %s", [document.pk])
        cursor.execute(COPY_CITATIONS, values)
        Document.objects.filter(pk=document.pk).update(
            page_count=source.page_count, pages_done=source.page_count, used_ocr=source.used_ocr
        )
