"""Write the demo data, idempotently: every row is found by its natural key, so a second
run creates nothing and leaves the same rows behind.

Documents go through `filings.services.document_upload`, like any upload, so they are
queued for the processing pipeline once the transaction commits.
"""

import hashlib
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction

from caselaw.demo import kadrey, tremblay, users
from caselaw.demo.docket import docket_for
from caselaw.demo.kadrey_rulings import RULINGS
from caselaw.demo.kadrey_texts import PARTY_FILINGS
from caselaw.demo.pdfs import Caption, FilingText, render_filing_pdf
from caselaw.importers.apply import apply_import
from caselaw.importers.pacer import parse_docket
from caselaw.importers.plan import plan_import
from caselaw.models import (
    Allegation,
    AllegationStatusChange,
    Case,
    CaseMembership,
    Court,
    Designation,
    Party,
)
from caselaw.services import allegation_change_status
from filings.models import Filing
from filings.services import DuplicateDocument, document_upload

DESIGNATIONS = {designation.key: designation.value for designation in Designation}


@dataclass
class LoadReport:
    """How many rows of each kind were created and how many were already there."""

    created: Counter = field(default_factory=Counter)
    found: Counter = field(default_factory=Counter)
    kinds: list[str] = field(default_factory=list)  # in the order first seen
    warnings: list[str] = field(default_factory=list)

    def tally(self, kind: str, created: bool):
        if kind not in self.kinds:
            self.kinds.append(kind)
        (self.created if created else self.found)[kind] += 1


@dataclass(frozen=True)
class DemoCase:
    """What the loader needs to know about one case module (kadrey or tremblay)."""

    data: dict
    court_lines: tuple[str, ...]
    caption_plaintiff: str
    caption_defendant: str
    original_plaintiffs: list[str]
    plaintiffs: list[str]
    defendant: str
    filings: list[dict]
    texts: dict
    text_only: tuple = ()  # docket entries without a document or number


KADREY = DemoCase(
    data=kadrey.CASE,
    court_lines=kadrey.COURT_LINES,
    caption_plaintiff=kadrey.CAPTION_PLAINTIFF,
    caption_defendant=kadrey.CAPTION_DEFENDANT,
    original_plaintiffs=kadrey.ORIGINAL_PLAINTIFFS,
    plaintiffs=kadrey.PLAINTIFFS,
    defendant=kadrey.DEFENDANT,
    filings=kadrey.FILINGS,
    texts={**PARTY_FILINGS, **RULINGS},
    text_only=tuple(kadrey.TEXT_ONLY_ENTRIES),
)
TREMBLAY = DemoCase(
    data=tremblay.CASE,
    court_lines=tremblay.COURT_LINES,
    caption_plaintiff=tremblay.CAPTION_PLAINTIFF,
    caption_defendant=tremblay.CAPTION_DEFENDANT,
    original_plaintiffs=tremblay.PLAINTIFFS,
    plaintiffs=tremblay.PLAINTIFFS,
    defendant=tremblay.DEFENDANT,
    filings=tremblay.FILINGS,
    texts=tremblay.TEXTS,
)


def load_demo() -> LoadReport:
    """Create (or find) the demo users, both cases, and everything that hangs off them."""
    report = LoadReport()
    with transaction.atomic():
        people = load_users(report)
        court = load_court(report)
        uploader = people[users.UPLOADER]
        kadrey_case, kadrey_filings, groups = load_case(report, court, KADREY, uploader, kadrey.COUNSEL)
        load_allegations(report, kadrey_case, groups, kadrey_filings)
        tremblay_case, _, _ = load_case(report, court, TREMBLAY, uploader)
        cases = {c.docket_number: c for c in (kadrey_case, tremblay_case)}
        load_memberships(report, people, cases)
        load_watch(report, people[users.WATCHER], kadrey_case)
    return report


def load_users(report: LoadReport) -> dict:
    """The demo logins. An existing user keeps everything but the demo password."""
    User = get_user_model()
    people = {}
    for username, first_name, last_name, is_admin in users.USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "email": f"{username}@example.com",
                "is_staff": is_admin,
                "is_superuser": is_admin,
            },
        )
        if not user.check_password(users.PASSWORD):
            user.set_password(users.PASSWORD)
            user.save(update_fields=["password"])
        report.tally("User", created)
        people[username] = user
    return people


def load_court(report: LoadReport) -> Court:
    court, created = Court.objects.update_or_create(code=kadrey.COURT["code"], defaults=kadrey.COURT)
    report.tally("Court", created)
    return court


def load_case(report: LoadReport, court: Court, demo: DemoCase, uploader, counsel=()):
    """The case, its parties, counsel and docket, imported from its PACER docket report
    (caselaw/demo/docket.py) like any docket; then what a docket does not say (who filed
    what, designations, the demo's own short name and notes) and the documents. Returns
    (case, filings by entry number, party groups)."""
    case = import_docket(report, demo, counsel)
    data = demo.data
    # What the demo says beyond the docket (juriscraper shortens the caption: "et al." goes).
    Case.objects.filter(pk=case.pk).update(
        caption=data["caption"],
        short_name=data["short_name"],
        status=data["status"],
        related_note=data["related_note"],
    )
    case.refresh_from_db()
    groups = party_groups(case, demo)
    caption = Caption(
        court_lines=demo.court_lines,
        plaintiff_line=demo.caption_plaintiff,
        defendant_line=demo.caption_defendant,
        docket_number=case.docket_number,
        short_name=case.short_name,
        judge=case.judge,
    )
    filings = {}
    for entry in demo.filings:
        if entry.get("entry") is None:
            continue  # a text-only entry: nothing to attach
        filing = load_filing(report, case, entry, groups)
        attach_pdf(report, filing, caption, filing_text(entry, demo.texts[entry["entry"]]), uploader)
        filings[entry["entry"]] = filing
    return case, filings, groups


def import_docket(report: LoadReport, demo: DemoCase, counsel) -> Case:
    """Bring the case in through the docket importer: new the first time, a merge (nothing
    new) on later runs. The docket report is also written to var/demo/ for trying it."""
    html = docket_for(demo, counsel)
    slug = demo.data["short_name"].lower().replace(" v. ", "-v-").replace(" ", "-")
    folder = settings.VAR_DIR / "demo"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{slug}-docket.html").write_text(html, encoding="utf-8")
    plan = plan_import(parse_docket(html))
    result = apply_import(plan, user=None)
    report.tally("Case", result.created_case)
    for kind, count in (("Filing", "new_entries"), ("Party", "new_parties"), ("Counsel", "new_counsel")):
        if kind not in report.kinds:
            report.kinds.append(kind)
        report.created[kind] += plan.counts[count]
    return result.case


def party_groups(case: Case, demo: DemoCase) -> dict[str, list[Party]]:
    """Parties, grouped the way the data refers to them: all plaintiffs, the original ones,
    and the defendant."""
    plaintiffs = list(case.parties.filter(name__in=demo.plaintiffs).order_by("pk"))
    defendant = list(case.parties.filter(name=demo.defendant))
    return {
        kadrey.ALL_PLAINTIFFS: plaintiffs,
        kadrey.ORIGINAL: [p for p in plaintiffs if p.name in demo.original_plaintiffs],
        kadrey.META: defendant,
    }


def load_filing(report: LoadReport, case: Case, entry: dict, groups: dict) -> Filing:
    description = entry["description"]
    if entry.get("date_note"):
        description = f"{description} {entry['date_note']}"
    filing, created = Filing.objects.update_or_create(
        case=case,
        entry_number=entry["entry"],
        defaults={
            "date_filed": entry["date"],
            "kind": entry["kind"],
            "description": description,
            "sealed": False,
            "designation": DESIGNATIONS[entry.get("designation", "public")],
        },
    )
    # The demo's designations hold for its documents too, also those loaded before.
    filing.documents.exclude(designation=filing.designation).update(designation=filing.designation)
    filing.filed_by.set(groups[entry["filed_by"]] if entry["filed_by"] else [])
    report.tally("Filing", created)
    return filing


def filing_text(entry: dict, paragraphs: list[str]) -> FilingText:
    number = entry["entry"]
    if entry.get("ecf_confirmed"):
        entry_label = f"Docket entry {number}"
    else:
        entry_label = f"Docket entry {number} (illustrative number, not the real ECF number)"
    filed = entry["date"]
    return FilingText(
        title=entry["title"],
        filed_on=f"{filed:%B} {filed.day}, {filed.year}",
        entry_label=entry_label,
        paragraphs=tuple(paragraphs),
        notes=(entry["date_note"],) if entry.get("date_note") else (),
    )


def attach_pdf(report: LoadReport, filing: Filing, caption: Caption, text: FilingText, uploader):
    """Upload the generated PDF as the filing's main document, unless it is there already.

    The PDF bytes are deterministic, so an unchanged text finds its earlier copy. If the
    text changed since, the existing main document is kept (and reported): replacing it
    would throw away whatever the pipeline extracted from it.
    """
    pdf = render_filing_pdf(caption, text)
    main = filing.documents.filter(attachment_number=0).first()
    if main and main.sha256 != hashlib.sha256(pdf).hexdigest():
        report.warnings.append(
            f"{caption.short_name} ECF {filing.entry_number}: kept the existing document, "
            "which differs from the one generated now."
        )
        report.tally("Document", False)
        return
    slug = caption.short_name.lower().replace(" v. ", "-v-").replace(" ", "-")
    try:
        document_upload(
            filing=filing,
            file=ContentFile(pdf, name=f"{slug}-ecf-{filing.entry_number:03d}.pdf"),
            uploaded_by=uploader,
            title=text.title,
            attachment_number=0,
        )
    except DuplicateDocument:
        report.tally("Document", False)
    else:
        report.tally("Document", True)


def load_allegations(report: LoadReport, case: Case, groups: dict, filings: dict[int, Filing]):
    """The counts, who asserts them against whom, and each count's history."""
    allegations = {}
    for count, title, legal_basis in kadrey.ALLEGATIONS:
        allegation, created = Allegation.objects.update_or_create(
            case=case, count_number=count, defaults={"title": title, "legal_basis": legal_basis}
        )
        allegation.asserted_by.set(groups[kadrey.ALL_PLAINTIFFS])
        allegation.asserted_against.set(groups[kadrey.META])
        report.tally("Allegation", created)
        allegations[count] = allegation
    for count, status, entry, note in kadrey.STATUS_HISTORY:
        allegation, filing = allegations[count], filings[entry]
        known = AllegationStatusChange.objects.filter(
            allegation=allegation, status=status, date=filing.date_filed
        ).exists()
        allegation_change_status(
            allegation=allegation, status=status, date=filing.date_filed, filing=filing, note=note
        )
        report.tally("AllegationStatusChange", not known)


def load_memberships(report: LoadReport, people: dict, cases: dict[str, Case]):
    for username, docket_number, role in users.MEMBERSHIPS:
        _, created = CaseMembership.objects.get_or_create(
            user=people[username], case=cases[docket_number], defaults={"role": role}
        )
        report.tally("CaseMembership", created)


def load_watch(report: LoadReport, lawyer, case: Case) -> None:
    """The lawyer's saved search on the torrenting evidence, shared with the Kadrey team,
    alerting at once: the demo's documents, indexed after it, fill their notifications."""
    from django.http import QueryDict

    from filings.models import SavedSearch
    from filings.services.saved_searches import save_search, set_alert

    name = "Torrenting and shadow libraries"
    found = SavedSearch.objects.filter(user=lawyer, name=name).exists()
    if not found:
        query = QueryDict(mutable=True)
        query.update({"q": 'torrenting OR LibGen OR "shadow libraries"', "case": str(case.pk)})
        saved = save_search(user=lawyer, name=name, params=query, shared=True)
        set_alert(user=lawyer, saved=saved, frequency="immediate")
    report.tally("SavedSearch", not found)
