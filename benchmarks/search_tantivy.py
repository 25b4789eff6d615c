"""Tantivy as the ranker, measured on the search benchmark's corpus (issue #15).

Not yet the engine: a probe that says whether the page index (filings/search/page_index.py:
PostgreSQL's lexemes in their positions), queried through the tsquery translation
(filings/search/tantivy_query.py), gives the exact BM25 top 20 and exact counts within the
p95 budget, with the wall as a filter inside the query. For every query of `benchmarks/search.py`'s mix it
prints PostgreSQL's count of visible matches (the engine's own WHERE: wall, filters,
phrase checks; nothing capped) beside Tantivy's, and Tantivy's time for the top 20 and
for the count.

    .venv/bin/python benchmarks/search.py --pages 100000 --database bench100k   # the corpus
    .venv/bin/python benchmarks/search_tantivy.py --database bench100k
    .venv/bin/python benchmarks/search_tantivy.py --database bench100k --copies 10  # ~1M pages

`--copies N` indexes every page N times (new ids, same cases): a quick look at ten times
the size without building it in PostgreSQL; counts are then compared with N × PostgreSQL's.
The wall here is the bench user's cases (a term-set filter scoring 0); designations are
not in this corpus. Queries are compiled as search compiles them (`compile_text_query`)
and translated; one the translation cannot answer, or a phrase with stop words (checked
word for word on the text), shows "-": those stay with PostgreSQL.
"""

import argparse
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.search import bench_user, params_of, pct, query_mix, setup_django  # noqa: E402


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--database", default="caselaw_search_bench", help="a corpus built by search.py")
    parser.add_argument("--copies", type=int, default=1, help="index every page this many times")
    parser.add_argument("--repeat", type=int, default=7, help="timed runs of each query")
    parser.add_argument("--index-dir", help="default: <CASELAW_VAR_DIR>/bench/tantivy-<database>-<copies>")
    return parser.parse_args()


def build(path: Path, copies: int):
    """Index every page `copies` times; the index and a line saying what it took."""
    from django.db import connection

    from filings.search import page_index

    shutil.rmtree(path, ignore_errors=True)
    index = page_index.open_index(path)
    writer = index.writer(heap_size=512_000_000, num_threads=1)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(page_index.PAGES)
        rows = cursor.fetchall()
    read = time.perf_counter() - started
    for copy in range(copies):
        offset = copy * 10 ** (len(str(max(row[0] for row in rows))) + 1)
        for row in rows:
            writer.add_document(page_index.page_document((row[0] + offset, *row[1:])))
    writer.commit()
    writer.wait_merging_threads()
    seconds = time.perf_counter() - started
    size = sum(f.stat().st_size for f in path.iterdir() if f.is_file())
    index.reload()
    pages = len(rows) * copies
    line = f"indexed {pages:,} pages in {seconds:.1f} s (PostgreSQL's lexeme text: {read:.1f} s)"
    return index, f"{line}, one thread; {size / 1e6:.0f} MB"


def postgres_count(user, query) -> int:
    """Visible matches by the engine's own WHERE (wall, filters, exact phrase checks)."""
    from django.db import connection

    from filings.search import engine, parse_search

    request = parse_search(params_of(query))
    where = engine.where_clause(user, request)
    conditions = where.conditions + ["p.text ~* %s"] * len(where.exact_patterns)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM filings_page p JOIN filings_document d ON d.id = p.document_id "
            f"JOIN filings_filing f ON f.id = d.filing_id WHERE {' AND '.join(conditions)}",
            where.params + where.exact_patterns,
        )
        return cursor.fetchone()[0]


def main() -> None:
    import tantivy

    args = parse_args()
    setup_django(args.database)
    from caselaw.access import visible_case_ids
    from filings.search.tantivy_query import translate
    from filings.search.text_query import compile_text_query

    user = bench_user()
    var = Path(os.environ["CASELAW_VAR_DIR"])
    path = Path(args.index_dir or var / "bench" / f"tantivy-{args.database}-{args.copies}")
    index, line = build(path, args.copies)
    print(line, flush=True)
    searcher = index.searcher()
    cases = sorted(visible_case_ids(user).values_list("case_id", flat=True))
    wall = tantivy.Query.const_score_query(tantivy.Query.term_set_query(index.schema, "case_id", cases), 0.0)
    header = f"{'postgres':>10}{'tantivy':>10}  same  {'top 20 p50':>10}{'p95':>7}{'count p50':>10}"
    print(f"\n{'query':44}{header}")
    same = total = 0
    for query in query_mix(1_000_000, 1, user):
        if query.category == "citation" or query.case_id:
            continue  # citations are rows of their own table; one case is the same filter, narrower
        compiled = compile_text_query(query.q)
        if compiled.exact_patterns:
            # A phrase with stop words is checked word for word on the text: PostgreSQL's.
            print(f"{query.label:44}  -  (stays with PostgreSQL: checked word for word)")
            continue
        text = translate(compiled.tsquery, index.schema)
        if text is None:
            print(f"{query.label:44}  -  (stays with PostgreSQL)")
            continue
        full = tantivy.Query.boolean_query([(tantivy.Occur.Must, text), (tantivy.Occur.Must, wall)])
        top, counting = [], []
        for _ in range(args.repeat):
            started = time.perf_counter()
            searcher.search(full, 20)
            top.append(1000 * (time.perf_counter() - started))
            started = time.perf_counter()
            count = searcher.search(full, 1, count=True).count
            counting.append(1000 * (time.perf_counter() - started))
        expected = postgres_count(user, query) * args.copies
        total += 1
        same += count == expected
        print(
            f"{query.label:44}{expected:>10,}{count:>10,}  {'yes' if count == expected else 'NO ':4}"
            f"{statistics.median(top):10.1f}{pct(top, 95):7.1f}{statistics.median(counting):10.1f}",
            flush=True,
        )
    print(f"\ncounts equal to PostgreSQL's: {same} of {total} queries")


if __name__ == "__main__":
    main()
