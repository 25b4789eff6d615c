"""The allegation page: an allegation's history and all its evidence, grouped by filing,
with pending suggestions to confirm or reject. Prints as a clean evidence memo."""

from collections import OrderedDict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from caselaw import access
from caselaw.access import can_annotate_case, get_case_or_404
from filings.annotations import claim_link_create, claim_link_review, render_body
from filings.models import ClaimLink, Document


def evidence_for(allegation, user):
    """Links the user may see (the policy walls off documents above the user's clearance
    and colleagues' private notes)."""
    return (
        ClaimLink.objects.visible_to(user)
        .filter(allegation=allegation)
        .select_related("document__filing", "page", "annotation__author", "annotation__page")
        .order_by("document__filing__date_filed", "document__filing__entry_number", "page__number", "pk")
    )


def group_by_filing(links) -> list[dict]:
    groups: OrderedDict[int, dict] = OrderedDict()
    for link in links:
        filing = link.document.filing
        group = groups.setdefault(
            filing.pk, {"filing": filing, "confirmed": [], "notes": [], "suggested": [], "rejected": []}
        )
        if link.status == ClaimLink.Status.REJECTED:
            group["rejected"].append(link)
        elif link.annotation_id:
            link.annotation.body_html = render_body(link.annotation.body)
            group["notes"].append(link)
        elif link.status == ClaimLink.Status.SUGGESTED:
            group["suggested"].append(link)
        else:
            group["confirmed"].append(link)
    return list(groups.values())


@login_required
def allegation_detail(request, case_id: int, allegation_id: int):
    case = get_case_or_404(request.user, case_id)
    allegation = get_object_or_404(
        case.allegations.prefetch_related("history__filing", "asserted_by", "asserted_against"),
        pk=allegation_id,
    )
    groups = group_by_filing(evidence_for(allegation, request.user))
    counts = {
        key: sum(len(g[key]) for g in groups) for key in ("confirmed", "notes", "suggested", "rejected")
    }
    return render(
        request,
        "filings/allegation.html",
        {
            "case": case,
            "allegation": allegation,
            "groups": groups,
            "counts": counts,
            "can_review": can_annotate_case(request.user, case.pk),
            "others": case.allegations.exclude(pk=allegation.pk),
        },
    )


@login_required
@require_POST
def document_link(request, document_id: int):
    """Link a whole document, or one page of it, to an allegation by hand (confirmed)."""
    document = get_object_or_404(
        Document.objects.visible_to(request.user).select_related("filing"), pk=document_id
    )
    if not access.can(request.user, access.ANNOTATE, document):
        raise PermissionDenied
    allegation = document.filing.case.allegations.filter(pk=request.POST.get("allegation") or 0).first()
    number = (request.POST.get("page") or "").strip()
    page = document.pages.filter(number=int(number)).first() if number.isdigit() else None
    if allegation is None or (number and page is None):
        messages.error(request, "Choose an allegation of this case and a page the document has.")
    else:
        claim_link_create(allegation=allegation, document=document, page=page, user=request.user)
        where = f"page {page.number}" if page else "the whole document"
        messages.success(request, f"Linked {where} to Count {allegation.count_number}.")
    return redirect(document.get_absolute_url() + (f"?page={number}" if page else ""))


@login_required
@require_POST
def claim_link_review_view(request, link_id: int):
    link = get_object_or_404(
        ClaimLink.objects.visible_to(request.user).select_related("allegation", "annotation"), pk=link_id
    )
    if not access.can(request.user, access.CHANGE, link):
        raise PermissionDenied
    status = request.POST.get("status")
    if status not in (ClaimLink.Status.CONFIRMED, ClaimLink.Status.REJECTED):
        return render(request, "400.html", {"message": "Choose confirm or reject."}, status=400)
    claim_link_review(link=link, status=status, user=request.user)
    if request.headers.get("HX-Request"):
        return render(request, "filings/_claim_link.html", {"link": link, "can_review": True})
    if request.POST.get("from") == "queue":  # the review queue's own buttons, without JavaScript
        return redirect("review_queue", case_id=link.allegation.case_id)
    return redirect("allegation_detail", case_id=link.allegation.case_id, allegation_id=link.allegation_id)
