"""The six real dockets import whole: what juriscraper's own tests expect of each, as
cases, parties, counsel and entries; importing one again changes nothing."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from caselaw.audit import AuditEvent
from caselaw.importers import apply_import, parse_docket, plan_import
from caselaw.importers.docket_fields import name_key, parse_contact, role_from_type
from caselaw.models import Case, Counsel, Party, Representation
from filings.models import Filing
from tests.caselaw.importers.conftest import FIXTURE_NAMES, fixture_expected, fixture_html

pytestmark = pytest.mark.django_db


def import_fixture(name, user=None):
    plan = plan_import(parse_docket(fixture_html(name)))
    return plan, apply_import(plan, user=user)


def date(text):
    return datetime.date.fromisoformat(text) if text else None


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_each_fixture_parses_as_juriscraper_expects(name):
    expected = fixture_expected(name)
    parsed = parse_docket(fixture_html(name))

    assert parsed.court_id == expected["court_id"]
    assert parsed.docket_number.startswith(expected["docket_number"])
    assert parsed.case_name == expected["case_name"]
    assert parsed.unreadable_rows == []
    assert [(e.number, e.date_filed, e.pacer_doc_id or None) for e in parsed.entries] == [
        (
            int(e["document_number"]) if e["document_number"] else None,
            date(e["date_filed"]),
            e["pacer_doc_id"],
        )
        for e in expected["docket_entries"]
    ]
    assert [e.description for e in parsed.entries] == [e["description"] for e in expected["docket_entries"]]


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_each_fixture_imports_as_a_new_case_with_everything_on_it(name):
    expected = fixture_expected(name)
    _, result = import_fixture(name)
    case = Case.objects.get(pk=result.case.pk)

    assert result.created_case
    assert case.court.code == expected["court_id"]
    assert case.caption == expected["case_name"]
    assert case.judge == expected["assigned_to_str"]
    assert case.nature_of_suit == expected["nature_of_suit"]
    assert case.cause == expected["cause"]
    assert case.jury_demand == expected["jury_demand"]
    assert case.jurisdiction == expected["jurisdiction"]
    assert case.date_filed == date(expected["date_filed"])
    assert case.date_terminated == date(expected["date_terminated"])
    assert case.status == ("closed" if expected["date_terminated"] else "open")

    assert case.filings.count() == len(expected["docket_entries"])
    # A party listed twice under one role (S.D.N.Y.'s consolidated lists) is one party.
    parties = {(name_key(p["name"]), role_from_type(p["type"])) for p in expected["parties"]}
    assert case.parties.count() == len(parties)
    attorneys = {
        (name_key(a["name"]), name_key(parse_contact(a["contact"])["firm"]))
        for p in expected["parties"]
        for a in p.get("attorneys", [])
    }
    assert Counsel.objects.filter(case=case).count() == len(attorneys)
    assert result.counts["new_entries"] == len(expected["docket_entries"])


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_importing_the_same_docket_again_changes_nothing(name):
    import_fixture(name)
    rows_before = (Filing.objects.count(), Party.objects.count(), Counsel.objects.count())

    plan = plan_import(parse_docket(fixture_html(name)))
    with CaptureQueriesContext(connection) as queries:
        apply_import(plan, user=None)

    assert plan.summary() == "Nothing new"
    assert plan.counts["conflicts"] == 0
    assert len(plan.unchanged_entries) == len(fixture_expected(name)["docket_entries"])
    writes = [q["sql"] for q in queries if q["sql"].startswith(("INSERT", "UPDATE", "DELETE"))]
    assert writes == [w for w in writes if "caselaw_auditevent" in w]  # only the audit row
    assert (Filing.objects.count(), Party.objects.count(), Counsel.objects.count()) == rows_before


def test_an_attorney_for_several_parties_is_one_counsel_with_a_role_for_each():
    _, result = import_fixture("cand_2")
    kreger = Counsel.objects.get(case=result.case, name="Wayne Scott Kreger")

    assert kreger.firm == "Law Offices of Wayne Kreger"
    assert kreger.address == "100 Wilshire Blvd\nSuite 700\nSanta Monica, CA 90401\nUnited Sta"
    assert (kreger.phone, kreger.fax, kreger.email) == ("310-917-1083", "310-917-1001", "wayne@kregerlaw.com")
    representations = Representation.objects.filter(counsel=kreger)
    assert representations.count() == 2  # both plaintiffs
    assert {r.role for r in representations} == {Representation.Role.TERMINATED}
    assert {r.date_terminated for r in representations} == {datetime.date(2009, 6, 22)}
    assert all("LEAD ATTORNEY" in r.docket_roles for r in representations)


def test_an_attorney_without_a_firm_keeps_the_address_as_address():
    _, result = import_fixture("cand_2")
    elster = Counsel.objects.get(case=result.case, name="Steven Stone Elster")

    assert elster.firm == ""
    assert elster.address.startswith("785/E2 Oak Grove Road")


def test_entries_get_numbers_dates_pacer_ids_and_a_kind():
    _, result = import_fixture("cand_2")
    first = Filing.objects.get(case=result.case, entry_number=1)

    assert first.date_filed == datetime.date(2008, 1, 10)
    assert first.date_entered == datetime.date(2008, 1, 11)
    assert first.pacer_doc_id == "03504235952"
    assert first.pacer_seq_no == 7
    assert first.kind == Filing.Kind.COMPLAINT
    assert Filing.objects.get(case=result.case, entry_number=2).kind == Filing.Kind.ORDER
    assert result.case.pacer_case_id == "199159"


def test_numberless_entries_are_imported_in_docket_order():
    _, result = import_fixture("nysd_1")
    entries = list(Filing.objects.filter(case=result.case).order_by("docket_position"))

    assert [e.entry_number for e in entries] == [1, None, None, 35]
    assert entries[1].description.startswith("Magistrate Judge James C. Francis is so designated")
    assert str(entries[1]).startswith("Entry of 2008-08-19")


def test_parties_keep_their_docket_type_extra_info_and_termination():
    _, result = import_fixture("ilnd_310470")
    godinez = Party.objects.get(case=result.case, name="Salvadore Godinez")

    assert godinez.role == Party.Role.DEFENDANT
    assert godinez.docket_type == "Defendant"
    assert godinez.date_terminated == datetime.date(2017, 9, 20)
    assert "IDOC" in godinez.extra_info


def test_the_import_is_on_the_audit_trail(staff):
    _, result = import_fixture("mad_193254", user=staff)
    event = AuditEvent.objects.get(action="docket.import")

    assert event.actor == staff
    assert event.case_id == result.case.pk
    assert event.details["new"] == 30
    assert event.details["changed"] == 0
    assert event.details["conflicts"] == 0
