"""Celery shims: take an id, call the service, retry only what is transient."""

import logging

from celery import shared_task
from django.db import DatabaseError, InterfaceError, OperationalError, connections

from filings.models import Document
from filings.pipeline import runner
from filings.sweep import sweep_stuck_documents

log = logging.getLogger(__name__)

# Problems that pass: the database restarting or a connection cut, storage hiccups.
TRANSIENT = (OperationalError, InterfaceError, ConnectionError, TimeoutError)


def backoff(retries: int) -> int:
    """1, 2, 4, 8 … seconds, capped at five minutes."""
    return min(2**retries, 300)


@shared_task(bind=True, acks_late=True, max_retries=8)
def process_document(self, document_id: int) -> str:
    try:
        outcome = runner.process_document(
            document_id, token=self.request.id or "", resuming=self.request.retries > 0
        )
    except TRANSIENT as exc:
        connections.close_all()  # a broken connection must not be reused by the retry
        log.warning("transient failure on document %s, retrying: %s", document_id, exc)
        raise self.retry(exc=exc, countdown=backoff(self.request.retries)) from exc
    except DatabaseError:
        connections.close_all()
        raise
    except Exception:
        log.exception("unexpected failure processing document %s", document_id)
        runner.mark_failed(Document(pk=document_id), runner.UNEXPECTED)
        return runner.Outcome.FAILED.value
    if outcome == runner.Outcome.BUSY:
        # Another worker holds a fresh claim; if it died, its lease runs out and we take over.
        raise self.retry(countdown=int(runner.lease().total_seconds()) + 1)
    return outcome.value


@shared_task
def sweep_documents() -> int:
    """Periodic (beat): re-enqueue documents stuck in queued or processing."""
    return sweep_stuck_documents()
