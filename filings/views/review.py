"""The review queue: every suggested link of a case, across its counts, in one list a
lawyer works through by keyboard or in bulk (confirm, reject, open in the viewer), best
suggestions first, filtered by count, source, filing and score, with what is left."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from caselaw.access import can_annotate_case, get_case_or_404
from filings.annotations import claim_link_review
from filings.models import ClaimLink

PER_PAGE = 100


def pending(user, case):
    """Suggested links of the case the user may see (the policy's wall and clearance);
    suggestions only: links from notes are reviewed by editing the note."""
    return ClaimLink.objects.visible_to(user).filter(
        allegation__case=case, status=ClaimLink.Status.SUGGESTED, annotation__isnull=True
    )


def filtered(links, params) -> tuple:
    """`links` narrowed by the queue's filters, and the filters as read (junk ignored)."""
    chosen = {}
    for name, field in (("count", "allegation_id"), ("filing", "document__filing_id")):
        value = params.get(name, "")
        if value.isdigit():
            chosen[name] = int(value)
            links = links.filter(**{field: int(value)})
    source = params.get("source", "")
    if source in ClaimLink.Source.values:
        chosen["source"] = source
        links = links.filter(source=source)
    try:
        score = float(params.get("min_score", ""))
    except ValueError:
        score = None
    if score is not None and 0 <= score <= 1:
        chosen["min_score"] = score
        links = links.filter(score__gte=score)
    return links, chosen


@login_required
def review_queue(request, case_id: int):
    case = get_case_or_404(request.user, case_id)
    links, chosen = filtered(pending(request.user, case), request.GET)
    rows = links.select_related("allegation", "document__filing", "page").order_by(
        "-score", "document__filing__date_filed", "document_id", "page__number", "pk"
    )
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    left = dict(
        pending(request.user, case)
        .values_list("allegation_id")
        .annotate(n=Count("pk"))
        .values_list("allegation_id", "n")
    )
    allegations = list(case.allegations.order_by("count_number"))
    filings = (
        pending(request.user, case)
        .values_list("document__filing_id", "document__filing__entry_number", "document__filing__date_filed")
        .order_by("document__filing__date_filed", "document__filing__entry_number")
        .distinct()
    )
    return render(
        request,
        "filings/review.html",
        {
            "case": case,
            "page": page,
            "chosen": chosen,
            "allegations": [(a, left.get(a.pk, 0)) for a in allegations],
            "left": sum(left.values()),
            "sources": ClaimLink.Source.choices,
            "filings": list(filings),
            "can_review": can_annotate_case(request.user, case.pk),
            "query": request.GET.urlencode(),
        },
    )


@login_required
@require_POST
def review_bulk(request, case_id: int):
    """Confirm or reject the chosen suggestions (those the user may see and review)."""
    case = get_case_or_404(request.user, case_id)
    if not can_annotate_case(request.user, case.pk):
        raise PermissionDenied("Your role in this case cannot annotate or review evidence.")
    status = request.POST.get("status")
    if status not in (ClaimLink.Status.CONFIRMED, ClaimLink.Status.REJECTED):
        return render(request, "400.html", {"message": "Choose confirm or reject."}, status=400)
    ids = [int(value) for value in request.POST.getlist("link") if value.isdigit()]
    links = pending(request.user, case).filter(pk__in=ids).select_related("allegation")
    done = 0
    for link in links:
        claim_link_review(link=link, status=status, user=request.user)
        done += 1
    verb = "Confirmed" if status == ClaimLink.Status.CONFIRMED else "Rejected"
    if done:
        messages.success(request, f"{verb} {done} suggestion{'s' if done != 1 else ''}.")
    else:
        messages.error(request, "Choose one or more suggestions first.")
    back = request.POST.get("query", "")
    return redirect(reverse("review_queue", args=[case.pk]) + (f"?{back}" if back else ""))
