"""The document domain's models: documents and pages (documents.py), evidence (evidence.py),
designation changes (designations.py), what the search index has yet to take in
(search_index.py), saved searches (searches.py), their alerts and notifications (alerts.py)."""

from filings.models.alerts import Alert, AlertHit, AlertScan, Notification
from filings.models.designations import DesignationChange
from filings.models.documents import Citation, Document, Filing, Page, RecentSearch
from filings.models.evidence import Annotation, AnnotationRevision, ClaimLink
from filings.models.search_index import SearchIndexChange
from filings.models.searches import SavedSearch, SavedSearchSeen

__all__ = [
    "Alert",
    "AlertHit",
    "AlertScan",
    "Annotation",
    "AnnotationRevision",
    "Citation",
    "ClaimLink",
    "DesignationChange",
    "Document",
    "Filing",
    "Notification",
    "Page",
    "RecentSearch",
    "SavedSearch",
    "SavedSearchSeen",
    "SearchIndexChange",
]
