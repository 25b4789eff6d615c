"""Words inside e-mail addresses, URLs and host names are found by their parts.

PostgreSQL's parser keeps `jdoe@cooleyllp.com` and a URL as one token each, so searching
the firm's name found nothing. Pages are indexed from `index_text(text)`; pages stored
before are rebuilt by `manage.py reindex_pages`."""

import re

import pytest
from django.core.management import call_command
from django.db import connection

from filings.models import Page
from filings.search.indexing import TEXT_SEARCH_CONFIG, index_text
from tests import pdfs
from tests.factories import FilingFactory
from tests.filings.search.conftest import doc_ids, search
from tests.helpers import upload

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def notice(case):
    """The notice of appearance (tests/pdfs.py) through the real pipeline, which indexes the
    parts of its addresses as it stores each page."""
    from filings.pipeline.runner import process_document

    document = upload(FilingFactory(case=case), pdfs.emails_and_urls_pdf(), name="notice.pdf")
    process_document(document.pk, token="test")
    return document


@pytest.mark.parametrize(
    "q",
    [
        "cooleyllp",  # jdoe@cooleyllp.com
        "saverilawfirm",  # mweinberg@saverilawfirm.com
        "mweinberg",
        "bsfllp.com",  # the domain of docketing@bsfllp.com
        "courtlistener",  # https://www.courtlistener.com/docket/...
        "67569326",
        '"kadrey v meta platforms"',  # the URL's path, in order
        "uscourts",
        "chhabria",
    ],
)
def test_a_part_of_an_address_finds_the_page(api, paralegal, notice, q):
    assert doc_ids(search(api(paralegal), q=q)) == {notice.pk}


def test_the_whole_address_and_hyphenated_words_still_find_it(api, paralegal, notice):
    client = api(paralegal)
    for q in ["jdoe@cooleyllp.com", "meet-and-confer", "confer", "shadow-library", "library"]:
        assert doc_ids(search(client, q=q)) == {notice.pk}, q


def test_a_part_is_marked_in_the_snippet(api, paralegal, notice):
    snippet = search(api(paralegal), q="cooleyllp").json()["results"][0]["snippet_html"]
    assert "jdoe@<mark>cooleyllp</mark>.com" in snippet


def test_reindexing_touches_only_pages_with_parts_and_can_run_again(notice, indexed):
    plain = indexed("No address on this page at all, only prose.")
    before = Page.objects.get(document=plain).search_vector
    call_command("reindex_pages")
    assert Page.objects.get(document=plain).search_vector == before
    assert Page.objects.get(document=notice).search_vector == vector_of(index_text(page_text(notice)))


def test_every_token_postgresql_keeps_whole_gets_its_parts():
    """Checked against PostgreSQL's own parser: each e-mail, URL, host, path and file
    token of the text has each of its words (two letters or more) in the index text."""
    text = pdfs.EMAILS_AND_URLS_TEXT + " See /var/log/ingest.log and docs.example.org/a_b/c-d?x=1."
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT token FROM ts_debug(%s, %s) WHERE alias IN ('email', 'url', 'host', 'url_path', 'file')",
            [TEXT_SEARCH_CONFIG, text],
        )
        whole = [row[0] for row in cursor.fetchall()]
        assert whole, "the text has tokens the parser keeps whole"
        indexed = vector_words(index_text(text))
    for token in whole:
        for part in re.findall(r"[^\W_]{2,}", token.lower()):
            if part not in {"http", "https", "www"}:
                assert vector_words(part) <= indexed, (token, part)


def test_text_without_addresses_is_indexed_as_it_is():
    text = "Decimals like 1.5 and 3:23-cv-03417-VC stay as the parser reads them."
    assert index_text(text) == text


def page_text(document) -> str:
    return Page.objects.get(document=document).text


def vector_of(text: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT to_tsvector('{TEXT_SEARCH_CONFIG}', %s)::text", [text])
        return cursor.fetchone()[0]


def vector_words(text: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT unnest(tsvector_to_array(to_tsvector('{TEXT_SEARCH_CONFIG}', %s)))", [text])
        return {row[0] for row in cursor.fetchall()}
