"""Writes that touch several case-domain models, each in one transaction."""

import datetime

from django.db import transaction

from caselaw import access, audit
from caselaw.audit import Action
from caselaw.models import Allegation, AllegationStatusChange, CaseMembership


@transaction.atomic
def allegation_change_status(
    *, allegation: Allegation, status: str, date: datetime.date, filing=None, note: str = ""
) -> AllegationStatusChange:
    """Record a step in the allegation's history; the latest step is its current status."""
    change, _ = AllegationStatusChange.objects.update_or_create(
        allegation=allegation, status=status, date=date, defaults={"filing": filing, "note": note}
    )
    latest = allegation.history.order_by("-date", "-id").first()
    allegation.status = latest.status
    allegation.status_date = latest.date
    allegation.status_changed_by = latest.filing
    allegation.save(update_fields=["status", "status_date", "status_changed_by"])
    return change


@transaction.atomic
def object_delete(*, obj, user) -> None:
    """Delete a row (and what cascades from it), on the audit trail."""
    case_id = access.case_id_of(obj)
    audit.record(Action.DELETE, actor=user, case_id=case_id, obj=obj, details={"what": str(obj)[:200]})
    obj.delete()


@transaction.atomic
def membership_change(
    *, membership: CaseMembership, user, role: str | None = None, clearance: int | None = None
):
    """Change a member's role or clearance (a case lawyer's action), on the audit trail."""
    before = {"role": membership.role, "clearance": membership.clearance}
    if role is not None:
        membership.role = role
    if clearance is not None:
        membership.clearance = clearance
    membership.save(update_fields=["role", "clearance"])
    after = {"role": membership.role, "clearance": membership.clearance}
    audit.record(
        Action.MEMBERSHIP,
        actor=user,
        case_id=membership.case_id,
        obj=membership,
        details={"member": membership.user.get_username(), "before": before, "after": after},
    )
    return membership
