"""How good the search benchmark's first page of results is, and the page index it needs.

`ranking_agreement` compares our first AGREEMENT_TOP hits with ranking every visible
match by the same score:
- hits ranked by the page index (BM25): the pages PostgreSQL's own WHERE finds (wall,
  filters, words, phrase checks, nothing capped), scored by the index;
- hits ranked in SQL (ts_rank_cd): the engine's rank expression over every visible match,
  with its exact phrase checks, nothing capped.
AGREEMENT_TOP of AGREEMENT_TOP means our first page is as good as ranking everything.
"""

import time

AGREEMENT_TOP = 20
TARGET_AGREEMENT = 19  # of 20 (issue #15)


def ensure_page_index(database: str) -> str:
    """The benchmark database's page index, built from PostgreSQL when it is missing, of
    an earlier version or out of step (change rows waiting, or not one document a page);
    a line on it."""
    from django.conf import settings
    from django.db import connection

    from filings.search import page_index

    settings.CASELAW_SEARCH_INDEX_DIR = settings.VAR_DIR / f"search-index-{database}"
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM filings_page")
        pages = cursor.fetchone()[0]
    try:
        index = page_index.open_index()
        index.reload()
        stale = index.searcher().num_docs != pages or bool(page_index.waiting(1))
    except page_index.OutOfDate:
        stale = True
    built = ""
    if stale:
        started = time.perf_counter()
        page_index.rebuild(progress=lambda n: print(f"  page index: {n:,} pages", end="\r", flush=True))
        built = f", built in {time.perf_counter() - started:.0f} s"
    size = sum(f.stat().st_size for f in page_index.index_dir().glob("*") if f.is_file())
    return f"page index: {pages:,} pages, {size / 1e6:.0f} MB{built} ({page_index.index_dir()})"


def ranking_agreement(user, request, results) -> tuple[int, int]:
    """(how many of our first AGREEMENT_TOP hits score at least the AGREEMENT_TOP-th best
    score over every visible match, out of how many there can be)."""
    ours = [float(hit.rank) for hit in results.hits[:AGREEMENT_TOP]]
    best = index_best(user, request) if results.ranked_by_index else sql_best(user, request)
    if not best:
        return 0, 0
    threshold = best[-1] - 1e-6  # float4 ranks: ties within rounding count as ties
    return sum(rank >= threshold for rank in ours), min(AGREEMENT_TOP, len(best))


def index_best(user, request) -> list[float]:
    """The AGREEMENT_TOP best BM25 scores among the visible matches: PostgreSQL says
    which pages match and may be seen (the engine's WHERE, nothing capped); the index
    scores the words on exactly those pages (a filter that scores nothing)."""
    import tantivy

    from filings.search import engine, ranked
    from filings.search.tantivy_query import translate

    visible = [row[0] for row in every_visible_match(user, request, "p.id")]
    if not visible:
        return []
    index = ranked.reader()
    index.reload()
    words = translate(engine.text_query(request).tsquery, index.schema)
    only = tantivy.Query.const_score_query(
        tantivy.Query.term_set_query(index.schema, "page_id", visible), 0.0
    )
    query = tantivy.Query.boolean_query([(tantivy.Occur.Must, words), (tantivy.Occur.Must, only)])
    return [score for score, _ in index.searcher().search(query, AGREEMENT_TOP).hits]


def every_visible_match(user, request, columns: str) -> list[tuple]:
    """`columns` over every page the engine's WHERE finds for `user` (wall, filters, words,
    phrases checked word for word), nothing capped."""
    from django.db import connection, transaction

    from filings.search import engine

    where = engine.where_clause(user, request)
    conditions = where.conditions + ["p.text ~* %s"] * len(where.exact_patterns)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(
            f"SELECT {columns} {engine.PAGES} WHERE {' AND '.join(conditions)}",
            where.params + where.exact_patterns,
        )
        return cursor.fetchall()


def exact_count(user, request) -> int:
    """Every visible match, phrases with stop words checked word for word, nothing capped:
    what an estimated or lower-bound count is measured against."""
    return every_visible_match(user, request, "count(*)")[0][0]


def sql_best(user, request) -> list[float]:
    """The AGREEMENT_TOP best ranks of the engine's SQL expression over every visible
    match (documents, when grouped, by their best page)."""
    from django.db import connection, transaction

    from filings.search import engine

    where = engine.where_clause(user, request)
    rank_sql, rank_params = engine.rank_expression(where, request)
    conditions = where.conditions + ["p.text ~* %s"] * len(where.exact_patterns)
    scored = f"SELECT p.document_id, {rank_sql} AS rank {engine.PAGES} WHERE {' AND '.join(conditions)}"
    if request.group_by_document:
        scored = f"SELECT document_id, max(rank) AS rank FROM ({scored}) s GROUP BY document_id"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(
            f"SELECT rank FROM ({scored}) ranked ORDER BY rank DESC LIMIT {AGREEMENT_TOP}",
            rank_params + where.params + where.exact_patterns,
        )
        return [float(row[0]) for row in cursor.fetchall()]


def agreement_text(agreement: tuple[int, int] | None) -> str:
    return "-" if not agreement or not agreement[1] else f"{agreement[0]}/{agreement[1]}"
