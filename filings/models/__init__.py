"""The document domain's models: documents and pages (documents.py), evidence (evidence.py),
designation changes (designations.py)."""

from filings.models.designations import DesignationChange
from filings.models.documents import Citation, Document, Filing, Page, RecentSearch
from filings.models.evidence import Annotation, AnnotationRevision, ClaimLink

__all__ = [
    "Annotation",
    "AnnotationRevision",
    "Citation",
    "ClaimLink",
    "DesignationChange",
    "Document",
    "Filing",
    "Page",
    "RecentSearch",
]
