"""The document domain's models: documents and pages (documents.py), evidence (evidence.py)."""

from filings.models.documents import (
    Citation,
    Document,
    DocumentQuerySet,
    Filing,
    Page,
    PageQuerySet,
    RecentSearch,
    ViaDocumentQuerySet,
)
from filings.models.evidence import Annotation, AnnotationQuerySet, AnnotationRevision, ClaimLink

__all__ = [
    "Annotation",
    "AnnotationQuerySet",
    "AnnotationRevision",
    "Citation",
    "ClaimLink",
    "Document",
    "DocumentQuerySet",
    "Filing",
    "Page",
    "PageQuerySet",
    "RecentSearch",
    "ViaDocumentQuerySet",
]
