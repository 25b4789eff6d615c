"""HTML pages of the case domain. Each one reaches its case through the access gate."""

from urllib.parse import urlencode

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db.models import Count, F, IntegerField, Max, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import redirect, render

from caselaw import access
from caselaw.access import get_case_or_404, role_in_case
from caselaw.demo.login_hints import demo_logins
from caselaw.docket import docket_page
from caselaw.models import Case, Court, Representation
from caselaw.timeline import build_timeline
from filings.models import Document, Filing
from filings.services.saved_searches import saved_for


def home(request):
    return redirect("case_list" if request.user.is_authenticated else "login")


@login_required
def case_list(request):
    cases = (
        Case.objects.visible_to(request.user)
        .select_related("court")
        .annotate(
            filing_count=Count("filings", distinct=True),
            document_count=Coalesce(visible_documents_per_case(request.user), 0, output_field=IntegerField()),
            last_activity=Max("filings__date_filed"),
        )
    )
    status = request.GET.get("status", "")
    if status in Case.Status.values:
        cases = cases.filter(status=status)
    court = request.GET.get("court", "")
    if court:
        cases = cases.filter(court__code=court)
    query = request.GET.get("q", "").strip()
    if query:
        cases = cases.filter(
            Q(caption__icontains=query) | Q(short_name__icontains=query) | Q(docket_number__icontains=query)
        )
    return render(
        request,
        "caselaw/case_list.html",
        {
            "cases": cases,
            "status": status,
            "q": query,
            "court": court,
            "statuses": Case.Status.choices,
            "courts": Court.objects.filter(cases__in=Case.objects.visible_to(request.user)).distinct(),
        },
    )


def visible_documents_per_case(user) -> Subquery:
    """How many documents of the outer case the user is cleared for."""
    return Subquery(
        Document.objects.visible_to(user)
        .filter(filing__case=OuterRef("pk"))
        .order_by()
        .values("filing__case")
        .annotate(n=Count("id"))
        .values("n")[:1]
    )


@login_required
def case_detail(request, case_id: int):
    case = get_case_or_404(request.user, case_id)
    docket, filters = docket_page(case, request.GET, user=request.user)
    actions = access.actions_in_case(request.user, case.pk)
    context = {
        "case": case,
        "docket": docket,
        "filters": filters,
        "kinds": Filing.Kind.choices,
        "can_change": access.CHANGE in actions,
        "can_manage": access.MANAGE in actions,
        "docket_query": urlencode(
            [(k, v) for k, v in request.GET.items() if k not in ("page", "entry") and v]
        ),
        "filter_query": urlencode(
            [(k, v) for k, v in request.GET.items() if k not in ("page", "entry", "sort") and v]
        ),
        "entry_sort": "-entry" if filters.sort == "entry" else "entry",
        "date_sort": "date" if filters.sort == "-date" else "-date",
    }
    if request.headers.get("HX-Target") == "docket":
        return render(request, "caselaw/_docket.html", context)
    parties = case.parties.prefetch_related(
        Prefetch("representations", queryset=Representation.objects.select_related("counsel"))
    )
    context.update(
        saved_searches=saved_for(request.user, case_id=case.pk, limit=10),
        # Every entry of the case, whatever the docket's filters show (issue #16).
        upload_targets=case.filings.order_by(F("entry_number").asc(nulls_last=True), "date_filed", "pk")
        if context["can_change"]
        else [],
        sides=group_sides(parties),
        filers=list(parties),
        allegations=case.allegations.prefetch_related("history"),
        role=role_in_case(request.user, case.pk),
        timeline=build_timeline(case),
        next_entry_number=(case.filings.aggregate(n=Max("entry_number"))["n"] or 0) + 1,
    )
    return render(request, "caselaw/case_detail.html", context)


def group_sides(parties) -> list[dict]:
    """Parties by role, each side with its counsel listed once (not once per party)."""
    sides: dict[str, dict] = {}
    for party in parties:
        side = sides.setdefault(party.role, {"label": party.get_role_display(), "parties": [], "counsel": {}})
        side["parties"].append(party)
        for rep in party.representations.all():
            entry = side["counsel"].setdefault(rep.counsel_id, {"counsel": rep.counsel, "roles": set()})
            entry["roles"].add(rep.get_role_display())
    for side in sides.values():
        side["counsel"] = sorted(
            side["counsel"].values(), key=lambda c: (c["counsel"].firm, c["counsel"].name)
        )
    return list(sides.values())


def forbidden(request, exception=None):
    return render(request, "403.html", status=403)


def not_found(request, exception=None):
    return render(request, "404.html", status=404)


class LoginView(auth_views.LoginView):
    """Django's login, with the demo's logins listed on a development install."""

    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "demo": demo_logins()}
