"""Saved searches (issue #17): save any search under a name, private or shared with the
case team; listed with the hits new since one last opened it, behind the wall; opened,
deleted (one's own), and the same through the API."""

import datetime

import pytest
from django.utils import timezone

from caselaw.models import CaseMembership, Designation
from filings.models import SavedSearch
from tests.factories import CaseFactory, MembershipFactory, UserFactory
from tests.helpers import indexed_document

pytestmark = pytest.mark.django_db


def save(client, q: str, *, name="Anna's Archive", case=None, shared=False):
    query = f"q={q}" + (f"&case={case.pk}" if case else "")
    return client.post(
        "/search/saved/", {"name": name, "query": query, **({"shared": "1"} if shared else {})}
    )


def test_a_saved_search_lists_the_hits_new_since_it_was_last_opened(client, lawyer, case):
    indexed_document(
        case, "Shadow libraries such as Anna's Archive.", at=timezone.now() - datetime.timedelta(days=2)
    )
    client.force_login(lawyer)
    response = save(client, "archive")
    saved = SavedSearch.objects.get()
    assert response.status_code == 302 and response["Location"] == "/search/?q=archive"
    assert "nothing new" in client.get("/search/").content.decode()

    indexed_document(case, "A new declaration about the archive.")
    indexed_document(case, "Unrelated discovery order.")
    page = client.get("/search/").content.decode()
    assert "1 new" in page

    opened = client.get(f"/search/saved/{saved.pk}/")
    assert opened.status_code == 302 and opened["Location"] == "/search/?q=archive"
    assert "nothing new" in client.get("/search/").content.decode()


def test_new_hits_are_counted_behind_the_wall(client, case):
    client_user = UserFactory()
    MembershipFactory(user=client_user, case=case, role=CaseMembership.Role.CLIENT)
    client.force_login(client_user)
    save(client, "archive")
    indexed_document(case, "The archive, attorneys' eyes only.", designation=Designation.AEO)

    assert "nothing new" in client.get("/search/").content.decode()


def test_a_search_shared_with_the_case_team_reaches_the_team_and_nobody_else(
    client, lawyer, paralegal, outsider, case
):
    client.force_login(lawyer)
    save(client, "archive", name="Team watch", case=case, shared=True)
    saved = SavedSearch.objects.get()
    assert saved.shared and saved.case_id == case.pk

    client.force_login(paralegal)
    assert "Team watch" in client.get(f"/cases/{case.pk}/").content.decode()
    assert client.get(f"/search/saved/{saved.pk}/").status_code == 302
    assert client.post(f"/search/saved/{saved.pk}/delete/").status_code == 403  # the owner's to delete

    client.force_login(outsider)
    assert "Team watch" not in client.get("/search/").content.decode()
    assert client.get(f"/search/saved/{saved.pk}/").status_code == 404
    assert client.get("/search/saved/999999/").status_code == 404


def test_sharing_needs_one_case_the_owner_sees(client, lawyer, case):
    hidden = CaseFactory()
    client.force_login(lawyer)

    unfiltered = save(client, "archive", shared=True)
    elsewhere = save(client, "archive", case=hidden, shared=True)

    assert not SavedSearch.objects.exists()
    assert unfiltered.status_code == elsewhere.status_code == 302
    assert elsewhere["Location"] == "/search/?q=archive"  # the hidden case is not echoed


def test_the_owner_deletes_it(client, lawyer, case):
    client.force_login(lawyer)
    save(client, "archive")
    saved = SavedSearch.objects.get()

    assert client.post(f"/search/saved/{saved.pk}/delete/").status_code == 302
    assert not SavedSearch.objects.exists()


def test_the_api_saves_lists_opens_and_deletes(api, lawyer, teammate_of, case):
    client = api(lawyer)
    bad = client.post("/api/v1/saved-searches/", {"name": "", "query": "q=archive"}, format="json")
    made = client.post(
        "/api/v1/saved-searches/",
        {"name": "Watch", "query": f"q=archive&case={case.pk}", "shared": True},
        format="json",
    )
    assert bad.status_code == 400 and "name" in bad.json()["detail"]
    assert made.status_code == 201 and made.json()["shared"] is True
    saved_id = made.json()["id"]

    indexed_document(case, "The archive again.")
    listed = api(teammate_of(case)).get("/api/v1/saved-searches/").json()
    assert [(row["name"], row["new_hits"], row["mine"]) for row in listed] == [("Watch", 1, False)]
    assert api(teammate_of(case)).delete(f"/api/v1/saved-searches/{saved_id}/").status_code == 403

    assert (
        client.get(f"/api/v1/saved-searches/{saved_id}/").json()["search_url"]
        == f"/search/?case={case.pk}&q=archive"
    )
    assert client.delete(f"/api/v1/saved-searches/{saved_id}/").status_code == 204


@pytest.fixture
def teammate_of():
    def make(case):
        user = UserFactory()
        MembershipFactory(user=user, case=case, role=CaseMembership.Role.PARALEGAL)
        return user

    return make
