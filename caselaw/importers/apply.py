"""Writing a merge plan: one transaction, a fixed number of queries whatever the docket's
length (bulk inserts, one UPDATE … FROM (VALUES …) per table), and an audit row."""

from dataclasses import dataclass

from django.db import IntegrityError, connection, transaction

from caselaw import audit
from caselaw.audit import Action
from caselaw.importers.docket_fields import name_key
from caselaw.importers.merge import RowPlan
from caselaw.importers.pacer import DocketImportError
from caselaw.importers.plan import ImportPlan
from caselaw.models import Case, CaseMembership, Counsel, Court, Party, Representation
from filings.models import Filing


@dataclass
class ImportResult:
    case: Case
    created_case: bool
    counts: dict
    summary: str

    def as_dict(self) -> dict:
        return {
            "case": {
                "id": self.case.pk,
                "name": self.case.short_name,
                "docket_number": self.case.docket_number,
            },
            "created_case": self.created_case,
            "counts": self.counts,
            "summary": self.summary,
        }


def apply_import(plan: ImportPlan, *, user) -> ImportResult:
    """Write `plan` in one transaction, with its audit row. Access is the caller's to check
    (see services.py); a plan is applied once, as soon as it is made."""
    try:
        with transaction.atomic():
            case, created = write_case(plan)
            if created and user is not None:
                # Whoever opens a case becomes its lawyer (as through the API).
                CaseMembership.objects.create(user=user, case=case, role=CaseMembership.Role.LAWYER)
            parties = write_rows(Party, plan.party_rows, case=case)
            counsel = write_rows(Counsel, plan.counsel_rows, case=case)
            write_representations(plan, parties, counsel)
            write_entries(plan, case)
            counts = plan.counts
            audit.record(
                Action.DOCKET_IMPORT,
                actor=user,
                case_id=case.pk,
                obj=case,
                details={
                    "new": counts["new_entries"],
                    "changed": counts["changed_entries"],
                    "conflicts": counts["conflicts"],
                    "new_parties": counts["new_parties"],
                    "new_counsel": counts["new_counsel"],
                    "unreadable": counts["unreadable_rows"],
                    "created_case": created,
                    "docket_number": plan.parsed.docket_number,
                },
            )
    except IntegrityError:
        # Someone imported or edited the same rows at the same moment: nothing was written.
        raise DocketImportError(
            "The case changed while this docket was being imported; nothing was written. Try again."
        ) from None
    return ImportResult(case=case, created_case=created, counts=counts, summary=plan.summary())


def write_case(plan: ImportPlan) -> tuple[Case, bool]:
    row = plan.case_row
    if plan.case is not None:
        case = plan.case
        if row.needs_write:
            for name, value in row.updates.items():
                setattr(case, name, value)
            case.imported = row.snapshot
            case.save(update_fields=[*row.updates, "imported", "updated_at"])
        return case, False
    parsed = plan.parsed
    court = (
        plan.court
        or Court.objects.get_or_create(
            code=parsed.court_id, defaults={"name": parsed.court_name[:200], "jurisdiction": "Federal"}
        )[0]
    )
    case = Case.objects.create(
        court=court,
        docket_number=parsed.docket_number,
        short_name=short_name(parsed.case_name) or parsed.docket_number,
        imported=row.snapshot,
        **row.values,
    )
    return case, True


def short_name(case_name: str) -> str:
    """ "Kadrey et al v. Meta Platforms, Inc." → "Kadrey v. Meta"; long names are cut."""
    sides = case_name.split(" v. ")
    if len(sides) == 2:
        first = [side.replace(" et al", "").replace(",", " ").split() for side in sides]
        if first[0] and first[1]:
            return f"{first[0][0]} v. {first[1][0]}"[:120]
    return case_name[:120]


def write_rows(model, rows: list[RowPlan], *, case: Case) -> dict:
    """Insert the new rows and update the changed ones; returns {row key: object}."""
    new = [model(case=case, imported=row.snapshot, **row.values) for row in rows if row.is_new]
    model.objects.bulk_create(new)
    changed = []
    for row in rows:
        if row.obj is not None and row.needs_write:
            for name, value in row.updates.items():
                setattr(row.obj, name, value)
            row.obj.imported = row.snapshot
            changed.append(row)
    update_rows(model, [row.obj for row in changed], fields_of(changed))
    objects, created = {}, iter(new)
    for row in rows:
        objects[id(row)] = row.obj if row.obj is not None else next(created)
    return objects


def write_representations(plan: ImportPlan, parties: dict, counsel: dict) -> None:
    party_of = {key_of_party(row): parties[id(row)] for row in plan.party_rows}
    counsel_of = {key_of_counsel(row): counsel[id(row)] for row in plan.counsel_rows}
    new = []
    for row in plan.representation_rows:
        if row.is_new:
            counsel_key, party_key = row.source
            new.append(
                Representation(
                    counsel=counsel_of[counsel_key],
                    party=party_of[party_key],
                    imported=row.snapshot,
                    **row.values,
                )
            )
    Representation.objects.bulk_create(new)
    changed = [row for row in plan.representation_rows if row.obj is not None and row.needs_write]
    for row in changed:
        for name, value in row.updates.items():
            setattr(row.obj, name, value)
        row.obj.imported = row.snapshot
    update_rows(Representation, [row.obj for row in changed], fields_of(changed))


def key_of_party(row: RowPlan) -> tuple:
    return (name_key(row.values["name"]), row.values["role"])


def key_of_counsel(row: RowPlan) -> tuple:
    return (name_key(row.values["name"]), name_key(row.values["firm"]))


def write_entries(plan: ImportPlan, case: Case) -> None:
    new = [
        Filing(case=case, docket_position=row.source.position, imported=row.snapshot, **row.values)
        for row in plan.entry_rows
        if row.is_new
    ]
    Filing.objects.bulk_create(new)
    changed = [row for row in plan.entry_rows if row.obj is not None and row.needs_write]
    for row in changed:
        for name, value in {**row.updates, **row.silent}.items():
            setattr(row.obj, name, value)
        row.obj.imported = row.snapshot
    update_rows(Filing, [row.obj for row in changed], fields_of(changed))
    redated = [row.obj.pk for row in changed if "date_filed" in row.updates]
    if redated:
        # Pages carry a copy of their filing's date for search (as Filing.save keeps it).
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE filings_page AS p SET date_filed = f.date_filed"
                " FROM filings_document AS d JOIN filings_filing AS f ON f.id = d.filing_id"
                " WHERE p.document_id = d.id AND f.id = ANY(%s) AND p.date_filed <> f.date_filed",
                [redated],
            )


def fields_of(rows: list[RowPlan]) -> list[str]:
    names = {name for row in rows for name in (*row.updates, *row.silent)}
    return sorted(names) + ["imported"]


def update_rows(model, objs: list, fields: list[str]) -> None:
    """Save `fields` of many rows in one UPDATE … FROM (VALUES …): bulk_update's CASE per
    field grows quadratically with the rows; this stays linear."""
    if not objs:
        return
    qn = connection.ops.quote_name
    columns = [model._meta.get_field(name) for name in fields]
    casts = ", ".join(["%s::bigint", *(f"%s::{column.db_type(connection)}" for column in columns)])
    params = []
    for obj in objs:
        params.append(obj.pk)
        params.extend(column.get_db_prep_save(getattr(obj, column.attname), connection) for column in columns)
    names = ", ".join(["id", *(qn(column.column) for column in columns)])
    assignments = ", ".join(f"{qn(column.column)} = v.{qn(column.column)}" for column in columns)
    values = ", ".join([f"({casts})"] * len(objs))
    table = qn(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} AS t SET {assignments} FROM (VALUES {values}) AS v({names}) WHERE t.id = v.id",
            params,
        )
