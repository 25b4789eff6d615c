"""Celery shims: take an id, call the service, retry only what is transient."""

import datetime
import logging
import smtplib

from celery import Task, shared_task
from celery.exceptions import SoftTimeLimitExceeded, TimeLimitExceeded
from celery.signals import worker_process_init, worker_process_shutdown
from celery.worker.request import Request
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.utils import timezone

from caselaw.citations import find_citations
from filings.models import Alert, Document
from filings.pipeline import ocr_follow_up, page_queue, runner, turns
from filings.services import alert_delivery, alert_matching
from filings.services.uploads import send_ocr
from filings.sweep import sweep_stuck_documents

log = logging.getLogger(__name__)

# Problems that pass: the database restarting or a connection cut, storage hiccups.
TRANSIENT = (OperationalError, InterfaceError, ConnectionError, TimeoutError)


def backoff(retries: int) -> int:
    """1, 2, 4, 8 … seconds, capped at five minutes."""
    return min(2**retries, 300)


def time_limits() -> tuple[int | None, int | None]:
    """(soft, hard) in seconds from the settings, None where there is none."""
    soft = settings.CASELAW_TASK_SOFT_TIME_LIMIT or None
    hard = settings.CASELAW_TASK_TIME_LIMIT or None
    if soft and hard and soft >= hard:
        raise ImproperlyConfigured(
            "CASELAW_TASK_SOFT_TIME_LIMIT must be below CASELAW_TASK_TIME_LIMIT: at the soft limit "
            "the document fails with its reason, which needs a moment before the hard limit."
        )
    return soft, hard


SOFT_TIME_LIMIT, TIME_LIMIT = time_limits()


def paralegal_limit(task: Task) -> float:
    """The limit a paralegal is told about: the soft one, where there is one."""
    return task.soft_time_limit or task.time_limit


class WorkerTimeLimits(Request):
    """Time limits from the worker's own settings. A message carries its sender's (the web
    process, the sweep, `manage.py ingest`), which may be configured for another machine."""

    @property
    def time_limits(self) -> tuple[float | None, float | None]:
        return (self.task.time_limit, self.task.soft_time_limit)

    @time_limits.setter
    def time_limits(self, sent) -> None:
        pass  # the sender's are ignored


class DocumentTask(Task):
    """Processing with time limits: past the soft limit the task fails the document itself
    (see process_document); past the hard limit the pool kills the worker child and this
    hook, run by the worker's main process, fails it, so the acknowledged message is not
    left with a document the sweep would send round again."""

    Request = WorkerTimeLimits

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        if not isinstance(exc, TimeLimitExceeded):
            return
        document_id = args[0] if args else kwargs["document_id"]
        try:
            runner.mark_timed_out(document_id, token=task_id, limit=paralegal_limit(self))
        finally:
            connections.close_all()  # the main process forks new children: leave no connection


@worker_process_init.connect
def load_citation_finder(**_) -> None:
    """Each worker child loads eyecite's reporters and its Hyperscan database as it starts
    (~0.3–1 s), not inside its first document's time limit."""
    find_citations("17 U.S.C. § 1202")


@worker_process_shutdown.connect
def close_page_writer(**_) -> None:
    """The page-writer thread's connection closes with its worker child."""
    page_queue.close_writer()


def guarded(task: Task, document_id: int, what: str, work) -> runner.Outcome:
    """Run `work()` for a document task: past the soft time limit the document fails with
    its reason; transient problems retry with backoff; anything unexpected fails the
    document the message holds (in turn, not always its own)."""
    token = task.request.id or ""
    try:
        return work()
    except SoftTimeLimitExceeded:
        connections.close_all()  # the limit may have struck mid-query: start afresh
        log.warning("%s of document %s ran past the soft time limit", what, document_id)
        runner.mark_timed_out(document_id, token=token, limit=paralegal_limit(task))
        return runner.Outcome.FAILED
    except TRANSIENT as exc:
        connections.close_all()  # a broken connection must not be reused by the retry
        log.warning("transient failure in %s of document %s, retrying: %s", what, document_id, exc)
        raise task.retry(exc=exc, countdown=backoff(task.request.retries)) from exc
    except DatabaseError:
        connections.close_all()
        raise
    except Exception:
        held = turns.held_by(token) or turns.held_by(token, Document.Status.SEARCHABLE) or document_id
        log.exception("unexpected failure in %s of document %s", what, held)
        runner.mark_failed(Document(pk=held), runner.UNEXPECTED)
        return runner.Outcome.FAILED


DOCUMENT_TASK = dict(
    bind=True,
    base=DocumentTask,
    acks_late=True,
    max_retries=8,
    soft_time_limit=SOFT_TIME_LIMIT,
    time_limit=TIME_LIMIT,
)


@shared_task(**DOCUMENT_TASK)
def process_document(self, document_id: int) -> str:
    token = self.request.id or ""
    outcome = guarded(
        self,
        document_id,
        "processing",
        lambda: runner.process_document(
            document_id,
            token=token,
            resuming=self.request.retries > 0,
            defer_ocr=settings.CASELAW_OCR_FOLLOW_UP,
            in_turn=settings.CASELAW_UPLOADERS_TAKE_TURNS,
        ),
    )
    if outcome == runner.Outcome.BUSY:
        # Another worker holds a fresh claim; if it died, its lease runs out and we take over.
        raise self.retry(countdown=int(runner.lease().total_seconds()) + 1)
    if outcome == runner.Outcome.SEARCHABLE:
        # The document this message read, whose turn it was: not always its own.
        send_ocr(turns.held_by(token, Document.Status.SEARCHABLE) or document_id)
    if outcome in (runner.Outcome.INDEXED, runner.Outcome.SEARCHABLE):
        send_index_sync()
    return outcome.value


@shared_task(**DOCUMENT_TASK)
def read_scans(self, document_id: int) -> str:
    """The OCR follow-up of a searchable document, one slice of pages per message, on the
    "ocr" queue (CELERY_TASK_ROUTES): workers take text-layer work first."""
    token = self.request.id or ""
    outcome = guarded(self, document_id, "OCR", lambda: ocr_follow_up.continue_ocr(document_id, token=token))
    if outcome == runner.Outcome.MORE:
        send_ocr(document_id)
    if outcome in (runner.Outcome.INDEXED, runner.Outcome.MORE):
        send_index_sync()
    return outcome.value


@shared_task(ignore_result=True)
def sync_search_index() -> int:
    """Take changed pages into the search index: sent when a document's pages are stored,
    and by beat every 10 s for changes made elsewhere (designations, seals, deletions)."""
    from filings.search import page_index

    return page_index.sync()


def send_index_sync() -> None:
    """Ask for a sync; one already at work finds the lock taken and returns (the running
    one takes in what came meanwhile). A broker that is down leaves it to beat."""
    try:
        sync_search_index.apply_async(expires=60, retry=False)
    except Exception:
        log.warning("Could not reach the broker to sync the search index; beat will")


@shared_task
def sweep_documents() -> int:
    """Periodic (beat): re-enqueue documents stuck in queued or processing."""
    return sweep_stuck_documents()


# Alerts on saved searches (issue #17)

# A mail server down or refusing: the notification stands, the tick tries its e-mail again.
MAIL_ERRORS = (smtplib.SMTPException, OSError)


@shared_task(bind=True, acks_late=True, max_retries=8)
def match_alerts(self, document_id: int) -> int:
    """Match a newly indexed document against the alerts; send the immediate ones."""
    try:
        found = alert_matching.match_document(document_id)
        immediate = Alert.objects.filter(pk__in=found, frequency=Alert.Frequency.IMMEDIATE)
        for alert_id in immediate.values_list("pk", flat=True):
            notify_and_email(alert_id)
    except TRANSIENT as exc:
        connections.close_all()
        raise self.retry(exc=exc, countdown=backoff(self.request.retries)) from exc
    return len(found)


@shared_task(bind=True, acks_late=True, max_retries=3)
def alerts_tick(self, at: str | None = None) -> None:
    """Periodic (beat, each minute): match documents the nudge missed, send immediate
    alerts left waiting, the digests whose hour has come, and e-mails that failed. `at`
    (ISO time) stands in for now, for tests and for sending a missed digest by hand."""
    now = datetime.datetime.fromisoformat(at) if at else timezone.now()
    try:
        if Alert.objects.exists():
            for document_id in alert_matching.documents_to_match(since=now - datetime.timedelta(days=2)):
                alert_matching.match_document(document_id)
        for frequency in Alert.Frequency.values:
            if alert_delivery.digest_due(frequency, now):
                for alert_id in alert_delivery.alerts_waiting(frequency):
                    notify_and_email(alert_id, now=now)
        for notification_id in alert_delivery.emails_unsent(since=now - datetime.timedelta(days=2)):
            email(notification_id)
    except TRANSIENT as exc:
        connections.close_all()
        raise self.retry(exc=exc, countdown=backoff(self.request.retries)) from exc


def notify_and_email(alert_id: int, *, now=None) -> None:
    notification = alert_delivery.notify(alert_id, now=now)
    if notification is not None:
        email(notification.pk)


def email(notification_id: int) -> None:
    try:
        alert_delivery.send_email(notification_id)
    except MAIL_ERRORS as exc:
        log.warning("E-mail of notification %s not sent (the tick tries again): %s", notification_id, exc)
