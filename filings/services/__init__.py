"""Writes of the document domain that touch several models, each in one transaction:
uploads (uploads.py), protective-order designations (designations.py), audited reads
(reads.py), searches (searches.py)."""

from filings.services.designations import document_designate, filing_designate
from filings.services.uploads import DuplicateDocument, document_upload, enqueue_document

__all__ = [
    "DuplicateDocument",
    "document_designate",
    "document_upload",
    "enqueue_document",
    "filing_designate",
]
