"""A search run: kept in the user's recent searches and on the audit trail, together."""

from urllib.parse import urlencode

from django.db import transaction

from caselaw import audit
from caselaw.audit import Action
from filings.models import RecentSearch

RECENT_KEPT = 25


@transaction.atomic
def search_run(*, user, params, results) -> None:
    """Remember the search (the newest RECENT_KEPT, one row per distinct URL) and record
    what was asked and how many pages it found."""
    pairs = sorted((k, v) for k, values in params.lists() for v in values if k != "page" and v)
    query_string = urlencode(pairs)[:1000]
    RecentSearch.objects.update_or_create(
        user=user,
        query_string=query_string,
        defaults={"q": results.request.q[:500], "result_count": results.total},
    )
    stale = RecentSearch.objects.filter(user=user).values_list("pk", flat=True)[RECENT_KEPT:]
    RecentSearch.objects.filter(pk__in=list(stale)).delete()
    audit.record(
        Action.SEARCH,
        actor=user,
        details={
            "q": results.request.q[:500],
            "filters": {k: v for k, v in pairs if k != "q"},
            "hits": results.total,
            "hits_lower_bound": results.total_is_lower_bound,
        },
    )
