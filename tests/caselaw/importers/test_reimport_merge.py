"""Re-importing is a merge: a newer docket adds and updates entries, what a person edited
here is kept (and shown as a conflict when the docket changed it too), numberless entries
find themselves again, counsel are never duplicated."""

import copy
import datetime

import pytest

from caselaw.importers import apply_import, parse_docket, plan_import
from caselaw.models import Case, Counsel, Party, Representation
from filings.models import Filing
from tests.caselaw.importers.conftest import ENTRIES, kadrey_docket
from tests.factories import CaseFactory, CounselFactory, CourtFactory, FilingFactory

pytestmark = pytest.mark.django_db


def run(html, case=None):
    plan = plan_import(parse_docket(html), case=case)
    result = apply_import(plan, user=None)
    return plan, result.case


def newer_entries():
    entries = copy.deepcopy(ENTRIES)
    entries[3]["description"] += " Modified on 9/19/2023."
    entries.append(
        {
            "date_filed": datetime.date(2023, 12, 1),
            "number": 57,
            "pacer_seq_no": 95,
            "description": "RESPONSE in Opposition re Motion to Compel filed by Richard Kadrey.",
        }
    )
    entries.append({"date_filed": datetime.date(2023, 12, 1), "number": None, "description": "Minute Entry."})
    return entries


def test_a_newer_docket_adds_new_entries_and_updates_changed_ones():
    _, case = run(kadrey_docket())
    plan, _ = run(kadrey_docket(entries=newer_entries()))

    assert plan.summary() == "2 new entries, 1 changed"
    assert [row.label for row in plan.changed_entries] == ["ECF 23"]
    assert plan.changed_entries[0].changes()[0]["field"] == "description"
    assert case.filings.count() == 8
    assert case.filings.get(entry_number=23).description.endswith("Modified on 9/19/2023.")
    assert case.filings.get(entry_number=57).kind == Filing.Kind.OPPOSITION


def test_a_hand_edited_description_is_kept_and_shown_as_a_conflict_when_the_docket_changes_it():
    _, case = run(kadrey_docket())
    Filing.objects.filter(case=case, entry_number=23).update(
        description="Meta's motion to dismiss (our notes)"
    )

    same, _ = run(kadrey_docket())
    assert same.summary() == "Nothing new"  # the docket did not change it: the edit stands

    plan, _ = run(kadrey_docket(entries=newer_entries()))
    assert [c.as_dict() for c in plan.conflicts] == [
        {
            "label": "ECF 23",
            "field": "description",
            "yours": "Meta's motion to dismiss (our notes)",
            "docket": ENTRIES[3]["description"] + " Modified on 9/19/2023.",
        }
    ]
    assert plan.summary() == "2 new entries; 1 conflict"
    assert case.filings.get(entry_number=23).description == "Meta's motion to dismiss (our notes)"
    assert plan.as_dict()["conflicts"][0]["label"] == "ECF 23"


def test_a_corrected_kind_survives_re_imports():
    _, case = run(kadrey_docket())
    Filing.objects.filter(case=case, entry_number=2).update(kind=Filing.Kind.NOTICE)

    same, _ = run(kadrey_docket())
    assert same.counts["conflicts"] == 0

    entries = copy.deepcopy(ENTRIES)
    entries[2]["description"] = "ORDER re Summons. Signed by Judge Vince Chhabria."  # now guessed an order
    plan, _ = run(kadrey_docket(entries=entries))
    assert [(c.label, c.field, c.yours, c.docket) for c in plan.conflicts] == [
        ("ECF 2", "kind", "notice", "order")
    ]
    filing = case.filings.get(entry_number=2)
    assert filing.kind == Filing.Kind.NOTICE
    assert filing.description == "ORDER re Summons. Signed by Judge Vince Chhabria."


def test_numberless_entries_keep_docket_order_and_are_matched_on_re_import():
    _, case = run(kadrey_docket())
    order = list(case.filings.order_by("docket_position").values_list("entry_number", flat=True))
    assert order == [1, None, 2, 23, None, 56]

    again, _ = run(kadrey_docket())
    assert again.summary() == "Nothing new"

    entries = copy.deepcopy(ENTRIES)
    entries[4]["description"] = "CLERK'S NOTICE setting hearing on Motion to Dismiss for 11/16/2023."
    plan, _ = run(kadrey_docket(entries=entries))
    assert plan.summary() == "1 changed"
    assert case.filings.filter(entry_number__isnull=True).count() == 2
    assert case.filings.get(docket_position=5).description.endswith("11/16/2023.")


def test_numberless_entries_on_one_day_are_told_apart_by_their_text():
    entries = copy.deepcopy(ENTRIES)
    entries.insert(
        2, {"date_filed": datetime.date(2023, 7, 7), "number": None, "description": "Clerk's notes."}
    )
    _, case = run(kadrey_docket(entries=entries))
    Filing.objects.filter(case=case, description="Clerk's notes.").update(
        description="Clerk's notes (checked)."
    )

    plan, _ = run(kadrey_docket(entries=entries))

    assert plan.counts["new_entries"] == 0
    assert case.filings.filter(entry_number__isnull=True).count() == 3


def test_counsel_are_merged_by_name_and_firm_never_duplicated():
    _, case = run(kadrey_docket())
    saveri = Counsel.objects.get(case=case, name="Joseph R. Saveri")
    assert Representation.objects.filter(counsel=saveri).count() == 2  # both plaintiffs

    run(kadrey_docket())

    assert Counsel.objects.filter(case=case).count() == 2
    assert Representation.objects.filter(counsel__case=case).count() == 3


def test_counsel_entered_by_hand_without_a_firm_is_completed_not_duplicated():
    case = CaseFactory(court=CourtFactory(code="cand"), docket_number="3:23-cv-03417-VC")
    hand_made = CounselFactory(case=case, name="Joseph R.  Saveri", firm="", email="")

    plan, _ = run(kadrey_docket())

    assert plan.case == case
    hand_made.refresh_from_db()
    assert hand_made.firm == "Joseph Saveri Law Firm, LLP"
    assert hand_made.email == "jsaveri@saverilawfirm.com"
    assert Counsel.objects.filter(case=case).count() == 2


def test_a_case_typed_in_by_hand_is_matched_and_its_values_kept():
    case = CaseFactory(
        court=CourtFactory(code="cand"),
        docket_number="3:23-cv-3417",
        caption="Kadrey et al. v. Meta (as we write it)",
        judge="Judge Chhabria",
        date_filed=datetime.date(2023, 7, 7),
    )
    FilingFactory(
        case=case,
        entry_number=1,
        date_filed=datetime.date(2023, 7, 7),
        description="Complaint",
        kind="complaint",
    )

    plan, _ = run(kadrey_docket())

    assert plan.case == case and not plan.is_new_case
    assert {(c.label, c.field) for c in plan.conflicts} == {
        ("Case", "caption"),
        ("Case", "judge"),
        ("ECF 1", "description"),
    }
    case.refresh_from_db()
    assert case.caption == "Kadrey et al. v. Meta (as we write it)"
    assert case.nature_of_suit == "820 Copyright"  # empty here: filled
    assert case.filings.get(entry_number=1).description == "Complaint"

    again, _ = run(kadrey_docket())
    assert again.counts["conflicts"] == 0  # shown once: the docket has not changed since


def test_parties_changed_on_the_docket_are_updated():
    _, case = run(kadrey_docket())
    parties = [
        *copy.deepcopy(
            [
                {"name": "Richard Kadrey", "type": "Plaintiff", "date_terminated": datetime.date(2024, 1, 5)},
                {"name": "Sarah Silverman", "type": "Plaintiff"},
                {"name": "Meta Platforms, Inc.", "type": "Defendant"},
            ]
        ),
        {"name": "Ta-Nehisi Coates", "type": "Consolidated Plaintiff"},
    ]

    plan, _ = run(kadrey_docket(parties=parties))

    assert [row.label for row in plan.new_parties] == ["Ta-Nehisi Coates (Plaintiff)"]
    assert [row.label for row in plan.changed_parties] == ["Richard Kadrey (Plaintiff)"]
    assert Party.objects.get(case=case, name="Richard Kadrey").date_terminated == datetime.date(2024, 1, 5)
    assert Party.objects.get(case=case, name="Ta-Nehisi Coates").docket_type == "Consolidated Plaintiff"
    assert Case.objects.count() == 1
