"""The pipeline against a real Celery worker process and the real broker (Redis in CI):
bad files, a worker killed mid-document, a broker that is down, a database that drops."""

import os
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from caselaw import testing_pdfs as pdfs
from filings.models import Document, Page
from tests.conftest import wait_for
from tests.factories import FilingFactory
from tests.helpers import upload
from tests.worker import ROOT, WorkerProcess

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

FINISHED = (Document.Status.INDEXED, Document.Status.FAILED)


@pytest.fixture
def filing(case):
    return FilingFactory(case=case)


def finished(document: Document, timeout: float = 180) -> Document:
    wait_for(
        lambda: Document.objects.filter(pk=document.pk, status__in=FINISHED).exists(),
        timeout=timeout,
        message=f"document {document.pk} to finish",
    )
    document.refresh_from_db()
    return document


def mid_document(document: Document, timeout: float = 120) -> None:
    def started():
        row = Document.objects.filter(pk=document.pk).values("status", "pages_done").get()
        return row["status"] == Document.Status.PROCESSING and row["pages_done"] > 0

    wait_for(started, timeout=timeout, interval=0.05, message="processing to be under way")


def test_a_worker_indexes_uploads_and_is_not_stopped_by_bad_ones(worker, filing):
    broken = upload(filing, pdfs.truncated_pdf(), name="broken.pdf")
    locked = upload(filing, pdfs.encrypted_pdf(), name="locked.pdf")
    good = upload(filing, pdfs.text_pdf(pages=3, seed=11), name="good.pdf")
    assert finished(broken).status == Document.Status.FAILED
    assert finished(locked).error.startswith("This PDF is password-protected")
    assert finished(good).status == Document.Status.INDEXED
    assert good.pages.count() == 3
    # A permanent problem is not retried: one attempt only.
    assert (broken.attempts, locked.attempts) == (1, 1)


def test_a_document_whose_worker_is_killed_is_finished_by_the_next(filing):
    fast_takeover = {
        "CASELAW_PROCESSING_LEASE": "3",
        "CELERY_VISIBILITY_TIMEOUT": "5",
        "CELERY_UNACKED_RESTORE_INTERVAL": "1",
    }
    first = WorkerProcess("doomed", extra_env=fast_takeover).start()
    document = upload(filing, pdfs.text_pdf(pages=1200, seed=12), name="transcript.pdf")
    try:
        mid_document(document)
        first.kill()
    finally:
        first.stop()
    document.refresh_from_db()
    assert document.status == Document.Status.PROCESSING
    assert 0 < document.pages_done < 1200

    second = WorkerProcess("heir", extra_env=fast_takeover).start()
    try:
        if settings.CELERY_BROKER_URL.startswith("filesystem://"):
            # The file transport cannot redeliver an unacknowledged message; the sweep
            # finds the document once the dead worker's lease has run out.
            time.sleep(4)
            with override_settings(CASELAW_PROCESSING_LEASE=3):
                call_command("sweep_documents")
        document = finished(document)
    finally:
        second.stop()
    assert document.status == Document.Status.INDEXED
    assert Page.objects.filter(document=document).count() == 1200
    assert document.attempts == 2


def ingest_with_broker_down(path, filing) -> subprocess.CompletedProcess:
    """Run `manage.py ingest` in its own process whose broker points where nothing listens."""
    env = {
        **os.environ,
        "CASELAW_DB_NAME": connection.settings_dict["NAME"],
        "CASELAW_VAR_DIR": str(settings.VAR_DIR),
        "CELERY_BROKER_URL": "redis://127.0.0.1:1/0",
    }
    command = [
        sys.executable,
        "manage.py",
        "ingest",
        str(path),
        "--case",
        str(filing.case_id),
        "--filing",
        str(filing.entry_number),
    ]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_an_upload_succeeds_while_the_broker_is_down_and_the_sweep_sends_it_later(filing, tmp_path):
    path = tmp_path / "offline.pdf"
    path.write_bytes(pdfs.text_pdf(pages=2, seed=13))
    result = ingest_with_broker_down(path, filing)
    assert result.returncode == 0, result.stderr
    assert "1 queued" in result.stdout
    document = Document.objects.get(filing=filing)
    assert document.status == Document.Status.QUEUED
    assert document.enqueued_at is None

    # Messages left by earlier tests (a retry counting down) would take this queued
    # document in turn, as any message takes the queued document whose turn it is.
    from caselaw.celery import app

    app.control.purge()
    worker = WorkerProcess("sweeper").start()
    try:
        time.sleep(2)
        assert Document.objects.get(pk=document.pk).status == Document.Status.QUEUED
        with override_settings(CASELAW_REQUEUE_AFTER=0):
            call_command("sweep_documents")
        assert finished(document).status == Document.Status.INDEXED
    finally:
        worker.stop()


def test_a_dropped_database_connection_is_retried_and_finishes(worker, filing):
    document = upload(filing, pdfs.text_pdf(pages=900, seed=14), name="long.pdf")
    mid_document(document)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        assert cursor.fetchone()[0] >= 1
    document = finished(document)
    assert document.status == Document.Status.INDEXED
    assert document.attempts == 2, worker.output()[-3000:]
    assert Page.objects.filter(document=document).count() == 900
    assert "transient failure" in worker.output()
