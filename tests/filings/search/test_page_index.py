"""The Tantivy search index follows PostgreSQL: every change to a page, its document's
designation or its filing's seal is taken in by the next sync, once; a sync cut short
loses nothing; the index is rebuilt from PostgreSQL with one command
(filings/search/page_index.py, migration 0017)."""

import psycopg2
import pytest
from django.core.management import call_command
from django.db import connection

from caselaw import testing_pdfs as pdfs
from caselaw.models import Designation
from filings.models import Document
from filings.pipeline.runner import Outcome, process_document
from filings.search import page_index
from tests.factories import FilingFactory
from tests.helpers import upload

pytestmark = pytest.mark.django_db(transaction=True)

WORDS = "The replevin action for the Books3 dataset"


@pytest.fixture(autouse=True)
def index_dir(settings, tmp_path):
    settings.CASELAW_SEARCH_INDEX_DIR = tmp_path / "search-index"
    return settings.CASELAW_SEARCH_INDEX_DIR


def read(filing, lines: list[str], name: str) -> Document:
    data = pdfs.text_pdf(pages=1, marker=" ".join(lines), sentences=["The parties met and conferred."])
    document = upload(filing, data, name=name)
    assert process_document(document.pk, token=name) == Outcome.INDEXED
    return document


def waiting() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM filings_searchindexchange")
        return cursor.fetchone()[0]


def indexed_levels(page_id: int) -> list[int]:
    """The level of each index entry for the page (one entry, or none)."""
    import tantivy

    index = page_index.open_index()
    index.reload()
    searcher, schema = index.searcher(), index.schema
    levels = []
    for level in Designation:
        query = tantivy.Query.boolean_query(
            [
                (tantivy.Occur.Must, tantivy.Query.term_query(schema, "page_id", page_id)),
                (tantivy.Occur.Must, tantivy.Query.term_query(schema, "level", int(level))),
            ]
        )
        levels += [int(level)] * searcher.search(query, 1, count=True).count
    return levels


def test_a_sync_takes_in_new_pages_once_and_leaves_nothing_waiting(case):
    document = read(FilingFactory(case=case), [WORDS], "a.pdf")
    page = document.pages.get()
    assert waiting() == 1
    assert page_index.sync() == 1
    assert waiting() == 0
    assert page_index.page_ids_matching("replevin") == [page.pk]
    assert page_index.page_ids_matching("books3 dataset") == [page.pk]
    assert page_index.sync() == 0  # nothing new
    assert indexed_levels(page.pk) == [Designation.PUBLIC]


def test_a_designation_or_a_seal_reaches_the_index(case):
    filing = FilingFactory(case=case)
    page = read(filing, [WORDS], "b.pdf").pages.get()
    page_index.sync()
    Document.objects.filter(pk=page.document_id).update(designation=Designation.CONFIDENTIAL)
    assert waiting() == 1
    page_index.sync()
    assert indexed_levels(page.pk) == [Designation.CONFIDENTIAL]
    filing.sealed = True
    filing.save(update_fields=["sealed"])
    page_index.sync()
    assert indexed_levels(page.pk) == [Designation.AEO]


def test_a_deleted_document_leaves_the_index(case):
    document = read(FilingFactory(case=case), [WORDS], "c.pdf")
    page_id = document.pages.get().pk
    page_index.sync()
    document.delete()
    page_index.sync()
    assert indexed_levels(page_id) == []
    assert page_index.page_ids_matching("replevin") == []


def test_a_change_made_while_the_indexer_works_waits_for_the_next_round(case):
    page = read(FilingFactory(case=case), [WORDS], "d.pdf").pages.get()
    seen = page_index.waiting(100)  # the indexer has read its batch …
    with connection.cursor() as cursor:  # … a change lands …
        cursor.execute(
            "UPDATE filings_page SET text = %s, search_vector = to_tsvector('english', %s) WHERE id = %s",
            ["A writ of mandamus", "A writ of mandamus", page.pk],
        )
    page_index.forget(seen)  # … and it forgets what it read
    assert waiting() == 1
    page_index.sync()
    assert page_index.page_ids_matching("mandamus") == [page.pk]
    assert page_index.page_ids_matching("replevin") == []


def test_a_sync_cut_short_after_its_commit_is_taken_in_again_not_twice(case, monkeypatch):
    page = read(FilingFactory(case=case), [WORDS], "e.pdf").pages.get()

    def killed(changes):
        raise SystemExit("worker killed between the index commit and the change rows")

    monkeypatch.setattr(page_index, "forget", killed)
    with pytest.raises(SystemExit):
        page_index.sync()
    monkeypatch.undo()
    assert waiting() == 1
    assert page_index.sync() == 1
    assert indexed_levels(page.pk) == [Designation.PUBLIC]  # one entry, not two


def test_one_indexer_at_a_time(case):
    read(FilingFactory(case=case), [WORDS], "f.pdf")
    other = psycopg2.connect(**connection.get_connection_params())
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [page_index.LOCK])
        assert page_index.sync() == 0  # busy: it returns at once
        assert waiting() == 1
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [page_index.LOCK])
    finally:
        other.close()
    assert page_index.sync() == 1


def test_the_index_is_rebuilt_from_postgresql_after_it_is_lost(case, index_dir):
    import shutil

    filing = FilingFactory(case=case)
    pages = [read(filing, [WORDS, f"Exhibit {n}"], f"g{n}.pdf").pages.get().pk for n in range(3)]
    page_index.sync()
    shutil.rmtree(index_dir)  # a lost disk, a damaged directory
    assert page_index.page_ids_matching("replevin") == []
    call_command("rebuild_search_index", stdout=open("/dev/null", "w"))
    assert sorted(page_index.page_ids_matching("replevin")) == sorted(pages)
    assert waiting() == 0


@pytest.mark.parametrize(
    "text",
    [
        "Plaintiffs allege copyright infringement of their books by the Llama models.",
        "O'Brien's reply: the court's order in 12(b)(6) fair-use, see a\\b and 'quoted' it''s",
        "jane.doe@kirkland-firm.com https://www.courtlistener.com/docket/67569326/ 3:23-cv-03417-VC",
        "the of and to be or not",
        "",
        "Ünïcödé naïve café — “smart quotes” résumé",
    ],
)
def test_the_lexeme_text_is_the_one_postgresql_builds(text):
    """The index reads each page's lexemes from its vector's text in Python; it must give
    what migration 0017's SQL function gives, positions and stop-word gaps included."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT caselaw_lexeme_text(v), v::text FROM (SELECT to_tsvector('english', %s) AS v) s", [text]
        )
        expected, vector = cursor.fetchone()
    assert page_index.lexeme_text(vector) == expected


def test_an_index_of_an_earlier_version_is_rebuilt_by_the_next_sync(case, index_dir):
    """An index built with another schema (an earlier caselaw) is not read: search answers
    from PostgreSQL until the next sync rebuilds it."""
    import tantivy

    from caselaw.models import CaseMembership
    from filings.search import parse_search, search_pages
    from tests.factories import MembershipFactory, UserFactory

    old = tantivy.SchemaBuilder()
    old.add_integer_field("page_id", stored=True, indexed=True, fast=True)
    index_dir.mkdir(parents=True)
    tantivy.Index(old.build(), path=str(index_dir))
    document = read(FilingFactory(case=case), [WORDS], "old.pdf")
    user = UserFactory()
    MembershipFactory(user=user, case=case, role=CaseMembership.Role.LAWYER)
    with pytest.raises(page_index.OutOfDate):
        page_index.open_index()

    before = search_pages(user, parse_search({"q": "replevin"}))
    page_index.sync()
    after = search_pages(user, parse_search({"q": "replevin"}))

    assert not before.ranked_by_index and before.total == 1
    assert after.ranked_by_index and [hit.page.document_id for hit in after.hits] == [document.pk]
    assert waiting() == 0
