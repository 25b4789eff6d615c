"""The demo cases' dockets as PACER serves them: a docket report in PACER's HTML, made
from the demo data, which the loader imports through the docket importer like any docket
a paralegal brings in (so the importer is what builds the demo's case, parties, counsel
and entries). `make run` also leaves the file in var/demo/ for trying the importer."""

from caselaw.importers.pacer_html import docket_html

ROLES = {
    "lead": ["LEAD ATTORNEY", "ATTORNEY TO BE NOTICED"],
    "attorney": ["ATTORNEY TO BE NOTICED"],
    "pro_hac_vice": ["PRO HAC VICE", "ATTORNEY TO BE NOTICED"],
}


def docket_for(demo, counsel=()) -> str:
    """`demo`: a loader DemoCase; `counsel`: (name, firm, side, role) rows as in kadrey.py."""
    data = demo.data
    case_fields = {
        "court": "cand",
        "docket_number": data["docket_number"],
        "case_name": data["caption"],
        "judge": data["judge"],
        "referred_judge": data.get("referred_judge", ""),
        "cause": data.get("cause", ""),
        "nature_of_suit": data.get("nature_of_suit", ""),
        "jury_demand": "Plaintiff",
        "jurisdiction": "Federal Question",
        "date_filed": data["date_filed"],
    }
    sides = {"plaintiffs": demo.plaintiffs, "original_plaintiffs": demo.original_plaintiffs}
    parties = []
    for name in demo.plaintiffs:
        lawyers = [row for row in counsel if row[2] in sides and name in sides[row[2]]]
        parties.append({"name": name, "type": "Plaintiff", "attorneys": attorneys(lawyers)})
    defence = [row for row in counsel if row[2] == "defendant"]
    parties.append({"name": demo.defendant, "type": "Defendant", "attorneys": attorneys(defence)})
    entries = []
    rows = sorted([*demo.filings, *demo.text_only], key=lambda e: (e["date"], e.get("entry") or 0))
    for sequence, entry in enumerate(rows, start=1):
        description = entry["description"]
        if entry.get("date_note"):
            description = f"{description} {entry['date_note']}"
        entries.append(
            {
                "date_filed": entry["date"],
                "number": entry.get("entry"),
                "description": description,
                "date_entered": entry["date"],
                "pacer_seq_no": sequence * 3,
            }
        )
    return docket_html(case_fields, parties, entries)


def attorneys(rows) -> list[dict]:
    return [
        {"name": name, "firm": firm, "roles": ROLES.get(role, ROLES["attorney"])}
        for name, firm, _, role in rows
    ]
