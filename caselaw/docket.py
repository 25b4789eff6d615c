"""Reading a case's docket for the case page: filtered, sorted, paginated, and a fixed
number of queries however many entries the case has."""

import datetime
from dataclasses import dataclass, field

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import F, Prefetch, Q, QuerySet

from filings.models import Document, Filing

PER_PAGE = 50
# Docket order is PACER's: by date, then the entry's place on the imported docket (so a
# text-only entry without a number sits where the court entered it), then its number.
DOCKET_ORDER = (
    F("date_filed").asc(),
    F("docket_position").asc(nulls_last=True),
    F("entry_number").asc(nulls_last=True),
)
REVERSE_ORDER = (
    F("date_filed").desc(),
    F("docket_position").desc(nulls_first=True),
    F("entry_number").desc(nulls_first=True),
)
SORTS = {
    "entry": DOCKET_ORDER,
    "-entry": REVERSE_ORDER,
    "date": DOCKET_ORDER,
    "-date": REVERSE_ORDER,
}


@dataclass
class DocketFilters:
    kind: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    filer: int | None = None
    q: str = ""
    sort: str = "entry"
    errors: list[str] = field(default_factory=list)

    @classmethod
    def from_params(cls, params) -> "DocketFilters":
        filters = cls(q=(params.get("dq") or "").strip()[:200])
        kind = params.get("kind") or ""
        if kind in Filing.Kind.values:
            filters.kind = kind
        elif kind:
            filters.errors.append(f"Unknown filing kind “{kind}”; showing all kinds.")
        for name in ("date_from", "date_to"):
            value = params.get(name) or ""
            try:
                setattr(filters, name, datetime.date.fromisoformat(value) if value else None)
            except ValueError:
                filters.errors.append(f"“{value}” is not a date like 2025-06-25; ignored.")
        filer = params.get("filer") or ""
        filters.filer = int(filer) if filer.isdigit() else None
        sort = params.get("sort") or "entry"
        filters.sort = sort if sort in SORTS else "entry"
        return filters

    def apply(self, filings: QuerySet) -> QuerySet:
        if self.kind:
            filings = filings.filter(kind=self.kind)
        if self.date_from:
            filings = filings.filter(date_filed__gte=self.date_from)
        if self.date_to:
            filings = filings.filter(date_filed__lte=self.date_to)
        if self.filer:
            filings = filings.filter(filed_by=self.filer)
        if self.q:
            filings = filings.filter(description__icontains=self.q)
        return filings.order_by(*SORTS[self.sort])

    @property
    def active(self) -> bool:
        return bool(self.kind or self.date_from or self.date_to or self.filer or self.q)


def docket_page(case, params, *, user) -> tuple[PaginatorPage, DocketFilters]:
    """One page of the docket, with filers and the documents `user` is cleared for fetched
    in one query each."""
    filters = DocketFilters.from_params(params)
    filings = filters.apply(Filing.objects.filter(case=case))
    number = page_number(params, filings, filters)
    page = Paginator(filings, PER_PAGE).get_page(number)
    page.object_list = list(
        page.object_list.prefetch_related(
            "filed_by",
            Prefetch("documents", queryset=Document.objects.visible_to(user).order_by("attachment_number")),
        )
    )
    return page, filters


def page_number(params, filings: QuerySet, filters: DocketFilters):
    """`?entry=N` opens the docket page that holds entry N (timeline links use it)."""
    entry = params.get("entry") or ""
    if not entry.isdigit() or filters.sort not in ("entry", "-entry"):
        return params.get("page")
    entry = int(entry)
    target = filings.filter(entry_number=entry).values_list("date_filed", flat=True).first()
    if target is None:
        return params.get("page")
    if filters.sort == "entry":
        before = filings.filter(Q(date_filed__lt=target) | Q(date_filed=target, entry_number__lt=entry))
    else:
        before = filings.filter(Q(date_filed__gt=target) | Q(date_filed=target, entry_number__gt=entry))
    return before.count() // PER_PAGE + 1
