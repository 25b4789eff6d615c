"""The search index: Tantivy (BM25, embedded, no server), kept in step with PostgreSQL.

PostgreSQL stays the source of truth. Triggers (migration 0017) write a row to
`filings_searchindexchange` for every page whose text, case, designation, seal or filing
kind changed, or that was deleted, in the same transaction as the change. One indexer at a
time (a PostgreSQL advisory lock, and Tantivy's own writer lock) takes those rows in
batches: it re-reads the pages, replaces them in the index by page id, commits, and only
then deletes the rows it read, each at the version it read. A crash between the two
leaves the rows, and the next round indexes the same pages again, replacing them, so
nothing is doubled. A change made meanwhile has a newer version and stays for the next round.

`rebuild()` (`manage.py rebuild_search_index`) builds a fresh index from PostgreSQL, in
one snapshot, and swaps it in: the way back from a lost or damaged index directory.

Queries reach it as PostgreSQL's tsquery translated (filings/search/tantivy_query.py), so
both match the same pages; search ranks through it in filings/search/ranked.py, and
`benchmarks/search.py` measures both speed and ranking at a million pages.

On several machines: one index on a shared volume with one indexer (the lock is in
PostgreSQL), or one index per search host following the same changes with a watermark of
its own.
"""

import re
import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import tantivy
from django.conf import settings
from django.db import connection, transaction

LOCK = 0x5EA2C4  # the advisory lock one indexer holds
BATCH = 2000  # pages a round reads and commits
WRITER_HEAP = 64_000_000  # bytes Tantivy buffers before it writes a segment

# A page as the index holds it: its lexemes; its level is what the wall compares with a clearance
# (the document's designation, or AEO while its filing is sealed; caselaw.access).
PAGES = """
    SELECT p.id, p.case_id, p.document_id, p.search_vector::text, f.kind, p.date_filed,
           GREATEST(d.designation, CASE WHEN f.sealed THEN 2 ELSE 0 END) AS level
    FROM filings_page p
    JOIN filings_document d ON d.id = p.document_id
    JOIN filings_filing f ON f.id = d.filing_id
"""


def schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    # PostgreSQL's lexemes in position order (caselaw_lexeme_text, migration 0017): the
    # words are read once, by PostgreSQL, so a query matches the same pages in both.
    builder.add_text_field("text", stored=False, tokenizer_name="whitespace", index_option="position")
    builder.add_integer_field("page_id", stored=True, indexed=True, fast=True)
    builder.add_integer_field("case_id", indexed=True, fast=True)
    builder.add_integer_field("document_id", indexed=True, fast=True)
    builder.add_integer_field("level", indexed=True, fast=True)
    builder.add_text_field("kind", tokenizer_name="raw", fast=True)
    builder.add_date_field("date_filed", indexed=True, fast=True)
    # A pseudo-random order of pages (a hash of the id), to sample matches without bias.
    builder.add_integer_field("sample_order", fast=True)
    return builder.build()


def index_dir() -> Path:
    return Path(settings.CASELAW_SEARCH_INDEX_DIR)


class OutOfDate(Exception):
    """The index on disk was built with another schema (an earlier version): it must be
    rebuilt (`sync` does that; search answers from PostgreSQL meanwhile)."""


def open_index(path: Path | None = None) -> tantivy.Index:
    """The index at `path` (the configured one), created empty if there is none."""
    path = path or index_dir()
    path.mkdir(parents=True, exist_ok=True)
    try:
        return tantivy.Index(schema(), path=str(path))
    except ValueError as error:
        if "schema does not match" in str(error):
            raise OutOfDate(f"The search index at {path} is of an earlier version.") from error
        raise


def page_document(row) -> tantivy.Document:
    page_id, case_id, document_id, vector, kind, date_filed, level = row
    document = tantivy.Document(
        page_id=page_id,
        case_id=case_id,
        document_id=document_id,
        text=lexeme_text(vector or ""),
        level=level,
        kind=kind,
    )
    document.add_date("date_filed", midnight(date_filed))
    document.add_integer("sample_order", sample_key(page_id))
    return document


def sample_key(page_id: int) -> int:
    """The page's place in the sampling order: SplitMix64's finaliser of its id, 63 bits.
    (A multiplicative hash, tried first, drew neighbouring pages in a regular pattern: on
    the benchmark corpus its first 1,000 had a phrase on 3.5% against 2.3% overall.)"""
    x = (page_id + 0x9E3779B97F4A7C15) & _MASK64
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _MASK64
    return (x ^ (x >> 31)) >> 1


_MASK64 = 2**64 - 1


_ENTRY = re.compile(r"'((?:[^'\\]|''|\\.)*)'(?::([0-9A-D,]+))?")  # 'lexeme':1,5A in a tsvector's text
_ESCAPED = re.compile(r"''|\\(.)")


def lexeme_text(vector: str) -> str:
    """A tsvector's lexemes in the order of their positions, "_" for a position with
    none (a stop word), so the whitespace tokenizer gives each its PostgreSQL position;
    lexemes sharing a position in code-point order. Read from the vector's text in Python
    (half the time of doing it in SQL: migration 0017's caselaw_lexeme_text, the same)."""
    at: dict[int, list[str]] = {}
    for lexeme, positions in _ENTRY.findall(vector):
        if not positions:
            continue
        if "'" in lexeme or "\\" in lexeme:
            lexeme = _ESCAPED.sub(lambda match: match.group(1) or "'", lexeme)
        for position in positions.split(","):
            at.setdefault(int(position.rstrip("ABCD")), []).append(lexeme)
    if not at:
        return ""
    return " ".join(" ".join(sorted(at[p])) if p in at else "_" for p in range(1, max(at) + 1))


def midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def sync(limit: int = BATCH) -> int:
    """Take in every change waiting; the number of pages taken in, or 0 when another
    indexer is at work (it takes in what is waiting, and what comes meanwhile: it looks
    again after letting go of the lock, for changes whose sync found it busy)."""
    taken = 0
    try:
        open_index()
    except OutOfDate:
        return rebuild()
    while waiting(1):  # nothing waiting (most calls from beat) costs one query
        done = take_in(limit)
        if done is None:
            break
        taken += done
    return taken


def take_in(limit: int) -> int | None:
    """One indexer's turn: batches until nothing waits; None when the lock is taken."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [LOCK])
        if not cursor.fetchone()[0]:
            return None
    try:
        index = open_index()
        writer = index.writer(heap_size=WRITER_HEAP, num_threads=1)
        taken = 0
        try:
            while changes := waiting(limit):
                replace(writer, [page_id for page_id, _ in changes])
                writer.commit()
                forget(changes)
                taken += len(changes)
        except BaseException:
            writer.rollback()
            raise
        finally:
            writer.wait_merging_threads()  # also lets go of Tantivy's writer lock
        return taken
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK])


def waiting(limit: int) -> list[tuple[int, int]]:
    """(page id, version) of the oldest changes waiting."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT page_id, version FROM filings_searchindexchange ORDER BY version LIMIT %s", [limit]
        )
        return cursor.fetchall()


def replace(writer: tantivy.IndexWriter, page_ids: list[int]) -> None:
    """Put these pages in the index as PostgreSQL has them now (gone, if deleted)."""
    for page_id in page_ids:
        writer.delete_documents_by_term("page_id", page_id)
    with connection.cursor() as cursor:
        cursor.execute(f"{PAGES} WHERE p.id = ANY(%s)", [page_ids])
        for row in cursor.fetchall():
            writer.add_document(page_document(row))


def forget(changes: list[tuple[int, int]]) -> None:
    """Delete the change rows taken in, each only at the version read."""
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM filings_searchindexchange c "
            "USING unnest(%s::bigint[], %s::bigint[]) AS u(page_id, version) "
            "WHERE c.page_id = u.page_id AND c.version <= u.version",
            [[page_id for page_id, _ in changes], [version for _, version in changes]],
        )


def rebuild(progress=None) -> int:
    """Build the index anew from every page in PostgreSQL and swap it in; the pages
    indexed. The change rows seen in the same snapshot are then done with; rows written
    while it ran stay for the next sync."""
    path = index_dir()
    fresh = path.with_name(path.name + ".new")
    shutil.rmtree(fresh, ignore_errors=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [LOCK])  # waits for a sync at work
    try:
        index = open_index(fresh)
        writer = index.writer(heap_size=WRITER_HEAP * 4, num_threads=1)
        count = 0
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                cursor.execute("SELECT page_id, version FROM filings_searchindexchange")
                seen = cursor.fetchall()
            with connection.chunked_cursor() as pages:
                pages.execute(PAGES)
                for row in pages:
                    writer.add_document(page_document(row))
                    count += 1
                    if progress and count % 10_000 == 0:
                        progress(count)
        writer.commit()
        writer.wait_merging_threads()
        swap_in(fresh, path)
        for first in range(0, len(seen), 10_000):
            forget(seen[first : first + 10_000])
        return count
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK])


def swap_in(fresh: Path, path: Path) -> None:
    old = path.with_name(path.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if path.exists():
        path.rename(old)
    fresh.rename(path)
    shutil.rmtree(old, ignore_errors=True)


def page_ids_matching(text: str, limit: int = 100) -> list[int]:
    """Page ids for a search's words (our query language), best first, over every page:
    for tests and the shell; search goes through filings.search.engine, with the wall."""
    from filings.search.tantivy_query import translate
    from filings.search.text_query import compile_text_query

    index = open_index()
    index.reload()
    query = translate(compile_text_query(text).tsquery, index.schema)
    if query is None:
        raise ValueError(f"{text!r} cannot be answered by the index")
    searcher = index.searcher()
    return [searcher.doc(address)["page_id"][0] for _, address in searcher.search(query, limit).hits]
