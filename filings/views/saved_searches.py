"""Saved searches in the browser and the API (issue #17): save the search on screen,
open one (its new hits become seen), delete one's own."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
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

from filings.models import Alert, SavedSearch
from filings.services.saved_searches import (
    SaveRefused,
    change_search,
    mark_seen,
    save_search,
    saved_for,
    set_alert,
)
from filings.views.notifications import back_to


def visible_saved_or_404(user, saved_id: int) -> SavedSearch:
    saved = SavedSearch.objects.visible_to(user).filter(pk=saved_id).first()
    if saved is None:
        raise Http404("No such saved search.")
    return saved


def require_owner(user, saved: SavedSearch, verb: str) -> None:
    """A teammate sees a shared search but only its owner changes or deletes it (403)."""
    if saved.user_id != user.pk:
        raise PermissionDenied(f"Only the one who saved a search {verb} it.")


def search_url(saved: SavedSearch) -> str:
    return f"{reverse('search')}?{saved.query_string}"


@login_required
def saved_search_create(request):
    if request.method != "POST":  # yours and your cases' teams', with what is new
        return render(
            request,
            "filings/saved_searches.html",
            {"saved_searches": saved_for(request.user, limit=100), "editable": True},
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
    require_owner(request.user, saved, "deletes")
    saved.delete()
    messages.success(request, f"Deleted “{saved.name}”.")
    return redirect("search")


@login_required
@require_POST
def saved_search_alert(request, saved_id: int):
    """Turn the user's alert on this search on (immediate, daily, weekly) or off."""
    saved = visible_saved_or_404(request.user, saved_id)
    try:
        alert = set_alert(user=request.user, saved=saved, frequency=request.POST.get("frequency", ""))
    except SaveRefused as refused:
        messages.error(request, str(refused))
    else:
        said = f"set: {alert.get_frequency_display().lower()}" if alert else "off"
        messages.success(request, f"Alert on “{saved.name}” {said}.")
    return back_to(request, "saved_search_create")


@login_required
@require_POST
def saved_search_edit(request, saved_id: int):
    """Rename one's own saved search, or change its words (its filters are kept)."""
    saved = visible_saved_or_404(request.user, saved_id)
    require_owner(request.user, saved, "changes")
    params = QueryDict(saved.query_string, mutable=True)
    params["q"] = request.POST.get("q", "")
    try:
        change_search(user=request.user, saved=saved, name=request.POST.get("name", ""), params=params)
    except SaveRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"Saved “{saved.name}”.")
    return redirect("saved_search_create")


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
        "alert": row.get("alert") or None,
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
    save one (POST: `name`, `query` as a query string, `shared`, `alert`: immediate,
    daily or weekly)."""
    if request.method == "POST":
        try:
            with transaction.atomic():
                saved = save_search(
                    user=request.user,
                    name=str(request.data.get("name", "")),
                    params=QueryDict(str(request.data.get("query", ""))),
                    shared=request.data.get("shared") in (True, "true", "1", 1),
                )
                alert = set_alert(
                    user=request.user, saved=saved, frequency=str(request.data.get("alert") or "")
                )
        except SaveRefused as refused:
            raise ValidationError({"detail": str(refused)}) from None
        row = {
            "search": saved,
            "mine": True,
            "new": 0,
            "new_is_lower_bound": False,
            "alert": alert and alert.frequency,
        }
        return Response(as_json(row), status=201)
    return Response([as_json(row) for row in saved_for(request.user, limit=100)])


@extend_schema(methods=["GET"], operation_id="saved_searches_retrieve", responses=OpenApiTypes.OBJECT)
@extend_schema(
    methods=["PATCH"],
    operation_id="saved_searches_partial_update",
    request=OpenApiTypes.OBJECT,
    responses=OpenApiTypes.OBJECT,
)
@extend_schema(methods=["DELETE"], operation_id="saved_searches_destroy", responses=None)
@api_view(["GET", "PATCH", "DELETE"])
def saved_search_api(request, pk: int):
    """One saved search (GET marks its hits seen). PATCH: `alert` (immediate, daily,
    weekly, or null for off) on any you see; `name` and `query` on your own. DELETE your own."""
    saved = visible_saved_or_404(request.user, pk)
    mine = saved.user_id == request.user.pk
    if request.method == "DELETE":
        require_owner(request.user, saved, "deletes")
        saved.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)
    if request.method == "PATCH":
        change_from_api(request, saved)
    else:
        mark_seen(user=request.user, saved=saved)
    alert = (
        Alert.objects.filter(user=request.user, saved_search=saved)
        .values_list("frequency", flat=True)
        .first()
    )
    return Response(
        as_json({"search": saved, "mine": mine, "new": 0, "new_is_lower_bound": False, "alert": alert})
    )


@transaction.atomic
def change_from_api(request, saved: SavedSearch) -> None:
    data = request.data if isinstance(request.data, dict) else {}
    unknown = set(data) - {"name", "query", "alert"}
    if unknown:
        raise ValidationError(
            {"detail": f"Only name, query and alert can be changed; not {', '.join(sorted(unknown))}."}
        )
    try:
        if "name" in data or "query" in data:
            require_owner(request.user, saved, "changes")
            change_search(
                user=request.user,
                saved=saved,
                name=str(data["name"]) if "name" in data else None,
                params=QueryDict(str(data["query"])) if "query" in data else None,
            )
        if "alert" in data:
            set_alert(user=request.user, saved=saved, frequency=str(data["alert"] or ""))
    except SaveRefused as refused:
        raise ValidationError({"detail": str(refused)}) from None
