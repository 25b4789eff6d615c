"""Tremblay v. OpenAI: a second, deliberately small demo case for the other side of the wall.

Only the outsider user is a member, so the lawyer and paralegal of Kadrey v. Meta cannot
see it and the outsider cannot see Kadrey. The data stays generic on purpose: entry
number 1 (the complaint) is conventional; the order's entry number is illustrative and
its date approximate.
"""

import datetime

D = datetime.date

CASE = {
    "docket_number": "3:23-cv-03223-AMO",
    "caption": "Tremblay et al. v. OpenAI, Inc.",
    "short_name": "Tremblay v. OpenAI",
    "judge": "Araceli Martínez-Olguín",
    "referred_judge": "",
    "nature_of_suit": "820 Copyright",
    "cause": "",
    "date_filed": D(2023, 6, 28),
    "status": "open",
    "related_note": "",
}

COURT_LINES = ("United States District Court", "Northern District of California")
CAPTION_PLAINTIFF = "PAUL TREMBLAY, et al.,"
CAPTION_DEFENDANT = "OPENAI, INC.,"

PLAINTIFFS = ["Paul Tremblay"]
DEFENDANT = "OpenAI, Inc."

FILINGS = [
    {
        "entry": 1,
        "date": D(2023, 6, 28),
        "kind": "complaint",
        "filed_by": "plaintiffs",
        "title": "Class Action Complaint",
        "description": "Class action complaint.",
    },
    {
        "entry": 104,
        "date": D(2024, 2, 12),
        "kind": "order",
        "filed_by": None,
        "title": "Order on Motion to Dismiss",
        "description": "Order on OpenAI's motion to dismiss.",
        "date_note": "Date approximate.",
    },
]

TEXTS = {
    1: [
        "## Summary",
        "Authors, including Paul Tremblay, bring a putative class action against OpenAI. They "
        "allege that OpenAI used their books without permission to train the large language "
        "models behind ChatGPT.",
        "## Claims",
        "The claims include direct copyright infringement under 17 U.S.C. § 501.",
    ],
    104: [
        "## Summary",
        "The court rules on OpenAI's motion to dismiss. The direct copyright infringement claim "
        "under 17 U.S.C. § 501 was not challenged by the motion and proceeds.",
        "This demo summary does not describe the order's other rulings.",
    ],
}
