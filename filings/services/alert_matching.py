"""Matching a newly indexed document against the alerts (issue #17).

Each alerting search is run once, against the new document's pages only, never the
corpus: first every distinct search's words at once, in one SQL statement over the
document's pages (a superset of what matches); then, for the searches whose words are
there, the search itself through the one engine, restricted to the document and walled
for the alert's owner (filters, phrases, citations, case and clearance). A document found
is recorded for the alert; what is sent, and to whom, is decided again at sending
(filings/services/alert_delivery.py)."""

import dataclasses
import logging

from celery import current_app
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.http import QueryDict

from filings.models import Alert, AlertHit, AlertScan, Document
from filings.search import SearchError, parse_search, search_pages
from filings.search.engine import is_empty_query, text_query
from filings.search.query import SearchRequest

log = logging.getLogger(__name__)

READY = (Document.Status.SEARCHABLE, Document.Status.INDEXED)


def send_match(document_id: int) -> None:
    """After a document is indexed (call on commit): have a worker match it against the
    alerts, if there are any. A broker that is down leaves it to the tick."""
    if not Alert.objects.exists():
        return
    try:
        current_app.send_task("filings.tasks.match_alerts", args=[document_id], retry=False)
    except Exception:
        log.warning(
            "Could not reach the broker to match document %s against alerts; the tick will", document_id
        )


def match_document(document_id: int) -> list[int]:
    """Record the document for each alert whose search it matches, as the alert's owner
    may see it now. Safe to repeat. Returns the alerts that found it."""
    document = Document.objects.select_related("filing").filter(pk=document_id, status__in=READY).first()
    if document is None:
        return []
    alerts = candidate_alerts(document)
    found = list(alerts_matching(document, alerts))
    try:
        with transaction.atomic():
            AlertHit.objects.bulk_create(
                [AlertHit(alert=alert, document=document) for alert in found], ignore_conflicts=True
            )
            AlertScan.objects.bulk_create(
                [AlertScan(document=document, status=document.status)], ignore_conflicts=True
            )
    except IntegrityError:  # the document was deleted meanwhile: nothing to tell
        log.info("Document %s was deleted while it was matched against the alerts", document_id)
        return []
    return [alert.pk for alert in found]


def candidate_alerts(document: Document) -> list[Alert]:
    """Alerts made before the document was ready, of users who are in its case (or staff),
    that have not found it yet."""
    ready_at = document.indexed_at or document.searchable_at
    alerts = Alert.objects.filter(user__is_active=True).filter(
        Q(user__is_staff=True) | Q(user__memberships__case_id=document.filing.case_id)
    )
    if ready_at is not None:
        alerts = alerts.filter(created_at__lte=ready_at)
    alerts = alerts.exclude(hits__document=document).select_related("saved_search", "user").distinct()
    return list(alerts.order_by("pk"))


def alerts_matching(document: Document, alerts: list[Alert]):
    """The alerts whose search finds a page of `document` that their owner may see."""
    requests = {}  # query string -> SearchRequest, or None when it cannot match
    for alert in alerts:
        query = alert.saved_search.query_string
        if query not in requests:
            requests[query] = request_for(query, document)
    words_there = queries_with_words_in(document, requests)
    for alert in alerts:
        request = requests[alert.saved_search.query_string]
        if request is None:
            continue
        if (
            request.text
            and not is_empty_query(request)
            and alert.saved_search.query_string not in words_there
        ):
            continue
        if finds_a_page(alert.user, request):
            yield alert


def request_for(query: str, document: Document) -> SearchRequest | None:
    """The saved search, restricted to the document; None where its filters rule the
    document out before any page is read (another case, another kind of filing)."""
    try:
        request = parse_search(QueryDict(query))
    except SearchError:
        return None
    filing = document.filing
    if request.case_ids and filing.case_id not in request.case_ids:
        return None
    if request.kinds and filing.kind not in request.kinds:
        return None
    if request.date_from and filing.date_filed < request.date_from:
        return None
    if request.date_to and filing.date_filed > request.date_to:
        return None
    return dataclasses.replace(
        request, document_ids=[document.pk], page=1, page_size=1, sort="relevance", group_by_document=False
    )


def queries_with_words_in(document: Document, requests: dict) -> set[str]:
    """The queries whose words (their tsquery) match a page of the document: one statement
    for them all, over the document's pages."""
    queries, tsqueries = [], []
    for query, request in requests.items():
        if request is not None and request.text and not is_empty_query(request):
            queries.append(query)
            tsqueries.append(text_query(request).tsquery)
    if not queries:
        return set()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT q.i FROM unnest(%s::int[], %s::text[]) AS q(i, tsq) WHERE EXISTS "
            "(SELECT 1 FROM filings_page p WHERE p.document_id = %s AND p.search_vector @@ q.tsq::tsquery)",
            [list(range(len(queries))), tsqueries, document.pk],
        )
        return {queries[i] for (i,) in cursor.fetchall()}


def finds_a_page(user, request: SearchRequest) -> bool:
    try:
        return search_pages(user, dataclasses.replace(request)).total > 0
    except SearchError:
        return False


def documents_to_match(*, since, limit: int = 20) -> list[int]:
    """Documents ready since `since` not yet matched at their present status (the nudge
    after indexing was lost: the broker down, a worker killed)."""
    scanned = AlertScan.objects.filter(document_id=OuterRef("pk"), status=OuterRef("status"))
    return list(
        Document.objects.filter(status__in=READY)
        .filter(Q(indexed_at__gte=since) | Q(searchable_at__gte=since))
        .filter(~Exists(scanned))
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
