"""Uploads: check, store once by sha256, and queue a document for the pipeline."""

import logging
import uuid

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from caselaw import access, audit
from caselaw.audit import Action
from filings.models import Document, Filing
from filings.uploads import PDF_MIME, sanitize_filename, sniff_type, spool, store_blob

log = logging.getLogger(__name__)


class DuplicateDocument(Exception):
    """The same bytes are already attached to this filing."""

    def __init__(self, existing: Document):
        super().__init__(f"Already uploaded to this filing as document {existing.pk}.")
        self.existing = existing


def document_upload(
    *, filing: Filing, file, uploaded_by=None, title: str = "", attachment_number: int | None = None
) -> Document:
    """Check, store and queue one uploaded file.

    Raises UploadRejected (too large: nothing stored) or DuplicateDocument. A file that is
    not a PDF is kept, with status `failed` and the reason, so nothing a user sends is
    lost; a PDF is queued for the pipeline once the transaction commits.
    """
    spooled = spool(file)
    try:
        mime_type, problem = sniff_type(spooled.head)
        existing = copies_seen_by(uploaded_by, filing, spooled.sha256).first()
        if existing:
            raise DuplicateDocument(existing)
        stored_name = store_blob(spooled, mime_type)
    finally:
        spooled.close()
    with transaction.atomic():
        # Serialise uploads to one filing so attachment numbers are handed out once.
        Filing.objects.select_for_update().filter(pk=filing.pk).first()
        existing = copies_seen_by(uploaded_by, filing, spooled.sha256).first()
        if existing:
            raise DuplicateDocument(existing)
        if attachment_number is None:
            attachment_number = next_attachment_number(filing)
        document = Document.objects.create(
            filing=filing,
            attachment_number=attachment_number,
            title=title,
            original_filename=sanitize_filename(getattr(file, "name", "")),
            file=stored_name,
            sha256=spooled.sha256,
            size=spooled.size,
            mime_type=mime_type,
            uploaded_by=uploaded_by,
            designation=filing.designation,
            status=Document.Status.FAILED if problem else Document.Status.QUEUED,
            error=problem or "",
        )
        audit.record(
            Action.UPLOAD,
            actor=uploaded_by,
            case_id=filing.case_id,
            obj=document,
            details={
                "filename": document.original_filename,
                "sha256": document.sha256,
                "size": document.size,
            },
        )
        if mime_type == PDF_MIME and not problem:
            transaction.on_commit(lambda: enqueue_document(document.pk))
    return document


def copies_seen_by(user, filing: Filing, sha256: str):
    """Earlier uploads of these bytes to the filing that `user` may see. A copy hidden from
    them (above their clearance) does not exist for them, so it is not a duplicate either:
    saying "already uploaded" would reveal it. Loading on nobody's behalf (the ingest
    command, the demo loader, which name an uploader who need not be a member) every
    copy counts."""
    walled = user is not None and access.can_view_case(user, filing.case_id)
    documents = Document.objects.visible_to(user) if walled else Document.objects.all()
    return documents.filter(filing=filing, sha256=sha256)


def next_attachment_number(filing: Filing) -> int:
    highest = filing.documents.aggregate(n=Max("attachment_number"))["n"]
    return 0 if highest is None else highest + 1


def enqueue_document(document_id: int) -> bool:
    """Send the document to a worker. If the broker is down, the document stays queued
    and the periodic sweep sends it later; the upload itself has already succeeded."""
    from filings.tasks import process_document

    try:
        process_document.apply_async(args=[document_id], retry=False)
    except Exception:  # any broker/connection error: the sweep will retry
        log.warning("Could not reach the broker for document %s; left queued", document_id)
        return False
    Document.objects.filter(pk=document_id).update(enqueued_at=timezone.now())
    return True


def send_ocr(document_id: int) -> bool:
    """Send the OCR follow-up of a searchable document to the "ocr" queue. The message's id
    becomes the document's claim token first, so only the newest message for it reads
    its pages (one the sweep sent again after a lost one does not double the work). If
    the broker is down the claim ages and the sweep sends another."""
    from filings.tasks import read_scans

    message_id = uuid.uuid4().hex
    now = timezone.now()
    handed = Document.objects.filter(pk=document_id, status=Document.Status.SEARCHABLE).update(
        claim_token=message_id, heartbeat_at=now, enqueued_at=now
    )
    if not handed:
        return False
    try:
        read_scans.apply_async(args=[document_id], task_id=message_id, retry=False)
    except Exception:
        log.warning(
            "Could not reach the broker for the OCR of document %s; the sweep sends it later", document_id
        )
        return False
    return True
