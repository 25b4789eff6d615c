"""A search's tsquery, translated for the Tantivy page index (filings/search/tantivy_query.py),
matches exactly the pages PostgreSQL matches: the index holds PostgreSQL's own lexemes in
their positions, so words, stems, phrases with their gaps, exclusions, OR, prefixes and
e-mail/URL parts agree page for page."""

import pytest
from django.db import connection

from caselaw import testing_pdfs as pdfs
from filings.pipeline.runner import Outcome, process_document
from filings.search import page_index
from filings.search.tantivy_query import translate
from filings.search.text_query import compile_text_query
from tests.factories import FilingFactory
from tests.helpers import upload

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = [
    "Plaintiffs allege copyright infringement of their books by the Llama models.",
    "The court grants the motion to dismiss the DMCA claim without leave to amend.",
    "Fair use is an affirmative defense; the court weighs four factors.",
    "Defendant moved to dismiss. The motion was denied as to infringement.",
    "Contact jane.doe@kirkland-firm.com or see https://www.courtlistener.com/docket/67569326/",
    "Books3 and LibGen are shadow libraries; torrenting infringes the reproduction right.",
    "Under Rule 12(b)(6) the complaint states a claim for use that is not fair.",
    "The plaintiff's use of the court's records was fair, the court said.",
]

QUERIES = [
    "infringement",
    "court",
    "copyright infringement",
    '"fair use"',
    '"motion to dismiss"',
    "court -plaintiff",
    "-court",
    "llama OR books3",
    "dismiss OR fair -dmca",
    "infring*",
    "torr*",
    "kirkland-firm.com",
    "jane.doe@kirkland-firm.com",
    "courtlistener",
    "12(b)(6)",
    '"use that is not fair"',
    "plaintiffs",
]


@pytest.fixture
def indexed(case, settings, tmp_path):
    settings.CASELAW_SEARCH_INDEX_DIR = tmp_path / "search-index"
    filing = FilingFactory(case=case)
    ids = {}
    for n, line in enumerate(PAGES):
        data = pdfs.text_pdf(pages=1, marker=line, sentences=["Page filed."])
        document = upload(filing, data, name=f"p{n}.pdf")
        assert process_document(document.pk, token=f"p{n}") == Outcome.INDEXED
        ids[document.pages.get().pk] = line
    page_index.sync()
    return ids


def postgres_pages(tsquery: str) -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM filings_page WHERE search_vector @@ %s::tsquery", [tsquery])
        return {row[0] for row in cursor.fetchall()}


def tantivy_pages(tsquery: str) -> set[int] | None:
    index = page_index.open_index()
    index.reload()
    query = translate(tsquery, index.schema)
    if query is None:
        return None
    searcher = index.searcher()
    return {searcher.doc(address)["page_id"][0] for _, address in searcher.search(query, 100).hits}


@pytest.mark.parametrize("text", QUERIES)
def test_the_index_matches_the_pages_postgresql_matches(indexed, text):
    tsquery = compile_text_query(text).tsquery
    expected = postgres_pages(tsquery)
    assert tantivy_pages(tsquery) == expected, f"{text!r} → {tsquery}"


def test_the_corpus_makes_the_comparison_mean_something(indexed):
    """Each query finds some pages and misses others, so agreement is not trivial."""
    for text in QUERIES:
        found = postgres_pages(compile_text_query(text).tsquery)
        assert 0 < len(found) < len(PAGES), text


def test_a_phrase_ending_in_a_prefix_stays_with_postgresql(indexed):
    tsquery = compile_text_query('"fair use*"').tsquery
    assert "<->" in tsquery and ":*" in tsquery
    assert tantivy_pages(tsquery) is None


def test_the_best_page_for_a_word_comes_first(indexed):
    """BM25: the page that says "court" three times in a short page ranks first."""
    index = page_index.open_index()
    index.reload()
    searcher = index.searcher()
    hits = searcher.search(translate(compile_text_query("court").tsquery, index.schema), 10).hits
    first = searcher.doc(hits[0][1])["page_id"][0]
    assert indexed[first] == PAGES[7]
