"""The world the leak matrix probes (built by tests/security/make_world.py): its objects,
the personas who look at them, and `Persona.sees`, the access policy restated
independently of caselaw/access.py (the oracle the matrix checks the app against).

Every text field of every object carries its own marker ("MKR" + 8 hex digits, first in
the field because pages truncate), so a marker found in a response names the object and
field that leaked.
"""

import itertools
import secrets
from dataclasses import dataclass, field

from caselaw.models import Allegation, Case, CaseMembership, Counsel, Court, Party
from filings.models import Annotation, Document, Filing

Role = CaseMembership.Role
FIRST_ID = 3_100_001  # seven digits: an id never passes for another number in a response
MISSING_ID = 9_999_991  # no row has it
MISSING_MARKER = "MKR00000000"  # no field has it
SEARCH_WORD = "copyright"  # on every page, so a search can reach every page
LEVEL_NAMES = {0: "public", 1: "confidential", 2: "aeo"}  # for failure messages


def new_marker() -> str:
    return "MKR" + secrets.token_hex(4)


@dataclass(eq=False)
class Entry:
    """One object of the world and what decides who may see it."""

    kind: str
    obj: object
    cases: frozenset  # ids of its case (a user: the cases of their memberships)
    level: int | None = None  # effective designation of the document it is on, if any
    private_to: int | None = None  # the one user who may see it (private notes and theirs)
    markers: dict = field(default_factory=dict)  # marker -> field name

    @property
    def pk(self) -> int:
        return self.obj.pk

    @property
    def case_id(self) -> int | None:
        return next(iter(self.cases)) if len(self.cases) == 1 else None

    def __str__(self) -> str:
        extra = [LEVEL_NAMES[self.level]] if self.level else []
        extra += ["private"] if self.private_to else []
        return f"{self.kind} {self.pk}" + (f" ({', '.join(extra)})" if extra else "")


@dataclass(eq=False)
class Persona:
    """A user as the matrix plays them, with their roles: case id -> (role, clearance)."""

    name: str
    user: object | None
    roles: dict = field(default_factory=dict)
    session_key: str = ""

    def sees(self, entry: Entry) -> bool:
        """The access policy, stated from the README and the brief, not from the app."""
        if self.user is None:
            return False
        if entry.private_to is not None and entry.private_to != self.user.pk:
            return False
        if entry.kind == "user":
            return entry.pk == self.user.pk or bool(entry.cases & self.roles.keys())
        if entry.kind == "auditevent":  # a case's trail is its lawyers'
            return self.role_in(entry.case_id) == Role.LAWYER
        if entry.kind == "membership":
            return entry.obj.user_id == self.user.pk or self.role_in(entry.case_id) == Role.LAWYER
        if not entry.cases:  # a recent search: its user's alone (checked above)
            return True
        if entry.case_id not in self.roles:
            return False
        return entry.level is None or entry.level <= self.roles[entry.case_id][1]

    def role_in(self, case_id) -> str | None:
        return self.roles.get(case_id, (None, None))[0]

    def may_write(self, case_id) -> bool:
        return self.role_in(case_id) in (Role.LAWYER, Role.PARALEGAL)


@dataclass
class Kit:
    """A case's ordinary objects, to fill the parts of a request that are not the target."""

    case: Case
    filing: Filing
    document: Document
    allegation: Allegation
    party: Party
    counsel: Counsel
    annotation: Annotation


class World:
    """Builds the objects (with explicit seven-digit ids) and answers questions about them."""

    def __init__(self):
        self.entries: list[Entry] = []
        self.personas: dict[str, Persona] = {}
        self.kits: dict[int, Kit] = {}
        self._ids = itertools.count(FIRST_ID)
        self.court = Court.objects.get_or_create(code="cand", defaults={"name": "N.D. Cal."})[0]

    def add(self, kind, model, /, *, cases=(), level=None, private_to=None, texts=None, **values) -> Entry:
        """Create a row whose text fields carry fresh markers: `texts` maps a field to its
        words, with "{m}" where the marker goes (else the marker comes first)."""
        entry = Entry(kind, None, frozenset(cases), level, private_to)
        for name, words in (texts or {}).items():
            marker = new_marker()
            entry.markers[marker] = name
            values[name] = words.format(m=marker) if "{m}" in words else f"{marker} {words}".strip()
        entry.obj = model.objects.create(pk=next(self._ids), **values)
        self.entries.append(entry)
        return entry

    # Questions

    def of_kind(self, kind: str) -> list[Entry]:
        return [e for e in self.entries if e.kind == kind]

    def targets(self, kind: str) -> list[Entry]:
        """What the matrix requests: the objects of case A (case B's are the same shapes,
        the outsider's and the dual member's own; their markers are checked everywhere)."""
        return [e for e in self.of_kind(kind) if self.case_a.pk in e.cases or not e.cases]

    def entry_of(self, obj) -> Entry:
        return next(e for e in self.entries if e.obj is obj or (type(e.obj) is type(obj) and e.pk == obj.pk))

    def kit_of(self, entry: Entry) -> Kit:
        return self.kits[entry.case_id] if entry.case_id in self.kits else self.kits[self.case_a.pk]

    def other_kit(self, entry: Entry) -> Kit:
        other = self.case_b if entry.case_id == self.case_a.pk else self.case_a
        return self.kits[other.pk]

    def home_kit(self, persona: Persona) -> Kit:
        """The case a persona works in (where they may write, if anywhere)."""
        writable = [c for c in persona.roles if persona.may_write(c)]
        return self.kits[(writable or list(persona.roles) or [self.case_a.pk])[0]]

    def markers_of(self, entry: Entry) -> dict[str, str]:
        """The markers that show the entry (a membership shows its user's name)."""
        if entry.kind == "membership":
            return self.entry_of(entry.obj.user).markers
        return entry.markers

    def markers_of_pages(self, document: Entry) -> dict[str, str]:
        """The markers of a document's pages (what its pages' text shows)."""
        pages = [e for e in self.of_kind("page") if e.obj.document_id == document.pk]
        return {marker: name for page in pages for marker, name in page.markers.items()}

    def visible_markers(self, persona: Persona) -> dict[str, str]:
        return {m: name for entry in self.entries if persona.sees(entry) for m, name in entry.markers.items()}

    def hidden_markers(self, persona: Persona) -> dict[str, str]:
        """Marker -> what it marks, for everything the persona must not see."""
        return {
            marker: f"{entry}.{name}"
            for entry in self.entries
            if not persona.sees(entry)
            for marker, name in entry.markers.items()
        }
