"""Alerts with real workers (issue #17): the match task delivered again and again, to two
worker processes at once, with the beat's tick beside it, sends one notification and one
e-mail; the e-mail is the file the worker's backend wrote."""

import email
import email.policy
import re

import pytest
from django.http import QueryDict

from filings.models import AlertHit, Notification
from filings.services.saved_searches import save_search, set_alert
from filings.tasks import alerts_tick, match_alerts
from tests.conftest import wait_for
from tests.helpers import indexed_document
from tests.worker import WorkerProcess

SITE = "https://caselaw.example-firm.com"


@pytest.fixture
def mail_dir(tmp_path):
    return tmp_path / "mail"


@pytest.fixture
def two_workers(transactional_db, mail_dir):
    process = WorkerProcess(
        name="alerts",
        concurrency=2,
        extra_env={"EMAIL_FILE_PATH": str(mail_dir), "CASELAW_SITE_URL": SITE},
    ).start()
    yield process
    process.stop()


def succeeded(process: WorkerProcess, task: str) -> int:
    return len(re.findall(rf"Task {re.escape(task)}\[[^\]]+\] succeeded", process.log_path.read_text()))


def written_emails(mail_dir) -> list[email.message.EmailMessage]:
    """Each file holds the messages of one connection, each followed by a line of dashes."""
    messages = []
    for path in sorted(mail_dir.glob("*.log")):
        for chunk in path.read_text().split("-" * 79):
            if chunk.strip():
                messages.append(email.message_from_bytes(chunk.strip().encode(), policy=email.policy.default))
    return messages


def test_a_match_repeated_on_two_workers_sends_one_notification_and_one_email(
    two_workers, lawyer, case, mail_dir
):
    lawyer.email = "lawyer@example-firm.com"
    lawyer.save(update_fields=["email"])
    saved = save_search(user=lawyer, name="Torrenting", params=QueryDict(f"q=torrent&case={case.pk}"))
    set_alert(user=lawyer, saved=saved, frequency="immediate")
    document = indexed_document(case, "Meta engineers seeded the books by torrent.")

    for _ in range(4):  # redelivered, retried, or sent by the sweep as well as the nudge
        match_alerts.delay(document.pk)
    alerts_tick.delay()
    wait_for(lambda: succeeded(two_workers, "filings.tasks.match_alerts") == 4, message="four matches")
    wait_for(lambda: succeeded(two_workers, "filings.tasks.alerts_tick") == 1, message="the tick")

    notification = Notification.objects.get()
    assert notification.email_sent_at is not None
    assert AlertHit.objects.get().notification == notification
    (message,) = written_emails(mail_dir)
    assert message["To"] == "lawyer@example-firm.com"
    assert message["Message-ID"] == f"<caselaw-notification-{notification.pk}@caselaw.example-firm.com>"
    assert message["List-Unsubscribe"].strip().startswith(f"<{SITE}/alerts/off/")
    text, html = (part.get_content() for part in message.walk() if not part.is_multipart())
    assert f"{SITE}/documents/{document.pk}/?page=1&q=torrent" in text
    assert "<mark>torrent</mark>" in html
