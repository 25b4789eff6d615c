"""Saved searches in the browser and the API (issue #17): save the search on screen,
open one (its new hits become seen), delete one's own."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import api_view
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from filings.models import SavedSearch
from filings.services.saved_searches import SaveRefused, mark_seen, save_search, saved_for


def visible_saved_or_404(user, saved_id: int) -> SavedSearch:
    saved = SavedSearch.objects.visible_to(user).filter(pk=saved_id).first()
    if saved is None:
        raise Http404("No such saved search.")
    return saved


def search_url(saved: SavedSearch) -> str:
    return f"{reverse('search')}?{saved.query_string}"


@login_required
def saved_search_create(request):
    if request.method != "POST":  # yours and your cases' teams', with what is new
        return render(
            request, "filings/saved_searches.html", {"saved_searches": saved_for(request.user, limit=100)}
        )
    params = QueryDict(request.POST.get("query", ""))
    try:
        saved = save_search(
            user=request.user,
            name=request.POST.get("name", ""),
            params=params,
            shared=bool(request.POST.get("shared")),
        )
    except SaveRefused as refused:
        messages.error(request, str(refused))
        # Back to the words searched; the filters are not echoed (a case one cannot see
        # must answer as a missing one does).
        return redirect(f"{reverse('search')}?{urlencode({'q': params.get('q', '')})}")
    messages.success(request, f"Saved “{saved.name}”{' for the case team' if saved.shared else ''}.")
    return redirect(search_url(saved))


@login_required
def saved_search_open(request, saved_id: int):
    saved = visible_saved_or_404(request.user, saved_id)
    mark_seen(user=request.user, saved=saved)
    return redirect(search_url(saved))


@login_required
@require_POST
def saved_search_delete(request, saved_id: int):
    saved = visible_saved_or_404(request.user, saved_id)
    if saved.user_id != request.user.pk:
        raise PermissionDenied("Only the one who saved a search deletes it.")
    saved.delete()
    messages.success(request, f"Deleted “{saved.name}”.")
    return redirect("search")


def as_json(row: dict) -> dict:
    saved = row["search"]
    return {
        "id": saved.pk,
        "name": saved.name,
        "q": saved.q,
        "query_string": saved.query_string,
        "case": saved.case_id,
        "shared": saved.shared,
        "mine": row["mine"],
        "new_hits": row["new"],
        "new_hits_is_lower_bound": row["new_is_lower_bound"],
        "search_url": search_url(saved),
    }


@extend_schema(methods=["GET"], operation_id="saved_searches_list", responses=OpenApiTypes.OBJECT)
@extend_schema(
    methods=["POST"],
    operation_id="saved_searches_create",
    request=OpenApiTypes.OBJECT,
    responses=OpenApiTypes.OBJECT,
)
@api_view(["GET", "POST"])
def saved_searches_api(request):
    """Your saved searches and those shared with your cases, with their new hits (GET);
    save one (POST: `name`, `query` as a query string, `shared`)."""
    if request.method == "POST":
        try:
            saved = save_search(
                user=request.user,
                name=str(request.data.get("name", "")),
                params=QueryDict(str(request.data.get("query", ""))),
                shared=request.data.get("shared") in (True, "true", "1", 1),
            )
        except SaveRefused as refused:
            raise ValidationError({"detail": str(refused)}) from None
        return Response(
            as_json({"search": saved, "mine": True, "new": 0, "new_is_lower_bound": False}), status=201
        )
    return Response([as_json(row) for row in saved_for(request.user, limit=100)])


@extend_schema(methods=["GET"], operation_id="saved_searches_retrieve", responses=OpenApiTypes.OBJECT)
@extend_schema(methods=["DELETE"], operation_id="saved_searches_destroy", responses=None)
@api_view(["GET", "DELETE"])
def saved_search_api(request, pk: int):
    """One saved search (GET marks its hits seen); DELETE one's own."""
    saved = visible_saved_or_404(request.user, pk)
    if request.method == "DELETE":
        if saved.user_id != request.user.pk:
            raise PermissionDenied("Only the one who saved a search deletes it.")
        saved.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)
    mark_seen(user=request.user, saved=saved)
    return Response(
        as_json(
            {"search": saved, "mine": saved.user_id == request.user.pk, "new": 0, "new_is_lower_bound": False}
        )
    )
