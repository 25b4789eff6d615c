"""A citation is stored once, in eyecite's canonical form, with the text as written; a
search typed in any spelling finds every page citing it."""

import importlib

import pytest
from django.apps import apps

from caselaw.citations import find_citations
from filings.models import Citation
from filings.pipeline.runner import process_document
from tests import pdfs
from tests.factories import AllegationFactory, FilingFactory
from tests.filings.search.conftest import search
from tests.helpers import upload

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(
    "written, canonical",
    [
        ("212 F.Supp.3d 917", "212 F. Supp. 3d 917"),
        ("212 F. Supp. 3d 917", "212 F. Supp. 3d 917"),
        ("212 F. Supp.3d 917", "212 F. Supp. 3d 917"),
        ("804 F. 3d 202", "804 F.3d 202"),
        ("510 U. S. 569", "510 U.S. 569"),
        ("17 U.S.C. § 1202(b)", "17 U.S.C. § 1202"),
        ("17 USC § 1202", "17 U.S.C. § 1202"),
        ("17 U. S. C. § 1202", "17 U.S.C. § 1202"),
        ("17 U.S.C. section 1202", "17 U.S.C. § 1202"),
        ("17 U.S.C. sec. 1202", "17 U.S.C. § 1202"),
        ("17 U.S.C. §§ 1202", "17 U.S.C. § 1202"),
        ("17 USC section 1202", "17 U.S.C. § 1202"),
        ("Cal. Civ. Code § 1798.100", "Cal. Civ. Code § 1798.100"),  # the subject stays
    ],
)
def test_every_spelling_has_one_canonical_form(written, canonical):
    (found,) = find_citations(f"See {written}.")
    assert found.normalized == canonical
    assert written.startswith(found.matched_text)


@pytest.fixture
def spellings(case):
    """Two pages citing one case and one statute, each spelled its own way."""
    document = upload(FilingFactory(case=case), pdfs.citation_spellings_pdf(), name="spellings.pdf")
    process_document(document.pk, token="test")
    return document


def test_they_are_stored_once_with_the_text_as_written(spellings):
    rows = Citation.objects.filter(document=spellings).order_by("page__number", "start")
    cases = [(c.page.number, c.normalized, c.matched_text) for c in rows if c.kind == Citation.Kind.CASE]
    statutes = [
        (c.page.number, c.normalized, c.matched_text) for c in rows if c.kind == Citation.Kind.STATUTE
    ]
    assert cases == [
        (1, "212 F. Supp. 3d 917", "212 F.Supp.3d 917"),
        (2, "212 F. Supp. 3d 917", "212 F. Supp. 3d 917"),
    ]
    assert statutes == [
        (1, "17 U.S.C. § 1202", "17 U.S.C. § 1202"),
        (2, "17 U.S.C. § 1202", "17 USC section 1202"),
    ]


@pytest.mark.parametrize(
    "q",
    [
        "212 F.Supp.3d 917",
        "212 F. Supp. 3d 917",
        "212 F.Supp. 3d 917",
        "17 U.S.C. § 1202",
        "17 USC § 1202(b)",
        "17 U. S. C. section 1202",
        "17 U.S.C. sec. 1202",
    ],
)
def test_a_search_in_any_spelling_finds_every_page(api, paralegal, spellings, q):
    body = search(api(paralegal), q=q).json()
    assert sorted(hit["page"] for hit in body["results"]) == [1, 2]


def test_each_page_marks_the_citation_as_it_is_written_there(api, paralegal, spellings):
    hits = {
        hit["page"]: hit["snippet_html"]
        for hit in search(api(paralegal), q="212 F. Supp. 3d 917").json()["results"]
    }
    assert "<mark>212 F.Supp.3d 917</mark>" in hits[1]
    assert "<mark>212 F. Supp. 3d 917</mark>" in hits[2]


def test_the_viewer_lists_the_authority_once_with_both_pages(client, paralegal, spellings):
    client.force_login(paralegal)
    html = client.get(f"/documents/{spellings.pk}/").content.decode()
    assert html.count('<span class="cite">212 F. Supp. 3d 917</span>') == 1
    assert html.count('<span class="cite">17 U.S.C. § 1202</span>') == 1
    assert '<span class="cite">212 F.Supp.3d 917</span>' not in html


def test_the_migration_stores_earlier_citations_in_canonical_form(case, spellings):
    """Rows stored as spelled (before this change) are read again from matched_text; the
    statutes an allegation rests on likewise, so citation links keep matching."""
    Citation.objects.filter(document=spellings).update(normalized="as spelled before")
    Citation.objects.filter(document=spellings, kind=Citation.Kind.STATUTE, page__number=2).update(
        normalized="17 USC § 1202"
    )
    allegation = AllegationFactory(case=case, legal_basis="17 USC § 1202(b)")
    type(allegation).objects.filter(pk=allegation.pk).update(statutes=["17 USC § 1202"])

    migration = importlib.import_module("filings.migrations.0010_citations_canonical")
    migration.canonicalise(apps, None)

    assert set(Citation.objects.filter(document=spellings).values_list("normalized", flat=True)) == {
        "212 F. Supp. 3d 917",
        "17 U.S.C. § 1202",
    }
    assert set(Citation.objects.filter(document=spellings).values_list("matched_text", flat=True)) == {
        "212 F.Supp.3d 917",
        "212 F. Supp. 3d 917",
        "17 U.S.C. § 1202",
        "17 USC section 1202",
    }
    allegation.refresh_from_db()
    assert allegation.statutes == ["17 U.S.C. § 1202"]
