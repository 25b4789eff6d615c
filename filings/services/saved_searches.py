"""Saved searches (issue #17): save one (validated as a search, shared only with a case
the owner sees), open one (its hits since the user last opened it are new no more), and
count the new ones, through the one search engine and its wall."""

from urllib.parse import urlencode

from django.db import transaction
from django.http import QueryDict
from django.utils import timezone

from caselaw.access import can_view_case
from filings.models import Alert, AlertHit, SavedSearch, SavedSearchSeen
from filings.search import SearchError, parse_search, search_pages
from filings.search.query import SearchRequest

MAX_SAVED = 200  # a user's own


class SaveRefused(Exception):
    """What to tell the user instead of saving."""


def query_of(params) -> str:
    """The search's query string, without paging, in a stable order."""
    pairs = sorted((k, v) for k, values in params.lists() for v in values if k != "page" and v)
    return urlencode(pairs)[:1000]


def valid_name(name: str | None) -> str:
    name = " ".join((name or "").split())[:100]
    if not name:
        raise SaveRefused("Give the search a name.")
    return name


def valid_search(params) -> SearchRequest:
    try:
        request = parse_search(params)
    except SearchError as error:
        raise SaveRefused(str(error)) from None
    if not request.q:
        raise SaveRefused("Type the words to search for first.")
    return request


def case_of(user, request: SearchRequest) -> int | None:
    """The one case the search is filtered to (listed on that case's page), if the user sees it."""
    if len(request.case_ids) == 1 and can_view_case(user, request.case_ids[0]):
        return request.case_ids[0]
    return None


@transaction.atomic
def save_search(*, user, name: str, params, shared: bool = False) -> SavedSearch:
    name = valid_name(name)
    request = valid_search(params)
    case = case_of(user, request)
    if shared and case is None:
        raise SaveRefused("To share a search with a case's team, filter it to that one case first.")
    if SavedSearch.objects.filter(user=user).count() >= MAX_SAVED:
        raise SaveRefused(f"You have {MAX_SAVED} saved searches; delete one first.")
    saved = SavedSearch.objects.create(
        user=user, name=name, query_string=query_of(params), q=request.q[:500], case_id=case, shared=shared
    )
    mark_seen(user=user, saved=saved)
    return saved


def mark_seen(*, user, saved: SavedSearch) -> None:
    SavedSearchSeen.objects.update_or_create(
        user=user, saved_search=saved, defaults={"seen_at": timezone.now()}
    )


def new_hits(*, user, saved: SavedSearch, seen_at) -> tuple[int, bool]:
    """Pages the user may see, matching the search, in documents indexed since `seen_at`
    (when they last opened it): (count, whether it is a lower bound)."""
    try:
        request = parse_search(QueryDict(saved.query_string))
    except SearchError:
        return 0, False
    request.indexed_after = seen_at or saved.created_at
    request.page_size = 1
    results = search_pages(user, request)
    return results.total, results.total_is_lower_bound


def saved_for(user, *, case_id: int | None = None, limit: int = 20) -> list[dict]:
    """The user's saved searches and those shared with their cases (one case's, if
    given), each with its new hits for this user."""
    searches = SavedSearch.objects.visible_to(user)
    if case_id is not None:
        searches = searches.filter(case_id=case_id)
    searches = list(searches.order_by("name", "pk")[:limit])
    seen = dict(
        SavedSearchSeen.objects.visible_to(user)
        .filter(saved_search__in=searches)
        .values_list("saved_search_id", "seen_at")
    )
    alerts = dict(
        Alert.objects.filter(user=user, saved_search__in=searches).values_list("saved_search_id", "frequency")
    )
    rows = []
    for saved in searches:
        count, more = new_hits(user=user, saved=saved, seen_at=seen.get(saved.pk))
        rows.append(
            {
                "search": saved,
                "new": count,
                "new_is_lower_bound": more,
                "mine": saved.user_id == user.pk,
                "alert": alerts.get(saved.pk, ""),
            }
        )
    return rows


@transaction.atomic
def change_search(*, user, saved: SavedSearch, name: str | None = None, params=None) -> SavedSearch:
    """Rename the owner's saved search or give it a new query (its filters as saved: a
    shared search stays filtered to its case)."""
    if saved.user_id != user.pk:
        raise SaveRefused("Only the one who saved a search changes it.")
    fields = []
    if name is not None:
        saved.name = valid_name(name)
        fields.append("name")
    if params is not None:
        request = valid_search(params)
        case = case_of(user, request)
        if saved.shared and case != saved.case_id:
            raise SaveRefused("A shared search stays filtered to its case; save a new one for another.")
        saved.case_id = case
        saved.query_string, saved.q = query_of(params), request.q[:500]
        fields += ["query_string", "q", "case"]
    if fields:
        saved.save(update_fields=fields)
    return saved


@transaction.atomic
def set_alert(*, user, saved: SavedSearch, frequency: str | None) -> Alert | None:
    """Turn the user's alert on this (visible) saved search on at a frequency, or off
    (None). Documents already indexed are not news: only those indexed from now on alert."""
    if not frequency:
        turn_off(Alert.objects.filter(user=user, saved_search=saved))
        return None
    if frequency not in Alert.Frequency.values:
        raise SaveRefused(f"Alerts are sent {', '.join(Alert.Frequency.values)}; not “{frequency}”.")
    alert, created = Alert.objects.get_or_create(
        user=user, saved_search=saved, defaults={"frequency": frequency}
    )
    if not created and alert.frequency != frequency:
        alert.frequency = frequency
        alert.save(update_fields=["frequency"])
    return alert


@transaction.atomic
def turn_off(alerts) -> None:
    """Delete the alerts and what they found but did not send; what they sent stays in the
    notifications that listed it."""
    AlertHit.objects.filter(alert__in=alerts, notification__isnull=True).delete()
    alerts.delete()
