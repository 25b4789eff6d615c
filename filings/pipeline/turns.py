"""Whose document is read next: uploaders take turns.

A worker's message names a document, but the worker reads the queued document whose
uploader has waited longest since one of theirs was last taken (round-robin between
uploaders; documents with no uploader — the demo, imports from the command line — take
their turn as one more uploader), and within an uploader the oldest first. One user's
5,000-page bulk upload then delays another user's single filing by at most one document
per uploader ahead of it, not by the whole bulk.

Every queued document has a message and every message takes one queued document while
there are any, so each is read; a message that finds none left falls back to its own
document (taking it over if its holder stopped beating), as before.
"""

from django.db import connection
from django.db.models import F

from filings.models import Document

# The oldest queued document of each uploader, the uploader whose last turn is oldest
# (or who never had one) first.
HEADS = """
    WITH heads AS (
        SELECT DISTINCT ON (uploaded_by_id) id, uploaded_by_id, created_at
        FROM filings_document WHERE status = 'queued'
        ORDER BY uploaded_by_id, created_at, id
    )
    SELECT h.id FROM heads h
    ORDER BY (
        CASE WHEN h.uploaded_by_id IS NULL
             THEN (SELECT max(x.processing_started_at) FROM filings_document x WHERE x.uploaded_by_id IS NULL)
             ELSE (SELECT max(x.processing_started_at) FROM filings_document x
                   WHERE x.uploaded_by_id = h.uploaded_by_id)
        END
    ) NULLS FIRST, h.created_at, h.id
    LIMIT %s
"""
CANDIDATES = 8  # heads tried before giving up (others may take the first ones meanwhile)


def in_turn(limit: int = CANDIDATES) -> list[int]:
    """Queued document ids, one per uploader, in the order they should be read."""
    with connection.cursor() as cursor:
        cursor.execute(HEADS, [limit])
        return [row[0] for row in cursor.fetchall()]


def taken_by(token: str, now) -> dict:
    """What a claim writes: the document is `processing` for the message `token`."""
    return {
        "status": Document.Status.PROCESSING,
        "claim_token": token,
        "processing_started_at": now,
        "heartbeat_at": now,
        "attempts": F("attempts") + 1,
    }


def claim_in_turn(token: str, now) -> int | None:
    """Take the queued document whose turn it is for the message `token`; its id, or
    None when none is queued. Workers asking at once race for the same heads (with one
    uploader there is one head): a loser looks again, so no message leaves without a
    document while one is queued (each round that loses saw another worker take one)."""
    while candidates := in_turn():
        for document_id in candidates:
            taken = Document.objects.filter(pk=document_id, status=Document.Status.QUEUED).update(
                **taken_by(token, now)
            )
            if taken:
                return document_id
    return None


def held_by(token: str, status: str = Document.Status.PROCESSING) -> int | None:
    """The document the message `token` holds (a retry resumes it, whichever it is), or
    left `searchable` (its OCR follow-up is then sent for that one)."""
    if not token:
        return None
    return Document.objects.filter(claim_token=token, status=status).values_list("pk", flat=True).first()
