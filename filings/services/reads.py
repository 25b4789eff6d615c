"""Reads that go on the audit trail: a document opened in the viewer, its file read."""

from django.db import transaction

from caselaw import audit
from caselaw.audit import Action
from filings.models import Document


def document_view(*, document: Document, user) -> None:
    """The viewer was opened on the document (every time: one INSERT)."""
    audit.record(Action.DOCUMENT_VIEWED, actor=user, case_id=document.filing.case_id, obj=document)


@transaction.atomic
def document_file_read(*, document: Document, user) -> None:
    """The file was downloaded or read by the viewer: once per user, document and hour."""
    audit.record_file_read(actor=user, document=document)


def document_accesses(document: Document, user, limit: int = 20) -> list:
    """Who opened or read the document lately, for the case's lawyers ("who accessed this")."""
    return list(
        audit.AuditEvent.objects.visible_to(user)
        .filter(
            object_type="document",
            object_id=document.pk,
            action__in=[Action.DOCUMENT_VIEWED, Action.FILE_READ],
        )
        .order_by("-at")[:limit]
    )
