"""What is not a docket, or not this case's docket, is refused with a sentence a paralegal
understands, and nothing is written; rows that cannot be read are reported, not guessed."""

import copy
import datetime

import pytest

from caselaw.audit import AuditEvent
from caselaw.importers import (
    DocketImportError,
    apply_import,
    docket_import_preview,
    parse_docket,
    plan_import,
)
from caselaw.importers.models import DocketImport
from caselaw.models import Case, Counsel, Party
from filings.models import Filing
from tests.caselaw.importers.conftest import ENTRIES, PARTIES, SAVERI, fixture_html, kadrey_docket
from tests.factories import CaseFactory, CourtFactory, FilingFactory

pytestmark = pytest.mark.django_db

LOGIN_PAGE = """<html><head><title>PACER: Login</title></head><body>
<h1>Public Access to Court Electronic Records</h1>
<form id="loginForm" method="post" action="/csologin/login.jsf">
<label>Username</label><input type="text" name="loginForm:loginName">
<label>Password</label><input type="password" name="loginForm:password">
<button type="submit">Login</button></form></body></html>"""

SEARCH_RESULTS = """<html><head><title>CAND-ECF</title></head><body>
<div id="cmecfMainContent"><h3>Select A Case</h3>
<table><tr><td><a href="https://ecf.cand.uscourts.gov/cgi-bin/iquery.pl?415175">3:23-cv-03417-VC</a></td>
<td>Kadrey et al v. Meta Platforms, Inc.</td><td>filed 07/07/23</td></tr>
<tr><td><a href="https://ecf.cand.uscourts.gov/cgi-bin/iquery.pl?415176">3:23-cv-03416-AMO</a></td>
<td>Tremblay v. OpenAI, Inc.</td><td>filed 06/28/23</td></tr></table></div></body></html>"""

NOT_A_DOCKET = "This file is not a PACER docket report"


def truncated() -> bytes:
    html = fixture_html("txed")
    return html[: len(html) * 2 // 3]


BAD_INPUTS = [
    ("login page", LOGIN_PAGE, "it is PACER's login page"),
    ("search results", SEARCH_RESULTS, "it is a list of search results"),
    ("empty file", b"", "This file is empty."),
    ("blank file", b" \n\n ", "This file is empty."),
    ("binary bytes", bytes(range(256)) * 8, "it is not a web page (HTML)"),
    ("a PDF", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "it is not a web page (HTML)"),
    ("plain text", "Case 3:23-cv-03417-VC Document 1 Filed 07/07/23", "it is not a web page (HTML)"),
    ("another web page", "<html><body><h1>Welcome</h1></body></html>", "has no “Docket for case #” heading"),
    ("truncated docket", truncated(), "This docket report is incomplete"),
    (
        "a heading but no entries table",
        "<html><body><h3>CIVIL DOCKET FOR CASE #: 3:23-cv-03417-VC</h3><p>Kadrey</p></body></html>",
        "it has no docket entries table",
    ),
]


@pytest.mark.parametrize(("what", "html", "message"), BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_what_is_not_a_whole_docket_is_refused_clearly_and_nothing_is_written(what, html, message, opener):
    with pytest.raises(DocketImportError) as refused:
        docket_import_preview(user=opener, html=html, filename="upload.html")

    assert message in refused.value.message
    assert refused.value.message.endswith(".")
    assert DocketImport.objects.count() == 0
    assert Case.objects.count() == 0


def test_a_docket_that_does_not_name_its_court_needs_the_court_given():
    html = (
        fixture_html("cand_2").replace(b"ecf.cand.uscourts.gov", b"example.org").replace(b"CAND-ECF", b"ECF")
    )
    html = html.replace(b"California Northern District", b"Somewhere")

    with pytest.raises(DocketImportError) as refused:
        parse_docket(html)

    assert "does not say which court" in refused.value.message
    assert parse_docket(html, court_hint="cand").court_id == "cand"
    with pytest.raises(DocketImportError, match="is not a court's PACER id"):
        parse_docket(html, court_hint="nowhere")


def test_the_court_is_read_from_the_heading_when_there_is_no_link():
    parsed = parse_docket(fixture_html("dcd_1"))  # no ECF links, title "District of Columbia live database"

    assert parsed.court_id == "dcd"


def test_a_docket_of_another_court_is_refused_for_a_case():
    case = CaseFactory(court=CourtFactory(code="nysd", name="S.D.N.Y."), docket_number="3:23-cv-03417-VC")

    with pytest.raises(DocketImportError) as refused:
        plan_import(parse_docket(kadrey_docket()), case=case)

    assert "This docket is for case 3:23-cv-03417-VC in" in refused.value.message
    assert "not for 3:23-cv-03417-VC in S.D.N.Y." in refused.value.message


def test_a_docket_of_another_case_is_refused_for_a_case(paralegal, case):
    with pytest.raises(DocketImportError, match="This docket is for case 3:23-cv-03417-VC"):
        docket_import_preview(user=paralegal, html=kadrey_docket(), case=case)

    assert DocketImport.objects.count() == 0
    assert case.filings.count() == 0


def test_rows_that_cannot_be_read_are_reported_and_the_rest_imported(opener):
    entries = copy.deepcopy(ENTRIES)
    entries[1]["date_filed"] = "07/32/2023"
    entries[3]["date_filed"] = ""
    entries[4]["date_filed"] = "Sept. 18"
    parsed = parse_docket(kadrey_docket(entries=entries))

    assert [(row.position, row.reason) for row in parsed.unreadable_rows] == [
        (2, "its date “07/32/2023” cannot be read"),
        (4, "it has no date"),
        (5, "its date “Sept. 18” cannot be read"),
    ]
    assert "MOTION to Dismiss" in parsed.unreadable_rows[1].text
    held = docket_import_preview(user=opener, html=kadrey_docket(entries=entries))
    assert held.summary["summary"].endswith(
        "3 new entries, 3 new parties, 2 new attorneys; 3 unreadable rows"
    )
    assert held.summary["unreadable_rows"][0] == {
        "position": 2,
        "text": "07/32/2023 Case assigned to Judge Vince Chhabria. (Text-only entry)",
        "reason": "its date “07/32/2023” cannot be read",
    }
    assert [e.position for e in parsed.entries] == [1, 3, 6]  # places kept for the day they are readable


def test_an_attorneys_termination_date_that_cannot_be_read_is_reported_not_guessed():
    parties = copy.deepcopy(PARTIES)
    parties[0]["attorneys"] = [{**SAVERI, "roles": ["TERMINATED: 13/45/2024", "LEAD ATTORNEY"]}]
    parsed = parse_docket(kadrey_docket(parties=parties))

    assert [(row.text, row.reason) for row in parsed.unreadable_rows] == [
        ("Joseph R. Saveri for Richard Kadrey", "its termination date “13/45/2024” cannot be read")
    ]
    attorney = parsed.parties[0].attorneys[0]
    assert (attorney.role, attorney.date_terminated) == ("terminated", None)


def test_a_message_page_from_pacer_is_refused():
    html = kadrey_docket().replace("Kadrey et al v. Meta", "Case not found. Kadrey et al v. Meta")

    with pytest.raises(DocketImportError, match="one of PACER's message pages"):
        parse_docket(html)


def test_an_import_that_fails_midway_leaves_nothing_half_written():
    case = CaseFactory(court=CourtFactory(code="cand"), docket_number="3:23-cv-03417-VC", nature_of_suit="")
    plan = plan_import(parse_docket(kadrey_docket()))
    # Someone types in ECF 56 after the plan was made: the entries' insert, the last step, fails.
    FilingFactory(case=case, entry_number=56)

    with pytest.raises(DocketImportError, match="The case changed while this docket was being imported"):
        apply_import(plan, user=None)

    case.refresh_from_db()
    assert case.nature_of_suit == ""  # the case's own update, made first, rolled back too
    assert (Party.objects.count(), Counsel.objects.count(), Filing.objects.count()) == (0, 0, 1)
    assert not AuditEvent.objects.filter(action="docket.import").exists()


def test_dates_are_read_as_dates():
    parsed = parse_docket(kadrey_docket())

    assert parsed.date_filed == datetime.date(2023, 7, 7)
    assert parsed.entries[0].date_filed == datetime.date(2023, 7, 7)
