"""The audit trail: what is recorded, in the same transaction as the change, append-only
in PostgreSQL, and readable by a case's lawyers and staff only."""

import pytest
from django.db import DatabaseError, transaction

from caselaw import testing_pdfs as pdfs
from caselaw.audit import Action, AuditEvent
from tests.factories import FilingFactory, UserFactory
from tests.helpers import upload

pytestmark = pytest.mark.django_db

BROWSER = {"HTTP_USER_AGENT": "Mozilla/5.0 (Firm laptop)", "REMOTE_ADDR": "203.0.113.7"}


@pytest.fixture
def document(case, paralegal):
    return upload(FilingFactory(case=case), pdfs.text_pdf(pages=1), uploaded_by=paralegal)


def events(action) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


def test_an_upload_is_recorded_with_its_file(document, paralegal):
    (event,) = events(Action.UPLOAD)
    assert (event.actor, event.case_id, event.object_type, event.object_id) == (
        paralegal,
        document.filing.case_id,
        "document",
        document.pk,
    )
    assert event.details["sha256"] == document.sha256


def test_rows_cannot_be_changed_or_deleted_even_by_the_application(document):
    event = events(Action.UPLOAD)[0]
    with pytest.raises(DatabaseError, match="Cannot update"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="search")
    with pytest.raises(DatabaseError, match="Cannot update or delete"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()


def test_opening_a_document_records_who_from_where(client, lawyer, document):
    client.force_login(lawyer)
    client.get(f"/documents/{document.pk}/", **BROWSER)
    (event,) = events(Action.DOCUMENT_VIEWED)
    assert (event.actor_name, event.ip, event.user_agent) == (
        "lawyer",
        "203.0.113.7",
        "Mozilla/5.0 (Firm laptop)",
    )


def test_a_file_read_is_recorded_once_per_user_document_and_hour(client, lawyer, viewer, document):
    client.force_login(lawyer)
    for byte_range in ("bytes=0-99", "bytes=100-199", None):
        client.get(f"/documents/{document.pk}/file/", **({"HTTP_RANGE": byte_range} if byte_range else {}))
    client.force_login(viewer)
    client.get(f"/documents/{document.pk}/file/")
    assert [e.actor_name for e in events(Action.FILE_READ)] == ["lawyer", "viewer"]


def test_a_hidden_document_leaves_no_view_on_the_trail(client, outsider, document):
    client.force_login(outsider)
    assert client.get(f"/documents/{document.pk}/").status_code == 404
    assert events(Action.DOCUMENT_VIEWED) == []


def test_a_search_is_recorded_with_its_filters_and_hits(api, lawyer, case, document):
    api(lawyer).get("/api/v1/search/", {"q": "copyright", "case": case.pk, "sort": "newest"})
    (event,) = events(Action.SEARCH)
    assert event.details["q"] == "copyright"
    assert event.details["filters"] == {"case": str(case.pk), "sort": "newest"}
    assert "hits" in event.details


def test_designations_notes_links_and_memberships_are_recorded(api, lawyer, viewer, document):
    client = api(lawyer)
    client.post(
        f"/api/v1/documents/{document.pk}/designation/", {"designation": "confidential"}, format="json"
    )
    membership = viewer.memberships.get()
    client.patch(f"/api/v1/memberships/{membership.pk}/", {"clearance": "confidential"}, format="json")
    (designation,) = events(Action.DESIGNATION)
    assert designation.details == {"from": "public", "to": "confidential", "note": ""}
    (change,) = events(Action.MEMBERSHIP)
    assert change.details["before"]["clearance"] == 0 and change.details["after"]["clearance"] == 1


def test_a_delete_is_recorded_and_the_trail_outlives_the_row(api, lawyer, document):
    assert api(lawyer).delete(f"/api/v1/documents/{document.pk}/").status_code == 204
    (event,) = events(Action.DELETE)
    assert (event.object_type, event.object_id) == ("document", document.pk)
    assert AuditEvent.objects.filter(object_id=document.pk, action=Action.UPLOAD).exists()


def test_sign_in_sign_out_and_failures_are_recorded(client, lawyer):
    client.post("/login/", {"username": "lawyer", "password": "wrong"}, **BROWSER)
    client.post("/login/", {"username": "lawyer", "password": "pw-for-tests"}, **BROWSER)
    client.post("/logout/")
    assert [e.action for e in AuditEvent.objects.order_by("id")] == [
        Action.SIGN_IN_FAILED,
        Action.SIGN_IN,
        Action.SIGN_OUT,
    ]
    assert events(Action.SIGN_IN_FAILED)[0].details == {"username": "lawyer"}


# Who reads the trail


def test_a_lawyer_reads_the_cases_trail_and_downloads_it(client, lawyer, document):
    client.force_login(lawyer)
    page = client.get(f"/cases/{document.filing.case_id}/audit/")
    assert page.status_code == 200
    assert "Document uploaded" in page.content.decode()
    csv = client.get(f"/cases/{document.filing.case_id}/audit/", {"format": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    assert "document.upload" in csv.content.decode()


def test_a_paralegal_may_not_and_an_outsider_cannot_tell_it_exists(client, paralegal, outsider, document):
    client.force_login(paralegal)
    assert client.get(f"/cases/{document.filing.case_id}/audit/").status_code == 403
    client.force_login(outsider)
    assert client.get(f"/cases/{document.filing.case_id}/audit/").status_code == 404


def test_the_api_gives_lawyers_their_cases_events_and_staff_everything(api, lawyer, paralegal, document):
    staff = UserFactory(username="it", is_staff=True)
    api(paralegal).get("/api/v1/search/", {"q": "copyright"})  # no case: staff only
    lawyers = api(lawyer).get("/api/v1/audit-events/").json()["results"]
    assert {e["action"] for e in lawyers} == {Action.UPLOAD}
    assert api(paralegal).get("/api/v1/audit-events/").json()["results"] == []
    everything = api(staff).get("/api/v1/audit-events/").json()["results"]
    assert {e["action"] for e in everything} == {Action.UPLOAD, Action.SEARCH}
    assert api(staff).delete(f"/api/v1/audit-events/{everything[0]['id']}/").status_code == 405


def test_a_colleagues_private_note_stays_off_a_lawyers_trail(api, lawyer, paralegal, document, case):
    from filings.models import Page

    Page.objects.create(
        document=document, number=1, text="text", case=case, date_filed=document.filing.date_filed
    )
    note = {"document": document.pk, "page": 1, "body": "mine", "visibility": "private"}
    assert api(paralegal).post("/api/v1/annotations/", note, format="json").status_code == 201
    trail = api(lawyer).get("/api/v1/audit-events/", {"action": Action.ANNOTATION_CREATED}).json()["results"]
    assert trail == []
    assert AuditEvent.objects.filter(action=Action.ANNOTATION_CREATED, details__private=True).count() == 1


def test_a_csv_cell_never_starts_a_formula():
    from caselaw.audit_views import csv_safe

    assert csv_safe("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert csv_safe("plain") == "plain"


def test_staff_filter_and_export_the_whole_trail_in_the_admin(client, document):
    staff = UserFactory(username="it", is_staff=True, is_superuser=True)
    client.force_login(staff)
    listing = client.get("/admin/caselaw/auditevent/", {"action__exact": Action.UPLOAD})
    assert listing.status_code == 200 and "paralegal" in listing.content.decode()
    ids = list(AuditEvent.objects.values_list("pk", flat=True))
    export = client.post(
        "/admin/caselaw/auditevent/", {"action": "export_csv", "_selected_action": [str(i) for i in ids]}
    )
    assert export["Content-Type"].startswith("text/csv")
    assert "document.upload" in export.content.decode()
    assert client.get(f"/admin/caselaw/auditevent/{ids[0]}/delete/").status_code == 403


def test_a_lock_out_is_recorded(client, lawyer):
    for _ in range(6):
        client.post("/login/", {"username": "lawyer", "password": "wrong"}, **BROWSER)
    locked = events(Action.LOCKED_OUT)
    assert locked and locked[0].details == {"username": "lawyer", "ip": "203.0.113.7"}
