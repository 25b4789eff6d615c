"""Writes that touch several case-domain models, each in one transaction."""

import datetime

from django.db import transaction

from caselaw.models import Allegation, AllegationStatusChange


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
