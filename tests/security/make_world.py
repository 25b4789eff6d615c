"""Builds the world of tests/security/world.py: cases A and B, the personas and their
memberships, and on case A every kind of object at every designation, each text field
marked."""

import datetime
import hashlib
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from fpdf import FPDF

from caselaw.accounts.models import ApiToken
from caselaw.audit import AuditEvent
from caselaw.importers.models import DocketImport
from caselaw.importers.pacer_html import docket_html
from caselaw.models import (
    Allegation,
    AllegationStatusChange,
    Case,
    CaseMembership,
    Counsel,
    Designation,
    Party,
    Representation,
)
from filings.models import (
    Alert,
    AlertHit,
    Annotation,
    AnnotationRevision,
    Citation,
    ClaimLink,
    DesignationChange,
    Document,
    Filing,
    Notification,
    Page,
    RecentSearch,
    SavedSearch,
)
from filings.search.indexing import TEXT_SEARCH_CONFIG
from tests.security.world import SEARCH_WORD, Entry, Kit, Persona, World, new_marker

Role = CaseMembership.Role
STORAGE_DIR = "leak-matrix"
PAGE_WORDS = f"The plaintiffs allege {SEARCH_WORD} infringement under 17 U.S.C. § 1202."


def build_world() -> World:
    """Cases A and B, their personas, and on A every kind of object at every designation."""
    world = World()
    case_a = world.add(
        "case",
        Case,
        court=world.court,
        date_filed=datetime.date(2024, 1, 5),
        texts={
            "docket_number": "3:24-cv-07001-{m}",
            "caption": "Secret caption",
            "short_name": "Secret v. Hidden",
            "judge": "judge",
            "referred_judge": "referred judge",
            "nature_of_suit": "copyright",
            "cause": "cause",
            "related_note": "related",
        },
    )
    case_b = world.add(
        "case",
        Case,
        court=world.court,
        date_filed=datetime.date(2024, 2, 5),
        texts={
            "docket_number": "3:24-cv-07002-{m}",
            "caption": "Other caption",
            "short_name": "Other v. Case",
        },
    )
    for entry in (case_a, case_b):
        entry.cases = frozenset({entry.pk})
    world.case_a, world.case_b = case_a.obj, case_b.obj
    add_people(world)
    for case in (world.case_a, world.case_b):
        add_case_content(world, case)
    add_secrets_of_case_a(world)
    index_pages()
    return world


def add_people(world: World) -> None:
    """The personas and the lawyer who owns the secrets, each with their memberships."""
    a, b = world.case_a.pk, world.case_b.pk
    people = {  # name -> [(case, role, clearance: None for the role's default)]
        "lawyer": [(a, Role.LAWYER, None)],  # L1: owns the private note; the positive control
        "teammate": [(a, Role.LAWYER, None)],  # L2
        "viewer": [(a, Role.VIEWER, None)],
        "client": [(a, Role.CLIENT, None)],
        "dual": [(b, Role.PARALEGAL, None), (a, Role.VIEWER, None)],
        "outsider": [(b, Role.LAWYER, None)],
        # A writer behind the wall: may upload and annotate, cleared for public documents only.
        "junior": [(a, Role.PARALEGAL, Designation.PUBLIC)],
    }
    for name, roles in people.items():
        user = world.add(
            "user",
            get_user_model(),
            cases={case for case, _, _ in roles},
            texts={
                "username": name + "_{m}",
                "first_name": name,
                "last_name": "surname",
                "email": "{m}@example.com",
            },
        ).obj
        persona = Persona(name, user)
        for case_id, role, clearance in roles:
            membership = world.add(
                "membership",
                CaseMembership,
                cases={case_id},
                user=user,
                case_id=case_id,
                role=role,
                clearance=clearance,
            )
            persona.roles[case_id] = (role, membership.obj.clearance)
        world.personas[name] = persona
    world.personas["anonymous"] = Persona("anonymous", None)


def add_case_content(world: World, case: Case) -> None:
    """Parties, counsel, allegations and one public filing with a public document."""
    on = {"cases": {case.pk}}
    plaintiff = world.add(
        "party", Party, **on, case=case, role=Party.Role.PLAINTIFF, texts={"name": "Plaintiff"}
    )
    world.add("party", Party, **on, case=case, role=Party.Role.DEFENDANT, texts={"name": "Defendant"})
    counsel = world.add(
        "counsel",
        Counsel,
        **on,
        case=case,
        texts={
            "name": "Counsel",
            "firm": "",
            "email": "{m}@firm.example",
            "phone": "",
            "address": "Street",
        },
    )
    Representation.objects.create(counsel=counsel.obj, party=plaintiff.obj)
    allegation = world.add(
        "allegation",
        Allegation,
        **on,
        case=case,
        count_number=1,
        texts={"title": "Count", "legal_basis": "17 U.S.C. § 1202(b)"},
    )
    allegation.obj.asserted_by.add(plaintiff.obj)
    filing = add_filing(world, case, 1)
    document = add_document(world, filing, Designation.PUBLIC)
    author = world.personas["lawyer" if case == world.case_a else "outsider"].user
    note = add_annotation(world, document, author)
    add_link(world, allegation.obj, document, status=ClaimLink.Status.SUGGESTED)
    world.add(
        "auditevent",
        AuditEvent,
        **on,
        case=case,
        action="document.viewed",
        object_type="document",
        object_id=document.pk,
        texts={"actor_name": "", "user_agent": "Browser"},
    )
    world.kits[case.pk] = Kit(
        case, filing.obj, document.obj, allegation.obj, plaintiff.obj, counsel.obj, note.obj
    )


def add_filing(world: World, case: Case, number: int, **values) -> Entry:
    filing = world.add(
        "filing",
        Filing,
        cases={case.pk},
        case=case,
        entry_number=number,
        date_filed=datetime.date(2024, 3, number),
        kind=Filing.Kind.MOTION,
        texts={"description": "Motion"},
        **values,
    )
    filing.obj.filed_by.add(*case.parties.all())
    return filing


def add_document(world: World, filing: Entry, designation: int) -> Entry:
    """A document with a stored PDF, one indexed page and one citation, all marked."""
    level = max(designation, Designation.AEO if filing.obj.sealed else Designation.PUBLIC)
    on = {"cases": filing.cases, "level": level}
    content_marker = new_marker()
    stored, data = stored_pdf(f"{content_marker} {PAGE_WORDS}")
    document = world.add(
        "document",
        Document,
        **on,
        filing=filing.obj,
        attachment_number=0,
        file=stored,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        mime_type="application/pdf",
        page_count=1,
        pages_done=1,
        status=Document.Status.PROCESSING,  # the progress fragment names a document in progress
        used_ocr=True,
        designation=designation,
        texts={"title": "Exhibit", "original_filename": "{m}-exhibit.pdf", "error": "error"},
    )
    document.markers[content_marker] = "file"
    page = world.add(
        "page",
        Page,
        **on,
        document=document.obj,
        number=1,
        case_id=filing.obj.case_id,
        date_filed=filing.obj.date_filed,
        from_ocr=True,  # the viewer prints the text of OCRed pages
        texts={"text": PAGE_WORDS},
    )
    world.add(
        "citation",
        Citation,
        **on,
        page=page.obj,
        document=document.obj,
        kind=Citation.Kind.STATUTE,
        start=0,
        end=10,
        texts={"normalized": "", "matched_text": "17 U.S.C. § 1202", "pin": ""},
    )
    return document


def add_annotation(world: World, document: Entry, author, *, private=False, parent=None) -> Entry:
    visibility = Annotation.Visibility.PRIVATE if private else Annotation.Visibility.TEAM
    return world.add(
        "annotation",
        Annotation,
        cases=document.cases,
        level=document.level,
        private_to=author.pk if private else None,
        document=document.obj,
        page=document.obj.pages.get(),
        parent=parent.obj if parent else None,
        author=author,
        visibility=visibility,
        texts={"quote": "quote", "prefix": "before", "suffix": "after", "body": "note"},
    )


def add_link(world: World, allegation, document: Entry, *, note: Entry | None = None, status=None) -> Entry:
    return world.add(
        "claimlink",
        ClaimLink,
        cases=document.cases,
        level=document.level,
        private_to=note.private_to if note else None,
        allegation=allegation,
        document=document.obj,
        page=document.obj.pages.get(),
        annotation=note.obj if note else None,
        source=ClaimLink.Source.ANNOTATION if note else ClaimLink.Source.SUGGESTION,
        status=status or ClaimLink.Status.CONFIRMED,
        texts={"reason": "reason"},
    )


def add_secrets_of_case_a(world: World) -> None:
    """Confidential, AEO and sealed documents; L1's private note tagged to count 2; a team
    note with a reply and a revision; a status change, a designation change, a search."""
    a = world.case_a
    l1, l2 = world.personas["lawyer"].user, world.personas["teammate"].user
    public = world.entry_of(world.kits[a.pk].document)
    count_1 = world.kits[a.pk].allegation
    count_2 = world.add(
        "allegation",
        Allegation,
        cases={a.pk},
        case=a,
        count_number=2,
        texts={"title": "Second count", "legal_basis": ""},
    ).obj
    walled = {}  # entry number -> document: 2 confidential, 3 AEO, 4 public on a sealed filing
    for number, designation, sealed in ((2, 1, False), (3, 2, False), (4, 0, True)):
        walled[number] = add_document(world, add_filing(world, a, number, sealed=sealed), designation)
        add_link(world, count_1, walled[number], status=ClaimLink.Status.SUGGESTED)
        add_annotation(world, walled[number], l2)
    team_note = world.entry_of(world.kits[a.pk].annotation)
    add_link(world, count_1, public, note=team_note)
    add_annotation(world, public, l2, parent=team_note)
    world.add(
        "revision", AnnotationRevision, cases={a.pk}, level=0, annotation=team_note.obj, texts={"body": "old"}
    )
    private_note = add_annotation(world, public, l1, private=True)
    add_link(world, count_2, public, note=private_note)
    add_annotation(world, public, l1, private=True, parent=private_note)
    world.add(
        "revision",
        AnnotationRevision,
        cases={a.pk},
        level=0,
        private_to=l1.pk,
        annotation=private_note.obj,
        texts={"body": "old"},
    )
    aeo = walled[3]
    world.add(
        "statuschange",
        AllegationStatusChange,
        cases={a.pk},
        allegation=count_1,
        status="pleaded",
        date=datetime.date(2024, 4, 1),
        texts={"note": "status note"},
    )
    world.add(
        "designationchange",
        DesignationChange,
        cases={a.pk},
        level=aeo.level,
        filing=aeo.obj.filing,
        document=aeo.obj,
        old_designation=0,
        new_designation=2,
        changed_by=l1,
        texts={"note": "why"},
    )
    # L1's API token: only its name can leak (the secret is never stored). knox's create()
    # makes a secret and returns a pair; the plain manager stores the row as given.
    world.add(
        "apitoken",
        SimpleNamespace(objects=ApiToken._base_manager),
        private_to=l1.pk,
        user=l1,
        digest="0" * 128,
        token_key="caselaw_0000000",
        texts={"name": "script"},
    )
    add_docket_imports(world, l1)
    world.add(
        "recentsearch", RecentSearch, private_to=l1.pk, user=l1, texts={"query_string": "q={m}", "q": ""}
    )
    # L1's saved searches: one private, one shared with case A's team.
    mine = world.add(
        "savedsearch",
        SavedSearch,
        private_to=l1.pk,
        user=l1,
        texts={"name": "mine", "query_string": "q={m}", "q": ""},
    )
    add_alert(world, l1, mine.obj, aeo)
    world.add(
        "savedsearch",
        SavedSearch,
        cases={world.case_a.pk},
        user=l1,
        case=world.case_a,
        shared=True,
        texts={"name": "team", "query_string": "q={m}", "q": ""},
    )


def add_alert(world: World, owner, saved, document: Entry) -> None:
    """L1's alert on their saved search, and the notification it sent of an AEO document
    of case A: its title and the snippet reach L1 alone (and only while cleared)."""
    alert = world.add("alert", Alert, private_to=owner.pk, user=owner, saved_search=saved, frequency="daily")
    on = {"cases": {document.case_id}, "level": document.level, "private_to": owner.pk}
    notification = world.add(
        "notification",
        Notification,
        **on,
        user=owner,
        alert=alert.obj,
        period="day-2024-05-01",
        email_to="l1@example.com",
        texts={"title": "new filings"},
    )
    world.add(
        "alerthit",
        AlertHit,
        **on,
        alert=alert.obj,
        document=document.obj,
        notification=notification.obj,
        pages=1,
        first_page=1,
        texts={"snippet_html": "… {m} …"},
    )


def add_docket_imports(world: World, owner) -> None:
    """L1's previewed docket imports: only their file names can leak (marked). Each is a
    docket of a case not held yet, and L1 may open cases, so the owner's "apply" succeeds
    (a positive control): one for the pages, one for the API, each applied once."""
    owner.user_permissions.add(Permission.objects.get(codename="open_case"))
    for kind, number in (("docketimport", "5:25-cv-09001"), ("apiimport", "5:25-cv-09002")):
        html = docket_html(
            {
                "court": "cand",
                "docket_number": number,
                "case_name": "New v. Case",
                "date_filed": "01/02/2025",
            },
            [],
            [{"date_filed": "01/02/2025", "number": 1, "description": "COMPLAINT"}],
        )
        world.add(
            kind,
            SimpleNamespace(objects=DocketImport.objects),
            private_to=owner.pk,
            user=owner,
            html=html,
            summary={"summary": "1 new entry", "docket": {"court": "cand"}, "counts": {}},
            texts={"filename": "{m}-docket.html"},
        )


def index_pages() -> None:
    """What the pipeline does for each page: its tsvector (the word-pair index follows)."""
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE filings_page SET search_vector = to_tsvector('{TEXT_SEARCH_CONFIG}', text)")


def stored_pdf(words: str) -> tuple[str, bytes]:
    """A real, uncompressed PDF (its words readable in the bytes) in default storage
    (MEDIA_ROOT, which the world fixture points at a temporary folder)."""
    pdf = FPDF(format="letter")
    pdf.set_compression(False)
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    pdf.multi_cell(0, 5.5, words)
    data = bytes(pdf.output())
    name = default_storage.save(f"{STORAGE_DIR}/{hashlib.sha256(data).hexdigest()}.pdf", ContentFile(data))
    return name, data
