"""Which docket entry a court PDF belongs to, from its file name or its e-filing stamp.

Pure functions: no database, no files. `entry_from_filename` reads the names RECAP and
PACER downloads carry; `entry_from_stamp` reads the header CM/ECF prints on every page
("Case 3:23-cv-03417-VC Document 351-2 Filed 01/17/25 Page 1 of 12"). Both refuse to
guess: a name or a page that could mean two things gives None, never a likely entry.

File names accepted (the `.pdf` extension, a browser's " (1)" and CourtListener's "_1"
copy suffixes ignored; case-insensitive):

- RECAP archive ("IA style"): `gov.uscourts.cand.415175.351.0.pdf` — court, PACER case
  id, document number, attachment number (0 = the main document).
- RECAP extension ("lawyer style", its default): `N.D.Cal._3_23-cv-03417_351_2.pdf` —
  the court's abbreviation, the docket number (":" saved as "_"), document, attachment.
- A docket number followed by the document number, with or without the court and judge
  initials: `cand-3_23-cv-03417-351.pdf`, `3-23-cv-03417-VC_351_2.pdf`,
  `3:23-cv-03417 ECF 351.pdf`.
- A name that starts with the entry, as paralegals name files: `ECF 351 - Order.pdf`,
  `Dkt. No. 351-2 Ex. B.pdf`, `[ECF No. 351] Opposition.pdf`, `D.E. 351.pdf`,
  `Doc. 351.pdf`, optionally after a date (`2025-01-17 ECF 351 Order.pdf`).

Refused (None): PACER's own download names (`051110381239.pdf`, a PACER document id, not
an entry number; `show_temp.pl`), bare numbers (`351.pdf`: an exhibit number as often as
an entry), a number mentioned later in the name (`Reply ISO ECF 300.pdf` names the motion
it answers, not itself), appellate courts' documents, document number 0 (RECAP's
"unknown"), and an attachment written with a leading zero after a year-like document
number (`…-2024-01.pdf`, a date).

Stamps accepted: district-court headers with "Case" or "Case:", the case number with or
without judge initials, then "Document", "Doc", "Doc #:", "Dkt." or "ECF No." and the
entry ("351", or "351-2" for attachment 2), then "Filed". The "Filed" is required: it
tells the header from a citation in the text ("see Case 3:24-cv-01451, Dkt. 45").
Appellate headers ("Case: 24-1234 Document: 12 Page: 1 Filed: …", "DktEntry: 12") and
bankruptcy headers ("Case 23-10000-ABC Doc 351") carry no district case number and are
not read as district entries.
"""

import re
from dataclasses import dataclass

FILE_NAME = "file name"
STAMP = "e-filing stamp"


@dataclass(frozen=True)
class Match:
    """The docket entry (and attachment, 0 for the main document) a file belongs to, with
    what the file said of its case, for the caller to check against the case it files to."""

    entry_number: int
    attachment_number: int
    how: str  # FILE_NAME or STAMP
    court: str = ""  # a court id ("cand"), when the name says
    pacer_case_id: str = ""  # when the name says
    case_number: str = ""  # a district docket number ("3:23-cv-03417"), when the name says


@dataclass(frozen=True)
class StampMismatch:
    """The first page's e-filing stamp names another case."""

    stamp_case_number: str  # as stamped, without judge initials: "3:24-cv-01451"
    case_number: str  # the case the file was dropped on: "3:23-cv-03417"

    @property
    def message(self) -> str:
        return f"This PDF's e-filing stamp names case {self.stamp_case_number}, not {self.case_number}."


# Docket numbers -----------------------------------------------------------------------

# A district docket number: office, year, kind, sequence ("3:23-cv-03417"). The office
# separator is ":" in print and "_" or "-" in file names, where ":" is not allowed.
_DISTRICT_NUMBER = r"(?:(?P<office>\d{1,2})[:_-])?(?P<year>\d{2})-(?P<kind>[a-z]{2,4})-(?P<seq>\d{1,7})"
_DISTRICT_NUMBER_RE = re.compile(_DISTRICT_NUMBER, re.IGNORECASE)


@dataclass(frozen=True)
class DocketNumber:
    office: str  # "" when not given
    year: str
    kind: str
    sequence: int

    def __str__(self) -> str:
        number = f"{self.year}-{self.kind}-{self.sequence:05d}"
        return f"{self.office}:{number}" if self.office else number

    def same_case(self, other: "DocketNumber") -> bool:
        """Equal, but for an office one side leaves out (some stamps print "23-cv-03417")."""
        if (self.year, self.kind, self.sequence) != (other.year, other.kind, other.sequence):
            return False
        return not (self.office and other.office) or int(self.office) == int(other.office)


def parse_docket_number(text: str) -> DocketNumber | None:
    """A district docket number at the start of `text` ("3:23-cv-03417-VC" → 3:23-cv-03417)."""
    match = _DISTRICT_NUMBER_RE.match((text or "").strip())
    if match is None:
        return None
    return _docket_number(match)


def _docket_number(match: re.Match) -> DocketNumber:
    return DocketNumber(
        office=str(int(match["office"])) if match["office"] else "",
        year=match["year"],
        kind=match["kind"].lower(),
        sequence=int(match["seq"]),
    )


# File names ---------------------------------------------------------------------------

_COPY_SUFFIX = re.compile(r"(?:\s*\(\d{1,3}\))+$")  # "name (1).pdf": a browser's second copy
_PDF_EXTENSION = re.compile(r"\.pdf$", re.IGNORECASE)

_IA_STYLE = re.compile(
    r"^gov\.uscourts\.(?P<court>[a-z0-9]+)\.(?P<pacer_case>\d+)\.(?P<doc>\d+)\.(?P<att>\d+)(?:_\d+)?$",
    re.IGNORECASE,
)
# The RECAP extension's court abbreviations always hold a period ("N.D.Cal.", "D.Del.",
# "9th-Cir.", "Bankr.S.D.N.Y."); the docket number may be "0" when it was not known.
_LAWYER_STYLE = re.compile(
    r"^(?P<court>[A-Za-z][A-Za-z.\-]*\.[A-Za-z.\-]*)_(?P<docket>[^_].*?)_(?P<doc>\d+)_(?P<att>\d+)$"
)
_ENTRY_WORD = r"(?:ecf|dkt|docket(?:\s*entry)?|doc\.|d\.\s?e\.|doc(?:ument)?\s*(?:no\.?|#))"
_ENTRY = rf"{_ENTRY_WORD}\.?[\s_]*(?:no\.?|#)?[\s_]*(?P<doc>\d{{1,6}})(?:-(?P<att>\d{{1,4}}))?"
_DOCKET_THEN_ENTRY = re.compile(
    rf"^(?:(?P<court>[a-z]{{2,5}})[-_\s]+)?{_DISTRICT_NUMBER}(?:-[a-z]{{1,4}})*"
    rf"(?:[-_\s]+{_ENTRY}(?:\b.*)?"  # … ECF 351 (then anything)
    r"|[-_\s]+(?P<bare_doc>\d{1,6})(?:[-_](?P<bare_att>\d{1,4}))?)$",  # … -351 or -351-2, nothing after
    re.IGNORECASE,
)
_ENTRY_FIRST = re.compile(
    rf"^(?:\d{{4}}-\d{{2}}-\d{{2}}[\s_-]+|\d{{8}}[\s_-]+)?[\[(]?\s*{_ENTRY}(?![\da-z])",
    re.IGNORECASE,
)
_APPELLATE_ABBREVIATION = re.compile(r"cir\.?$", re.IGNORECASE)
_APPELLATE_COURT = re.compile(r"^(?:ca\d+|cadc|cafc)$", re.IGNORECASE)  # PACER's ids of courts of appeals
_YEAR = re.compile(r"^(?:19|20)\d{2}$")


def entry_from_filename(name: str) -> Match | None:
    """The entry a file name says the file is, or None when it does not say, or not surely."""
    stem = _stem(name)
    if not stem:
        return None
    for read in (_ia_style, _lawyer_style, _docket_then_entry, _entry_first):
        found = read(stem)
        if found is not None:
            return found if found.entry_number > 0 else None
    return None


def _stem(name: str) -> str:
    name = (name or "").replace("\\", "/").split("/")[-1].strip()
    stem = _PDF_EXTENSION.sub("", name)
    return _COPY_SUFFIX.sub("", stem).strip()


def _looks_like_date(doc: str, att: str | None) -> bool:
    """ "2024-01": a year and a month, not document 2024, attachment 1."""
    return bool(att and _YEAR.match(doc) and att.startswith("0"))


def _ia_style(stem: str) -> Match | None:
    match = _IA_STYLE.match(stem)
    if match is None or _APPELLATE_COURT.match(match["court"]):
        return None
    return Match(
        int(match["doc"]),
        int(match["att"]),
        FILE_NAME,
        court=match["court"].lower(),
        pacer_case_id=match["pacer_case"],
    )


def _lawyer_style(stem: str) -> Match | None:
    match = _LAWYER_STYLE.match(stem)
    if match is None or _APPELLATE_ABBREVIATION.search(match["court"]):
        return None
    docket = match["docket"]
    number = parse_docket_number(docket)
    if number is None and docket != "0":
        return None  # not a docket number: some other name with underscores
    return Match(int(match["doc"]), int(match["att"]), FILE_NAME, case_number=str(number) if number else "")


def _docket_then_entry(stem: str) -> Match | None:
    match = _DOCKET_THEN_ENTRY.match(stem)
    if match is None:
        return None
    doc, att = (match["doc"], match["att"]) if match["doc"] else (match["bare_doc"], match["bare_att"])
    if _looks_like_date(doc, att):
        return None
    return Match(
        int(doc),
        int(att or 0),
        FILE_NAME,
        court=(match["court"] or "").lower(),
        case_number=str(_docket_number(match)),
    )


def _entry_first(stem: str) -> Match | None:
    match = _ENTRY_FIRST.match(stem)
    if match is None or _looks_like_date(match["doc"], match["att"]):
        return None
    return Match(int(match["doc"]), int(match["att"] or 0), FILE_NAME)


# E-filing stamps ----------------------------------------------------------------------

_STAMP = re.compile(
    r"\bCase:?\s*"
    r"(?P<number>(?:\d{1,2}:)?\d{2}-[a-z]{2,4}-\d{1,7})(?:-[a-z0-9]{1,5})*"  # 3:23-cv-03417-VC
    r"[\s,]+"
    r"(?:Document|Doc(?:ument)?\.?\s*(?:#|No\.?)?|Dkt\.?(?:\s*No\.?)?|ECF(?:\s*No\.?)?)\s*:?\s*#?\s*:?\s*"
    r"(?P<doc>\d{1,6})(?:-(?P<att>\d{1,4}))?"  # 351 or 351-2
    r"[\s,]+(?:Date\s+)?Filed\b",
    re.IGNORECASE,
)


def entry_from_stamp(first_page_text: str, case) -> Match | StampMismatch | None:
    """The entry the first page's e-filing stamp names in `case` (anything with a
    `docket_number`); a StampMismatch when the only stamps name another case; None when
    there is no district stamp, or stamps of this case name two different entries (a
    refiled exhibit can carry its old header under the new one)."""
    expected = parse_docket_number(getattr(case, "docket_number", "") or "")
    ours, others = set(), []
    for stamp in _STAMP.finditer(first_page_text or ""):
        number = parse_docket_number(stamp["number"])
        entry = (int(stamp["doc"]), int(stamp["att"] or 0))
        if expected is not None and number.same_case(expected):
            ours.add(entry)
        else:
            others.append(number)
    if len(ours) == 1:
        ((entry_number, attachment_number),) = ours
        return Match(entry_number, attachment_number, STAMP) if entry_number > 0 else None
    if ours or not others:
        return None
    expected_text = str(expected) if expected else (getattr(case, "docket_number", "") or "this case")
    return StampMismatch(str(others[0]), expected_text)
