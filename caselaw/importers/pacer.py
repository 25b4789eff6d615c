"""Reading a PACER district-court docket report (the HTML a paralegal saves from PACER's
"Docket Report" page) with juriscraper's DocketReport.

Our own parsing is limited to what juriscraper does not do: telling a docket from any other
page, finding the court, refusing truncated files, and setting aside the rows whose date
cannot be read (juriscraper would guess them with dateutil, or stop), so they are reported
rather than guessed.
"""

import datetime
import logging
import os
import re
from collections import Counter
from dataclasses import dataclass, field

# juriscraper opens /var/log/juriscraper/debug.log when imported and prints a warning when
# it cannot; its log goes nowhere unless configured (our LOGGING still sees its records).
os.environ.setdefault("JURISCRAPER_LOG", os.devnull)

from juriscraper.pacer import DocketReport  # noqa: E402

from caselaw.importers import docket_fields  # noqa: E402
from caselaw.importers.courts import clean_court_hint, court_from_page, court_name  # noqa: E402
from caselaw.importers.errors import DocketImportError  # noqa: E402, F401  (imported from here too)

logger = logging.getLogger(__name__)


@dataclass
class ParsedAttorney:
    name: str
    firm: str
    address: str = ""
    phone: str = ""
    fax: str = ""
    email: str = ""
    roles: list[str] = field(default_factory=list)
    role: str = "attorney"
    date_terminated: datetime.date | None = None


@dataclass
class ParsedParty:
    name: str
    docket_type: str
    role: str
    kind: str
    extra_info: str = ""
    date_terminated: datetime.date | None = None
    attorneys: list[ParsedAttorney] = field(default_factory=list)


@dataclass
class ParsedEntry:
    position: int  # row on the docket, 1 the first (unreadable rows keep their places)
    number: int | None
    date_filed: datetime.date
    date_entered: datetime.date | None
    description: str
    pacer_doc_id: str
    pacer_seq_no: int | None
    kind: str

    @property
    def label(self) -> str:
        if self.number is not None:
            return f"ECF {self.number}"
        return f"Entry of {self.date_filed:%m/%d/%Y} (no number)"


@dataclass
class UnreadableRow:
    position: int | None
    text: str
    reason: str


@dataclass
class ParsedDocket:
    court_id: str
    court_name: str
    docket_number: str  # as on the docket's heading, e.g. 3:23-cv-03417-VC
    case_name: str
    judge: str = ""
    referred_judge: str = ""
    cause: str = ""
    nature_of_suit: str = ""
    jury_demand: str = ""
    jurisdiction: str = ""
    date_filed: datetime.date | None = None
    date_terminated: datetime.date | None = None
    pacer_case_id: str = ""
    parties: list[ParsedParty] = field(default_factory=list)
    entries: list[ParsedEntry] = field(default_factory=list)
    unreadable_rows: list[UnreadableRow] = field(default_factory=list)


NOT_A_DOCKET = "This file is not a PACER docket report"
SAVE_AGAIN = "Open the case's Docket Report in PACER and save that page (HTML)."
HEADING = re.compile(r"DOCKET\s+FOR\s+CASE\s*#:\s*([0-9A-Za-z:.\-]+)", re.IGNORECASE)
PACER_CASE_ID = re.compile(r"goDLS\('/doc1/\d+',\s*'(\d+)'")
NO_ENTRIES = re.compile(r"none\s+satisfy\s+the\s+selection\s+criteria|There\s+are\s+no\s+documents", re.I)
PAGE_END = re.compile(r"</(?:html|body)\s*>", re.IGNORECASE)


def parse_docket(html: str | bytes, *, court_hint: str = "") -> ParsedDocket:
    """Read a saved PACER docket report. Raises DocketImportError for anything that is not
    a complete docket report; rows whose date cannot be read are listed, not guessed."""
    text = decode(html)
    refuse_other_pages(text)
    court_id = court_from_page(text) or clean_court_hint(court_hint)
    if not court_id:
        raise DocketImportError(
            "This docket report does not say which court it is from (its web address and heading "
            "were removed). Give the court's PACER id, e.g. cand for the Northern District of California."
        )
    report = DocketReport(court_id)
    try:
        report._parse_text(text)  # juriscraper's entry point for text that did not come from PACER
    except Exception as error:  # lxml's and juriscraper's own failures on broken markup
        logger.info("juriscraper could not read a docket: %r", error)
        raise DocketImportError(f"{NOT_A_DOCKET}, or it is damaged: its web page cannot be read.") from None
    if not report.is_valid:
        raise DocketImportError(
            f"{NOT_A_DOCKET}: it is one of PACER's message pages (an error, a notice or a price "
            f"confirmation). {SAVE_AGAIN}"
        )
    unreadable, positions = set_aside_unreadable_rows(report)
    try:
        metadata, parties, entries = report.metadata, report.parties, report.docket_entries
    except Exception as error:
        logger.info("juriscraper could not read a docket: %r", error)
        raise DocketImportError(
            "This docket report's layout could not be read (it may have been edited or saved "
            f"incompletely). {SAVE_AGAIN}"
        ) from None
    if not metadata.get("docket_number"):
        raise DocketImportError(f"{NOT_A_DOCKET}: it has no case number. {SAVE_AGAIN}")
    if len(positions) != len(entries):  # a layout we did not foresee: number rows as they come
        positions = list(range(1, len(entries) + 1))
    parsed = ParsedDocket(
        court_id=court_id,
        court_name=court_name(court_id),
        docket_number=heading_number(text) or metadata["docket_number"],
        case_name=(metadata.get("case_name") or "")[:300],
        judge=(metadata.get("assigned_to_str") or "")[:120],
        referred_judge=(metadata.get("referred_to_str") or "")[:120],
        cause=(metadata.get("cause") or "")[:200],
        nature_of_suit=(metadata.get("nature_of_suit") or "")[:120],
        jury_demand=(metadata.get("jury_demand") or "")[:60],
        jurisdiction=(metadata.get("jurisdiction") or "")[:100],
        date_filed=metadata.get("date_filed"),
        date_terminated=metadata.get("date_terminated"),
        pacer_case_id=pacer_case_id(text),
        unreadable_rows=unreadable,
    )
    parsed.parties = read_parties(parties, parsed.unreadable_rows)
    parsed.entries = read_entries(entries, positions, parsed.unreadable_rows)
    return parsed


def decode(html: str | bytes) -> str:
    if isinstance(html, bytes):
        if not html.strip():
            raise DocketImportError("This file is empty.")
        head = html[:4096]
        if b"\x00" in head or head.lstrip().startswith(b"%PDF"):
            raise DocketImportError(f"{NOT_A_DOCKET}: it is not a web page (HTML). {SAVE_AGAIN}")
        try:
            html = html.decode("utf-8")
        except UnicodeDecodeError:
            html = html.decode("cp1252", errors="replace")  # what PACER's older pages use
    if not html.strip():
        raise DocketImportError("This file is empty.")
    if "\x00" in html:
        raise DocketImportError(f"{NOT_A_DOCKET}: it is not a web page (HTML). {SAVE_AGAIN}")
    return html


def refuse_other_pages(text: str) -> None:
    """Everything that is not a whole docket report, told apart before juriscraper reads it."""
    if "<" not in text[:4096] or not re.search(r"<(html|body|table|h3)\b", text, re.I):
        raise DocketImportError(f"{NOT_A_DOCKET}: it is not a web page (HTML). {SAVE_AGAIN}")
    if re.search(r"<input[^>]+type\s*=\s*[\"']?password", text, re.I):
        raise DocketImportError(
            f"{NOT_A_DOCKET}: it is PACER's login page. Log in to PACER first, then {SAVE_AGAIN[0].lower()}"
            f"{SAVE_AGAIN[1:]}"
        )
    if not HEADING.search(text):
        what = (
            "a list of search results"
            if re.search(r"iquery|search\s+results|case\s+search", text, re.I)
            else ""
        )
        raise DocketImportError(
            f"{NOT_A_DOCKET}: {('it is ' + what + ', and it') if what else 'it'} has no “Docket for case #” "
            f"heading. {SAVE_AGAIN}"
        )
    if not PAGE_END.search(text[-4000:]):
        raise DocketImportError(
            "This docket report is incomplete: the file stops before the end of the page (was the "
            f"download or save interrupted?). {SAVE_AGAIN}"
        )
    if "Docket Text" not in text and not NO_ENTRIES.search(text):
        raise DocketImportError(f"{NOT_A_DOCKET}: it has no docket entries table. {SAVE_AGAIN}")


def heading_number(text: str) -> str:
    match = HEADING.search(text)
    return match.group(1)[:60] if match else ""


def pacer_case_id(text: str) -> str:
    ids = Counter(PACER_CASE_ID.findall(text))
    return ids.most_common(1)[0][0] if ids else ""


def set_aside_unreadable_rows(report: DocketReport) -> tuple[list[UnreadableRow], list[int]]:
    """Remove from the tree the entry rows juriscraper would guess at or drop silently (a
    date that is not a date, no date, a number that is not a number), reporting each; return
    them with the docket positions of the rows kept."""
    rows = report._get_docket_entry_rows()[1:]  # the first row is the table's heading
    multi_documents = bool(report.tree.xpath("//form[@name='view_multi_docs']"))
    unreadable, kept, position = [], [], 0
    for row in rows:
        cells = row.xpath("./td[not(./input)]")
        if not cells:
            continue
        if len(cells) == 4:
            del cells[1]
        date_text = " ".join(cells[0].text_content().split())
        if not date_text and multi_documents:
            continue  # an attachment row of a "view multiple documents" report
        position += 1
        row_text = " ".join(row.text_content().split())[:300]
        number_text = " ".join(cells[1].text_content().split()) if len(cells) > 1 else ""
        reason = ""
        if len(cells) < 3:
            reason = "it does not have the date, number and text columns of a docket entry"
        elif not date_text:
            reason = "it has no date"
        elif docket_fields.us_date(date_text) is None:
            reason = f"its date “{date_text[:40]}” cannot be read"
        elif number_text and not number_text.split()[0].isdigit():
            reason = f"its number “{number_text[:20]}” is not a docket number"
        if reason:
            unreadable.append(UnreadableRow(position=position, text=row_text, reason=reason))
            row.getparent().remove(row)
        else:
            kept.append(position)
    return unreadable, kept


def read_parties(parties: list[dict], unreadable: list[UnreadableRow]) -> list[ParsedParty]:
    result = []
    for party in parties:
        name = docket_fields.clean_name(party.get("name") or "")[:200]
        if not name:
            continue
        docket_type = " ".join((party.get("type") or "").split())[:100]
        attorneys = []
        for attorney in party.get("attorneys") or []:
            attorney_name = docket_fields.clean_name(attorney.get("name") or "")[:200]
            if not attorney_name:
                continue
            roles = [" ".join(r.split()) for r in attorney.get("roles") or []]
            role, terminated, problem = docket_fields.representation_role(roles)
            if problem:
                unreadable.append(UnreadableRow(None, f"{attorney_name} for {name}", problem))
            contact = docket_fields.parse_contact(attorney.get("contact") or "")
            attorneys.append(
                ParsedAttorney(
                    name=attorney_name, roles=roles, role=role, date_terminated=terminated, **contact
                )
            )
        result.append(
            ParsedParty(
                name=name,
                docket_type=docket_type,
                role=docket_fields.role_from_type(docket_type),
                kind=docket_fields.party_kind(name),
                extra_info=(party.get("extra_info") or "").strip(),
                date_terminated=party.get("date_terminated"),
                attorneys=attorneys,
            )
        )
    return result


def read_entries(
    entries: list[dict], positions: list[int], unreadable: list[UnreadableRow]
) -> list[ParsedEntry]:
    result, seen_numbers = [], set()
    for entry, position in zip(entries, positions, strict=True):
        number = int(entry["document_number"]) if entry.get("document_number") else None
        description = (entry.get("description") or "").strip()
        if number is not None and number in seen_numbers:
            unreadable.append(UnreadableRow(position, description[:300], f"number {number} appears twice"))
            continue
        seen_numbers.add(number)
        seq = entry.get("pacer_seq_no")
        result.append(
            ParsedEntry(
                position=position,
                number=number,
                date_filed=entry["date_filed"],
                date_entered=entry.get("date_entered"),
                description=description,
                pacer_doc_id=(entry.get("pacer_doc_id") or "")[:32],
                pacer_seq_no=int(seq) if seq and str(seq).isdigit() else None,
                kind=docket_fields.kind_from_description(description),
            )
        )
    return result
