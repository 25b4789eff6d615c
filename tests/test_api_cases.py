"""The REST API as a script would use it: authentication, the wall between cases,
read-only roles, writes that a member may make, and the errors a bad write gets."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from rest_framework.test import APIClient

from caselaw.accounts.tokens import create_token
from caselaw.models import Allegation, CaseMembership, Party
from filings.models import Filing
from tests.factories import (
    AllegationFactory,
    CounselFactory,
    DocumentFactory,
    FilingFactory,
    MembershipFactory,
    PartyFactory,
)


@pytest.fixture
def other_case(outsider):
    return outsider.memberships.get().case


@pytest.fixture
def docket(case):
    """One row of each kind in the case, by the name of its endpoint."""
    plaintiff = PartyFactory(case=case, name="Richard Kadrey")
    filing = FilingFactory(case=case, entry_number=1, kind="complaint", description="Complaint")
    filing.filed_by.add(plaintiff)
    return {
        "cases": case,
        "parties": plaintiff,
        "counsel": CounselFactory(case=case, name="Joseph Saveri"),
        "allegations": AllegationFactory(case=case, count_number=1),
        "filings": filing,
        "documents": DocumentFactory(filing=filing, attachment_number=0),
    }


@pytest.fixture
def second_case(lawyer):
    """Another case the lawyer works on, so its rows are visible but do not belong here."""
    return MembershipFactory(user=lawyer, role=CaseMembership.Role.LAWYER).case


def new_filing(case, **fields) -> dict:
    return {"case": case.pk, "entry_number": 2, "date_filed": "2024-02-01", "description": "Notice", **fields}


def status_url(allegation) -> str:
    return f"/api/v1/allegations/{allegation.pk}/status/"


ENDPOINTS = ["parties", "counsel", "allegations", "filings", "documents"]


def results(response) -> list:
    assert response.status_code == 200, response.content
    return response.json()["results"]


# Authentication


@pytest.mark.django_db
def test_it_answers_an_anonymous_client_with_401(api, case):
    response = api().get("/api/v1/cases/")

    assert response.status_code == 401


@pytest.mark.django_db
def test_it_accepts_a_token(lawyer, case):
    _, secret = create_token(user=lawyer, name="script", days=30)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")

    response = client.get("/api/v1/cases/")

    assert [c["id"] for c in results(response)] == [case.pk]


@pytest.mark.django_db
def test_it_serves_the_schema_and_docs(api, lawyer):
    client = api(lawyer)

    schema = client.get("/api/schema/")
    docs = client.get("/api/docs/")

    assert schema.status_code == 200
    assert b"/api/v1/filings/" in schema.content
    assert docs.status_code == 200


# The wall


@pytest.mark.django_db
def test_it_lists_only_the_members_cases(api, lawyer, case, other_case):
    response = api(lawyer).get("/api/v1/cases/")

    assert [(c["id"], c["my_role"]) for c in results(response)] == [(case.pk, "lawyer")]


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", ["cases", *ENDPOINTS])
def test_it_hides_another_teams_rows(api, outsider, lawyer, docket, endpoint):
    url = f"/api/v1/{endpoint}/{docket[endpoint].pk}/"

    assert api(lawyer).get(url).status_code == 200
    assert api(outsider).get(url).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_it_refuses_another_teams_case_as_a_filter_like_a_missing_one(
    api, outsider, lawyer, case, docket, endpoint
):
    url = f"/api/v1/{endpoint}/?case={case.pk}"
    missing = f"/api/v1/{endpoint}/?case={case.pk + 10_000}"

    assert [row["id"] for row in results(api(lawyer).get(url))] == [docket[endpoint].pk]
    hidden, absent = api(outsider).get(url), api(outsider).get(missing)
    assert hidden.status_code == absent.status_code == 400
    assert hidden.content == absent.content


@pytest.mark.django_db
def test_it_lets_a_viewer_read_but_not_write(api, viewer, case, docket):
    client = api(viewer)

    assert client.get(f"/api/v1/filings/{docket['filings'].pk}/").status_code == 200
    created = client.post("/api/v1/filings/", new_filing(case))
    changed = client.patch(f"/api/v1/cases/{case.pk}/", {"status": "closed"})

    assert created.status_code == 403
    assert changed.status_code == 403
    assert not Filing.objects.filter(case=case, entry_number=2).exists()


# Writes


@pytest.mark.django_db
def test_it_makes_the_creator_of_a_case_its_lawyer(api, viewer):
    viewer.user_permissions.add(Permission.objects.get(codename="open_case"))
    new_case = {"court": "cand", "docket_number": "3:23-cv-03417-VC", "caption": "Kadrey", "short_name": "K"}
    response = api(viewer).post("/api/v1/cases/", new_case)

    assert response.status_code == 201, response.content
    assert response.json()["my_role"] == "lawyer"
    assert CaseMembership.objects.get(case_id=response.json()["id"]).user == viewer


@pytest.mark.django_db
def test_it_lets_only_staff_and_case_openers_open_cases(api, lawyer, case):
    body = {
        "court": "cand",
        "caption": "New v. Case",
        "short_name": "New",
        "docket_number": case.docket_number,
    }

    response = api(lawyer).post("/api/v1/cases/", body)

    assert response.status_code == 403
    assert "docket" not in response.content.decode()  # a clash with a hidden case tells nothing
    assert api(None).post("/api/v1/cases/", body).status_code == 401


@pytest.mark.django_db
def test_it_rejects_a_docket_number_already_in_the_court(api, lawyer):
    lawyer.user_permissions.add(Permission.objects.get(codename="open_case"))
    client = api(lawyer)
    body = {"court": "cand", "caption": "Kadrey v. Meta", "short_name": "Kadrey"}
    client.post("/api/v1/cases/", {**body, "docket_number": "3:23-cv-03417-VC"})

    response = client.post("/api/v1/cases/", {**body, "docket_number": "3:23-CV-3417"})

    assert response.status_code == 400
    assert "already exists" in response.json()["docket_number"][0]


@pytest.mark.django_db
def test_it_lets_a_paralegal_add_a_filing(api, paralegal, case, docket):
    response = api(paralegal).post(
        "/api/v1/filings/", new_filing(case, kind="motion", filed_by=[docket["parties"].pk])
    )

    assert response.status_code == 201, response.content
    filing = Filing.objects.get(pk=response.json()["id"])
    assert list(filing.filed_by.all()) == [docket["parties"]]


@pytest.mark.django_db
def test_it_lets_a_paralegal_add_a_party(api, paralegal, case):
    party = {"case": case.pk, "name": "Meta Platforms, Inc.", "role": "defendant", "kind": "organization"}
    response = api(paralegal).post("/api/v1/parties/", party)

    assert response.status_code == 201, response.content
    assert Party.objects.get(pk=response.json()["id"]).case == case


@pytest.mark.django_db
def test_it_lets_a_paralegal_add_counsel_with_representations(api, paralegal, case, docket):
    lead = {"party": docket["parties"].pk, "role": "lead"}
    counsel = {
        "case": case.pk,
        "name": "Matthew Butterick",
        "firm": "Butterick Law",
        "representations": [lead],
    }

    response = api(paralegal).post("/api/v1/counsel/", counsel, format="json")

    assert response.status_code == 201, response.content
    assert response.json()["representations"] == [
        {**lead, "party_name": "Richard Kadrey", "date_terminated": None}
    ]


@pytest.mark.django_db
def test_it_lets_a_paralegal_add_an_allegation(api, paralegal, case, docket):
    count = {"case": case.pk, "count_number": 2, "title": "DMCA", "legal_basis": "17 U.S.C. § 1202(b)"}

    response = api(paralegal).post(
        "/api/v1/allegations/", {**count, "asserted_by": [docket["parties"].pk]}, format="json"
    )

    assert response.status_code == 201, response.content
    assert response.json()["statutes"] == ["17 U.S.C. § 1202"]
    assert response.json()["status"] == "pleaded"


@pytest.mark.django_db
def test_it_adds_an_allegation_without_a_legal_basis(api, paralegal, case):
    response = api(paralegal).post(
        "/api/v1/allegations/", {"case": case.pk, "count_number": 3, "title": "Unjust enrichment"}
    )

    assert response.status_code == 201, response.content
    assert Allegation.objects.get(pk=response.json()["id"]).statutes == []


@pytest.mark.django_db
def test_it_rejects_a_duplicate_entry_number_with_a_message(api, paralegal, case, docket):
    response = api(paralegal).post("/api/v1/filings/", new_filing(case, entry_number=1))

    assert response.status_code == 400
    # DRF's unique-together check answers before the serializer's own clearer message.
    assert "entry_number" in str(response.json())
    assert Filing.objects.filter(case=case, entry_number=1).count() == 1


@pytest.mark.django_db
def test_it_treats_a_walled_off_case_as_missing(api, outsider, case):
    response = api(outsider).post("/api/v1/filings/", new_filing(case))

    assert response.status_code == 400
    assert "does not exist" in response.json()["case"][0]
    assert not Filing.objects.filter(case=case).exists()


@pytest.mark.django_db
def test_it_rejects_a_filer_from_another_case_of_the_members(api, lawyer, case, second_case):
    stranger = PartyFactory(case=second_case, name="OpenAI, Inc.")

    response = api(lawyer).post("/api/v1/filings/", new_filing(case, filed_by=[stranger.pk]))

    assert response.status_code == 400
    assert "is not a party to this case" in response.json()["filed_by"][0]


@pytest.mark.django_db
def test_it_treats_a_filer_from_a_walled_off_case_as_missing(api, lawyer, case, other_case):
    stranger = PartyFactory(case=other_case)

    response = api(lawyer).post("/api/v1/filings/", new_filing(case, filed_by=[stranger.pk]))

    assert response.status_code == 400
    assert "does not exist" in response.json()["filed_by"][0]


# Filters


@pytest.fixture
def three_filings(case):
    return [
        FilingFactory(case=case, entry_number=10, kind="order", date_filed=datetime.date(2023, 11, 20)),
        FilingFactory(case=case, entry_number=11, kind="motion", date_filed=datetime.date(2024, 1, 5)),
        FilingFactory(case=case, entry_number=12, kind="order", date_filed=datetime.date(2024, 3, 7)),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query, entry_numbers",
    [
        ("kind=order", [10, 12]),
        ("date_filed__gte=2024-01-01", [11, 12]),
        ("kind=order&date_filed__lte=2024-01-01", [10]),
        ("ordering=-date_filed", [12, 11, 10]),
    ],
)
def test_it_filters_and_orders_filings(api, lawyer, case, three_filings, query, entry_numbers):
    found = results(api(lawyer).get(f"/api/v1/filings/?case={case.pk}&{query}"))

    assert [f["entry_number"] for f in found] == entry_numbers


# Allegation status


@pytest.mark.django_db
def test_it_records_a_status_change(api, lawyer, case, docket):
    order = FilingFactory(case=case, entry_number=56, kind="order")
    step = {"status": "dismissed_with_leave", "date": "2023-11-20", "filing": order.pk, "note": "ECF 56"}

    response = api(lawyer).post(status_url(docket["allegations"]), step)

    assert response.status_code == 200, response.content
    assert response.json()["status"] == "dismissed_with_leave"
    assert response.json()["status_changed_by"] == order.pk
    assert response.json()["history"] == [step]


@pytest.mark.django_db
def test_it_makes_the_latest_of_several_status_changes_current(api, lawyer, docket):
    client = api(lawyer)

    client.post(status_url(docket["allegations"]), {"status": "dismissed_with_leave", "date": "2023-11-20"})
    response = client.post(status_url(docket["allegations"]), {"status": "repleaded", "date": "2023-12-11"})

    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["status_date"]) == ("repleaded", "2023-12-11")
    assert [step["status"] for step in response.json()["history"]] == ["dismissed_with_leave", "repleaded"]


@pytest.mark.django_db
def test_it_hides_another_teams_allegation_from_a_status_change(api, outsider, docket):
    step = {"status": "survived", "date": "2023-11-20"}

    response = api(outsider).post(status_url(docket["allegations"]), step)

    assert response.status_code == 404


@pytest.mark.django_db
def test_it_refuses_a_status_change_from_a_viewer(api, viewer, docket):
    allegation = docket["allegations"]

    response = api(viewer).post(status_url(allegation), {"status": "survived", "date": "2023-11-20"})

    assert response.status_code == 403
    allegation.refresh_from_db()
    assert allegation.status == "pleaded"


@pytest.mark.django_db
def test_it_refuses_a_status_change_citing_another_cases_order(api, lawyer, docket, second_case):
    order = FilingFactory(case=second_case, kind="order")
    step = {"status": "survived", "date": "2023-11-20", "filing": order.pk}

    response = api(lawyer).post(status_url(docket["allegations"]), step)

    assert response.status_code == 400
    assert "not in this case" in str(response.json()["filing"])
