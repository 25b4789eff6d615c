"""Kadrey v. Meta: the facts the demo loads, as plain data (source: /work/shared/KADREY.md).

Caveats, so nobody mistakes the demo for the docket:
- Docket entry numbers 351, 471 and 598 are the real ECF numbers. Every other entry
  number is illustrative: chosen to increase with the filing date, not taken from the
  docket. Only the three real ones set `"ecf_confirmed": True`; the others' PDFs say so.
- Where the sources give only a month (or less), the day is approximate; the entry's
  `date_note` says so and is shown in the docket text and on the PDF's first page.
- Count numbers 7 and 8 are this demo's numbering of the claims the third amended
  consolidated complaint added, not the complaint's own numbering.
- Firms we know only by name (DiCello Levitt; Cafferty Clobes Meriwether & Sprengel) are
  left out rather than given invented attorneys.
The documents' texts live in kadrey_texts.py (parties' filings) and kadrey_rulings.py.
"""

import datetime

from caselaw.models import AllegationStatus as Status

D = datetime.date

COURT = {
    "code": "cand",
    "name": "United States District Court for the Northern District of California",
    "jurisdiction": "Federal",
}

CASE = {
    "docket_number": "3:23-cv-03417-VC",
    "caption": "Kadrey et al. v. Meta Platforms, Inc.",
    "short_name": "Kadrey v. Meta",
    "judge": "Vince Chhabria",
    "referred_judge": "Thomas S. Hixson",
    "nature_of_suit": "820 Copyright",
    "cause": "17 U.S.C. § 501 Copyright Infringement",
    "date_filed": D(2023, 7, 7),
    "status": "open",
    "related_note": "Consolidated with Chabon et al. v. Meta (filed 2023; case number not confirmed).",
}

COURT_LINES = (
    "United States District Court",
    "Northern District of California",
    "San Francisco Division",
)
CAPTION_PLAINTIFF = "RICHARD KADREY, et al.,"
CAPTION_DEFENDANT = "META PLATFORMS, INC.,"

ORIGINAL_PLAINTIFFS = ["Richard Kadrey", "Sarah Silverman", "Christopher Golden"]
LATER_PLAINTIFFS = [
    "Ta-Nehisi Coates",
    "Junot Díaz",
    "Andrew Sean Greer",
    "David Henry Hwang",
    "Matthew Klam",
    "Laura Lippman",
    "Rachel Louise Snyder",
    "Jacqueline Woodson",
    "Michael Chabon",
]
PLAINTIFFS = ORIGINAL_PLAINTIFFS + LATER_PLAINTIFFS
DEFENDANT = "Meta Platforms, Inc."

# Who filed an entry: a key into the groups the loader builds from the parties above.
ORIGINAL = "original_plaintiffs"
ALL_PLAINTIFFS = "plaintiffs"
META = "defendant"
NO_PARTY = None  # the court itself, or a filer the sources do not name

# (name, firm, side, representation role). A side's counsel represent all of its parties.
COUNSEL = [
    ("Joseph R. Saveri", "Joseph Saveri Law Firm", ALL_PLAINTIFFS, "lead"),
    ("Matthew Butterick", "", ALL_PLAINTIFFS, "attorney"),
    ("David Boies", "Boies Schiller Flexner LLP", ALL_PLAINTIFFS, "attorney"),
    ("Bobby A. Ghajar", "Cooley LLP", META, "lead"),
    ("Kathleen R. Hartnett", "Cooley LLP", META, "attorney"),
]

ALLEGATIONS = [
    (1, "Direct copyright infringement", "17 U.S.C. § 501"),
    (2, "Vicarious copyright infringement", "17 U.S.C. § 501 (vicarious liability)"),
    (3, "Removal of copyright management information (DMCA)", "17 U.S.C. § 1202(b)"),
    (4, "Unfair competition (UCL)", "Cal. Bus. & Prof. Code § 17200"),
    (5, "Unjust enrichment", "California common law (unjust enrichment)"),
    (6, "Negligence", "California common law (negligence)"),
    (7, "Comprehensive Computer Data Access and Fraud Act (CDAFA)", "Cal. Penal Code § 502"),
    # Two citations written out in full so that both statutes are recognised.
    (8, "Copyright infringement by distribution (torrenting)", "17 U.S.C. § 106(3); 17 U.S.C. § 501"),
]

# Text-only docket entries (no document, no number), as about one entry in nine is on a
# real docket; illustrative.
TEXT_ONLY_ENTRIES = [
    {
        "date": D(2023, 7, 10),
        "description": "CLERK'S NOTICE of Impending Reassignment to a U.S. District Judge.",
    },
    {
        "date": D(2023, 11, 9),
        "description": "Minute Entry for proceedings held before Judge Vince Chhabria: Motion Hearing "
        "held on 11/9/2023 re Motion to Dismiss. Motion taken under submission.",
    },
    {
        "date": D(2024, 9, 20),
        "description": "Discovery Hearing held before Magistrate Judge Thomas S. Hixson. (Text-only entry)",
    },
]

# Docket entries in date order. `title` is the document's title; `description` the docket text.
FILINGS = [
    {
        "entry": 1,
        "date": D(2023, 7, 7),
        "kind": "complaint",
        "filed_by": ORIGINAL,
        "title": "Class Action Complaint",
        "description": "Class action complaint against Meta Platforms, Inc. by Richard Kadrey, "
        "Sarah Silverman and Christopher Golden (six counts).",
    },
    {
        "entry": 23,
        "date": D(2023, 9, 18),
        "kind": "motion",
        "filed_by": META,
        "title": "Motion to Dismiss",
        "description": "Meta's motion to dismiss all counts except direct copyright infringement (Count 1).",
    },
    {
        "entry": 56,
        "date": D(2023, 11, 20),
        "kind": "order",
        "filed_by": NO_PARTY,
        "title": "Order Granting Motion to Dismiss",
        "description": "Order granting Meta's motion to dismiss. Counts 2-5 dismissed with leave to "
        "amend; negligence (Count 6) dismissed with prejudice; direct infringement proceeds. "
        "The theory that the LLaMA models are infringing derivative works is rejected.",
    },
    {
        "entry": 64,
        "date": D(2023, 12, 11),
        "kind": "complaint",
        "filed_by": ALL_PLAINTIFFS,
        "title": "First Amended Complaint",
        "description": "First amended complaint, adding plaintiffs.",
        "date_note": "Day approximate: the sources give December 2023.",
    },
    {
        "entry": 145,
        "date": D(2024, 9, 20),
        "kind": "minutes",
        "filed_by": NO_PARTY,
        "title": "Minute Entry: Hearing of September 20, 2024",
        "description": "Minute entry for hearing. The court criticises plaintiffs' counsel; "
        "the discovery schedule is extended.",
    },
    {
        "entry": 330,
        "date": D(2025, 1, 8),
        "kind": "order",
        "filed_by": NO_PARTY,
        "title": "Order Requiring Unredacted Refiling",
        "description": "Order directing that papers filed with redactions be refiled without them.",
        "date_note": "Day approximate: the sources give January 2025.",
    },
    {
        "entry": 340,
        "date": D(2025, 1, 14),
        "kind": "other",
        "filed_by": ALL_PLAINTIFFS,
        "title": "Plaintiffs' Refiled Papers (Unredacted)",
        # Under the stipulated protective order until the court unsealed it (illustrative).
        "designation": "aeo",
        "description": "Plaintiffs' papers refiled without redactions. The unsealed material says "
        "LibGen use was approved after escalation to Meta's CEO; engineers' messages discuss torrenting.",
        "date_note": "Day approximate: the sources give January 2025.",
    },
    {
        "entry": 351,
        "date": D(2025, 1, 17),
        "kind": "order",
        "filed_by": NO_PARTY,
        "title": "Discovery Order (Public Version)",
        "ecf_confirmed": True,
        "description": "Public version of a discovery order.",
    },
    {
        "entry": 362,
        "date": D(2025, 1, 24),
        "kind": "complaint",
        "filed_by": ALL_PLAINTIFFS,
        "title": "Third Amended Consolidated Complaint",
        "description": "Third amended consolidated complaint, filed with leave of court. Adds a CDAFA "
        "claim (Cal. Penal Code § 502) and infringement by distribution through torrenting.",
        "date_note": "Date approximate: the sources say only that leave to file was granted in January 2025.",
    },
    {
        "entry": 395,
        "date": D(2025, 2, 7),
        "kind": "motion",
        "filed_by": META,
        "title": "Motion to Dismiss Third Amended Consolidated Complaint",
        "description": "Meta's motion to dismiss the CDAFA and DMCA claims of the third amended "
        "consolidated complaint.",
        "date_note": "Date approximate: the sources do not date this motion.",
    },
    {
        "entry": 417,
        "date": D(2025, 2, 19),
        "kind": "other",
        "filed_by": ALL_PLAINTIFFS,
        "title": "Plaintiffs' Filing with Unsealed Emails",
        "designation": "confidential",
        "description": "Plaintiffs' filing with unsealed emails: tens of terabytes torrented from "
        "shadow libraries (LibGen, Z-Library, Anna's Archive).",
        "date_note": "Day approximate: the sources give February 2025.",
    },
    {
        "entry": 471,
        "date": D(2025, 3, 7),
        "kind": "order",
        "filed_by": NO_PARTY,
        "title": "Order on Motion to Dismiss Third Amended Consolidated Complaint",
        "ecf_confirmed": True,
        "description": "Order on Meta's motion to dismiss the third amended consolidated complaint: "
        "the CDAFA claim is dismissed; the DMCA claim survives.",
    },
    {
        "entry": 482,
        "date": D(2025, 3, 14),
        "kind": "motion",
        "filed_by": ALL_PLAINTIFFS,
        "title": "Plaintiffs' Motion for Partial Summary Judgment",
        "description": "Plaintiffs' motion for partial summary judgment on fair use.",
        "date_note": "Day approximate: the sources give March 2025.",
    },
    {
        "entry": 489,
        "date": D(2025, 3, 20),
        "kind": "other",
        "filed_by": NO_PARTY,
        "title": "Unredacted Filing on Llama Revenue Sharing",
        "designation": "aeo",
        "description": "Unredacted filing stating that Meta receives a share of revenue from companies "
        "that host Llama models. The filing names no hosts.",
        "date_note": "Day approximate: the sources give March 2025.",
    },
    {
        "entry": 501,
        "date": D(2025, 3, 24),
        "kind": "motion",
        "filed_by": META,
        "title": "Meta's Cross-Motion for Partial Summary Judgment",
        "description": "Meta's cross-motion for partial summary judgment on fair use and on the DMCA claim.",
        "date_note": "Day approximate: the sources give March 2025.",
    },
    {
        "entry": 562,
        "date": D(2025, 5, 1),
        "kind": "minutes",
        "filed_by": NO_PARTY,
        "title": "Minute Entry: Summary Judgment Hearing",
        "description": "Minute entry for hearing on the cross-motions for partial summary judgment.",
    },
    {
        "entry": 598,
        "date": D(2025, 6, 25),
        "kind": "order",
        "filed_by": NO_PARTY,
        "title": "Order Granting Meta's Motion for Partial Summary Judgment",
        "ecf_confirmed": True,
        "description": "Order granting Meta partial summary judgment: on this record, training on these "
        "plaintiffs' books was fair use. The ruling binds only these plaintiffs.",
    },
    {
        "entry": 601,
        "date": D(2025, 6, 27),
        "kind": "order",
        "filed_by": NO_PARTY,
        "title": "Order Granting Summary Judgment on DMCA Claim",
        "description": "Order granting Meta summary judgment on the DMCA claim, 17 U.S.C. § 1202(b)(1).",
    },
    {
        "entry": 608,
        "date": D(2025, 7, 11),
        "kind": "minutes",
        "filed_by": NO_PARTY,
        "title": "Minute Entry: Case Management Conference",
        "description": "Minute entry for case management conference. The distribution (torrenting) "
        "claim proceeds.",
    },
]

# (count, status, entry number of the filing that caused it, note). The date is the filing's.
STATUS_HISTORY = [
    *[(count, Status.PLEADED, 1, "Pleaded in the original complaint.") for count in range(1, 7)],
    (1, Status.SURVIVED, 56, "Not challenged by the motion to dismiss; the count proceeds."),
    (2, Status.DISMISSED_WITH_LEAVE, 56, ""),
    (3, Status.DISMISSED_WITH_LEAVE, 56, ""),
    (4, Status.DISMISSED_WITH_LEAVE, 56, ""),
    (5, Status.DISMISSED_WITH_LEAVE, 56, ""),
    (6, Status.DISMISSED_WITH_PREJUDICE, 56, ""),
    (3, Status.REPLEADED, 362, "Re-pleaded in the third amended consolidated complaint."),
    (7, Status.PLEADED, 362, "Added by the third amended consolidated complaint."),
    (
        8,
        Status.PLEADED,
        362,
        "Added by the third amended consolidated complaint; still live after summary judgment "
        "(case management conference, 2025-07-11).",
    ),
    (3, Status.SURVIVED, 471, "Survived the motion to dismiss the third amended consolidated complaint."),
    (
        7,
        Status.DISMISSED_WITHOUT_LEAVE,
        471,
        "Dismissed by ECF 471. Our sources say only 'dismissed': whether leave to amend was "
        "denied, or the dismissal was with prejudice, is not confirmed.",
    ),
    (
        1,
        Status.SJ_GRANTED,
        598,
        "Partial summary judgment for Meta: on this record, training on these plaintiffs' books "
        "was fair use (17 U.S.C. § 107). Binds only these plaintiffs.",
    ),
    (3, Status.SJ_GRANTED, 601, "Summary judgment for Meta on the § 1202(b)(1) claim."),
]
