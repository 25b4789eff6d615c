"""Relevance through the page index: BM25 over every visible match, with exact counts.

The page index (filings/search/page_index.py, Tantivy) ranks every page that matches the
words and passes the wall, so the first page of results is the best of all of them, not of
the first 2,000 PostgreSQL finds; and it counts every match, by case and by filing kind.

The wall is part of the index query, never a filter after it: for each clearance the user
holds, pages of the cases held at it whose level (designation, or AEO while sealed) is at
most that clearance (caselaw.access.page_wall_cases, the same rule as page_wall_sql). The
wall and the filters score nothing; only the words do.

A phrase with stop words ("motion to dismiss") is found by the index as its other words
in their places ('motion' <2> 'dismiss'); those pages, best first, are checked word for
word in PostgreSQL, a batch at a time, until the page of hits is full. Up to
PHRASE_CHECK_ALL matches every one is checked and the counts are exact; beyond, they
are estimated from the share of the pages checked that say the phrase, case by case and
kind by kind, and shown as estimates ("about 16,600").

The index answers only when it is caught up with PostgreSQL for the cases searched: pages
whose change is still waiting are first taken in (a few hundred, within the request), or
else search answers from PostgreSQL as before. It answers only what it answers exactly
like PostgreSQL: words, phrases, prefixes, exclusions, OR; filters by case, filing kind
and date. Anything else (citations, party, allegation, OCR-only, grouping, date sorts)
goes to PostgreSQL (filings/search/engine.py).
"""

import logging
import os
from datetime import date

import tantivy
from django.db import connection

from caselaw import access
from filings.search import page_index
from filings.search.tantivy_query import translate
from filings.search.text_query import TextQuery

logger = logging.getLogger(__name__)

# Pages waiting to be taken in that a search takes in itself (about 1 ms each) rather
# than answer from PostgreSQL.
FRESH_SYNC_LIMIT = 400
# More buckets than any install has cases or filing kinds.
COUNT_BUCKETS = 65_000
# Phrases with stop words: matches checked word for word all, up to this many; beyond,
# in batches until the page of hits is full and at least this many are checked.
PHRASE_CHECK_ALL = 2000
PHRASE_CHECK_BATCH = 1000
PHRASE_CHECK_MAX = 20_000  # then the hits found so far are all there are to show
ESTIMATE_SAMPLE = 1000  # matches not checked, checked to estimate the counts
ESTIMATE_MIN = 30  # a case's (or kind's) own share is used from this many sampled pages


def answers(request, where) -> bool:
    """True when the index can answer this request exactly as PostgreSQL would."""
    return (
        request.sort == "relevance"
        and where.text_matched
        and not request.citations
        and request.party_id is None
        and request.allegation_id is None
        and not request.ocr_only
        and not request.group_by_document
        and request.indexed_after is None
        and request.document_ids is None
    )


def rank_and_count(user, request, text: TextQuery, results, phrase_pages=None) -> list[dict] | None:
    """The requested page of hits (page ids and BM25 scores, best first), with `results`'
    counts filled in; None when the index cannot answer (see the module's docstring).
    `phrase_pages()`: for a phrase with stop words, every visible page PostgreSQL finds
    saying it (through its phrase keys or word pairs), or None when there are too many."""
    try:
        index = reader()
    except page_index.OutOfDate:
        return None  # until a sync has rebuilt it
    words = translate(text.tsquery, index.schema)
    if words is None:
        return None
    wall = access.page_wall_cases(user)
    if not caught_up(wall, request.case_ids):
        return None
    index.reload()
    query = tantivy.Query.boolean_query(
        [(tantivy.Occur.Must, words)]
        + [
            (tantivy.Occur.Must, tantivy.Query.const_score_query(part, 0.0))
            for part in filters(wall, request, index.schema)
        ]
    )
    searcher = index.searcher()
    if text.exact_patterns:
        # Common phrases fill the page from the index's best matches; rare ones ("not the
        # court" on 1 in 500 pages with "court") are found by PostgreSQL's phrase keys,
        # then ranked here.
        hits = phrase_checked(
            searcher, index.schema, query, text.exact_patterns, request, results, PHRASE_CHECK_BATCH
        )
        if hits is not None:
            return hits
        pages = phrase_pages() if phrase_pages else None
        if pages is None:
            return phrase_checked(
                searcher, index.schema, query, text.exact_patterns, request, results, PHRASE_CHECK_MAX
            )
        only = tantivy.Query.term_set_query(index.schema, "page_id", pages)
        query = tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, query), (tantivy.Occur.Must, tantivy.Query.const_score_query(only, 0.0))]
        )
    offset = (request.page - 1) * request.page_size
    found = searcher.search(query, request.page_size, count=True, offset=offset)
    results.total = results.hit_total = found.count
    results.counts_by_case, results.counts_by_kind = counts(searcher, query)
    return [
        {"id": searcher.doc(address)["page_id"][0], "rank": score, "matching_pages": 1}
        for score, address in found.hits
    ]


def phrase_checked(
    searcher, schema, query, patterns: list[str], request, results, budget: int
) -> list[dict] | None:
    """Hits for a phrase with stop words: the index's matches in order of score, each
    checked on its text in PostgreSQL, until the requested page of hits is full; every
    match when there are at most PHRASE_CHECK_ALL. None when `budget` matches were
    checked and the page is not full (and there are more: the phrase is rare among them)."""
    total = searcher.search(query, 1, count=True).count
    wanted = request.page * request.page_size
    enough = min(total, PHRASE_CHECK_ALL if total <= PHRASE_CHECK_ALL else PHRASE_CHECK_BATCH)
    kept: list[dict] = []
    seen_ids: list[int] = []
    scanned = 0
    while scanned < total and (scanned < enough or len(kept) < wanted):
        if scanned >= max(budget, enough):
            if budget < PHRASE_CHECK_MAX:
                return None
            break
        size = max(PHRASE_CHECK_BATCH, enough - scanned)
        batch = searcher.search(query, size, count=False, offset=scanned).hits
        if not batch:
            break
        scanned += len(batch)
        scores = {searcher.doc(address)["page_id"][0]: score for score, address in batch}
        seen_ids += scores
        passed = pages_saying(list(scores), patterns)
        kept += [
            {"id": page_id, "rank": score, "matching_pages": 1}
            for page_id, score in scores.items()
            if page_id in passed
        ]
    kept_ids = [hit["id"] for hit in kept]
    if scanned < total and kept:
        estimate(searcher, schema, query, patterns, total, seen_ids, kept_ids, results)
    else:
        results.total = len(kept)
        results.total_is_lower_bound = scanned < total  # nothing found in PHRASE_CHECK_MAX
        if kept:
            results.counts_by_case, results.counts_by_kind = counts(searcher, _pages(schema, kept_ids))
    results.hit_total = results.total
    offset = (request.page - 1) * request.page_size
    return kept[offset : offset + request.page_size]


def _pages(schema, page_ids: list[int]) -> tantivy.Query:
    return tantivy.Query.term_set_query(schema, "page_id", page_ids)


def estimate(searcher, schema, query, patterns, total, seen_ids, kept_ids, results) -> None:
    """Counts when not every match was checked: those found, plus the matches not checked
    times the share saying the phrase in a sample of them (in the index's pseudo-random
    order, unrelated to score, unlike the best ones checked), case by case and kind by
    kind where the sample has enough of them. Shown as estimates ("about 16,600")."""
    seen = set(seen_ids)
    sample = [
        searcher.doc(address)["page_id"][0]
        for _, address in searcher.search(query, ESTIMATE_SAMPLE, order_by_field="sample_order").hits
    ]
    rest = [page_id for page_id in sample if page_id not in seen]
    said = pages_saying(rest, patterns) if rest else set()
    rate = len(said) / len(rest) if rest else 0.0
    every, checked, found = (
        counts(searcher, q) for q in (query, _pages(schema, seen_ids), _pages(schema, kept_ids))
    )
    if rest:
        in_sample, said_in_sample = (
            counts(searcher, _pages(schema, rest)),
            counts(searcher, _pages(schema, list(said))),
        )
    else:
        in_sample = said_in_sample = ({}, {})
    results.counts_by_case, results.counts_by_kind = (
        estimated(every[n], checked[n], found[n], in_sample[n], said_in_sample[n], rate) for n in (0, 1)
    )
    results.total = len(kept_ids) + round((total - len(seen_ids)) * rate)
    results.total_is_estimate = True


def estimated(every: dict, checked: dict, found: dict, sampled: dict, said: dict, rate: float) -> dict:
    """Per case (or kind): pages found saying the phrase, plus its matches not checked
    times its own share in the sample (the overall share when the sample has fewer than
    ESTIMATE_MIN of its pages)."""
    result = {}
    for key, matches in every.items():
        share = said.get(key, 0) / sampled[key] if sampled.get(key, 0) >= ESTIMATE_MIN else rate
        value = found.get(key, 0) + round((matches - checked.get(key, 0)) * share)
        if value:
            result[key] = value
    return result


def counts(searcher, query) -> tuple[dict, dict]:
    """Pages matching `query` by case and by filing kind."""
    found = searcher.aggregate(
        query,
        {
            "case": {"terms": {"field": "case_id", "size": COUNT_BUCKETS}},
            "kind": {"terms": {"field": "kind", "size": COUNT_BUCKETS}},
        },
    )
    return (
        {int(b["key"]): b["doc_count"] for b in found["case"]["buckets"]},
        {b["key"]: b["doc_count"] for b in found["kind"]["buckets"]},
    )


def pages_saying(page_ids: list[int], patterns: list[str]) -> set[int]:
    """Of these pages, those whose text has every phrase word for word."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM filings_page p WHERE id = ANY(%s) AND "
            + " AND ".join(["p.text ~* %s"] * len(patterns)),
            [page_ids, *patterns],
        )
        return {row[0] for row in cursor.fetchall()}


def filters(wall: dict[int, list[int]] | None, request, schema) -> list[tantivy.Query]:
    """The wall, then the request's filters, as index queries every hit must match."""
    parts = []
    if wall is not None:
        parts.append(wall_query(wall, schema))
    if request.case_ids:
        parts.append(tantivy.Query.term_set_query(schema, "case_id", list(request.case_ids)))
    if request.kinds:
        parts.append(tantivy.Query.term_set_query(schema, "kind", list(request.kinds)))
    if request.date_from is not None or request.date_to is not None:
        parts.append(
            tantivy.Query.range_query(
                schema,
                "date_filed",
                tantivy.FieldType.Date,
                _day(request.date_from),
                _day(request.date_to),
            )
        )
    return parts


def wall_query(wall: dict[int, list[int]], schema) -> tantivy.Query:
    """Pages of a case held at a clearance, at a level that clearance covers (any of them)."""
    if not wall:
        return tantivy.Query.empty_query()
    return tantivy.Query.boolean_query(
        [
            (
                tantivy.Occur.Should,
                tantivy.Query.boolean_query(
                    [
                        (tantivy.Occur.Must, tantivy.Query.term_set_query(schema, "case_id", case_ids)),
                        (
                            tantivy.Occur.Must,
                            tantivy.Query.range_query(
                                schema, "level", tantivy.FieldType.Integer, None, clearance
                            ),
                        ),
                    ]
                ),
            )
            for clearance, case_ids in sorted(wall.items())
        ]
    )


def _day(day: date | None):
    return None if day is None else page_index.midnight(day)


def caught_up(wall: dict[int, list[int]] | None, case_ids: list[int] | None) -> bool:
    """True when no change waits for a page the search could find (taking in a few first)."""
    cases = None if wall is None else sorted({case_id for ids in wall.values() for case_id in ids})
    if case_ids:
        cases = sorted(set(case_ids) & set(cases)) if cases is not None else list(case_ids)
    if not changes_waiting(cases):
        return True
    if connection.in_atomic_block:
        # Inside a transaction the waiting changes may be this transaction's own, not yet
        # committed (or never to be): the index takes in only what is committed.
        return False
    if len(page_index.waiting(FRESH_SYNC_LIMIT + 1)) > FRESH_SYNC_LIMIT:
        return False
    page_index.sync()
    return not changes_waiting(cases)


def changes_waiting(cases: list[int] | None) -> bool:
    """Whether a change waits for a page of these cases (None: any case), or for a page
    since deleted (its case is no longer known)."""
    if cases == []:
        return False
    with connection.cursor() as cursor:
        if cases is None:
            cursor.execute("SELECT EXISTS (SELECT 1 FROM filings_searchindexchange)")
        else:
            cursor.execute(
                "SELECT EXISTS (SELECT 1 FROM filings_searchindexchange c "
                "LEFT JOIN filings_page p ON p.id = c.page_id WHERE p.id IS NULL OR p.case_id = ANY(%s))",
                [cases],
            )
        return cursor.fetchone()[0]


_readers: dict[tuple[str, int], tantivy.Index] = {}


def reader() -> tantivy.Index:
    """This process's handle on the index, opened again when the directory was replaced
    (a rebuild swaps in a new one)."""
    path = page_index.index_dir()
    path.mkdir(parents=True, exist_ok=True)
    key = (str(path), os.stat(path).st_ino)
    index = _readers.get(key)
    if index is None:
        _readers.clear()
        index = _readers[key] = page_index.open_index(path)
    return index
