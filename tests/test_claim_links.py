"""Claim links: suggestions the pipeline can justify, review by lawyers, the allegation page."""

import pytest

from caselaw import testing_pdfs as pdfs
from filings.models import ClaimLink
from filings.pipeline.runner import process_document
from tests.factories import AllegationFactory, FilingFactory
from tests.helpers import upload

pytestmark = pytest.mark.django_db(transaction=True)

CITES_1202 = ["Meta stripped the copyright notices, violating 17 U.S.C. § 1202(b) on every copy."]
NO_CITATION = ["Discovery disputes are referred to the magistrate judge."]


@pytest.fixture
def counts(case):
    return {
        "dmca": AllegationFactory(
            case=case,
            count_number=3,
            title="Removal of copyright management information",
            legal_basis="17 U.S.C. § 1202(b)",
        ),
        "unjust": AllegationFactory(
            case=case,
            count_number=5,
            title="Unjust enrichment",
            legal_basis="California common law",
        ),
    }


def indexed(case, sentences, pages=3, entry=20):
    document = upload(
        FilingFactory(case=case, entry_number=entry), pdfs.text_pdf(pages=pages, sentences=sentences)
    )
    process_document(document.pk, token="test")
    return document


def test_a_page_citing_the_statute_suggests_the_dmca_count_and_says_why(case, counts):
    document = indexed(case, CITES_1202)
    links = ClaimLink.objects.filter(document=document, allegation=counts["dmca"], source="citation")
    assert links.count() == 3  # one per citing page
    first = links.order_by("page__number").first()
    assert first.status == "suggested"
    assert first.reason == "cites 17 U.S.C. § 1202(b) on page 1: the count's own subsection"


def test_a_document_without_the_citation_gets_no_citation_suggestion(case, counts):
    document = indexed(case, NO_CITATION)
    assert not ClaimLink.objects.filter(document=document, source="citation").exists()


def test_a_page_matching_an_allegations_terms_is_suggested_with_its_reason(case, counts):
    document = indexed(case, ["The complaint pleads unjust enrichment from the books."], pages=2)
    link = ClaimLink.objects.get(document=document, allegation=counts["unjust"])
    assert link.source == "suggestion"
    assert link.reason == "mentions “Unjust enrichment” on page 1"


def test_a_rejected_suggestion_is_not_proposed_again(api, lawyer, case, counts):
    document = indexed(case, CITES_1202, pages=1)
    link = ClaimLink.objects.get(document=document, source="citation")
    response = api(lawyer).patch(f"/api/v1/claim-links/{link.pk}/", {"status": "rejected"}, format="json")
    assert response.status_code == 200
    document.status = "queued"
    document.save(update_fields=["status"])
    process_document(document.pk, token="again")
    assert ClaimLink.objects.get(document=document, source="citation").status == "rejected"


def test_review_is_for_the_team_not_viewers_or_outsiders(api, viewer, outsider, case, counts):
    document = indexed(case, CITES_1202, pages=1)
    link = ClaimLink.objects.get(document=document, source="citation")
    url = f"/api/v1/claim-links/{link.pk}/"
    assert api(viewer).patch(url, {"status": "confirmed"}, format="json").status_code == 403
    assert api(outsider).patch(url, {"status": "confirmed"}, format="json").status_code == 404
    assert api(outsider).get("/api/v1/claim-links/").json()["results"] == []


def test_a_lawyer_links_a_document_by_hand(api, lawyer, case, counts):
    document = indexed(case, NO_CITATION, pages=2)
    response = api(lawyer).post(
        "/api/v1/claim-links/",
        {"allegation": counts["dmca"].pk, "document": document.pk, "page": 2},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "confirmed" and response.json()["page"] == 2


def test_the_allegation_page_groups_evidence_and_reviews_with_one_click(client, lawyer, case, counts):
    document = indexed(case, CITES_1202, pages=2)
    client.force_login(lawyer)
    url = f"/cases/{case.pk}/allegations/{counts['dmca'].pk}/"
    html = client.get(url).content.decode()
    assert "cites 17 U.S.C. § 1202(b) on page 1" in html
    assert f"ECF {document.filing.entry_number}" in html
    link = ClaimLink.objects.filter(document=document, source="citation").first()
    response = client.post(f"/claim-links/{link.pk}/review/", {"status": "confirmed"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Confirmed" in response.content.decode()
    link.refresh_from_db()
    assert link.status == "confirmed"


def test_the_allegation_page_is_walled(client, outsider, case, counts):
    client.force_login(outsider)
    assert client.get(f"/cases/{case.pk}/allegations/{counts['dmca'].pk}/").status_code == 404


def test_a_bad_review_is_a_400_not_a_500(client, lawyer, case, counts):
    document = indexed(case, CITES_1202, pages=1)
    link = ClaimLink.objects.get(document=document, source="citation")
    client.force_login(lawyer)
    assert client.post(f"/claim-links/{link.pk}/review/", {"status": "maybe"}).status_code == 400


def test_the_viewer_links_a_page_or_the_whole_document(client, lawyer, case, counts):
    document = indexed(case, NO_CITATION, pages=2)
    client.force_login(lawyer)
    url = f"/documents/{document.pk}/link/"
    response = client.post(url, {"allegation": counts["unjust"].pk, "page": "2"}, follow=True)
    assert "Linked page 2 to Count 5." in response.content.decode()
    client.post(url, {"allegation": counts["dmca"].pk, "page": ""})
    links = ClaimLink.objects.filter(document=document, source="manual")
    assert {(link.allegation_id, link.page.number if link.page else None) for link in links} == {
        (counts["unjust"].pk, 2),
        (counts["dmca"].pk, None),
    }
    html = client.get(f"/documents/{document.pk}/").content.decode()
    assert "whole document" in html and "page 2" in html


def test_linking_refuses_a_page_the_document_lacks_and_outsiders(client, lawyer, outsider, case, counts):
    document = indexed(case, NO_CITATION, pages=1)
    client.force_login(lawyer)
    response = client.post(
        f"/documents/{document.pk}/link/", {"allegation": counts["dmca"].pk, "page": "9"}, follow=True
    )
    assert "a page the document has" in response.content.decode()
    client.force_login(outsider)
    assert (
        client.post(f"/documents/{document.pk}/link/", {"allegation": counts["dmca"].pk}).status_code == 404
    )
    assert not ClaimLink.objects.filter(document=document, source="manual").exists()
