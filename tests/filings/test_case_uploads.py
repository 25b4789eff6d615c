"""PDFs dropped on a case file themselves: each lands on the docket entry and attachment its
file name or first page's e-filing stamp names; the rest are listed, never lost or guessed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from fpdf import FPDF

from caselaw import testing_pdfs
from caselaw.models import CaseMembership, Designation
from filings.models import Document
from tests.factories import CaseFactory, DocumentFactory, FilingFactory, MembershipFactory, UserFactory
from tests.pdfs import scanned_page_with_stamp_pdf

pytestmark = pytest.mark.django_db

KADREY_STAMP = "Case 3:23-cv-03417-VC Document {entry} Filed 01/17/25 Page 1 of 12"


@pytest.fixture
def case(db):
    """Kadrey v. Meta as PACER knows it (the conftest's members join this case)."""
    return CaseFactory(short_name="Kadrey v. Meta", docket_number="3:23-cv-03417-VC", pacer_case_id="415175")


@pytest.fixture
def docket(case):
    return {n: FilingFactory(case=case, entry_number=n) for n in (12, 351, 400)}


def stamped_pdf(stamp: str, *, words: str = "ORDER GRANTING IN PART MOTION TO DISMISS") -> bytes:
    """A born-digital filing with the court's header across the top of page 1."""
    pdf = FPDF(format="letter")
    pdf.set_creation_date(testing_pdfs.FIXED_DATE)
    pdf.add_page()
    pdf.set_font("Helvetica", size=8)
    pdf.set_xy(30, 5)
    pdf.cell(0, 4, stamp)
    pdf.set_font("Helvetica", size=11)
    pdf.set_xy(20, 30)
    pdf.multi_cell(0, 6, f"{words}. " + " ".join(testing_pdfs.LEGAL_SENTENCES))
    return bytes(pdf.output())


def pdf(name: str, data: bytes | None = None, *, seed: int = 0) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data or testing_pdfs.text_pdf(1, seed=seed), "application/pdf")


def drop(client, case, *files):
    return client.post(f"/api/v1/cases/{case.pk}/documents/", {"files": list(files)}, format="multipart")


def results(response) -> dict[str, dict]:
    return {row["filename"]: row for row in response.json()["files"]}


def test_recap_named_files_land_on_their_entries(api, paralegal, docket):
    response = drop(
        api(paralegal),
        docket[351].case,
        pdf("gov.uscourts.cand.415175.351.0.pdf", seed=1),
        pdf("gov.uscourts.cand.415175.351.2.pdf", seed=2),
        pdf("N.D.Cal._3_23-cv-03417_12_0.pdf", seed=3),
    )

    assert response.status_code == 201, response.content
    rows = results(response)
    assert rows["gov.uscourts.cand.415175.351.2.pdf"] | {"document": None} == {
        "filename": "gov.uscourts.cand.415175.351.2.pdf",
        "result": "attached",
        "detail": "Filed on ECF 351 as attachment 2 (by its file name).",
        "how": "file name",
        "entry_number": 351,
        "attachment_number": 2,
        "filing": docket[351].pk,
        "document": None,
    }
    assert rows["gov.uscourts.cand.415175.351.2.pdf"]["document"]["status"] == "queued"
    assert sorted(docket[351].documents.values_list("attachment_number", "original_filename")) == [
        (0, "gov.uscourts.cand.415175.351.0.pdf"),
        (2, "gov.uscourts.cand.415175.351.2.pdf"),
    ]
    assert docket[12].documents.get().attachment_number == 0
    assert response.json()["summary"] == "3 filed on their docket entries."


def test_a_file_named_by_nothing_lands_by_its_stamp(api, paralegal, docket):
    stamp = KADREY_STAMP.format(entry="351-3")

    response = drop(api(paralegal), docket[351].case, pdf("scan0001.pdf", stamped_pdf(stamp)))

    assert response.status_code == 201, response.content
    row = results(response)["scan0001.pdf"]
    assert (row["result"], row["how"], row["entry_number"], row["attachment_number"]) == (
        "attached",
        "e-filing stamp",
        351,
        3,
    )
    assert row["detail"] == "Filed on ECF 351 as attachment 3 (by its e-filing stamp)."
    assert docket[351].documents.get().attachment_number == 3


def test_a_scanned_exhibit_lands_by_the_stamp_its_text_layer_keeps(api, paralegal, docket):
    scan = scanned_page_with_stamp_pdf(["EXHIBIT B"], KADREY_STAMP.format(entry="400-2"))

    response = drop(api(paralegal), docket[400].case, pdf("Exhibit B.pdf", scan))

    assert response.status_code == 201, response.content
    assert docket[400].documents.get().attachment_number == 2


def test_the_name_is_read_before_the_stamp(api, paralegal, docket):
    data = stamped_pdf(KADREY_STAMP.format(entry="351"))

    drop(api(paralegal), docket[12].case, pdf("ECF 12 - Notice.pdf", data))

    assert docket[12].documents.count() == 1
    assert not docket[351].documents.exists()


def test_another_cases_stamp_is_refused_with_that_reason(api, paralegal, docket):
    data = stamped_pdf("Case 3:24-cv-01451-VC Document 351 Filed 01/17/25 Page 1 of 12")

    response = drop(api(paralegal), docket[351].case, pdf("order.pdf", data))

    assert response.status_code == 400
    row = results(response)["order.pdf"]
    assert row["result"] == "refused"
    assert row["detail"] == "This PDF's e-filing stamp names case 3:24-cv-01451, not 3:23-cv-03417."
    assert not Document.objects.exists()


def test_another_cases_recap_name_is_refused(api, paralegal, docket):
    response = drop(
        api(paralegal),
        docket[351].case,
        pdf("gov.uscourts.cand.999999.351.0.pdf", seed=1),
        pdf("gov.uscourts.nysd.415175.351.0.pdf", seed=2),
        pdf("N.D.Cal._3_24-cv-01451_351_0.pdf", seed=3),
    )

    assert response.status_code == 400
    details = [row["detail"] for row in response.json()["files"]]
    assert details == [
        "This file's name names PACER case 999999; this case is PACER case 415175.",
        "This file's name says it is from another court (nysd), not cand.",
        "This file's name names case 3:24-cv-01451, not 3:23-cv-03417.",
    ]
    assert not Document.objects.exists()


def test_unmatched_files_are_listed_to_place_by_hand_and_not_stored(api, paralegal, docket):
    response = drop(
        api(paralegal),
        docket[351].case,
        pdf("motion.pdf", seed=4),
        pdf("ECF 999 - Order.pdf", seed=5),
        pdf("appeal.pdf", stamped_pdf("Case: 24-1234 Document: 12 Page: 1 Filed: 01/17/2025")),
        SimpleUploadedFile("notes.pdf", b"just some words\n", "application/pdf"),
    )

    assert response.status_code == 200
    rows = results(response)
    assert {row["result"] for row in rows.values()} == {"unmatched"}
    assert rows["motion.pdf"]["detail"] == (
        "Its file name does not say which docket entry it is, and its first page carries no "
        "e-filing stamp of this case."
    )
    assert rows["appeal.pdf"]["detail"] == rows["motion.pdf"]["detail"]
    assert rows["ECF 999 - Order.pdf"]["detail"] == (
        "Its file name says ECF 999, which is not on this case's docket yet: add the entry (or "
        "import the docket) and drop it again, or place it by hand."
    )
    assert rows["ECF 999 - Order.pdf"]["entry_number"] == 999
    assert rows["notes.pdf"]["detail"].endswith("This is not a PDF: it is a plain text file.")
    assert response.json()["summary"] == "4 to place by hand."
    assert not Document.objects.exists()


def test_a_scan_without_text_says_so(api, paralegal, docket):
    scan = testing_pdfs.scanned_pdf(["A scanned letter"])

    response = drop(api(paralegal), docket[351].case, pdf("letter.pdf", scan))

    assert results(response)["letter.pdf"]["detail"].endswith("has no text to read a stamp from (a scan?).")


def test_a_password_protected_pdf_without_a_name_says_so(api, paralegal, docket):
    response = drop(api(paralegal), docket[351].case, pdf("locked.pdf", testing_pdfs.encrypted_pdf()))

    assert results(response)["locked.pdf"]["result"] == "unmatched"
    assert "cannot be read" in results(response)["locked.pdf"]["detail"]


def test_attached_and_unmatched_in_one_drop(api, paralegal, docket):
    response = drop(api(paralegal), docket[351].case, pdf("ECF 351.pdf", seed=1), pdf("misc.pdf", seed=2))

    assert response.status_code == 201
    assert response.json()["summary"] == "1 filed on its docket entry, 1 to place by hand."


def test_the_same_file_again_is_a_duplicate(api, paralegal, docket):
    data = stamped_pdf(KADREY_STAMP.format(entry="351"))
    first = drop(api(paralegal), docket[351].case, pdf("order.pdf", data))

    again = drop(api(paralegal), docket[351].case, pdf("order (1).pdf", data))
    renamed = drop(api(paralegal), docket[351].case, pdf("ECF 351-4.pdf", data))

    assert again.status_code == renamed.status_code == 409
    document = first.json()["files"][0]["document"]["id"]
    for response in (again, renamed):
        row = response.json()["files"][0]
        assert (row["result"], row["document"]["id"]) == ("duplicate", document)
        assert row["detail"] == "Already on ECF 351 as the main document; not stored again."
    assert docket[351].documents.count() == 1


def test_a_taken_attachment_number_is_left_to_the_user(api, paralegal, docket):
    drop(api(paralegal), docket[351].case, pdf("ECF 351-2.pdf", seed=1))

    response = drop(api(paralegal), docket[351].case, pdf("Dkt. 351-2 corrected.pdf", seed=2))

    assert response.status_code == 200
    row = response.json()["files"][0]
    assert (row["result"], row["detail"]) == (
        "unmatched",
        "ECF 351 already has an attachment 2; place this file by hand.",
    )
    assert docket[351].documents.count() == 1


def test_a_slot_held_by_a_document_above_the_users_clearance_answers_the_same(api, case, docket):
    """A paralegal cleared for public documents only: the AEO attachment 2 stays hidden."""
    user = UserFactory(username="public-paralegal")
    MembershipFactory(user=user, case=case, role=CaseMembership.Role.PARALEGAL, clearance=Designation.PUBLIC)
    upload = pdf("ECF 351-2.pdf", seed=9)
    hidden = DocumentFactory(
        filing=docket[351], attachment_number=2, designation=Designation.AEO, sha256="0" * 64
    )

    row = drop(api(user), case, upload).json()["files"][0]

    assert row["detail"] == "ECF 351 already has an attachment 2; place this file by hand."
    assert row["document"] is None
    assert str(hidden.pk) not in str(row)


def test_a_hidden_case_answers_exactly_like_a_missing_one(api, outsider, docket):
    hidden = drop(api(outsider), docket[351].case, pdf("ECF 351.pdf"))
    missing = api(outsider).post(
        "/api/v1/cases/99999999/documents/", {"files": [pdf("ECF 351.pdf")]}, format="multipart"
    )

    assert hidden.status_code == missing.status_code == 404
    assert hidden.content == missing.content
    assert not Document.objects.exists()


def test_a_viewer_may_not_drop_files(api, viewer, docket):
    response = drop(api(viewer), docket[351].case, pdf("ECF 351.pdf"))

    assert response.status_code == 403
    assert response.json()["detail"] == "Your role in this case is read-only."
    assert not Document.objects.exists()


def test_anonymous_callers_are_turned_away(api, docket):
    assert drop(api(), docket[351].case, pdf("ECF 351.pdf")).status_code in (401, 403)


def test_a_request_without_files_gets_a_clear_400(api, paralegal, case):
    response = api(paralegal).post(f"/api/v1/cases/{case.pk}/documents/", {}, format="multipart")

    assert response.status_code == 400
    assert "files" in response.json()["detail"]


def test_a_file_over_the_limit_is_refused_with_the_sizes(api, paralegal, docket, settings):
    settings.CASELAW_MAX_UPLOAD_BYTES = 1000

    response = drop(api(paralegal), docket[351].case, pdf("ECF 351.pdf", seed=1), pdf("misc.pdf", seed=2))

    assert response.status_code == 413
    assert {row["result"] for row in response.json()["files"]} == {"rejected"}
    assert "the limit is 1000" in response.json()["files"][0]["detail"]
    assert not Document.objects.exists()


def test_a_filed_document_takes_its_entrys_designation(api, paralegal, case):
    sealed = FilingFactory(case=case, entry_number=489, designation=Designation.CONFIDENTIAL)

    drop(api(paralegal), case, pdf("ECF 489.pdf"))

    assert sealed.documents.get().designation == Designation.CONFIDENTIAL


def test_ingest_without_a_filing_files_each_pdf_and_says_where(tmp_path, docket, capsys):
    (tmp_path / "gov.uscourts.cand.415175.351.1.pdf").write_bytes(testing_pdfs.text_pdf(1, seed=1))
    (tmp_path / "scan.pdf").write_bytes(stamped_pdf(KADREY_STAMP.format(entry="12")))
    (tmp_path / "misc.pdf").write_bytes(testing_pdfs.text_pdf(1, seed=2))

    call_command("ingest", str(tmp_path), "--case", "3:23-cv-03417")

    out = capsys.readouterr().out
    assert (
        "gov.uscourts.cand.415175.351.1.pdf: attached — Filed on ECF 351 as attachment 1 (by its file name)."
        in out
    )
    assert "scan.pdf: attached — Filed on ECF 12 as the main document (by its e-filing stamp)." in out
    assert "misc.pdf: unmatched — Its file name does not say" in out
    assert "2 attached, 1 unmatched — Kadrey v. Meta." in out
    assert docket[351].documents.get().attachment_number == 1
