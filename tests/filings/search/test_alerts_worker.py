"""Alerts with real workers (issue #17): the match task delivered again and again, to two
worker processes at once, with the beat's tick beside it, sends one notification and one
e-mail; the e-mail is the file the worker's backend wrote."""

import datetime
import email
import email.policy
import re
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import QueryDict
from django.utils import timezone

from caselaw import testing_pdfs
from caselaw.models import CaseMembership
from filings.models import AlertHit, AlertScan, Notification
from filings.services.saved_searches import save_search, set_alert
from filings.tasks import alerts_tick, match_alerts
from tests.conftest import wait_for
from tests.factories import FilingFactory, MembershipFactory, UserFactory
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


@pytest.fixture
def watched_document(transactional_db, lawyer, case):
    """A lawyer with an immediate alert on "torrent" in the case, and a document, indexed
    after it was set, that matches."""
    lawyer.email = "lawyer@example-firm.com"
    lawyer.save(update_fields=["email"])
    saved = save_search(user=lawyer, name="Torrenting", params=QueryDict(f"q=torrent&case={case.pk}"))
    set_alert(user=lawyer, saved=saved, frequency="immediate")
    return indexed_document(case, "Meta engineers seeded the books by torrent.")


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


def body_of(message) -> str:
    """The text and HTML of a message, decoded."""
    return "\n".join(part.get_content() for part in message.walk() if not part.is_multipart())


def test_a_match_repeated_on_two_workers_sends_one_notification_and_one_email(
    two_workers, watched_document, mail_dir
):
    document = watched_document

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


def test_uploads_alert_the_lawyer_of_all_and_the_client_only_of_what_they_may_see(
    two_workers, api, lawyer, paralegal, case, mail_dir
):
    client_person = UserFactory(username="client-person", email="client@example.com")
    MembershipFactory(user=client_person, case=case, role=CaseMembership.Role.CLIENT)
    lawyer.email = "lawyer@example-firm.com"
    lawyer.save(update_fields=["email"])
    for user in (lawyer, client_person):
        saved = save_search(user=user, name="Torrenting", params=QueryDict(f"q=torrent&case={case.pk}"))
        set_alert(user=user, saved=saved, frequency="immediate")
    public = FilingFactory(case=case, entry_number=50)
    sealed = FilingFactory(case=case, entry_number=51, sealed=True)  # attorneys' eyes only
    upload(api(paralegal), public, "declaration.pdf", "Seeding by torrent, says the PUBLICWORD exhibit.")
    upload(api(paralegal), sealed, "sealed.pdf", "Seeding by torrent, says the SEALEDWORD exhibit.")
    upload(api(paralegal), public, "order.pdf", "Order setting a case management conference.")

    wait_for(lambda: AlertScan.objects.filter(status="indexed").count() == 3, timeout=120, message="matches")
    later = timezone.now() + datetime.timedelta(seconds=61)  # past the minute an immediate alert batches
    alerts_tick.delay(at=later.isoformat())
    wait_for(lambda: succeeded(two_workers, "filings.tasks.alerts_tick") == 1, message="the tick")

    def found(user) -> set[str]:
        hits = AlertHit.objects.filter(alert__user=user, notification__isnull=False)
        return {hit.document.original_filename for hit in hits}

    assert found(lawyer) == {"declaration.pdf", "sealed.pdf"}
    assert found(client_person) == {"declaration.pdf"}
    emails = written_emails(mail_dir)
    to_client = [m for m in emails if m["To"] == "client@example.com"]
    to_lawyer = "".join(body_of(m) for m in emails if m["To"] == "lawyer@example-firm.com")
    assert to_client and all("SEALEDWORD" not in body_of(m) for m in to_client)
    assert "PUBLICWORD" in to_lawyer and "SEALEDWORD" in to_lawyer
    assert "conference" not in "".join(body_of(m) for m in emails)


def upload(client, filing, name: str, words: str) -> None:
    pdf = SimpleUploadedFile(
        name, testing_pdfs.text_pdf(pages=2, marker=words), content_type="application/pdf"
    )
    response = client.post(f"/api/v1/filings/{filing.pk}/documents/", {"files": [pdf]}, format="multipart")
    assert response.status_code == 201, response.content


def test_a_worker_killed_while_sending_leaves_the_email_to_the_next_once(watched_document, mail_dir):
    document = watched_document
    fast_redelivery = {
        "CELERY_VISIBILITY_TIMEOUT": "5",
        "CELERY_UNACKED_RESTORE_INTERVAL": "1",
        "EMAIL_FILE_PATH": str(mail_dir),
    }
    doomed = WorkerProcess(
        "doomed",
        extra_env={
            **fast_redelivery,
            "EMAIL_BACKEND": "tests.filings.search.slow_mail.SlowFileBackend",
            "CASELAW_TEST_MAIL_DELAY": "60",
        },
    ).start()
    try:
        match_alerts.delay(document.pk)
        wait_for(lambda: Notification.objects.exists(), message="the notification")
        time.sleep(1)  # the e-mail is on its way to the (slow) mail server
        doomed.kill()
    finally:
        doomed.stop()
    assert Notification.objects.get().email_sent_at is None
    assert written_emails(mail_dir) == []

    heir = WorkerProcess("heir", extra_env=fast_redelivery).start()
    try:
        alerts_tick.delay()  # beat's next tick
        wait_for(lambda: succeeded(heir, "filings.tasks.alerts_tick") == 1, message="the tick")
        time.sleep(7)  # on Redis the killed match is delivered again: it must add nothing
    finally:
        heir.stop()
    assert Notification.objects.count() == 1
    assert Notification.objects.get().email_sent_at is not None
    assert len(written_emails(mail_dir)) == 1
