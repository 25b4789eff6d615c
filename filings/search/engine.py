"""The search query: membership, filters and ranking over pages.

Relevance searches the page index can answer are ranked there, by BM25 over every
visible match, with exact counts (filings/search/ranked.py); the hits are then checked
against PostgreSQL's own wall and words before anything is shown.

Everything else is one SQL statement. It stays fast on common terms by ranking a bounded
candidate set: the first CANDIDATE_CAP matching pages that pass the wall and the filters
are ranked with ts_rank_cd, instead of ranking every match (which reads every matching
page's vector). Below the cap the ranking and counts are exact; above it they cover the
candidates and the total is shown as "2000+".
"""

import json
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction

from caselaw import access
from filings.models import Page
from filings.search import ranked
from filings.search.indexing import TEXT_SEARCH_CONFIG
from filings.search.query import SearchError, SearchRequest
from filings.search.snippets import snippets_for
from filings.search.text_query import TextQuery, compile_text_query, parse_terms

logger = logging.getLogger(__name__)

CANDIDATE_CAP = 2000
# Pages whose text a phrase with stop words is checked on (about 20 µs each): the first
# pages with its other words and its phrase keys, in the order of the sort. Beyond, the
# count is a lower bound (keys shared by chance with other units are all that gets there).
EXACT_SCAN_CAP = 5000
# Words expected on at least this share of pages are found without their index.
DENSE_SHARE = 0.08


@dataclass
class Hit:
    page: Page
    rank: float
    snippet_html: str
    matching_pages: int = 1  # in this document, when results are grouped by document


@dataclass
class SearchResults:
    request: SearchRequest
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    total_is_lower_bound: bool = False
    total_is_estimate: bool = False  # counts estimated from a sample (phrases with stop words)
    counts_by_case: dict[int, int] = field(default_factory=dict)
    counts_by_kind: dict[str, int] = field(default_factory=dict)
    hit_total: int = 0  # hits to page through: pages, or documents when grouped
    ranked_by_index: bool = False  # BM25 over every visible match (filings/search/ranked.py)

    @property
    def pages(self) -> int:
        return max(1, -(-self.hit_total // self.request.page_size))


# Pages with their document and filing, under the aliases the wall and the filters use.
PAGES = (
    "FROM filings_page p JOIN filings_document d ON d.id = p.document_id "
    "JOIN filings_filing f ON f.id = d.filing_id"
)


@dataclass
class Where:
    """The WHERE of the candidate query, and how its text part is matched."""

    conditions: list[str]
    params: list
    text_matched: bool = False  # the words are a condition (not only stop words)
    by_phrase_pairs: bool = False  # found through the word-pair index (quoted phrases)
    exact_patterns: list[str] = field(default_factory=list)  # checked on the text of EXACT_SCAN_CAP pages


def search_pages(user, request: SearchRequest) -> SearchResults:
    """Pages `user` may see that match `request`, ranked, with snippets and counts."""
    if not request.text and not request.citations:
        raise SearchError("Type a word, a phrase in quotes, or a citation to search for.")
    where = where_clause(user, request)
    results = SearchResults(request=request)
    chosen = None
    if ranked.answers(request, where):
        chosen = ranked.rank_and_count(
            user, request, text_query(request), results, phrase_pages=lambda: phrase_pages(where)
        )
        if chosen is not None and not all_visible(where, chosen):
            # Only an index out of step with PostgreSQL (changes lost, a restored
            # database) gets here: nothing of it is shown, PostgreSQL answers.
            logger.error("The search index is behind PostgreSQL; run manage.py rebuild_search_index.")
            results, chosen = SearchResults(request=request), None
        results.ranked_by_index = chosen is not None
    if chosen is None:
        chosen = rank_and_count(where, request, results)
    results.hits = hydrate(chosen, request)
    return results


def all_visible(where: Where, hits: list[dict]) -> bool:
    """True when PostgreSQL finds every hit behind the wall, with the words and filters."""
    ids = [hit["id"] for hit in hits]
    if not ids:
        return True
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) {PAGES} WHERE p.id = ANY(%s) AND {' AND '.join(where.conditions)}",
            [ids, *where.params],
        )
        return cursor.fetchone()[0] == len(ids)


def text_query(request: SearchRequest) -> TextQuery:
    """The request's words compiled once (tsquery, exact checks, terms to mark)."""
    if request.text_query is None:
        request.text_query = compile_text_query(request.text)
    return request.text_query


def tsquery_sql(request: SearchRequest) -> tuple[str, list]:
    return "%s::tsquery", [text_query(request).tsquery]


def where_clause(user, request: SearchRequest) -> Where:
    """The wall first (the access policy's, as SQL), then the text, citations and filters."""
    wall_sql, wall_params = access.page_wall_sql(user, page="p", document="d", filing="f")
    where = Where(conditions=[wall_sql], params=list(wall_params))
    if request.text:
        tsq, tsq_params = tsquery_sql(request)
        if is_empty_query(request):
            if not request.citations:
                raise SearchError(
                    "Your search has only very common words (like “the” or “of”). Add a more specific word."
                )
        else:
            where.text_matched = True
            pairs = phrase_pairs(request)
            keys = keys_tsquery(text_query(request).phrase_keys)
            # Phrase keys narrow the pages a phrase with stop words is checked on, through
            # their index, when the phrase has no word pairs (those narrow better: "motion
            # to dismiss") and its keys are not on a large share of pages ("of the
            # plaintiff" is on 1 in 10: reading pages in order finds 2,000 sooner). As a
            # mere filter they cost more than they save (reading each page's keys).
            keys_indexed = bool(keys) and not pairs and not keys_are_dense(keys)
            if pairs or keys_indexed:
                # Pages with the phrases' word pairs (or keys) come from their own index;
                # the words and positions are then checked on those pages only.
                # ts_match_vq is the function behind @@, written out so the planner
                # cannot also intersect the (large) index entries of each common word.
                where.by_phrase_pairs = True
                if pairs:
                    where.conditions.append(f"{WORD_PAIRS_SQL} @@ %s::tsquery")
                    where.params.append(pairs)
                else:
                    where.conditions.append("p.phrase_keys @@ %s::tsquery")
                    where.params.append(keys)
                where.conditions.append(f"ts_match_vq(p.search_vector, {tsq})")
            else:
                where.conditions.append(f"p.search_vector @@ {tsq}")
            where.params += tsq_params
            # Stop words are not in the vectors: a phrase holding one ("proceedings and
            # will not") is checked word for word on the pages the tsquery found.
            where.exact_patterns = text_query(request).exact_patterns
    for citation in request.citations:
        where.conditions.append("p.id IN (SELECT page_id FROM filings_citation WHERE normalized = %s)")
        where.params.append(citation)
    filters = {
        "p.case_id = ANY(%s)": request.case_ids or None,
        "f.kind = ANY(%s)": request.kinds or None,
        "p.date_filed >= %s": request.date_from,
        "p.date_filed <= %s": request.date_to,
        "EXISTS (SELECT 1 FROM filings_filing_filed_by fb "
        "WHERE fb.filing_id = f.id AND fb.party_id = %s)": request.party_id,
    }
    for sql, value in filters.items():
        if value is not None:
            where.conditions.append(sql)
            where.params.append(value)
    if request.allegation_id is not None:
        # Documents linked to the count, by links the user may see (a colleague's
        # private note tags nothing for anyone else).
        links_sql, links_params = access.annotation_links_sql(user, link="l")
        where.conditions.append(
            "p.document_id IN (SELECT document_id FROM filings_claimlink l WHERE l.allegation_id = %s "
            f"AND l.status <> 'rejected' AND {links_sql})"
        )
        where.params += [request.allegation_id, *links_params]
    if request.ocr_only:
        where.conditions.append("p.from_ocr")
    if request.indexed_after is not None:
        where.conditions.append("d.indexed_at > %s")
        where.params.append(request.indexed_after)
    if request.document_ids is not None:
        where.conditions.append("p.document_id = ANY(%s)")
        where.params.append(request.document_ids)
    return where


# The expression of the word-pair index (migration 0006), as the planner must see it.
WORD_PAIRS_SQL = "caselaw_word_pairs(p.search_vector)"


def required_phrases(text: str) -> list[str]:
    """The quoted phrases every hit must contain: not excluded with "-", and none when
    the query has an OR (websearch_to_tsquery's OR binds to its neighbours). A phrase
    ends before a prefix word ("fair us*" → "fair"): its pairs are not known."""
    terms, has_or = parse_terms(text)
    if has_or:
        return []
    # As typed, not re-spaced: "Bates-stamped META_42308081" and "3:23-cv-03417-VC" are
    # indexed as PostgreSQL's parser splits them, and their pairs must be the page's.
    return [term.text for term in terms if term.quoted and not term.negated and term.text.strip()]


def phrase_pairs(request: SearchRequest) -> str:
    """A tsquery of the word pairs in the required phrases, as the index stores them
    ("'cdbd'", the bucket of fair_use), or "" when there are none (no phrase, or phrases
    of one word after stop words)."""
    phrases = required_phrases(request.text)
    if not phrases:
        return ""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT unnest(tsvector_to_array(caselaw_word_pairs("
            f"to_tsvector('{TEXT_SEARCH_CONFIG}', x)))) FROM unnest(%s::text[]) AS x",
            [phrases],
        )
        pairs = sorted(row[0] for row in cursor.fetchall())
    return " & ".join("'" + pair.replace("\\", "\\\\").replace("'", "''") + "'" for pair in pairs)


def keys_tsquery(keys: list[str]) -> str:
    return " & ".join(f"'{key}'" for key in keys)


def keys_are_dense(keys: str) -> bool:
    """True when PostgreSQL expects the phrase keys on at least DENSE_SHARE of all pages
    (its statistics of the column's most common keys, in about a millisecond)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN (FORMAT JSON) SELECT FROM filings_page p WHERE p.phrase_keys @@ %s::tsquery", [keys]
        )
        plan = cursor.fetchone()[0]
        expected = (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]["Plan Rows"]
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = 'filings_page'::regclass")
        pages = cursor.fetchone()[0]
    return pages > 0 and expected >= DENSE_SHARE * pages


def is_empty_query(request: SearchRequest) -> bool:
    """True when the words are all stop words, so the tsquery matches nothing."""
    return text_query(request).is_empty


def rank_and_count(where: Where, request: SearchRequest, results: SearchResults) -> list[dict]:
    """One statement: take up to CANDIDATE_CAP matching pages, rank them, return the
    requested page of hits plus the counts per case and per filing kind."""
    rank_sql, rank_params = rank_expression(where, request)
    newest = request.sort == "newest"
    # For date sorts the cap keeps the newest (or oldest) matches, not arbitrary ones.
    candidate_order = (
        ""
        if request.sort == "relevance"
        else (f"ORDER BY p.date_filed {'DESC' if newest else 'ASC'}, p.document_id, p.number")
    )
    hit_order = {
        "relevance": "rank DESC, date_filed, document_id, number",
        "newest": "date_filed DESC, document_id, number",
        "oldest": "date_filed, document_id, number",
    }[request.sort]
    grouped = (
        "SELECT DISTINCT ON (document_id) *, count(*) OVER (PARTITION BY document_id) AS matching "
        "FROM capped ORDER BY document_id, rank DESC, number"
        if request.group_by_document
        else "SELECT *, 1 AS matching FROM capped"
    )
    columns = f"p.id, p.document_id, p.case_id, f.kind, p.date_filed, p.number, {rank_sql} AS rank"
    matching = f"""
            {PAGES}
            WHERE {" AND ".join(where.conditions)}
            {candidate_order}
    """
    if where.exact_patterns:
        # Only the text of the first EXACT_SCAN_CAP pages with the phrase's other words
        # (and keys) is read, and reading stops once CANDIDATE_CAP + 1 have the phrase:
        # `scanned` is not materialised, so the candidates' LIMIT stops it. Only when
        # fewer are found is it counted (to tell whether the cap cut the search short).
        exact = " AND ".join(["p.text ~* %s"] * len(where.exact_patterns))
        candidates = f"""
        scanned AS NOT MATERIALIZED (SELECT {columns}, p.text {matching} LIMIT {EXACT_SCAN_CAP + 1}),
        candidates AS MATERIALIZED (
            SELECT id, document_id, case_id, kind, date_filed, number, rank FROM scanned p
            WHERE {exact} LIMIT {CANDIDATE_CAP + 1}
        ),"""
        scanned_count = (
            f"CASE WHEN (SELECT count(*) FROM candidates) > {CANDIDATE_CAP} THEN 0 "
            "ELSE (SELECT count(*) FROM scanned) END"
        )
    else:
        candidates = f"candidates AS MATERIALIZED (SELECT {columns} {matching} LIMIT {CANDIDATE_CAP + 1}),"
        scanned_count = "0"
    sql = f"""
        WITH {candidates}
        capped AS (SELECT * FROM candidates LIMIT {CANDIDATE_CAP}),
        grouped AS ({grouped}),
        top AS (
            SELECT id, matching, rank, row_number() OVER (ORDER BY {hit_order}) AS ordinal
            FROM grouped ORDER BY {hit_order} LIMIT %s OFFSET %s
        )
        SELECT 'hit', id, matching, rank, ordinal::text FROM top
        UNION ALL SELECT 'case', case_id, count(*), NULL, NULL FROM capped GROUP BY case_id
        UNION ALL SELECT 'kind', NULL, count(*), NULL, kind FROM capped GROUP BY kind
        UNION ALL SELECT 'total', NULL, (SELECT count(*) FROM candidates), NULL, NULL
        UNION ALL SELECT 'groups', NULL, (SELECT count(*) FROM grouped), NULL, NULL
        UNION ALL SELECT 'scanned', NULL, {scanned_count}, NULL, NULL
    """
    offset = (request.page - 1) * request.page_size
    with transaction.atomic(), connection.cursor() as cursor:
        # Phrases and exclusions are rechecked row by row; with the default 4 MB the
        # candidate bitmap turns lossy and every row on a page is rechecked.
        cursor.execute("SELECT set_config('work_mem', %s, true)", [settings.CASELAW_SEARCH_WORK_MEM])
        # The candidates are the first CANDIDATE_CAP matches found; parallel workers would
        # find a different first 2,000 each time, and the same search must give the same
        # hits and counts.
        cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        # A search is a short statement: compiling it (JIT) costs more than running it.
        cursor.execute("SET LOCAL jit = off")
        if not request.citations:
            # Left to itself the planner loops over the user's cases and rebuilds the
            # word's whole index bitmap for each one (13 × 38 ms for "discovery
            # sanctions" at a million pages); one bitmap and a hash join is 5× faster.
            # Citation lookups do want the nested loop, so only text queries get this.
            cursor.execute("SET LOCAL enable_nestloop = off")
            if where.text_matched and not where.by_phrase_pairs and text_is_dense(cursor, request):
                avoid_text_index(cursor, request)
        cursor.execute(sql, rank_params + where.params + where.exact_patterns + [request.page_size, offset])
        rows = cursor.fetchall()
    hits = []
    for what, key, number, rank, label in rows:
        if what == "hit":
            hits.append({"id": key, "matching_pages": number, "rank": rank, "ordinal": int(label)})
        elif what == "case":
            results.counts_by_case[key] = number
        elif what == "kind":
            results.counts_by_kind[label] = number
        elif what == "total":
            results.total = min(number, CANDIDATE_CAP)
            results.total_is_lower_bound |= number > CANDIDATE_CAP
        elif what == "scanned":
            results.total_is_lower_bound |= number > EXACT_SCAN_CAP
        else:
            results.hit_total = number
    return sorted(hits, key=lambda hit: hit["ordinal"])


def phrase_pages(where: Where) -> list[int] | None:
    """Every page behind the wall and filters with the phrases word for word, found as
    the candidates are (phrase keys or word pairs, then the text); None when more than
    ranked.PHRASE_CHECK_ALL have them or more than EXACT_SCAN_CAP pages would be read."""
    exact = " AND ".join(["s.text ~* %s"] * len(where.exact_patterns))
    sql = f"""
        WITH scanned AS MATERIALIZED (
            SELECT p.id, p.text {PAGES} WHERE {" AND ".join(where.conditions)} LIMIT {EXACT_SCAN_CAP + 1}
        )
        SELECT (SELECT count(*) FROM scanned),
               ARRAY(SELECT s.id FROM scanned s WHERE {exact} LIMIT {ranked.PHRASE_CHECK_ALL + 1})
    """
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT set_config('work_mem', %s, true)", [settings.CASELAW_SEARCH_WORK_MEM])
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(sql, where.params + where.exact_patterns)
        scanned, pages = cursor.fetchone()
    if scanned > EXACT_SCAN_CAP or len(pages) > ranked.PHRASE_CHECK_ALL:
        return None
    return pages


def rank_expression(where: Where, request: SearchRequest) -> tuple[str, list]:
    """How a matching page `p` is scored for relevance (SQL and its parameters); the
    benchmark ranks every visible match with the same expression to check the top 20."""
    if not where.text_matched:
        return "0.0", []
    tsq, params = tsquery_sql(request)
    return f"ts_rank_cd(p.search_vector, {tsq}, 32)", params


def text_is_dense(cursor, request: SearchRequest) -> bool:
    """True when PostgreSQL expects the words on at least DENSE_SHARE of all pages.

    The GIN index answers by decoding every entry of every word before returning the
    first row (about 0.5 µs an entry: 113 ms for "summary judgment", on 210,000 of a
    million pages). For such words, reading pages in order (or only the filtered case's
    pages) finds the first CANDIDATE_CAP matches sooner; for rarer ones the index wins.
    The planner's own estimate comes from the column's statistics, in about a millisecond.
    """
    tsq, params = tsquery_sql(request)
    cursor.execute(f"EXPLAIN (FORMAT JSON) SELECT FROM filings_page p WHERE p.search_vector @@ {tsq}", params)
    plan = cursor.fetchone()[0]
    expected = (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]["Plan Rows"]
    cursor.execute("SELECT reltuples FROM pg_class WHERE oid = 'filings_page'::regclass")
    pages = cursor.fetchone()[0]
    return pages > 0 and expected >= DENSE_SHARE * pages


def avoid_text_index(cursor, request: SearchRequest) -> None:
    """Plan without the GIN index: with a case filter through the case's pages (its
    btree index), otherwise a sequential scan that stops at CANDIDATE_CAP matches."""
    cursor.execute("SET LOCAL enable_bitmapscan = off")
    if not request.case_ids:
        cursor.execute("SET LOCAL enable_indexscan = off")


def hydrate(rows: list[dict], request: SearchRequest) -> list[Hit]:
    """Pages with their document, filing and case, and highlighted snippets."""
    if not rows:
        return []
    ids = [row["id"] for row in rows]
    pages = (
        Page.objects.select_related("document__filing__case__court")
        .defer("search_vector", "phrase_keys")
        .in_bulk(ids)
    )
    snippets = snippets_for(pages, request, text_query(request) if request.text else None)
    return [
        Hit(
            page=pages[row["id"]],
            rank=row["rank"],
            snippet_html=snippets.get(row["id"], ""),
            matching_pages=row.get("matching_pages", 1),
        )
        for row in rows
    ]
