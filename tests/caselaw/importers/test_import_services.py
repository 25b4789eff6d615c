"""Upload, preview, confirm: who may import what, the audit row, and the second time."""

import copy
import datetime

import pytest

from caselaw.audit import AuditEvent
from caselaw.importers import DocketImportError, docket_import_apply, docket_import_preview
from caselaw.importers.models import DocketImport
from caselaw.importers.services import NEW_CASE_REFUSED
from caselaw.models import Case, CaseMembership
from filings.models import Filing
from tests.caselaw.importers.conftest import ENTRIES, fixture_html, kadrey_docket
from tests.factories import CaseFactory, CourtFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def kadrey(db):
    """The Kadrey case as held here, its docket not imported yet."""
    return CaseFactory(
        court=CourtFactory(code="cand"),
        docket_number="3:23-cv-03417-VC",
        short_name="Kadrey v. Meta",
        caption="Kadrey v. Meta Platforms, Inc.",
        judge="Vince Chhabria",
        date_filed=datetime.date(2023, 7, 7),
    )


def member(case, role, username):
    user = UserFactory(username=username)
    MembershipFactory(user=user, case=case, role=role)
    return user


def test_a_preview_is_kept_and_confirming_it_imports_the_docket(opener):
    held = docket_import_preview(user=opener, html=fixture_html("mad_193254"), filename="mad.html")

    assert held.status == DocketImport.Status.PREVIEWED
    assert held.case is None
    assert held.filename == "mad.html"
    assert held.summary["summary"].startswith("New case O'Donnell v. Trustees of Deerfield Academy")
    assert held.summary["counts"]["new_entries"] == 30
    assert Case.objects.count() == 0

    result = docket_import_apply(docket_import=held, user=opener)

    held.refresh_from_db()
    assert held.status == DocketImport.Status.APPLIED
    assert held.applied_at is not None
    assert held.result_case == result.case
    assert result.created_case and result.counts["new_entries"] == 30
    assert result.case.filings.count() == 30
    # Whoever opens a case becomes its lawyer.
    assert CaseMembership.objects.get(case=result.case).user == opener
    assert result.as_dict()["case"]["id"] == result.case.pk


def test_the_import_writes_one_audit_row_with_its_counts(kadrey):
    paralegal = member(kadrey, CaseMembership.Role.PARALEGAL, "paralegal")
    docket_import_apply(
        docket_import=docket_import_preview(user=paralegal, html=kadrey_docket()), user=paralegal
    )
    Filing.objects.filter(case=kadrey, entry_number=23).update(description="Edited here")
    entries = copy.deepcopy(ENTRIES)
    entries[3]["description"] = "MOTION to Dismiss (corrected) filed by Meta Platforms, Inc."
    entries[5]["description"] += " Modified on 11/21/2023."
    entries.append(
        {"date_filed": datetime.date(2024, 1, 2), "number": 60, "description": "NOTICE of Appearance"}
    )

    docket_import_apply(
        docket_import=docket_import_preview(user=paralegal, html=kadrey_docket(entries=entries)),
        user=paralegal,
    )

    events = AuditEvent.objects.filter(action="docket.import").order_by("at", "id")
    assert [e.details["new"] for e in events] == [6, 1]
    latest = events.last()
    assert (latest.actor, latest.case_id, latest.object_type) == (paralegal, kadrey.pk, "case")
    assert (latest.details["changed"], latest.details["conflicts"]) == (1, 1)


def test_confirming_twice_is_refused(opener):
    held = docket_import_preview(user=opener, html=kadrey_docket())
    docket_import_apply(docket_import=held, user=opener)

    with pytest.raises(DocketImportError, match="This docket was already imported on"):
        docket_import_apply(docket_import=held, user=opener)

    held.refresh_from_db()
    assert held.status == DocketImport.Status.APPLIED
    assert Filing.objects.count() == 6
    assert AuditEvent.objects.filter(action="docket.import").count() == 1


def test_confirming_re_reads_the_case_as_it_is_now(kadrey):
    paralegal = member(kadrey, CaseMembership.Role.PARALEGAL, "paralegal")
    held = docket_import_preview(user=paralegal, html=kadrey_docket())
    assert held.summary["counts"]["new_entries"] == 6
    # Between preview and confirmation a colleague types in ECF 1.
    Filing.objects.create(
        case=kadrey, entry_number=1, date_filed=datetime.date(2023, 7, 7), description="Complaint"
    )

    result = docket_import_apply(docket_import=held, user=paralegal)

    assert result.counts["new_entries"] == 5
    assert result.counts["conflicts"] == 1
    assert kadrey.filings.count() == 6


def test_someone_elses_import_is_no_such_import(opener):
    held = docket_import_preview(user=opener, html=kadrey_docket())
    other = UserFactory(username="other", is_staff=True)

    with pytest.raises(DocketImportError, match="No such docket import."):
        docket_import_apply(docket_import=held, user=other)

    assert Case.objects.count() == 0


def test_a_read_only_member_may_not_import_into_the_case(kadrey):
    viewer = member(kadrey, CaseMembership.Role.VIEWER, "viewer")
    client = member(kadrey, CaseMembership.Role.CLIENT, "client")

    for user in (viewer, client):
        with pytest.raises(DocketImportError, match="Your role in this case is read-only."):
            docket_import_preview(user=user, html=kadrey_docket(), case=kadrey)
        with pytest.raises(DocketImportError, match="where your role is read-only"):
            docket_import_preview(user=user, html=kadrey_docket())
    assert DocketImport.objects.count() == 0


def test_a_case_the_user_cannot_see_is_no_such_case(kadrey, outsider):
    with pytest.raises(DocketImportError) as refused:
        docket_import_preview(user=outsider, html=kadrey_docket(), case=kadrey)

    assert refused.value.message == "No such case."


def test_a_docket_matching_a_hidden_case_is_refused_as_any_new_case_is_refused(kadrey, opener):
    """Whether the firm holds the case, and who works on it, is not told: the refusal is
    word for word the one a user who may not open cases gets for a docket held nowhere."""
    may_not_open = UserFactory(username="may_not_open")

    with pytest.raises(DocketImportError) as hidden:
        docket_import_preview(user=opener, html=kadrey_docket())
    with pytest.raises(DocketImportError) as not_allowed:
        docket_import_preview(user=may_not_open, html=fixture_html("txed"))

    assert hidden.value.message == not_allowed.value.message == NEW_CASE_REFUSED
    assert "Kadrey" not in NEW_CASE_REFUSED and "member" not in NEW_CASE_REFUSED
    assert DocketImport.objects.count() == 0
    assert kadrey.filings.count() == 0


def test_a_member_who_may_change_the_case_updates_it_without_naming_it(kadrey):
    paralegal = member(kadrey, CaseMembership.Role.PARALEGAL, "paralegal")

    held = docket_import_preview(user=paralegal, html=kadrey_docket())

    assert held.case == kadrey
    assert not held.summary["is_new_case"]
    docket_import_apply(docket_import=held, user=paralegal)
    assert kadrey.filings.count() == 6
    assert Case.objects.count() == 1


def test_staff_import_anything(kadrey, staff):
    held = docket_import_preview(user=staff, html=kadrey_docket())
    docket_import_apply(docket_import=held, user=staff)
    new = docket_import_preview(user=staff, html=fixture_html("nysd_1"))

    assert held.case == kadrey
    assert new.case is None


def test_a_case_created_meanwhile_is_merged_into_not_duplicated(opener):
    first = docket_import_preview(user=opener, html=kadrey_docket())
    second = docket_import_preview(user=opener, html=kadrey_docket())
    docket_import_apply(docket_import=first, user=opener)

    result = docket_import_apply(docket_import=second, user=opener)

    assert not result.created_case
    assert Case.objects.count() == 1
    assert Filing.objects.count() == 6


def test_losing_access_before_confirming_is_refused(kadrey):
    paralegal = member(kadrey, CaseMembership.Role.PARALEGAL, "paralegal")
    held = docket_import_preview(user=paralegal, html=kadrey_docket(), case=kadrey)
    CaseMembership.objects.filter(user=paralegal).update(role=CaseMembership.Role.VIEWER)

    with pytest.raises(DocketImportError, match="read-only"):
        docket_import_apply(docket_import=held, user=paralegal)

    assert kadrey.filings.count() == 0


def test_inactive_users_import_nothing(opener):
    opener.is_active = False
    opener.save()

    with pytest.raises(DocketImportError, match="Sign in to import a docket."):
        docket_import_preview(user=opener, html=kadrey_docket())
