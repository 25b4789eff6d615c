"""The three-way merge of one row: what we hold, what the docket said at the last import
(the row's `imported` snapshot) and what the docket says now.

- Same as the docket: nothing to do.
- We hold what the last import wrote: the docket changed it, so it is updated.
- We hold something else: a person edited it. The edit is kept. If the docket changed the
  value too, that is a conflict the preview shows; if the docket still says what it said,
  the edit simply stands (re-importing the same docket reports nothing).
- A row made by hand (no snapshot): empty values are filled; a value that differs is kept
  and shown as a conflict, unless the docket is silent on it or it is one of our guesses
  (an entry's kind, a party's person/organisation), which never outrank a person.
"""

import datetime
from dataclasses import dataclass, field


def plain(value):
    """A value as stored in a snapshot and shown in a preview (JSON-serialisable)."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def is_empty(value) -> bool:
    return value is None or value == "" or value == []


@dataclass
class Conflict:
    label: str  # which row: "ECF 12", "Case", "Jane Doe (Plaintiff)"
    field: str
    yours: object  # what we hold, kept
    docket: object  # what the docket says

    def as_dict(self) -> dict:
        return {
            "label": self.label,
            "field": self.field,
            "yours": plain(self.yours),
            "docket": plain(self.docket),
        }


@dataclass
class RowPlan:
    """One row of the merge: a new row (`obj` is None) or an existing one."""

    label: str
    values: dict  # what the docket says, field by field (model values)
    obj: object = None
    updates: dict = field(default_factory=dict)  # fields to change on the existing row
    conflicts: list[Conflict] = field(default_factory=list)
    snapshot: dict = field(default_factory=dict)
    silent: dict = field(default_factory=dict)  # bookkeeping changes not shown (docket position)
    source: object = None  # the parsed entry, party or attorney

    @property
    def is_new(self) -> bool:
        return self.obj is None

    @property
    def is_changed(self) -> bool:
        return self.obj is not None and bool(self.updates)

    @property
    def is_unchanged(self) -> bool:
        return self.obj is not None and not self.updates and not self.conflicts

    @property
    def needs_write(self) -> bool:
        if self.obj is None:
            return True
        return bool(self.updates or self.silent) or (self.obj.imported or None) != self.snapshot

    def changes(self) -> list[dict]:
        current = self.obj
        return [
            {"field": name, "yours": plain(getattr(current, name)), "docket": plain(value)}
            for name, value in self.updates.items()
        ]


def merge_row(obj, values: dict, *, label: str, guessed: frozenset = frozenset(), source=None) -> RowPlan:
    """Plan the merge of the docket's `values` into `obj` (None: a new row)."""
    snapshot = {name: plain(value) for name, value in values.items()}
    plan = RowPlan(label=label, values=values, obj=obj, snapshot=snapshot, source=source)
    if obj is None:
        return plan
    base = obj.imported if isinstance(obj.imported, dict) else None
    for name, new in values.items():
        current = getattr(obj, name)
        if plain(current) == plain(new):
            continue
        if base is not None and name in base:
            if plain(current) == base[name]:
                plan.updates[name] = new  # the docket changed, nobody touched it here
            elif base[name] != plain(new):
                plan.conflicts.append(Conflict(label, name, current, new))
            continue  # else: edited here, the docket unchanged since: the edit stands
        if is_empty(current):
            plan.updates[name] = new
        elif not is_empty(new) and name not in guessed:
            plan.conflicts.append(Conflict(label, name, current, new))
    return plan
