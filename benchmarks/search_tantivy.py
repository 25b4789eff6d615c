"""Tantivy as the ranker, measured on the search benchmark's corpus (issue #15).

Not yet the engine: a probe that says whether an embedded Tantivy index, built from
PostgreSQL, gives the exact BM25 top 20 and exact counts within the p95 budget, with the
wall as a filter inside the query. For every query of `benchmarks/search.py`'s mix it
prints PostgreSQL's count of visible matches (the engine's own WHERE: wall, filters,
phrase checks; nothing capped) beside Tantivy's, and Tantivy's time for the top 20 and
for the count.

    .venv/bin/python benchmarks/search.py --pages 100000 --database bench100k   # the corpus
    .venv/bin/python benchmarks/search_tantivy.py --database bench100k
    .venv/bin/python benchmarks/search_tantivy.py --database bench100k --copies 10  # ~1M pages

`--copies N` indexes every page N times (new ids, same cases): a quick look at ten times
the size without building it in PostgreSQL; counts are then compared with N × PostgreSQL's.
The wall here is the bench user's cases (a term-set filter scoring 0); designations are
not in this corpus. Queries go through Tantivy's own query parser (conjunction by
default); translating our query language is the engine's job.
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


def schema():
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("text", stored=False, tokenizer_name="en_stem", index_option="position")
    builder.add_integer_field("case_id", stored=False, indexed=True, fast=True)
    builder.add_integer_field("page_id", stored=True, indexed=True, fast=True)
    return builder.build()


def build(path: Path, copies: int):
    """Index every page `copies` times; the index and a line saying what it took."""
    import tantivy
    from django.db import connection

    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    index = tantivy.Index(schema(), path=str(path))
    writer = index.writer(heap_size=512_000_000, num_threads=1)
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, case_id, text FROM filings_page")
        rows = cursor.fetchall()
    started = time.perf_counter()
    for copy in range(copies):
        offset = copy * 10 ** (len(str(max(row[0] for row in rows))) + 1)
        for page_id, case_id, text in rows:
            writer.add_document(tantivy.Document(page_id=page_id + offset, case_id=case_id, text=text))
    writer.commit()
    writer.wait_merging_threads()
    seconds = time.perf_counter() - started
    size = sum(f.stat().st_size for f in path.iterdir() if f.is_file())
    index.reload()
    return index, f"indexed {len(rows) * copies:,} pages in {seconds:.1f} s, one thread; {size / 1e6:.0f} MB"


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
        text = index.parse_query(query.q, ["text"], conjunction_by_default=True)
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
