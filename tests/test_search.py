"""Full-text search through the API and the page: query language, citations, filters,
counts, snippets and, above all, the wall."""

import datetime

import pytest

from caselaw import testing_pdfs as pdfs
from caselaw.models import CaseMembership
from filings.models import ClaimLink, Filing, RecentSearch
from filings.pipeline.runner import process_document
from tests.factories import (
    AllegationFactory,
    CaseFactory,
    FilingFactory,
    MembershipFactory,
    PartyFactory,
    UserFactory,
)
from tests.helpers import upload

pytestmark = pytest.mark.django_db(transaction=True)


def indexed(filing, sentences, *, pages=2, name="doc.pdf", seed=0):
    document = upload(filing, pdfs.text_pdf(pages=pages, seed=seed, sentences=sentences), name=name)
    process_document(document.pk, token="test")
    return document


@pytest.fixture
def docket(case):
    """A small Kadrey-like docket: a complaint, an order and a motion."""
    meta = PartyFactory(case=case, name="Meta Platforms, Inc.", role="defendant")
    complaint = FilingFactory(
        case=case, entry_number=1, kind=Filing.Kind.COMPLAINT, date_filed=datetime.date(2023, 7, 7)
    )
    order = FilingFactory(
        case=case, entry_number=598, kind=Filing.Kind.ORDER, date_filed=datetime.date(2025, 6, 25)
    )
    motion = FilingFactory(
        case=case, entry_number=40, kind=Filing.Kind.MOTION, date_filed=datetime.date(2023, 9, 18)
    )
    motion.filed_by.add(meta)
    docs = {
        "complaint": indexed(
            complaint,
            [
                "Meta downloaded pirated books by torrenting them from LibGen.",
                "Removal of copyright management information violates 17 U.S.C. § 1202(b).",
            ],
            name="complaint.pdf",
        ),
        "order": indexed(
            order,
            [
                "Training on the books was fair use on this record.",
                "See Authors Guild v. Google, Inc., 804 F.3d 202 (2d Cir. 2015).",
            ],
            name="order.pdf",
        ),
        "motion": indexed(
            motion,
            [
                "Meta moves to dismiss every claim except direct infringement.",
                "The DMCA claim fails because fair use is not at issue.",
            ],
            name="motion.pdf",
        ),
    }
    return {"meta": meta, "complaint": complaint, "order": order, "motion": motion, **docs}


def search(client, **params):
    return client.get("/api/v1/search/", params)


def doc_ids(response):
    return {hit["document"] for hit in response.json()["results"]}


def test_it_finds_words_with_stemming(api, paralegal, docket):
    response = search(api(paralegal), q="torrent")  # the page says "torrenting"
    assert response.status_code == 200
    assert doc_ids(response) == {docket["complaint"].pk}


def test_a_quoted_phrase_must_appear_as_written(api, paralegal, docket):
    assert doc_ids(search(api(paralegal), q='"fair use"')) == {docket["order"].pk, docket["motion"].pk}
    assert doc_ids(search(api(paralegal), q='"use fair"')) == set()


def test_a_phrase_with_stop_words_in_it(api, paralegal, docket):
    client = api(paralegal)
    assert doc_ids(search(client, q='"moves to dismiss"')) == {docket["motion"].pk}
    assert doc_ids(search(client, q='"dismiss to moves"')) == set()
    assert doc_ids(search(client, q='"moves to dismiss" "fair use"')) == {docket["motion"].pk}
    assert doc_ids(search(client, q='"fair use" OR libgen')) == {
        docket["order"].pk,
        docket["motion"].pk,
        docket["complaint"].pk,
    }


@pytest.mark.parametrize(
    "q",
    ['"fair use"', '"fair use" -dmca', '"moves to dismiss"', '"use fair"', '"the fair use" books', '"claim"'],
)
def test_the_word_pair_index_finds_what_the_words_find(api, paralegal, docket, monkeypatch, q):
    from filings.search import engine

    client = api(paralegal)
    through_pairs = search(client, q=q).json()["count"]
    monkeypatch.setattr(engine, "phrase_pairs", lambda request: "")
    assert search(client, q=q).json()["count"] == through_pairs


def test_which_phrases_every_hit_must_contain():
    from filings.search.engine import required_phrases

    assert required_phrases('"fair use" -"motion to dismiss" books') == ["fair use"]
    assert required_phrases('"fair use" or "summary judgment"') == []
    assert required_phrases("fair use") == []
    assert required_phrases('"fair use') == ["fair use"]  # websearch_to_tsquery closes it too
    assert required_phrases('"fair us*" books') == ["fair"]  # a prefix's pairs are not known


def test_exclusion_and_or(api, paralegal, docket):
    client = api(paralegal)
    assert doc_ids(search(client, q='"fair use" -dmca')) == {docket["order"].pk}
    assert doc_ids(search(client, q="libgen OR dismiss")) == {docket["complaint"].pk, docket["motion"].pk}


def test_a_citation_matches_the_citations_found_on_pages(api, paralegal, docket):
    client = api(paralegal)
    assert doc_ids(search(client, q="17 U.S.C. § 1202")) == {docket["complaint"].pk}
    assert doc_ids(search(client, q="804 F.3d 202")) == {docket["order"].pk}
    assert doc_ids(search(client, q="fair use 804 F.3d 202")) == {docket["order"].pk}


def test_hits_are_pages_with_their_filing_and_a_highlighted_snippet(api, paralegal, docket):
    hit = search(api(paralegal), q="libgen").json()["results"][0]
    assert hit["entry_number"] == 1
    assert hit["date_filed"] == "2023-07-07"
    assert hit["case_name"] == "Kadrey v. Meta"
    assert hit["page"] in (1, 2)
    assert "<mark>LibGen</mark>" in hit["snippet_html"]
    assert hit["viewer_url"].endswith(f"?page={hit['page']}&q=libgen")


def test_filters_narrow_the_results(api, paralegal, docket):
    client = api(paralegal)
    assert doc_ids(search(client, q="meta", kind="order")) == set()
    assert doc_ids(search(client, q="meta", kind="motion")) == {docket["motion"].pk}
    assert doc_ids(search(client, q="meta", date_from="2023-09-01")) == {docket["motion"].pk}
    assert doc_ids(search(client, q="meta", party=docket["meta"].pk)) == {docket["motion"].pk}
    assert doc_ids(search(client, q="meta", ocr="1")) == set()


def test_the_allegation_filter_uses_links_and_ignores_rejected_ones(api, paralegal, case, docket):
    dmca = AllegationFactory(case=case, legal_basis="17 U.S.C. § 1202(b)")
    link = ClaimLink.objects.create(
        allegation=dmca,
        document=docket["order"],
        source=ClaimLink.Source.MANUAL,
        status=ClaimLink.Status.CONFIRMED,
    )
    client = api(paralegal)
    assert doc_ids(search(client, q="fair use", allegation=dmca.pk)) == {docket["order"].pk}
    link.status = ClaimLink.Status.REJECTED
    link.save()
    assert doc_ids(search(client, q="fair use", allegation=dmca.pk)) == set()


def test_sorting_by_date_and_counts_by_kind(api, paralegal, docket):
    body = search(api(paralegal), q="meta OR fair OR libgen", sort="newest", group="document").json()
    assert [hit["entry_number"] for hit in body["results"]] == [598, 40, 1]
    assert body["counts_by_kind"] == {"order": 2, "motion": 2, "complaint": 2}
    assert body["count"] == 6


def test_grouping_by_document_reports_matching_pages(api, paralegal, docket):
    body = search(api(paralegal), q="libgen", group="document").json()
    assert len(body["results"]) == 1
    assert body["results"][0]["matching_pages"] == 2


def test_an_outsider_gets_no_hits_no_snippets_and_no_counts(api, outsider, docket):
    body = search(api(outsider), q="libgen").json()
    assert body["count"] == 0
    assert body["results"] == []
    assert body["counts_by_case"] == {} and body["counts_by_kind"] == {}


def test_an_outsider_naming_the_case_still_gets_nothing(api, outsider, case, docket):
    body = search(api(outsider), q="libgen", case=case.pk).json()
    assert body["count"] == 0


def test_a_member_of_two_cases_sees_counts_per_case(api, paralegal, case, docket):
    other = CaseFactory(short_name="Tremblay v. OpenAI")
    MembershipFactory(user=paralegal, case=other, role=CaseMembership.Role.LAWYER)
    indexed(FilingFactory(case=other), ["OpenAI trained on books from LibGen."], pages=1)
    body = search(api(paralegal), q="libgen").json()
    assert body["counts_by_case"] == {str(case.pk): 2, str(other.pk): 1}


def test_staff_search_everything(api, docket):
    staff = UserFactory(username="staffer", is_staff=True)
    assert search(api(staff), q="libgen").json()["count"] == 2


@pytest.mark.parametrize(
    "params, message",
    [
        ({"q": "the of and"}, "only very common words"),
        ({"q": ""}, "Type a word"),
        ({"q": "x" * 600}, "too long"),
        ({"q": "fair", "date_from": "June 2025"}, "date like"),
        ({"q": "fair", "kind": "memo"}, "Unknown filing kind"),
        ({"q": "fair", "sort": "random"}, "Sort must be"),
        ({"q": "fair", "case": "abc"}, "must be a number"),
        ({"q": "fair", "date_from": "2025-01-01", "date_to": "2024-01-01"}, "after the end"),
    ],
)
def test_a_search_that_cannot_run_gets_a_clear_400(api, paralegal, docket, params, message):
    response = search(api(paralegal), **params)
    assert response.status_code == 400
    assert message in response.json()["detail"]


def test_odd_syntax_never_fails(api, paralegal, docket):
    for q in ['"unbalanced', "((", "-", "OR OR", "a & b | !c", "fair:* <->", "'; DROP TABLE x; --"]:
        assert search(api(paralegal), q=q).status_code in (200, 400), q


def test_page_text_in_snippets_is_escaped(api, paralegal, case):
    filing = FilingFactory(case=case)
    indexed(filing, ["The exhibit contains <script>alert('owned')</script> inline markup."], pages=1)
    snippet = search(api(paralegal), q="exhibit markup").json()["results"][0]["snippet_html"]
    assert "<script" not in snippet
    assert "alert(&#x27;owned&#x27;)" in snippet


def test_anonymous_api_search_is_refused(api, docket):
    assert search(api(), q="libgen").status_code == 401


def test_recent_searches_are_kept_per_user(api, paralegal, lawyer, docket):
    client = api(paralegal)
    search(client, q="libgen")
    search(client, q="fair use", kind="order")
    search(client, q="libgen")
    recent = client.get("/api/v1/search/recent/").json()
    assert [r["q"] for r in recent] == ["libgen", "fair use"]
    assert recent[1]["query_string"] == "kind=order&q=fair+use"
    assert not RecentSearch.objects.filter(user=lawyer).exists()


def test_the_search_page_shows_hits_that_open_the_viewer_at_the_page(client, paralegal, docket):
    client.force_login(paralegal)
    response = client.get("/search/", {"q": "libgen", "case": docket["complaint"].filing.case_id})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<mark>LibGen</mark>" in html
    assert f"/documents/{docket['complaint'].pk}/?page=1&amp;q=libgen" in html
    assert "2 matching pages" in html


def test_the_search_page_explains_a_bad_search(client, paralegal, docket):
    client.force_login(paralegal)
    response = client.get("/search/", {"q": "the"})
    assert response.status_code == 400
    assert "only very common words" in response.content.decode()


def test_the_search_page_is_walled_too(client, outsider, docket):
    client.force_login(outsider)
    html = client.get("/search/", {"q": "libgen"}).content.decode()
    assert "LibGen" not in html
    assert "Kadrey" not in html
