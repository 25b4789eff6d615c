"""Snippets and the viewer mark what matched: the phrase, not its lone words; the cited
section where it was found, not the title of every other citation."""

import json
import re

import pytest

from tests.filings.search.conftest import search

pytestmark = pytest.mark.django_db(transaction=True)

FAIR_USE = "We use this rule here. The fair use factors favor Meta, whose use was transformative."
CITATIONS = "Liability arises under 17 U.S.C. § 501(a). Removal violates 17 U.S.C. § 1202(b) as pleaded."


def marks(snippet: str) -> set[str]:
    return set(re.findall(r"<mark>(.*?)</mark>", snippet))


def first_snippet(client, q: str) -> str:
    body = search(client, q=q).json()
    assert body["results"], q
    return body["results"][0]["snippet_html"]


def test_a_phrase_is_marked_and_its_words_alone_are_not(api, paralegal, indexed):
    indexed(FAIR_USE)
    assert marks(first_snippet(api(paralegal), '"fair use"')) == {"fair use"}


def test_words_are_marked_in_any_form(api, paralegal, indexed):
    indexed("Meta downloaded the books by torrenting them from LibGen.")
    assert marks(first_snippet(api(paralegal), "torrent libgen")) == {"torrenting", "LibGen"}


def test_an_excluded_word_is_not_marked(api, paralegal, indexed):
    indexed(FAIR_USE)
    assert marks(first_snippet(api(paralegal), "fair -dmca")) == {"fair"}


def test_a_citation_is_marked_where_it_was_found_and_nowhere_else(api, paralegal, indexed):
    indexed(CITATIONS)
    snippet = first_snippet(api(paralegal), "17 U.S.C. § 1202")
    assert marks(snippet) == {"17 U.S.C. § 1202(b)"}
    assert "17 U.S.C. § 501(a)" in snippet


def test_a_section_alone_marks_only_that_section(api, paralegal, indexed):
    indexed(CITATIONS)
    assert marks(first_snippet(api(paralegal), "§ 1202")) == {"1202"}


def test_a_citation_and_words_are_both_marked(api, paralegal, indexed):
    indexed(CITATIONS)
    assert marks(first_snippet(api(paralegal), "removal 17 U.S.C. § 1202")) == {
        "Removal",
        "17 U.S.C. § 1202(b)",
    }


def test_the_search_page_marks_the_phrase_only(client, paralegal, indexed):
    indexed(FAIR_USE)
    client.force_login(paralegal)
    html = client.get("/search/", {"q": '"fair use"'}).content.decode()
    assert "<mark>fair use</mark>" in html
    assert "<mark>use</mark>" not in html


def test_the_viewer_is_told_to_mark_the_phrase_not_its_words(client, paralegal, indexed):
    document = indexed(FAIR_USE)
    client.force_login(paralegal)
    html = client.get(
        f"/documents/{document.pk}/", {"q": '"fair use" torrenting -dmca torr*'}
    ).content.decode()
    terms = re.search(r'<script id="highlight-stems" type="application/json">(.*?)</script>', html).group(1)
    assert json.loads(terms) == ["fair use", "torrent", "torr"]
