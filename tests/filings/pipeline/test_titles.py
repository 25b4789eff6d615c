"""A new document's title comes from its first page's caption (issue #16), on captions as
district courts print them; a page without one leaves the file name."""

import pytest

from filings.pipeline.titles import title_from_page

MOTION = """Case 3:23-cv-03417-VC Document 407 Filed 01/14/25 Page 1 of 30
BOIES SCHILLER FLEXNER LLP
David Boies (pro hac vice)
dboies@bsfllp.com
Attorneys for Individual and Representative Plaintiffs and the Proposed Class
UNITED STATES DISTRICT COURT
NORTHERN DISTRICT OF CALIFORNIA
SAN FRANCISCO DIVISION
RICHARD KADREY, et al.,
Individual and Representative Plaintiffs,
v.
META PLATFORMS, INC.,
Defendant.
Case No. 3:23-cv-03417-VC
PLAINTIFFS' NOTICE OF MOTION AND MOTION
FOR PARTIAL SUMMARY JUDGMENT
Judge: Hon. Vince Chhabria
Date: March 13, 2025
TO ALL PARTIES AND THEIR ATTORNEYS OF RECORD:
PLEASE TAKE NOTICE that on March 13, 2025, at 10:00 a.m., Plaintiffs will move the Court
"""

ORDER = """Case 3:23-cv-03417-VC Document 598 Filed 06/25/25 Page 1 of 40
UNITED STATES DISTRICT COURT
NORTHERN DISTRICT OF CALIFORNIA
RICHARD KADREY, et al.,
Plaintiffs,
v.
META PLATFORMS, INC.,
Defendant.
Case No. 23-cv-03417-VC
ORDER DENYING THE PLAINTIFFS' MOTION FOR PARTIAL SUMMARY JUDGMENT AND GRANTING META'S
CROSS-MOTION FOR PARTIAL SUMMARY JUDGMENT
Re: Dkt. Nos. 482, 501
Meta, a company that is worth trillions of dollars, downloaded the plaintiffs' books
"""

COMPLAINT = """Joseph R. Saveri (State Bar No. 130064)
JOSEPH SAVERI LAW FIRM, LLP
601 California Street, Suite 1000
Counsel for Individual and Representative Plaintiffs and the Proposed Class
UNITED STATES DISTRICT COURT
NORTHERN DISTRICT OF CALIFORNIA
SAN FRANCISCO DIVISION
Richard Kadrey, an individual; Sarah Silverman, an individual;
Plaintiffs,
v.
Meta Platforms, Inc., a Delaware corporation;
Defendant.
Case No.
CLASS ACTION COMPLAINT
DEMAND FOR JURY TRIAL
Plaintiffs Richard Kadrey, Sarah Silverman, and Christopher Golden bring this
"""

LETTER = """Dear Judge Chhabria:
We write on behalf of the parties regarding the schedule for expert discovery.
Respectfully submitted,
"""


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (MOTION, "PLAINTIFFS' NOTICE OF MOTION AND MOTION FOR PARTIAL SUMMARY JUDGMENT"),
        (
            ORDER,
            "ORDER DENYING THE PLAINTIFFS' MOTION FOR PARTIAL SUMMARY JUDGMENT AND GRANTING META'S "
            "CROSS-MOTION FOR PARTIAL SUMMARY JUDGMENT",
        ),
        (COMPLAINT, "CLASS ACTION COMPLAINT DEMAND FOR JURY TRIAL"),
        (LETTER, ""),
        ("", ""),
    ],
    ids=["motion", "order", "complaint", "letter", "empty"],
)
def test_the_caption_title_is_read_from_the_first_page(text, title):
    assert title_from_page(text) == title


def test_a_very_long_title_is_cut_at_a_word_to_fit():
    text = "UNITED STATES DISTRICT COURT\n" + "\n".join(["DECLARATION OF COUNSEL IN SUPPORT OF"] * 20)
    title = title_from_page(text)
    assert len(title) <= 300 and title.endswith("…") and title.startswith("DECLARATION OF COUNSEL")


def caption_pdf(lines: list[str]) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for line in lines:
        pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.add_page()
    pdf.cell(0, 6, "The Court has considered the papers filed in support.", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


CAPTION = ORDER.splitlines()[1:12]


@pytest.mark.django_db(transaction=True)
def test_an_upload_without_a_title_is_named_by_its_caption(case):
    from filings.pipeline.runner import Outcome, process_document
    from tests.factories import FilingFactory
    from tests.helpers import upload

    document = upload(
        FilingFactory(case=case), caption_pdf(CAPTION), name="gov.uscourts.cand.415175.598.0.pdf"
    )
    assert str(document) == "gov.uscourts.cand.415175.598.0.pdf"

    assert process_document(document.pk, token="t") == Outcome.INDEXED

    document.refresh_from_db()
    assert document.title.startswith("ORDER DENYING THE PLAINTIFFS' MOTION FOR PARTIAL SUMMARY JUDGMENT")
    assert str(document) == document.title


@pytest.mark.django_db(transaction=True)
def test_a_title_given_at_upload_is_kept(case):
    from filings.pipeline.runner import process_document
    from tests.factories import FilingFactory
    from tests.helpers import upload

    document = upload(FilingFactory(case=case), caption_pdf(CAPTION), name="order.pdf", title="Order on MSJ")
    process_document(document.pk, token="t")

    document.refresh_from_db()
    assert document.title == "Order on MSJ"
