"""Which entry a court PDF is, from its file name or its first page's e-filing stamp: the
shapes real files carry, and the look-alikes that must not be read as entries."""

from types import SimpleNamespace

import pytest

from caselaw.importers.recap import (
    FILE_NAME,
    STAMP,
    Match,
    StampMismatch,
    entry_from_filename,
    entry_from_stamp,
    parse_docket_number,
)

KADREY = SimpleNamespace(docket_number="3:23-cv-03417-VC")


def entry(match: Match | None) -> tuple[int, int] | None:
    return None if match is None else (match.entry_number, match.attachment_number)


# File names ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, expected",
    [
        # RECAP archive names: court, PACER case id, document, attachment (0 = main)
        ("gov.uscourts.cand.415175.351.0.pdf", (351, 0)),
        ("gov.uscourts.cand.415175.351.2.pdf", (351, 2)),
        ("gov.uscourts.cand.415175.1.0.pdf", (1, 0)),
        ("GOV.USCOURTS.CAND.415175.351.0.PDF", (351, 0)),
        ("gov.uscourts.cand.415175.351.0_1.pdf", (351, 0)),  # CourtListener's second copy
        ("gov.uscourts.cand.415175.351.3 (2).pdf", (351, 3)),  # the browser's third
        ("Downloads/gov.uscourts.nysd.612697.1185.12.pdf", (1185, 12)),
        # The RECAP extension's default ("lawyer style")
        ("N.D.Cal._3_23-cv-03417_351_0.pdf", (351, 0)),
        ("N.D.Cal._3:23-cv-03417-VC_351_2.pdf", (351, 2)),
        ("S.D.N.Y._1_23-cv-11195_1185_12.pdf", (1185, 12)),
        ("D.Del._0_12_0.pdf", (12, 0)),  # docket number unknown to the extension
        # A docket number, then the document number
        ("cand-3_23-cv-03417-351.pdf", (351, 0)),
        ("cand_3-23-cv-03417-VC_351_2.pdf", (351, 2)),
        ("3-23-cv-03417-VC_351_2.pdf", (351, 2)),
        ("3_23-cv-03417 ECF 351.pdf", (351, 0)),
        ("3_23-cv-03417-VC Dkt. No. 351-4 Exhibit D.pdf", (351, 4)),
        # The entry first, as paralegals name files
        ("ECF 351 - Order Granting Motion to Dismiss.pdf", (351, 0)),
        ("ECF No. 351.pdf", (351, 0)),
        ("ECF351.pdf", (351, 0)),
        ("ECF_351_Order.pdf", (351, 0)),
        ("Dkt. 351-2 Ex. B (Declaration of Smith).pdf", (351, 2)),
        ("Dkt No 12.pdf", (12, 0)),
        ("[ECF No. 351] Opposition.pdf", (351, 0)),
        ("(Dkt. 351) Reply.pdf", (351, 0)),
        ("D.E. 351.pdf", (351, 0)),
        ("Doc. 351 Order.pdf", (351, 0)),
        ("Docket Entry 88.pdf", (88, 0)),
        ("2025-01-17 ECF 351 Order.pdf", (351, 0)),
        ("20250117_Dkt_351.pdf", (351, 0)),
    ],
)
def test_it_reads_the_entry_a_name_carries(name, expected):
    match = entry_from_filename(name)

    assert entry(match) == expected
    assert match.how == FILE_NAME


@pytest.mark.parametrize(
    "name, why",
    [
        ("051110381239.pdf", "a PACER document id, not an entry number"),
        ("04503837920.pdf", "an eleven-digit PACER document id"),
        ("show_temp.pl", "what PACER sends when the browser does not name the file"),
        ("351.pdf", "a bare number is an exhibit number as often as an entry"),
        ("Exhibit 351.pdf", "an exhibit's number"),
        ("Reply ISO ECF 300.pdf", "names the motion it answers, not itself"),
        ("Opposition to Motion (Dkt. 300).pdf", "the same, in brackets"),
        ("Doc1.pdf", "Word's default name"),
        ("Document 1.pdf", "a scanner's default name"),
        ("Docket 2024-01-17.pdf", "a date"),
        ("cand-3_23-cv-03417-2024-01.pdf", "a docket number and a month"),
        ("3_23-cv-03417-2025-01-17.pdf", "a docket number and a date"),
        ("3_23-cv-03417.pdf", "the case but no entry"),
        ("gov.uscourts.cand.415175.0.0.pdf", "document 0 is RECAP's unknown"),
        ("gov.uscourts.ca9.12345.12.0.pdf", "a court of appeals' docket"),
        ("gov.uscourts.cand.415175.docket.html", "RECAP's docket, not a document"),
        ("9th-Cir._24-1234_12_0.pdf", "a court of appeals, lawyer style"),
        ("Bankr.S.D.N.Y._23-10000_12_0.pdf", "a bankruptcy docket number"),
        ("Smith.Jones_notes_12_3.pdf", "underscores and numbers, no docket number"),
        ("IMG_2024_01.pdf", "a phone's photo"),
        ("scan_0001.pdf", "a scanner's counter"),
        ("ECF 3510x.pdf", "the number runs into letters"),
        ("Page 351 of 400.pdf", "a page number"),
        ("", "no name"),
        (".pdf", "no name at all"),
    ],
)
def test_it_refuses_to_guess(name, why):
    assert entry_from_filename(name) is None, why


def test_a_recap_name_says_its_court_and_pacer_case():
    match = entry_from_filename("gov.uscourts.cand.415175.351.0.pdf")

    assert (match.court, match.pacer_case_id) == ("cand", "415175")


def test_a_name_with_a_docket_number_says_it_without_judge_initials():
    assert entry_from_filename("N.D.Cal._3_23-cv-3417-VC_351_0.pdf").case_number == "3:23-cv-03417"
    assert entry_from_filename("cand-3_23-cv-03417-351.pdf").court == "cand"
    assert entry_from_filename("ECF 351.pdf").case_number == ""


# E-filing stamps ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Case 3:23-cv-03417-VC Document 351 Filed 01/17/25 Page 1 of 12", (351, 0)),
        ("Case 3:23-cv-03417-VC Document 351-2 Filed 01/17/25 Page 1 of 3", (351, 2)),
        ("Case 3:23-cv-03417 Document 351 Filed 01/17/25 Page 1 of 12", (351, 0)),
        ("Case: 3:23-cv-03417 Doc #: 351 Filed: 01/17/25 1 of 12. PageID #: 4410", (351, 0)),
        ("Case 3:23-cv-03417-VC Dkt. 351 Filed 01/17/25 Page 1 of 12", (351, 0)),
        ("Case 3:23-cv-03417-VC-TSH Document 88-14 Filed 06/02/24 Page 1 of 2", (88, 14)),
        ("Case 3:23-cv-3417-VC Document 351 Filed 01/17/25", (351, 0)),  # no zero padding
        ("Case 23-cv-03417 Document 351 Filed 01/17/25", (351, 0)),  # no office
        ("CASE 3:23-CV-03417-VC DOCUMENT 351 FILED 01/17/25", (351, 0)),
        ("Case 3:23-cv-03417-VC\nDocument 351\nFiled 01/17/25\nPage 1 of 2", (351, 0)),  # one line per word
        # The stamp after the body, where pdfium puts text a stamp added last
        (
            "UNITED STATES DISTRICT COURT\nORDER\n"
            "Case 3:23-cv-03417-VC Document 351 Filed 01/17/25 Page 1 of 12",
            (351, 0),
        ),
        # Page numbers and dates around the stamp are not entries
        ("Case 3:23-cv-03417-VC Document 12 Filed 03/51/24 Page 351 of 400", (12, 0)),
    ],
)
def test_it_reads_the_entry_from_the_stamp(text, expected):
    match = entry_from_stamp(text, KADREY)

    assert entry(match) == expected
    assert match.how == STAMP


def test_another_cases_stamp_is_a_mismatch_with_a_message():
    found = entry_from_stamp("Case 3:24-cv-01451-VC Document 12 Filed 01/17/25 Page 1 of 12", KADREY)

    assert isinstance(found, StampMismatch)
    assert found.message == "This PDF's e-filing stamp names case 3:24-cv-01451, not 3:23-cv-03417."


def test_a_stamp_of_another_office_is_another_case():
    found = entry_from_stamp("Case 4:23-cv-03417-JST Document 5 Filed 01/17/25 Page 1 of 2", KADREY)

    assert isinstance(found, StampMismatch)


def test_this_cases_stamp_wins_over_an_old_header_of_another_case():
    """A related case's order refiled here carries its old header and our new one."""
    text = (
        "Case 3:23-cv-03417-VC Document 400-1 Filed 02/01/25 Page 1 of 9\n"
        "Case 3:24-cv-01451-VC Document 12 Filed 01/17/25 Page 1 of 9"
    )

    assert entry(entry_from_stamp(text, KADREY)) == (400, 1)


def test_two_entries_of_this_case_on_one_page_are_not_guessed():
    text = (
        "Case 3:23-cv-03417-VC Document 400-1 Filed 02/01/25 Page 1 of 9\n"
        "Case 3:23-cv-03417-VC Document 351 Filed 01/17/25 Page 1 of 9"
    )

    assert entry_from_stamp(text, KADREY) is None


def test_the_same_stamp_twice_is_one_entry():
    stamp = "Case 3:23-cv-03417-VC Document 351 Filed 01/17/25 Page 1 of 9"

    assert entry(entry_from_stamp(f"{stamp}\n{stamp}", KADREY)) == (351, 0)


@pytest.mark.parametrize(
    "text, why",
    [
        ("Case: 24-1234 Document: 12 Page: 1 Filed: 01/17/2025", "a court of appeals' header"),
        ("Case: 24-1234, 01/17/2025, DktEntry: 12.1, Page 1 of 20", "the Ninth Circuit's header"),
        ("Case 23-10000-ABC Doc 351 Filed 01/17/25 Entered 01/17/25 12:00:00", "a bankruptcy court's"),
        ("See Case 3:24-cv-01451, Dkt. 45 at 3; Kadrey, ECF 351.", "citations in the text"),
        ("Case 3:23-cv-03417-VC Document 351", "no Filed: a citation, not a header"),
        ("Page 351 of 400", "a page number"),
        ("Filed 01/17/25 Page 1 of 12", "a stamp without its case and entry"),
        ("", "no text layer"),
        ("Case 3:23-cv-03417-VC Document 0 Filed 01/17/25", "entry 0"),
    ],
)
def test_no_district_stamp_is_no_match(text, why):
    assert entry_from_stamp(text, KADREY) is None, why


def test_an_appellate_header_above_the_district_one_is_passed_over():
    """A court of appeals' order filed in the district court carries both."""
    text = (
        "Case: 24-1234, 01/17/2025, DktEntry: 12.1, Page 1 of 20\n"
        "Case 3:23-cv-03417-VC Document 480 Filed 01/21/25 Page 1 of 20"
    )

    assert entry(entry_from_stamp(text, KADREY)) == (480, 0)


def test_docket_numbers_are_one_case_however_written():
    kadrey = parse_docket_number("3:23-cv-03417-VC")

    assert str(kadrey) == "3:23-cv-03417"
    assert kadrey.same_case(parse_docket_number("3_23-CV-3417"))
    assert kadrey.same_case(parse_docket_number("23-cv-03417"))
    assert not kadrey.same_case(parse_docket_number("4:23-cv-03417"))
    assert not kadrey.same_case(parse_docket_number("3:23-cr-03417"))
    assert parse_docket_number("24-1234") is None
