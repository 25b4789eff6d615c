"""The audit trail as pages: a case's trail for its lawyers (and staff), as a table or CSV."""

import csv

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.dateparse import parse_date

from caselaw import access
from caselaw.access import get_case_or_404
from caselaw.audit import Action, AuditEvent

PER_PAGE = 100
CSV_COLUMNS = ["at", "actor_name", "action", "object_type", "object_id", "ip", "user_agent", "details"]


def filtered_events(request, case):
    """The case's events the user may read, narrowed by ?action=, ?user=, ?from=, ?to=."""
    events = AuditEvent.objects.visible_to(request.user).filter(case_id=case.pk)
    action = request.GET.get("action", "")
    if action in Action.values:
        events = events.filter(action=action)
    if request.GET.get("user"):
        events = events.filter(actor_name=request.GET["user"][:150])
    for param, lookup in (("from", "at__date__gte"), ("to", "at__date__lte")):
        try:
            day = parse_date(request.GET.get(param) or "")
        except ValueError:  # shaped like a date, but not one (2025-02-30)
            day = None
        if day:
            events = events.filter(**{lookup: day})
    return events


@login_required
def case_audit(request, case_id: int):
    """Who did what in the case, newest first; `?format=csv` downloads it."""
    case = get_case_or_404(request.user, case_id)
    if not access.can(request.user, access.MANAGE, case):
        raise PermissionDenied
    events = filtered_events(request, case)
    if request.GET.get("format") == "csv":
        return events_csv(events, filename=f"audit-case-{case.pk}.csv")
    page = Paginator(events, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "caselaw/case_audit.html",
        {"case": case, "page": page, "actions": Action.choices, "params": request.GET},
    )


def events_csv(events, *, filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for event in events.iterator():
        writer.writerow([csv_safe(getattr(event, column)) for column in CSV_COLUMNS])
    return response


def csv_safe(value) -> str:
    """A cell a spreadsheet will not run as a formula (=, +, -, @ at the start)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
