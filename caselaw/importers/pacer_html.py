"""Docket reports in PACER's HTML, made from data: for the demo (Kadrey's docket is built
through the importer from one), tests and the benchmark. The markup follows what CM/ECF
district courts serve (see tests/fixtures/pacer/), so juriscraper reads it as it reads theirs.

    docket_html(
        {"court": "cand", "docket_number": "3:23-cv-03417-VC", "date_filed": date(2023, 7, 7),
         "case_name": "Kadrey et al v. Meta Platforms, Inc.", "judge": "Hon. Vince Chhabria", ...},
        [{"name": "Richard Kadrey", "type": "Plaintiff", "extra_info": "", "date_terminated": None,
          "attorneys": [{"name": …, "firm": …, "address": "…\n…", "phone": …, "fax": …,
                         "email": …, "roles": ["LEAD ATTORNEY", "ATTORNEY TO BE NOTICED"]}]}],
        [{"date_filed": date(2023, 7, 7), "number": 1, "description": "COMPLAINT …",
          "date_entered": date(2023, 7, 7), "pacer_seq_no": 1, "pacer_doc_id": "035…"},
         {"date_filed": date(2023, 7, 10), "number": None, "description": "CLERK'S NOTICE …"}],
    )

`number: None` makes a numberless (text-only) entry.

Dates may be `datetime.date`s or text (text is written as it is, so tests can write a
date that cannot be read).
"""

import datetime
from html import escape

COURT_HEADINGS = {
    "cand": "California Northern District (San Francisco)",
    "nysd": "Southern District of New York (Foley Square)",
    "mad": "District of Massachusetts (Boston)",
}


def pacer_date(value) -> str:
    if isinstance(value, datetime.date):
        return f"{value:%m/%d/%Y}"
    return str(value or "")


def docket_html(case_fields: dict, parties: list[dict], entries: list[dict]) -> str:
    court = case_fields.get("court", "cand")
    pacer_case_id = str(case_fields.get("pacer_case_id", "415175"))
    parts = [
        head(court, case_fields),
        case_table(case_fields),
        parties_table(parties),
        entries_table(court, pacer_case_id, entries),
        receipt(case_fields),
    ]
    return "\n".join(parts)


def head(court: str, fields: dict) -> str:
    heading = fields.get("court_heading") or COURT_HEADINGS.get(court, "")
    kind = "CRIMINAL" if "-cr-" in fields["docket_number"] else "CIVIL"
    flags = ",".join(f"<SPAN >{escape(flag)}</SPAN>" for flag in fields.get("flags", ["E-Filing"]))
    return (
        f"<html><head><title>{escape(court.upper())}-ECF</title></head>\n"
        '<body BGCOLOR=CCFFFF TEXT=000000 ><div id="cmecfMainContent">\n'
        f'<table border=0 cellspacing=0 width="100%"><tr><td align=right>{flags}</td></tr></table>\n'
        f"<h3 align=center>U.S. District Court<BR>\n{escape(heading)}<BR>\n"
        f"{kind} DOCKET FOR CASE #: {escape(fields['docket_number'])}</h3>"
    )


def case_table(fields: dict) -> str:
    left = [escape(fields["case_name"])]
    if fields.get("judge"):
        left.append(f"Assigned to: {escape(fields['judge'])}")
    if fields.get("referred_judge"):
        left.append(f"Referred to: {escape(fields['referred_judge'])}")
    if fields.get("cause"):
        left.append(f"Cause: {escape(fields['cause'])}")
    right = [f"Date Filed: {pacer_date(fields.get('date_filed'))}"]
    if fields.get("date_terminated"):
        right.append(f"Date Terminated: {pacer_date(fields['date_terminated'])}")
    for label, key in (("Jury Demand", "jury_demand"), ("Nature of Suit", "nature_of_suit")):
        if fields.get(key):
            right.append(f"{label}: {escape(fields[key])}")
    right.append(f"Jurisdiction: {escape(fields.get('jurisdiction') or 'Federal Question')}")
    newline = "<br>\n"
    return (
        "<TABLE width='100%' border=0 CELLSPACING=5><tr>\n"
        f'<td valign=top width="60%"><br>{newline.join(left)}</td>\n'
        f'<td valign=top width="40%"><br>{newline.join(right)}</td>\n'
        "</tr></table>"
    )


def parties_table(parties: list[dict]) -> str:
    rows = []
    current_type = None
    for party in parties:
        # PACER heads every party with its type ("Plaintiff" above each plaintiff), and
        # juriscraper reads a party's type from the heading just above it.
        party_type = party.get("type", "Plaintiff")
        if current_type is not None and party_type != current_type:
            rows.append("<tr><td valign=top><br>V.<br></td></tr>")
        current_type = party_type
        rows.append(f"<tr><td><b><u>{escape(party_type)}</u></b></td></tr>")
        rows.append(party_row(party))
    return '<table width="100%" border=0 cellspacing=5>\n' + "\n".join(rows) + "\n</table>"


def party_row(party: dict) -> str:
    name = f"<B>{escape(party['name'])}</B>"
    notes = []
    if party.get("extra_info"):
        notes.append(escape(party["extra_info"]))
    if party.get("date_terminated"):
        notes.append(f"TERMINATED: {pacer_date(party['date_terminated'])}")
    if notes:
        name += " <br><I>" + "<br>".join(notes) + "</I>"
    attorneys = "<br><br>\n".join(attorney_block(a) for a in party.get("attorneys", []))
    represented = (
        '<td valign=top width="20%" align=right>represented&nbsp;by</td>' if attorneys else "<td></td>"
    )
    return (
        f'<tr><td valign=top width="40%">{name}</td>\n{represented}'
        f'<td valign=top width="40%">{attorneys}</td></tr><tr><td></td></tr>'
    )


def attorney_block(attorney: dict) -> str:
    lines = [f"<B>{escape(attorney['name'])}</B>"]
    address = attorney.get("address") or []
    if isinstance(address, str):
        address = address.splitlines()
    contact = [attorney.get("firm", ""), *address, attorney.get("phone", "")]
    if attorney.get("fax"):
        contact.append(f"Fax: {attorney['fax']}")
    if attorney.get("email"):
        contact.append(f"Email: {attorney['email']}")
    lines += [escape(line) for line in contact if line]
    lines += [f"<I>{escape(role)}</I>" for role in attorney.get("roles", ["ATTORNEY TO BE NOTICED"])]
    return "\n<BR>".join(lines)


def entries_table(court: str, pacer_case_id: str, entries: list[dict]) -> str:
    rows = [
        "<br><table align=center width='99%' border=1 rules=all cellpadding=5 cellspacing=0>",
        "<tr><td style='font-weight:bold; width=94; white-space:nowrap'>Date Filed</td>",
        "<th>#</th><td style='font-weight:bold'>Docket Text</td></tr>",
    ]
    for entry in entries:
        rows.append(entry_row(court, pacer_case_id, entry))
    rows.append("</table><br>")
    return "\n".join(rows)


def entry_row(court: str, pacer_case_id: str, entry: dict) -> str:
    number = entry.get("number")
    description = escape(entry.get("description", ""))
    if entry.get("date_entered") and "(Entered:" not in description:
        description += f" (Entered: {pacer_date(entry['date_entered'])})"
    cell = "&nbsp;"
    if number is not None:
        doc_id = entry.get("pacer_doc_id") or f"035{int(pacer_case_id) % 1000:03d}{int(number):05d}"
        seq = entry.get("pacer_seq_no") or ""
        cell = (
            f'<a href="https://ecf.{court}.uscourts.gov/doc1/{doc_id}" '
            f"onClick=\"goDLS('/doc1/{doc_id}','{pacer_case_id}','{seq}','','1','1','','');return(false);\">"
            f"{number}</a>&nbsp;"
        )
    return (
        f"<tr><td width='94' valign=top nowrap>{escape(pacer_date(entry.get('date_filed')))}</td>"
        f"<td style='white-space:nowrap' valign='top' align='right'>{cell}</td>"
        f"<td valign=top>{description}</td></tr>"
    )


def receipt(fields: dict) -> str:
    return (
        '<HR><CENTER><TABLE BORDER=1 BGCOLOR=white width="400"><TR><TH COLSPAN=4>'
        "<FONT SIZE=+1 COLOR=DARKRED>PACER Service Center </FONT></TH></TR>"
        "<TR><TH COLSPAN=4><FONT COLOR=DARKBLUE>Transaction Receipt </FONT></TH></TR>"
        "<TR><TH ALIGN=LEFT> Description: </TH><TD ALIGN=LEFT> Docket Report </TD>"
        f"<TH ALIGN=LEFT> Search Criteria: </TH><TD ALIGN=LEFT> {escape(fields['docket_number'])} </TD></TR>"
        "</TABLE></CENTER></HR></div></body></html>\n"
    )


SYNTHETIC_TEXTS = [
    "MOTION to Dismiss for Failure to State a Claim filed by Meta Platforms, Inc.",
    "ORDER granting in part and denying in part Motion to Dismiss. Signed by Judge Vince Chhabria.",
    "Declaration of Counsel in Support of Motion for Summary Judgment filed by Richard Kadrey.",
    "RESPONSE in Opposition re Motion to Compel filed by Meta Platforms, Inc.",
    "STIPULATION AND [PROPOSED] ORDER re Discovery Schedule filed by Richard Kadrey.",
    "NOTICE of Appearance by Counsel on behalf of Meta Platforms, Inc.",
    "Transcript of Proceedings held on 9/20/2024, before Judge Vince Chhabria.",
    "REPLY in Support of Motion for Summary Judgment filed by Meta Platforms, Inc.",
]


def synthetic_docket(entry_count: int, *, numberless_every: int = 9, start=datetime.date(2023, 7, 7)) -> str:
    """A docket of `entry_count` entries (one in `numberless_every` without a number, as on
    real dockets), two parties and their counsel: for the benchmark and the scale test."""
    fields = {
        "court": "cand",
        "docket_number": "3:23-cv-09999-VC",
        "case_name": "Sample et al v. Example Platforms, Inc.",
        "judge": "Hon. Vince Chhabria",
        "cause": "17:501 Copyright Infringement",
        "nature_of_suit": "820 Copyright",
        "jury_demand": "Plaintiff",
        "date_filed": start,
        "pacer_case_id": "499999",
    }
    parties = [
        {
            "name": "Richard Sample",
            "type": "Plaintiff",
            "attorneys": [
                {
                    "name": "Joseph R. Saveri",
                    "firm": "Joseph Saveri Law Firm, LLP",
                    "address": "601 California Street, Suite 1505\nSan Francisco, CA 94108",
                    "phone": "(415) 500-6800",
                    "email": "jsaveri@saverilawfirm.com",
                    "roles": ["LEAD ATTORNEY", "ATTORNEY TO BE NOTICED"],
                }
            ],
        },
        {
            "name": "Example Platforms, Inc.",
            "type": "Defendant",
            "attorneys": [
                {
                    "name": "Kathleen R. Hartnett",
                    "firm": "Cooley LLP",
                    "address": "3 Embarcadero Center, 20th Floor\nSan Francisco, CA 94111",
                    "phone": "(415) 693-2000",
                    "email": "khartnett@cooley.com",
                    "roles": ["LEAD ATTORNEY", "ATTORNEY TO BE NOTICED"],
                }
            ],
        },
    ]
    entries, number = [], 0
    for index in range(entry_count):
        day = start + datetime.timedelta(days=index // 4)
        numberless = numberless_every and index % numberless_every == numberless_every - 1
        if not numberless:
            number += 1
        text = SYNTHETIC_TEXTS[index % len(SYNTHETIC_TEXTS)]
        entries.append(
            {
                "date_filed": day,
                "number": None if numberless else number,
                "description": f"{text} (row {index + 1})",
                "date_entered": day,
                "pacer_seq_no": None if numberless else 2 * index + 1,
            }
        )
    return docket_html(fields, parties, entries)
