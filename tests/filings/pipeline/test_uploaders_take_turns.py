"""Uploaders take turns: a worker reads the queued document of the uploader who has waited
longest since one of theirs was taken, so one user's bulk upload does not hold back
another user's single filing (filings/pipeline/turns.py)."""

import threading

import pytest
from django.db import connection
from django.utils import timezone

from caselaw import testing_pdfs as pdfs
from filings.models import Document
from filings.pipeline import runner, turns
from tests.conftest import wait_for
from tests.factories import FilingFactory, UserFactory
from tests.helpers import upload
from tests.worker import WorkerProcess

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def uploads(case):
    """Alice's bulk of four, then Bob's one filing, then one with no uploader (the demo,
    the command line), in that order."""
    alice, bob = UserFactory(username="alice"), UserFactory(username="bob")
    filing = FilingFactory(case=case)
    made = {}
    for n in range(4):
        made[f"alice{n}"] = upload(
            filing, pdfs.text_pdf(pages=1, seed=100 + n), name=f"a{n}.pdf", uploaded_by=alice
        )
    made["bob"] = upload(filing, pdfs.text_pdf(pages=1, seed=200), name="b.pdf", uploaded_by=bob)
    made["nobody"] = upload(filing, pdfs.text_pdf(pages=1, seed=300), name="n.pdf")
    return made


def read_order(uploads, *, in_turn: bool) -> list[str]:
    """Each document's message in upload order, one after another as one worker would;
    the names of the documents in the order they were read."""
    names = {doc.pk: name for name, doc in uploads.items()}
    for n, doc in enumerate(uploads.values()):
        assert runner.process_document(doc.pk, token=f"m{n}", in_turn=in_turn) == runner.Outcome.INDEXED
    tokens = dict(Document.objects.filter(pk__in=names).values_list("pk", "claim_token"))
    assert set(tokens.values()) == {""}  # all released
    order = Document.objects.filter(pk__in=names).order_by("processing_started_at")
    return [names[pk] for pk in order.values_list("pk", flat=True)]


def test_a_single_filing_is_read_after_one_document_of_a_bulk_not_after_all(uploads):
    assert read_order(uploads, in_turn=True) == ["alice0", "bob", "nobody", "alice1", "alice2", "alice3"]


def test_without_turns_the_oldest_upload_goes_first(uploads):
    assert read_order(uploads, in_turn=False) == ["alice0", "alice1", "alice2", "alice3", "bob", "nobody"]


def test_the_turn_goes_to_whoever_waited_longest_since_their_last(uploads):
    runner.process_document(uploads["alice0"].pk, token="x", in_turn=False)
    assert turns.in_turn() == [uploads["bob"].pk, uploads["nobody"].pk, uploads["alice1"].pk]
    runner.process_document(uploads["bob"].pk, token="y", in_turn=False)
    assert turns.in_turn() == [uploads["nobody"].pk, uploads["alice1"].pk]


def test_a_retry_resumes_the_document_its_message_took(uploads):
    taken = turns.claim_in_turn("message-1", timezone.now())
    assert taken == uploads["alice0"].pk
    # The message was for Bob's document; its retry must finish the one it holds.
    outcome = runner.process_document(uploads["bob"].pk, token="message-1", resuming=True, in_turn=True)
    assert outcome == runner.Outcome.INDEXED
    assert Document.objects.get(pk=taken).status == "indexed"
    assert Document.objects.get(pk=uploads["bob"].pk).status == "queued"


def test_a_message_delivered_again_goes_back_to_the_document_it_took(uploads):
    """Its worker died mid-document: the redelivered message (same id, not a retry) does
    not take the next in turn while the one it held waits; it takes that one back once
    the lease has run out."""
    taken = turns.claim_in_turn("message-3", timezone.now())
    assert runner.process_document(uploads["bob"].pk, token="message-3", in_turn=True) == runner.Outcome.BUSY
    Document.objects.filter(pk=taken).update(heartbeat_at=timezone.now() - runner.lease() * 2)
    assert (
        runner.process_document(uploads["bob"].pk, token="message-3", in_turn=True) == runner.Outcome.INDEXED
    )
    assert Document.objects.get(pk=taken).status == "indexed"
    assert Document.objects.filter(status="queued").count() == len(uploads) - 1


def test_a_retry_that_holds_nothing_takes_the_next_in_turn(uploads):
    """Its own document was taken by another message: the retry reads what is queued
    instead of waiting out a lease while a document waits with no message left for it."""
    assert turns.claim_in_turn("other", timezone.now()) == uploads["alice0"].pk
    outcome = runner.process_document(uploads["alice0"].pk, token="retried", resuming=True, in_turn=True)
    assert outcome == runner.Outcome.INDEXED
    assert Document.objects.get(pk=uploads["bob"].pk).status == "indexed"


def test_workers_asking_at_once_each_take_a_document(case):
    """One uploader has one head in turn: two workers asking at the same moment race for
    it, and the loser must look again, not leave without a document while some are queued."""
    filing = FilingFactory(case=case)
    queued = {upload(filing, pdfs.text_pdf(pages=1, seed=600 + n), name=f"d{n}.pdf").pk for n in range(24)}
    taken, start = {0: [], 1: []}, threading.Barrier(2)

    def claim_all(worker: int) -> None:
        try:
            for round_ in range(12):
                start.wait()
                taken[worker].append(turns.claim_in_turn(f"w{worker}-{round_}", timezone.now()))
        finally:
            connection.close()

    threads = [threading.Thread(target=claim_all, args=(n,)) for n in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert None not in taken[0] + taken[1]
    assert set(taken[0]) | set(taken[1]) == queued


def test_a_time_limit_fails_the_document_the_message_holds(uploads):
    taken = turns.claim_in_turn("message-2", timezone.now())
    assert runner.mark_timed_out(uploads["bob"].pk, token="message-2", limit=60)
    assert Document.objects.get(pk=taken).status == "failed"
    assert Document.objects.get(pk=uploads["bob"].pk).status == "queued"


@pytest.mark.worker
def test_with_a_worker_a_colleagues_filing_overtakes_a_bulk_upload(case, request):
    alice, bob = UserFactory(username="alice"), UserFactory(username="bob")
    filing = FilingFactory(case=case)
    bulk = [
        upload(filing, pdfs.text_pdf(pages=60, seed=400 + n), name=f"bulk{n}.pdf", uploaded_by=alice)
        for n in range(8)
    ]
    single = upload(filing, pdfs.text_pdf(pages=2, seed=500), name="motion.pdf", uploaded_by=bob)
    worker = WorkerProcess("turns").start()  # all queued before the worker starts taking them
    request.addfinalizer(worker.stop)
    wait_for(
        lambda: Document.objects.filter(pk=single.pk, status="indexed").exists(),
        timeout=120,
        message="Bob's filing",
    )
    read_before = Document.objects.filter(pk__in=[d.pk for d in bulk], status="indexed").count()
    assert read_before <= 3, f"{read_before} of Alice's 8 documents were read before Bob's one"
    wait_for(
        lambda: Document.objects.filter(pk__in=[d.pk for d in bulk], status="indexed").count() == 8,
        timeout=240,
        message="the bulk upload",
    )
