"""Dockets for the importer's tests: the six real ones in tests/fixtures/pacer/, and
dockets made by caselaw/importers/pacer_html.py that a test can age, edit or break."""

import copy
import datetime
import json
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission

from caselaw.importers.pacer_html import docket_html
from tests.factories import UserFactory

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "pacer"
FIXTURE_NAMES = ["cand_2", "dcd_1", "ilnd_310470", "mad_193254", "nysd_1", "txed"]


def fixture_html(name: str) -> bytes:
    return (FIXTURES / f"{name}.html").read_bytes()


def fixture_expected(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.json").read_text())


D = datetime.date

CASE_FIELDS = {
    "court": "cand",
    "docket_number": "3:23-cv-03417-VC",
    "case_name": "Kadrey et al v. Meta Platforms, Inc.",
    "judge": "Hon. Vince Chhabria",
    "referred_judge": "Magistrate Judge Thomas S. Hixson",
    "cause": "17:501 Copyright Infringement",
    "nature_of_suit": "820 Copyright",
    "jury_demand": "Plaintiff",
    "jurisdiction": "Federal Question",
    "date_filed": D(2023, 7, 7),
    "pacer_case_id": "415175",
}
SAVERI = {
    "name": "Joseph R. Saveri",
    "firm": "Joseph Saveri Law Firm, LLP",
    "address": "601 California Street, Suite 1505\nSan Francisco, CA 94108",
    "phone": "(415) 500-6800",
    "fax": "(415) 395-9940",
    "email": "jsaveri@saverilawfirm.com",
    "roles": ["LEAD ATTORNEY", "ATTORNEY TO BE NOTICED"],
}
HARTNETT = {
    "name": "Kathleen R. Hartnett",
    "firm": "Cooley LLP",
    "address": "3 Embarcadero Center, 20th Floor\nSan Francisco, CA 94111",
    "phone": "(415) 693-2000",
    "email": "khartnett@cooley.com",
    "roles": ["LEAD ATTORNEY", "ATTORNEY TO BE NOTICED"],
}
PARTIES = [
    {"name": "Richard Kadrey", "type": "Plaintiff", "attorneys": [SAVERI]},
    {"name": "Sarah Silverman", "type": "Plaintiff", "attorneys": [SAVERI]},
    {"name": "Meta Platforms, Inc.", "type": "Defendant", "attorneys": [HARTNETT]},
]
ENTRIES = [
    {"date_filed": D(2023, 7, 7), "number": 1, "pacer_seq_no": 1,
     "description": "COMPLAINT against Meta Platforms, Inc. Filed by Richard Kadrey, Sarah Silverman."},
    {"date_filed": D(2023, 7, 7), "number": None,
     "description": "Case assigned to Judge Vince Chhabria. (Text-only entry)"},
    {"date_filed": D(2023, 7, 10), "number": 2, "pacer_seq_no": 4,
     "description": "Summons Issued as to Meta Platforms, Inc."},
    {"date_filed": D(2023, 9, 18), "number": 23, "pacer_seq_no": 40,
     "description": "MOTION to Dismiss filed by Meta Platforms, Inc."},
    {"date_filed": D(2023, 9, 18), "number": None,
     "description": "CLERK'S NOTICE setting hearing on Motion to Dismiss for 11/9/2023."},
    {"date_filed": D(2023, 11, 20), "number": 56, "pacer_seq_no": 90,
     "description": "ORDER granting in part Motion to Dismiss. Signed by Judge Vince Chhabria."},
]  # fmt: skip


def kadrey_docket(*, entries=None, parties=None, **case_fields) -> str:
    """A small Kadrey-like docket; pass changed entries, parties or case fields."""
    fields = {**CASE_FIELDS, **case_fields}
    return docket_html(
        fields,
        copy.deepcopy(PARTIES if parties is None else parties),
        copy.deepcopy(ENTRIES if entries is None else entries),
    )


@pytest.fixture
def opener(db):
    """May open cases (the "may open cases" permission), member of none."""
    user = UserFactory(username="opener")
    user.user_permissions.add(Permission.objects.get(codename="open_case"))
    return user


@pytest.fixture
def staff(db):
    return UserFactory(username="staff", is_staff=True)
