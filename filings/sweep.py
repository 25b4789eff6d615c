"""Find documents that should be moving but are not, and send them to a worker again.

A document stays `queued` if the broker was down when it was uploaded; it stays
`processing` if its worker died and the message was lost; a `searchable` one stops
getting its scanned pages read if its OCR follow-up message was lost. Sending one twice
is harmless: the claim lets only one worker process it.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from filings.models import Document


def stuck_documents(now=None):
    now = now or timezone.now()
    queued_for = timedelta(seconds=settings.CASELAW_REQUEUE_AFTER)
    lease = timedelta(seconds=settings.CASELAW_PROCESSING_LEASE)
    return Document.objects.filter(
        Q(status=Document.Status.QUEUED, enqueued_at__isnull=True, created_at__lt=now - queued_for)
        | Q(status=Document.Status.QUEUED, enqueued_at__lt=now - queued_for)
        | Q(status=Document.Status.PROCESSING, heartbeat_at__lt=now - lease)
    )


def stuck_ocr(now=None):
    """Searchable documents whose OCR follow-up has not moved for a lease: its message was
    lost (broker restarted, worker killed with it unacknowledged)."""
    now = now or timezone.now()
    lease = timedelta(seconds=settings.CASELAW_PROCESSING_LEASE)
    return Document.objects.filter(status=Document.Status.SEARCHABLE, heartbeat_at__lt=now - lease)


def sweep_stuck_documents() -> int:
    from filings.services.uploads import enqueue_document, send_ocr

    sent = 0
    for document_id in stuck_documents().values_list("pk", flat=True):
        sent += enqueue_document(document_id)
    for document_id in stuck_ocr().values_list("pk", flat=True):
        sent += send_ocr(document_id)
    return sent
