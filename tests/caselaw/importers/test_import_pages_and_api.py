"""Importing a docket as a paralegal and a script do it: upload, preview, confirm, on the
pages and through the API; refusals say why and hidden cases answer like missing ones."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from caselaw.importers.models import DocketImport
from caselaw.models import Case, CaseMembership
from filings.models import Filing
from tests.caselaw.importers.conftest import ENTRIES, kadrey_docket
from tests.factories import CaseFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def docket_file(html: str | bytes, name="Kadrey docket.html") -> SimpleUploadedFile:
    data = html.encode() if isinstance(html, str) else html
    return SimpleUploadedFile(name, data, content_type="text/html")


@pytest.fixture
def kadrey(db):
    return CaseFactory(docket_number="3:23-cv-03417-VC", short_name="Kadrey v. Meta")


@pytest.fixture
def kadrey_paralegal(kadrey):
    user = UserFactory(username="para")
    MembershipFactory(user=user, case=kadrey, role=CaseMembership.Role.PARALEGAL)
    return user


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_paralegal_previews_then_imports_a_docket_into_their_case_on_the_pages(
    client, kadrey, kadrey_paralegal
):
    client.force_login(kadrey_paralegal)
    page = client.get(f"/cases/{kadrey.pk}/")
    assert f"/dockets/import/?case={kadrey.pk}" in page.content.decode()

    uploaded = client.post(f"/dockets/import/?case={kadrey.pk}", {"file": docket_file(kadrey_docket())})

    assert uploaded.status_code == 302
    preview = client.get(uploaded["Location"])
    html = preview.content.decode()
    assert "6 new entries" in html and "Preview" in html
    assert "MOTION to Dismiss filed by Meta Platforms" in html
    assert not Filing.objects.filter(case=kadrey).exists()  # nothing written before confirming

    done = client.post(uploaded["Location"] + "apply/")

    assert done.status_code == 302 and done["Location"] == kadrey.get_absolute_url()
    assert Filing.objects.filter(case=kadrey).count() == len(ENTRIES)
    assert "Imported: 6 new entries" in client.get(done["Location"]).content.decode()
    again = client.post(uploaded["Location"] + "apply/")
    assert again.status_code == 302
    assert "already imported" in client.get(again["Location"]).content.decode()


def test_a_file_that_is_not_a_docket_is_refused_on_the_page_with_the_reason(client, kadrey, kadrey_paralegal):
    client.force_login(kadrey_paralegal)

    for data in (b"", b"\x89PNG\r\n\x1a\n\x00\x00binary", b"<html><body><h1>PACER Login</h1></body></html>"):
        response = client.post(f"/dockets/import/?case={kadrey.pk}", {"file": docket_file(data, "x.html")})
        assert response.status_code == 400
        assert 'class="error" role="alert"' in response.content.decode()
    assert not DocketImport.objects.exists()


def test_a_script_previews_and_applies_through_the_api(kadrey, kadrey_paralegal):
    client = api(kadrey_paralegal)

    preview = client.post(
        "/api/v1/docket-imports/", {"file": docket_file(kadrey_docket()), "case": kadrey.pk}
    )

    assert preview.status_code == 201, preview.content
    body = preview.json()
    assert body["status"] == "previewed" and body["summary"]["counts"]["new_entries"] == 6
    assert body["summary"]["summary"].startswith("6 new entries")
    listed = client.get("/api/v1/docket-imports/").json()["results"]
    assert [i["id"] for i in listed] == [body["id"]]

    applied = client.post(f"/api/v1/docket-imports/{body['id']}/apply/")

    assert applied.status_code == 200 and applied.json()["status"] == "applied"
    assert applied.json()["result_case"] == kadrey.pk
    assert Filing.objects.filter(case=kadrey).count() == 6
    twice = client.post(f"/api/v1/docket-imports/{body['id']}/apply/")
    assert twice.status_code == 400 and "already imported" in twice.json()["detail"]


def test_the_docket_of_another_case_is_refused_with_the_reason(kadrey, kadrey_paralegal):
    other = kadrey_docket(docket_number="3:24-cv-01451-VC")

    response = api(kadrey_paralegal).post(
        "/api/v1/docket-imports/", {"file": docket_file(other), "case": kadrey.pk}
    )

    assert response.status_code == 400
    assert "3:24-cv-01451" in response.json()["detail"]


def test_a_hidden_case_answers_exactly_like_a_missing_one(kadrey):
    outsider = UserFactory(username="outsider")
    MembershipFactory(user=outsider, case=CaseFactory(), role=CaseMembership.Role.LAWYER)
    client = api(outsider)

    hidden = client.post("/api/v1/docket-imports/", {"file": docket_file(kadrey_docket()), "case": kadrey.pk})
    missing = client.post(
        "/api/v1/docket-imports/", {"file": docket_file(kadrey_docket()), "case": 9_999_999}
    )
    as_new = client.post("/api/v1/docket-imports/", {"file": docket_file(kadrey_docket())})

    assert (hidden.status_code, hidden.json()) == (missing.status_code, missing.json())
    assert as_new.status_code == 400 and "Kadrey" not in as_new.json()["detail"]
    assert not DocketImport.objects.exists()


def test_a_viewer_may_not_import(kadrey):
    viewer = UserFactory(username="viewer")
    MembershipFactory(user=viewer, case=kadrey, role=CaseMembership.Role.VIEWER)

    response = api(viewer).post(
        "/api/v1/docket-imports/", {"file": docket_file(kadrey_docket()), "case": kadrey.pk}
    )

    assert response.status_code == 400
    assert not Filing.objects.exists()


def test_nobody_sees_or_applies_anothers_import(client, kadrey, kadrey_paralegal):
    teammate = UserFactory(username="teammate")
    MembershipFactory(user=teammate, case=kadrey, role=CaseMembership.Role.LAWYER)
    mine = (
        api(kadrey_paralegal)
        .post("/api/v1/docket-imports/", {"file": docket_file(kadrey_docket()), "case": kadrey.pk})
        .json()["id"]
    )
    theirs = api(teammate)

    assert theirs.get(f"/api/v1/docket-imports/{mine}/").status_code == 404
    assert theirs.post(f"/api/v1/docket-imports/{mine}/apply/").status_code == 404
    client.force_login(teammate)
    assert client.get(f"/dockets/imports/{mine}/").status_code == 404
    assert client.post(f"/dockets/imports/{mine}/apply/").status_code == 404
    assert not Filing.objects.exists()


def test_a_new_case_is_opened_from_the_case_list(client, opener):
    client.force_login(opener)
    assert "/dockets/import/" in client.get("/cases/").content.decode()

    uploaded = client.post("/dockets/import/", {"file": docket_file(kadrey_docket())})
    preview = client.get(uploaded["Location"]).content.decode()
    assert "A new case will be opened" in preview
    done = client.post(uploaded["Location"] + "apply/")

    case = Case.objects.get(docket_number_normalized__contains="3417")
    assert done["Location"] == case.get_absolute_url()
    assert client.get(done["Location"]).status_code == 200  # the opener is a member now
