"""Protective-order designations and seals: changed by a case's lawyers, each change
recorded (who, when, from what to what, why) in the same transaction."""

from django.db import transaction

from caselaw import audit
from caselaw.audit import Action
from caselaw.models import Designation
from filings.models import DesignationChange, Document, Filing


@transaction.atomic
def document_designate(*, document: Document, designation: int, user, note: str = "") -> Document:
    """Designate one document (public, confidential or AEO)."""
    document = Document.objects.select_for_update().select_related("filing").get(pk=document.pk)
    if document.designation == designation:
        return document
    change = DesignationChange.objects.create(
        filing=document.filing,
        document=document,
        old_designation=document.designation,
        new_designation=designation,
        note=note,
        changed_by=user,
    )
    document.designation = designation
    document.save(update_fields=["designation"])
    audit.record(
        Action.DESIGNATION,
        actor=user,
        case_id=document.filing.case_id,
        obj=document,
        details={
            "from": Designation(change.old_designation).key,
            "to": Designation(designation).key,
            "note": note,
        },
    )
    return document


@transaction.atomic
def filing_designate(
    *, filing: Filing, user, designation: int | None = None, sealed: bool | None = None, note: str = ""
) -> Filing:
    """Designate a docket entry and every document on it, and/or seal or unseal it."""
    filing = Filing.objects.select_for_update().get(pk=filing.pk)
    new_designation = filing.designation if designation is None else Designation(designation)
    new_sealed = filing.sealed if sealed is None else sealed
    if (new_designation, new_sealed) == (filing.designation, filing.sealed):
        return filing
    DesignationChange.objects.create(
        filing=filing,
        old_designation=filing.designation,
        new_designation=new_designation,
        old_sealed=filing.sealed,
        new_sealed=new_sealed,
        note=note,
        changed_by=user,
    )
    if designation is not None:
        filing.documents.update(designation=new_designation)
    audit.record(
        Action.DESIGNATION,
        actor=user,
        case_id=filing.case_id,
        obj=filing,
        details={
            "from": Designation(filing.designation).key,
            "to": Designation(new_designation).key,
            "sealed": [filing.sealed, new_sealed],
            "note": note,
        },
    )
    filing.designation, filing.sealed = new_designation, new_sealed
    filing.save(update_fields=["designation", "sealed"])
    return filing
