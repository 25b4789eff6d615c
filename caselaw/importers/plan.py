"""The merge plan (the preview): what importing a parsed docket would add, change and keep,
computed in a fixed number of queries whatever the docket's length, writing nothing."""

import difflib
from collections import defaultdict
from dataclasses import dataclass, field

from caselaw.importers import docket_fields
from caselaw.importers.merge import Conflict, RowPlan, merge_row, plain
from caselaw.importers.pacer import DocketImportError, ParsedDocket, UnreadableRow
from caselaw.models import Case, Counsel, Court, Party, Representation, normalize_docket_number
from filings.models import Filing

ENTRY_FIELDS = ("id", "case_id", "entry_number", "date_filed", "date_entered", "description")
ENTRY_FIELDS += ("pacer_doc_id", "pacer_seq_no", "kind", "docket_position", "imported")
SIMILAR_TEXT = 0.8  # how alike a numberless entry's text must be to be the same entry, edited
PREVIEW_LIMIT = 500  # rows per list in as_dict (the counts are always whole)


@dataclass
class ImportPlan:
    parsed: ParsedDocket
    court: Court | None
    case: Case | None
    case_row: RowPlan
    party_rows: list[RowPlan] = field(default_factory=list)
    counsel_rows: list[RowPlan] = field(default_factory=list)
    representation_rows: list[RowPlan] = field(default_factory=list)
    entry_rows: list[RowPlan] = field(default_factory=list)
    missing_entries: int = 0  # entries we hold that this docket does not list (left alone)

    @property
    def is_new_case(self) -> bool:
        return self.case is None

    @property
    def new_entries(self) -> list[RowPlan]:
        return [row for row in self.entry_rows if row.is_new]

    @property
    def changed_entries(self) -> list[RowPlan]:
        return [row for row in self.entry_rows if row.is_changed]

    @property
    def unchanged_entries(self) -> list[RowPlan]:
        return [row for row in self.entry_rows if row.is_unchanged]

    @property
    def new_parties(self) -> list[RowPlan]:
        return [row for row in self.party_rows if row.is_new]

    @property
    def changed_parties(self) -> list[RowPlan]:
        return [row for row in self.party_rows if row.is_changed]

    @property
    def new_counsel(self) -> list[RowPlan]:
        return [row for row in self.counsel_rows if row.is_new]

    @property
    def changed_counsel(self) -> list[RowPlan]:
        return [row for row in self.counsel_rows if row.is_changed]

    @property
    def new_representations(self) -> list[RowPlan]:
        return [row for row in self.representation_rows if row.is_new]

    @property
    def changed_representations(self) -> list[RowPlan]:
        return [row for row in self.representation_rows if row.is_changed]

    @property
    def conflicts(self) -> list[Conflict]:
        rows = [
            self.case_row,
            *self.party_rows,
            *self.counsel_rows,
            *self.representation_rows,
            *self.entry_rows,
        ]
        return [conflict for row in rows for conflict in row.conflicts]

    @property
    def unreadable_rows(self) -> list[UnreadableRow]:
        return self.parsed.unreadable_rows

    @property
    def counts(self) -> dict:
        return {
            "new_entries": len(self.new_entries),
            "changed_entries": len(self.changed_entries),
            "unchanged_entries": len(self.unchanged_entries),
            "conflicts": len(self.conflicts),
            "new_parties": len(self.new_parties),
            "changed_parties": len(self.changed_parties),
            "new_counsel": len(self.new_counsel),
            "changed_counsel": len(self.changed_counsel),
            "new_representations": len(self.new_representations),
            "changed_representations": len(self.changed_representations),
            "case_changed": bool(self.case_row.updates) and not self.is_new_case,
            "unreadable_rows": len(self.unreadable_rows),
            "missing_entries": self.missing_entries,
        }

    def summary(self) -> str:
        """ "12 new entries, 3 changed, 2 new attorneys; 1 conflict" """
        counts = self.counts
        parts = [
            plural(counts["new_entries"], "new entry", "new entries"),
            f"{counts['changed_entries']} changed" if counts["changed_entries"] else "",
            plural(counts["new_parties"], "new party", "new parties"),
            plural(counts["changed_parties"], "changed party", "changed parties"),
            plural(counts["new_counsel"], "new attorney", "new attorneys"),
            plural(counts["changed_counsel"], "changed attorney", "changed attorneys"),
            plural(counts["changed_representations"], "changed role of counsel", "changed roles of counsel"),
            "case details updated" if counts["case_changed"] else "",
        ]
        text = ", ".join(part for part in parts if part) or "nothing new"
        notes = [
            plural(counts["conflicts"], "conflict", "conflicts"),
            plural(counts["unreadable_rows"], "unreadable row", "unreadable rows"),
        ]
        text = "; ".join([text, *(note for note in notes if note)])
        if self.is_new_case:
            return f"New case {self.parsed.case_name} ({self.parsed.docket_number}): {text}"
        return text[0].upper() + text[1:]

    def as_dict(self, limit: int = PREVIEW_LIMIT) -> dict:
        """The plan for the API and templates (lists cut at `limit` rows; counts whole)."""
        parsed = self.parsed
        return {
            "summary": self.summary(),
            "is_new_case": self.is_new_case,
            "case": {
                "id": self.case.pk,
                "name": self.case.short_name,
                "docket_number": self.case.docket_number,
            }
            if self.case
            else None,
            "docket": {
                "court": parsed.court_id,
                "court_name": parsed.court_name,
                "docket_number": parsed.docket_number,
                "case_name": parsed.case_name,
                "date_filed": plain(parsed.date_filed),
                "date_terminated": plain(parsed.date_terminated),
                "entries": len(parsed.entries),
                "parties": len(parsed.parties),
            },
            "counts": self.counts,
            "case_changes": self.case_row.changes() if self.case else [],
            "new_entries": [entry_dict(row) for row in self.new_entries[:limit]],
            "changed_entries": [
                {**entry_dict(row), "changes": row.changes()} for row in self.changed_entries[:limit]
            ],
            "conflicts": [conflict.as_dict() for conflict in self.conflicts[:limit]],
            "new_parties": [party_dict(row) for row in self.new_parties[:limit]],
            "changed_parties": [
                {**party_dict(row), "changes": row.changes()} for row in self.changed_parties[:limit]
            ],
            "new_counsel": [counsel_dict(row) for row in self.new_counsel[:limit]],
            "changed_counsel": [
                {**counsel_dict(row), "changes": row.changes()} for row in self.changed_counsel[:limit]
            ],
            "unreadable_rows": [
                {"position": row.position, "text": row.text, "reason": row.reason}
                for row in self.unreadable_rows[:limit]
            ],
        }


def plural(count: int, one: str, many: str) -> str:
    if not count:
        return ""
    return f"{count} {one if count == 1 else many}"


def entry_dict(row: RowPlan) -> dict:
    values = row.values
    return {
        "label": row.label,
        "number": values["entry_number"],
        "date_filed": plain(values["date_filed"]),
        "description": values["description"][:300],
        "kind": values["kind"],
    }


def party_dict(row: RowPlan) -> dict:
    return {"label": row.label, "name": row.values["name"], "role": row.values["role"]}


def counsel_dict(row: RowPlan) -> dict:
    return {"label": row.label, "name": row.values["name"], "firm": row.values["firm"]}


def plan_import(parsed: ParsedDocket, *, case: Case | None = None) -> ImportPlan:
    """What importing `parsed` would do: into `case`, or into the case it matches (court and
    normalised docket number), or as a new case. Writes nothing."""
    normalized = normalize_docket_number(parsed.docket_number)
    court = Court.objects.filter(code=parsed.court_id).first()
    if case is not None:
        if case.court.code != parsed.court_id or case.docket_number_normalized != normalized:
            raise DocketImportError(
                f"This docket is for case {parsed.docket_number} in {parsed.court_name}, not for "
                f"{case.docket_number} in {case.court.name}. Open that case, or import the docket as a "
                "new case."
            )
    elif court is not None:
        case = Case.objects.filter(court=court, docket_number_normalized=normalized).first()
    plan = ImportPlan(parsed=parsed, court=court, case=case, case_row=plan_case(parsed, case))
    plan_parties_and_counsel(plan)
    plan_entries(plan)
    return plan


def plan_case(parsed: ParsedDocket, case: Case | None) -> RowPlan:
    values = {
        "caption": parsed.case_name,
        "judge": parsed.judge,
        "referred_judge": parsed.referred_judge,
        "nature_of_suit": parsed.nature_of_suit,
        "cause": parsed.cause,
        "jury_demand": parsed.jury_demand,
        "jurisdiction": parsed.jurisdiction,
        "date_filed": parsed.date_filed,
        "date_terminated": parsed.date_terminated,
        "pacer_case_id": parsed.pacer_case_id,
        "status": str(Case.Status.CLOSED if parsed.date_terminated else Case.Status.OPEN),
    }
    return merge_row(case, values, label="Case")


def plan_parties_and_counsel(plan: ImportPlan) -> None:
    case = plan.case
    parties = list(case.parties.all()) if case else []
    counsel = list(case.counsel.all()) if case else []
    representations = list(Representation.objects.filter(counsel__case=case)) if case else []
    party_by_key = {(docket_fields.name_key(p.name), p.role): p for p in reversed(parties)}
    counsel_by_key = {
        (docket_fields.name_key(c.name), docket_fields.name_key(c.firm)): c for c in reversed(counsel)
    }
    counsel_by_name = defaultdict(list)
    for existing in counsel:
        counsel_by_name[docket_fields.name_key(existing.name)].append(existing)
    representation_by_ids = {(r.counsel_id, r.party_id): r for r in representations}

    party_rows, counsel_rows, representation_rows = {}, {}, {}
    for party in plan.parsed.parties:
        party_key = (docket_fields.name_key(party.name), party.role)
        if party_key in party_rows:  # the same party listed twice: one row, its attorneys joined
            party_rows[party_key].source.attorneys.extend(party.attorneys)
            continue
        existing = party_by_key.get(party_key)
        label = f"{party.name} ({Party.Role(party.role).label})"
        values = {
            "kind": party.kind,
            "docket_type": party.docket_type,
            "extra_info": party.extra_info,
            "date_terminated": party.date_terminated,
        }
        row = merge_row(existing, values, label=label, guessed=frozenset({"kind"}), source=party)
        row.values = {"name": party.name, "role": party.role, **values}
        party_rows[party_key] = row

    for party_key, party_row in party_rows.items():
        for attorney in party_row.source.attorneys:
            counsel_key = (docket_fields.name_key(attorney.name), docket_fields.name_key(attorney.firm))
            if counsel_key not in counsel_rows:
                existing = counsel_by_key.get(counsel_key) or counsel_by_name_only(counsel_by_name, attorney)
                values = {f: getattr(attorney, f) for f in ("firm", "email", "phone", "fax", "address")}
                label = f"{attorney.name}, {attorney.firm}" if attorney.firm else attorney.name
                row = merge_row(existing, values, label=label, source=attorney)
                row.values = {"name": attorney.name, **values}
                counsel_rows[counsel_key] = row
            counsel_row = counsel_rows[counsel_key]
            if (counsel_key, party_key) in representation_rows:
                continue
            existing = None
            if counsel_row.obj is not None and party_row.obj is not None:
                existing = representation_by_ids.get((counsel_row.obj.pk, party_row.obj.pk))
            values = {
                "role": attorney.role,
                "date_terminated": attorney.date_terminated,
                "docket_roles": attorney.roles,
            }
            label = f"{attorney.name} for {party_row.values['name']}"
            row = merge_row(existing, values, label=label)
            row.source = (counsel_key, party_key)
            representation_rows[(counsel_key, party_key)] = row
    plan.party_rows = list(party_rows.values())
    plan.counsel_rows = list(counsel_rows.values())
    plan.representation_rows = list(representation_rows.values())


def counsel_by_name_only(counsel_by_name: dict, attorney) -> Counsel | None:
    """An attorney entered by hand without a firm (or a docket that gives none) is the same
    attorney when the name is unique in the case."""
    same_name = counsel_by_name.get(docket_fields.name_key(attorney.name), [])
    if len(same_name) == 1 and (not same_name[0].firm or not attorney.firm):
        return same_name[0]
    return None


def plan_entries(plan: ImportPlan) -> None:
    existing = list(Filing.objects.filter(case=plan.case).only(*ENTRY_FIELDS)) if plan.case else []
    by_number = {f.entry_number: f for f in existing if f.entry_number is not None}
    numberless = [f for f in existing if f.entry_number is None]
    matched_numberless = match_numberless([e for e in plan.parsed.entries if e.number is None], numberless)
    matched_ids = set()
    for entry in plan.parsed.entries:
        filing = (
            by_number.get(entry.number) if entry.number is not None else matched_numberless.get(id(entry))
        )
        values = {
            "date_filed": entry.date_filed,
            "date_entered": entry.date_entered,
            "description": entry.description,
            "pacer_doc_id": entry.pacer_doc_id,
            "pacer_seq_no": entry.pacer_seq_no,
            "kind": entry.kind,
        }
        row = merge_row(filing, values, label=entry.label, guessed=frozenset({"kind"}), source=entry)
        row.values = {"entry_number": entry.number, **values}
        if filing is not None:
            matched_ids.add(filing.pk)
            if filing.docket_position != entry.position:
                row.silent["docket_position"] = entry.position
        plan.entry_rows.append(row)
    plan.missing_entries = sum(1 for f in existing if f.pk not in matched_ids)


def match_numberless(entries: list, filings: list[Filing]) -> dict:
    """Numberless entries are matched by date, then PACER's sequence number, then text (as
    last imported, so a hand-edited description still matches); returns id(entry) → filing."""
    by_date = defaultdict(list)
    for filing in filings:
        by_date[filing.date_filed].append(filing)
    matches = {}

    def docket_text(filing) -> str:
        imported = filing.imported if isinstance(filing.imported, dict) else {}
        return docket_fields.text_key(imported.get("description", filing.description))

    passes = [
        lambda e, f: (
            e.pacer_seq_no is not None
            and e.pacer_seq_no == f.pacer_seq_no
            and docket_fields.text_key(e.description) == docket_text(f)
        ),
        lambda e, f: docket_fields.text_key(e.description) == docket_text(f),
        lambda e, f: e.pacer_seq_no is not None and e.pacer_seq_no == f.pacer_seq_no,
    ]
    for same in passes:
        for entry in entries:
            if id(entry) in matches:
                continue
            for filing in by_date[entry.date_filed]:
                if same(entry, filing):
                    matches[id(entry)] = filing
                    by_date[entry.date_filed].remove(filing)
                    break
    for entry in entries:  # last: the same day's entry whose text is nearly the same
        if id(entry) in matches or not by_date[entry.date_filed]:
            continue
        text = docket_fields.text_key(entry.description)
        scored = [
            (difflib.SequenceMatcher(None, text, docket_text(f)).ratio(), f)
            for f in by_date[entry.date_filed]
        ]
        score, filing = max(scored, key=lambda pair: pair[0])
        if score >= SIMILAR_TEXT:
            matches[id(entry)] = filing
            by_date[entry.date_filed].remove(filing)
    return matches
