"""What the user asked for: web-style text, citations, filters and sort, validated."""

import datetime
from dataclasses import dataclass, field

from caselaw.citations import find_citations
from filings.models import Filing

MAX_QUERY_CHARS = 500
SORTS = {"relevance", "newest", "oldest"}


class SearchError(ValueError):
    """The search cannot run as asked; the message says why, for the user."""


@dataclass
class SearchRequest:
    q: str = ""
    text: str = ""  # q without the citations in it, for websearch_to_tsquery
    citations: list[str] = field(default_factory=list)  # normalised, e.g. "17 U.S.C. § 1202"
    case_ids: list[int] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    party_id: int | None = None
    allegation_id: int | None = None
    ocr_only: bool = False
    sort: str = "relevance"
    group_by_document: bool = False
    page: int = 1
    page_size: int = 20
    # Only documents indexed after this moment (a saved search's new hits; not a URL filter).
    indexed_after: datetime.datetime | None = None
    # Only these documents (an alert's new ones; not a URL filter).
    document_ids: list[int] | None = None
    text_query: object = field(default=None, repr=False, compare=False)  # compiled by the engine


def parse_search(params) -> SearchRequest:
    """Build a SearchRequest from query parameters (a QueryDict or a plain dict)."""
    get = params.get
    getlist = params.getlist if hasattr(params, "getlist") else lambda k: _as_list(params.get(k))
    q = (get("q") or "").strip()
    if len(q) > MAX_QUERY_CHARS:
        raise SearchError(f"The search is too long ({len(q)} characters; at most {MAX_QUERY_CHARS}).")
    text, citations = split_citations(q)
    request = SearchRequest(
        q=q,
        text=text,
        citations=citations,
        case_ids=_ints(getlist("case"), "case"),
        kinds=_kinds(getlist("kind")),
        date_from=_date(get("date_from"), "date_from"),
        date_to=_date(get("date_to"), "date_to"),
        party_id=_int(get("party"), "party"),
        allegation_id=_int(get("allegation"), "allegation"),
        ocr_only=(get("ocr") or "") in ("1", "true", "on"),
        sort=get("sort") or "relevance",
        group_by_document=(get("group") or "") == "document",
        page=_int(get("page"), "page") or 1,
        page_size=min(_int(get("page_size"), "page_size") or 20, 100),
    )
    if request.sort not in SORTS:
        raise SearchError("Sort must be relevance, newest or oldest.")
    if request.date_from and request.date_to and request.date_from > request.date_to:
        raise SearchError("The start date is after the end date.")
    if request.page < 1 or request.page_size < 1:
        raise SearchError("Page numbers start at 1.")
    return request


def split_citations(q: str) -> tuple[str, list[str]]:
    """Take citations typed as users write them ("17 U.S.C. § 1202(b)", "804 F.3d 202")
    out of the text; they are matched against the citations the pipeline found."""
    found = find_citations(q) if any(ch.isdigit() for ch in q) else []
    if not found:
        return q, []
    text, cursor, citations = [], 0, []
    for cite in found:
        start = q.find(cite.matched_text, cursor)
        if start < 0:
            continue
        end = start + len(cite.matched_text)
        # eyecite's pin cite "(b)" stays outside matched_text; drop it with the citation
        if cite.pin and q[end : end + len(cite.pin)] == cite.pin:
            end += len(cite.pin)
        text.append(q[cursor:start])
        cursor = end
        if cite.normalized not in citations:
            citations.append(cite.normalized)
    text.append(q[cursor:])
    return " ".join(" ".join(text).split()), citations


def _as_list(value):
    if value is None or value == "":
        return []
    return value if isinstance(value, list) else [value]


def _int(value, name):
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise SearchError(f"{name} must be a number.") from None


def _ints(values, name):
    return [_int(v, name) for v in values if v not in (None, "")]


def _date(value, name):
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise SearchError(f"{name} must be a date like 2025-06-25.") from None


def _kinds(values):
    kinds = [v for v in values if v]
    unknown = sorted(set(kinds) - set(Filing.Kind.values))
    if unknown:
        raise SearchError(f"Unknown filing kind: {', '.join(unknown)}.")
    return kinds
