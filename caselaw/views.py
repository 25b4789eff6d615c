"""HTML pages of the case domain. Each one reaches its case through the access gate."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Max, Prefetch, Q
from django.shortcuts import redirect, render

from caselaw.access import can_change_case, get_case_or_404, role_in_case
from caselaw.models import Case, Counsel, Representation
from filings.models import Document


def home(request):
    return redirect("case_list" if request.user.is_authenticated else "login")


@login_required
def case_list(request):
    cases = (
        Case.objects.visible_to(request.user)
        .select_related("court")
        .annotate(
            filing_count=Count("filings", distinct=True),
            document_count=Count("filings__documents", distinct=True),
            last_activity=Max("filings__date_filed"),
        )
    )
    status = request.GET.get("status", "")
    if status in Case.Status.values:
        cases = cases.filter(status=status)
    query = request.GET.get("q", "").strip()
    if query:
        cases = cases.filter(
            Q(caption__icontains=query) | Q(short_name__icontains=query) | Q(docket_number__icontains=query)
        )
    return render(
        request,
        "caselaw/case_list.html",
        {"cases": cases, "status": status, "q": query, "statuses": Case.Status.choices},
    )


@login_required
def case_detail(request, case_id: int):
    case = get_case_or_404(request.user, case_id)
    parties = case.parties.prefetch_related(
        Prefetch("representations", queryset=Representation.objects.select_related("counsel"))
    )
    sides = {}
    for party in parties:
        sides.setdefault(party.get_role_display(), []).append(party)
    allegations = case.allegations.prefetch_related("history", "asserted_against")
    docket = case.filings.prefetch_related(
        "filed_by", Prefetch("documents", queryset=Document.objects.order_by("attachment_number"))
    ).order_by("entry_number")
    return render(
        request,
        "caselaw/case_detail.html",
        {
            "case": case,
            "sides": sides,
            "allegations": allegations,
            "docket": docket,
            "counsel_count": Counsel.objects.filter(case=case).count(),
            "role": role_in_case(request.user, case.pk),
            "can_change": can_change_case(request.user, case.pk),
        },
    )


def forbidden(request, exception=None):
    return render(request, "403.html", status=403)


def not_found(request, exception=None):
    return render(request, "404.html", status=404)
