"""Protective-order designations through every surface a user reaches: the API, the
docket, the case list, the viewer, the file, search and evidence; and who changes them."""

import datetime

import pytest

from caselaw import testing_pdfs as pdfs
from caselaw.models import Designation
from filings.models import Annotation, ClaimLink, DesignationChange, Filing
from filings.pipeline.runner import process_document
from tests.factories import AllegationFactory, FilingFactory
from tests.helpers import upload

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def docket(case):
    """A public brief and an attorneys'-eyes-only exhibit, both indexed and searchable."""
    public = FilingFactory(
        case=case, entry_number=10, description="Public brief", date_filed=datetime.date(2024, 3, 1)
    )
    aeo = FilingFactory(
        case=case,
        entry_number=11,
        description="Exhibit under the protective order",
        designation=Designation.AEO,
        date_filed=datetime.date(2024, 3, 2),
    )
    documents = {}
    for name, filing in (("public", public), ("aeo", aeo)):
        document = upload(
            filing,
            pdfs.text_pdf(
                pages=2, seed=len(name), sentences=[f"Torrenting from LibGen, {name} zanzibarite."]
            ),
            name=f"{name}-exhibit.pdf",
        )
        process_document(document.pk, token="test")
        documents[name] = document
    return documents


def test_a_document_takes_its_filings_designation_when_uploaded(docket):
    assert docket["aeo"].designation == Designation.AEO
    assert docket["public"].designation == Designation.PUBLIC


def test_the_api_hides_an_aeo_document_from_a_client_like_a_missing_one(api, client_user, lawyer, docket):
    aeo = docket["aeo"]
    assert api(lawyer).get(f"/api/v1/documents/{aeo.pk}/").json()["designation"] == "aeo"
    hidden = api(client_user).get(f"/api/v1/documents/{aeo.pk}/")
    missing = api(client_user).get(f"/api/v1/documents/{aeo.pk + 10_000}/")
    assert hidden.status_code == missing.status_code == 404 and hidden.content == missing.content
    listed = {row["id"] for row in api(client_user).get("/api/v1/documents/").json()["results"]}
    assert listed == {docket["public"].pk}
    entry = api(client_user).get(f"/api/v1/filings/{aeo.filing_id}/").json()
    assert entry["documents"] == []  # the docket entry shows, its AEO document does not


def test_search_gives_a_client_no_hit_snippet_or_count_from_an_aeo_document(api, client_user, lawyer, docket):
    lawyer_hits = api(lawyer).get("/api/v1/search/", {"q": "zanzibarite"}).json()
    client_hits = api(client_user).get("/api/v1/search/", {"q": "zanzibarite"}).json()
    assert {h["document"] for h in lawyer_hits["results"]} == {docket["public"].pk, docket["aeo"].pk}
    assert {h["document"] for h in client_hits["results"]} == {docket["public"].pk}
    assert client_hits["count"] == 2  # two pages of the public document
    assert "aeo" not in str(client_hits).lower().replace("aeo-", "")


def test_the_viewer_file_and_progress_of_an_aeo_document_are_not_found_for_a_client(
    client, client_user, docket
):
    client.force_login(client_user)
    aeo = docket["aeo"].pk
    for url in (f"/documents/{aeo}/", f"/documents/{aeo}/file/", f"/documents/{aeo}/progress/"):
        assert client.get(url).status_code == 404, url
    assert client.get(f"/documents/{docket['public'].pk}/file/").status_code == 200


def test_the_viewer_shows_a_lawyer_the_aeo_banner(client, lawyer, docket):
    client.force_login(lawyer)
    page = client.get(f"/documents/{docket['aeo'].pk}/").content.decode()
    assert "Attorneys' eyes only" in page or "attorneys&#x27; eyes only" in page.lower()


def test_the_docket_and_case_list_count_only_what_a_client_may_see(client, client_user, case, docket):
    client.force_login(client_user)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "public-exhibit.pdf" in page or "Public brief" in page
    assert "aeo-exhibit.pdf" not in page
    assert f"/documents/{docket['aeo'].pk}/" not in page
    listing = client.get("/cases/")
    assert [c.document_count for c in listing.context["cases"]] == [1]


def test_a_lawyer_designates_a_document_and_the_change_is_recorded(api, lawyer, client_user, docket):
    public = docket["public"]
    response = api(lawyer).post(
        f"/api/v1/documents/{public.pk}/designation/",
        {"designation": "aeo", "note": "per PO ¶ 7"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["designation"] == "aeo"
    change = DesignationChange.objects.get(document=public)
    assert (change.old_designation, change.new_designation, change.changed_by) == (0, 2, lawyer)
    assert api(client_user).get(f"/api/v1/documents/{public.pk}/").status_code == 404


def test_a_paralegal_may_not_designate(api, paralegal, docket):
    response = api(paralegal).post(
        f"/api/v1/documents/{docket['aeo'].pk}/designation/", {"designation": "public"}, format="json"
    )
    assert response.status_code == 403
    assert not DesignationChange.objects.exists()


def test_a_designation_is_not_changed_by_a_plain_patch(api, lawyer, docket):
    api(lawyer).patch(f"/api/v1/documents/{docket['aeo'].pk}/", {"designation": "public"}, format="json")
    docket["aeo"].refresh_from_db()
    assert docket["aeo"].designation == Designation.AEO


def test_sealing_a_filing_hides_its_documents_until_unsealed(api, lawyer, client_user, docket):
    public = docket["public"]
    url = f"/api/v1/filings/{public.filing_id}/designation/"
    assert api(lawyer).post(url, {"sealed": True}, format="json").status_code == 200
    assert api(client_user).get(f"/api/v1/documents/{public.pk}/").status_code == 404
    assert api(lawyer).post(url, {"sealed": False}, format="json").status_code == 200
    assert api(client_user).get(f"/api/v1/documents/{public.pk}/").status_code == 200
    assert DesignationChange.objects.filter(filing_id=public.filing_id).count() == 2


def test_a_filings_seal_cannot_be_changed_by_a_plain_patch(api, paralegal, docket):
    response = api(paralegal).patch(
        f"/api/v1/filings/{docket['aeo'].filing_id}/", {"sealed": True}, format="json"
    )
    assert response.status_code == 400
    assert "designation" in response.json()["sealed"][0]


def test_designating_a_filing_designates_its_documents(api, lawyer, docket):
    filing_id = docket["public"].filing_id
    response = api(lawyer).post(
        f"/api/v1/filings/{filing_id}/designation/", {"designation": "confidential"}, format="json"
    )
    assert response.status_code == 200
    docket["public"].refresh_from_db()
    assert docket["public"].designation == Designation.CONFIDENTIAL
    assert Filing.objects.get(pk=filing_id).designation == Designation.CONFIDENTIAL


# Memberships: lawyers set clearances


def test_a_lawyer_clears_a_viewer_for_confidential(api, lawyer, viewer, docket):
    membership = viewer.memberships.get()
    response = api(lawyer).patch(f"/api/v1/memberships/{membership.pk}/", {"clearance": "aeo"}, format="json")
    assert response.status_code == 200, response.content
    assert api(viewer).get(f"/api/v1/documents/{docket['aeo'].pk}/").status_code == 200


def test_a_client_cannot_be_cleared_for_aeo(api, lawyer, client_user):
    membership = client_user.memberships.get()
    response = api(lawyer).patch(f"/api/v1/memberships/{membership.pk}/", {"clearance": "aeo"}, format="json")
    assert response.status_code == 400
    assert "confidential at most" in response.json()["clearance"][0]


def test_a_paralegal_cannot_see_or_change_others_memberships(api, paralegal, viewer):
    membership = viewer.memberships.get()
    assert api(paralegal).get(f"/api/v1/memberships/{membership.pk}/").status_code == 404
    own = paralegal.memberships.get()
    response = api(paralegal).patch(f"/api/v1/memberships/{own.pk}/", {"clearance": "public"}, format="json")
    assert response.status_code == 403


# Private notes down the tree


@pytest.fixture
def private_tag(lawyer, case, docket):
    """A lawyer's private note on the public document, tagged to a count."""
    allegation = AllegationFactory(case=case, count_number=3, title="DMCA")
    document = docket["public"]
    note = Annotation.objects.create(
        document=document,
        page=document.pages.get(number=1),
        body="privileged theory",
        author=lawyer,
        visibility="private",
    )
    link = ClaimLink.objects.create(
        allegation=allegation,
        document=document,
        page=note.page,
        annotation=note,
        source="annotation",
        status="confirmed",
    )
    return allegation, link


def test_a_teammate_cannot_see_or_reject_a_private_notes_tag(api, paralegal, private_tag):
    _, link = private_tag
    assert api(paralegal).get(f"/api/v1/claim-links/{link.pk}/").status_code == 404
    assert (
        api(paralegal)
        .patch(f"/api/v1/claim-links/{link.pk}/", {"status": "rejected"}, format="json")
        .status_code
        == 404
    )
    link.refresh_from_db()
    assert link.status == "confirmed"


def test_a_private_tag_does_not_change_a_teammates_search(api, lawyer, paralegal, private_tag):
    allegation, _ = private_tag
    params = {"q": "zanzibarite", "allegation": allegation.pk}
    assert api(lawyer).get("/api/v1/search/", params).json()["count"] == 2
    assert api(paralegal).get("/api/v1/search/", params).json()["count"] == 0


def test_a_private_tag_is_not_on_a_teammates_evidence_page(client, paralegal, case, private_tag):
    allegation, _ = private_tag
    client.force_login(paralegal)
    page = client.get(f"/cases/{case.pk}/allegations/{allegation.pk}/").content.decode()
    assert "privileged theory" not in page
    assert "public-exhibit" not in page


def test_a_document_cannot_be_moved_to_another_filing(api, paralegal, case, docket):
    other = FilingFactory(case=case, entry_number=99)
    document = docket["public"]
    response = api(paralegal).patch(f"/api/v1/documents/{document.pk}/", {"filing": other.pk}, format="json")
    assert response.status_code == 200  # `filing` is read-only: ignored
    document.refresh_from_db()
    assert document.filing_id != other.pk


def test_a_lawyer_changes_the_designation_from_the_viewer(client, lawyer, paralegal, docket):
    public = docket["public"]
    client.force_login(paralegal)
    assert client.post(f"/documents/{public.pk}/designation/", {"designation": "2"}).status_code == 403
    client.force_login(lawyer)
    assert client.post(f"/documents/{public.pk}/designation/", {"designation": "9"}).status_code == 400
    response = client.post(f"/documents/{public.pk}/designation/", {"designation": "1"})
    assert response.status_code == 302
    public.refresh_from_db()
    assert public.designation == Designation.CONFIDENTIAL
    assert "Confidential" in client.get(f"/documents/{public.pk}/").content.decode()
