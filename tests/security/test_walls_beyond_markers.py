"""What markers cannot show: search counts, the dual member's writes across cases, and
uploads by a writer cleared below the documents on a filing. Same world as the matrix
(tests/security/world.py), built once for this module."""

import json
import re
from collections import Counter
from dataclasses import dataclass
from urllib.parse import urlencode

import pytest
from django.core.files.storage import default_storage

from caselaw.models import CaseMembership
from filings.models import ClaimLink
from tests.security.plan import HTML, JSON, PDF_UPLOAD, Probe
from tests.security.probe import Prober, report
from tests.security.routes import NEW_FILING, STATUS_CHANGE
from tests.security.world import SEARCH_WORD, Kit, Persona, World

pytestmark = pytest.mark.django_db  # tests run in savepoints of the world's transaction
SEARCHERS = ("outsider", "viewer", "client", "dual", "teammate", "junior", "lawyer")


# Search counts: what no marker can show


def expected_search(world: World, persona: Persona, filters: dict) -> Counter:
    """Pages the persona may see that the search finds, per case (every page has SEARCH_WORD)."""
    pages = [page for page in world.of_kind("page") if persona.sees(page)]
    if "case" in filters:
        pages = [page for page in pages if page.case_id == filters["case"]]
    if "allegation" in filters:
        linked = {
            link.obj.document_id
            for link in world.of_kind("claimlink")
            if link.obj.allegation_id == filters["allegation"]
            and link.obj.status != "rejected"
            and persona.sees(link)
        }
        pages = [page for page in pages if page.obj.document_id in linked]
    return Counter(str(page.case_id) for page in pages)


def search_filters(world: World) -> list[dict]:
    allegations = [{"allegation": entry.pk} for entry in world.of_kind("allegation")]
    return [{}, {"case": world.case_a.pk}, {"case": world.case_b.pk}, *allegations]


@pytest.mark.parametrize("persona_name", SEARCHERS)
def test_search_counts_only_what_the_persona_may_see(world, persona_name):
    persona = world.personas[persona_name]
    prober = Prober(world, persona)
    problems = []

    for filters in search_filters(world):
        probe = Probe("GET", "/api/v1/search/?" + urlencode({"q": SEARCH_WORD, **filters}))
        answer, found = prober.check(probe)
        expected = expected_search(world, persona, filters)
        answered = json.loads(answer.body) if answer.status == 200 else {}
        got = (answered.get("count"), answered.get("counts_by_case"))
        if got != (sum(expected.values()), dict(expected)):
            found.append(
                f"{probe}: count, counts_by_case = {got}; expected {sum(expected.values())}, {dict(expected)}"
            )
        problems += found

    assert not problems, report(problems)


# Counts on pages: the case list's documents, an allegation's evidence


MEMBERS_OF_A = ("viewer", "client", "dual", "teammate", "junior", "lawyer")
DOCUMENT_COUNT = re.compile(
    r'href="/cases/(\d+)/".*?<td class="num">\d+</td>\s*<td class="num">(\d+)</td>', re.S
)
EVIDENCE_COUNTS = re.compile(r"(\d+) confirmed · (\d+) annotations? · (\d+) pending")


def expected_evidence(world: World, persona: Persona, allegation_id: int) -> tuple[int, int, int]:
    """Confirmed links, notes, pending suggestions the persona may see (rejected ones aside)."""
    links = [
        link.obj
        for link in world.of_kind("claimlink")
        if link.obj.allegation_id == allegation_id and link.obj.status != "rejected" and persona.sees(link)
    ]
    notes = sum(1 for link in links if link.annotation_id)
    confirmed = sum(1 for link in links if not link.annotation_id and link.status == "confirmed")
    return confirmed, notes, sum(1 for link in links if not link.annotation_id and link.status == "suggested")


@pytest.mark.parametrize("persona_name", MEMBERS_OF_A)
def test_counts_on_pages_count_only_what_the_persona_may_see(world, persona_name):
    persona, a = world.personas[persona_name], world.case_a.pk
    prober = Prober(world, persona)

    case_list, problems = prober.check(Probe("GET", "/cases/", HTML))
    counts = {int(case): int(n) for case, n in DOCUMENT_COUNT.findall(case_list.body)}
    expected = sum(1 for d in world.targets("document") if persona.sees(d))
    if counts.get(a) != expected:
        problems.append(f"GET /cases/: case A shows {counts.get(a)} documents; expected {expected}")
    for allegation in world.targets("allegation"):
        probe = Probe("GET", f"/cases/{a}/allegations/{allegation.pk}/", HTML)
        answer, found = prober.check(probe)
        shown = EVIDENCE_COUNTS.search(answer.body)
        got = tuple(int(n) for n in shown.groups()) if shown else None
        if got != expected_evidence(world, persona, allegation.pk):
            found.append(
                f"{probe}: evidence counts {got}; expected {expected_evidence(world, persona, allegation.pk)}"
            )
        problems += found

    assert not problems, report(problems)


# The dual member: paralegal in case B, viewer in case A, may not write into A at all


def api(method: str, path: str, body: dict, encoding: str = "json") -> Probe:
    return Probe(method, f"/api/v1/{path}", JSON, body, encoding)


def page(path: str, body: dict, encoding: str = "form") -> Probe:
    return Probe("POST", path, HTML, body, encoding)


@dataclass
class Sides:
    """What the dual member's attempts are made of."""

    a: Kit  # case A, where the dual member is a viewer
    b: Kit  # case B, where they are a paralegal
    membership: CaseMembership  # theirs in A
    link: ClaimLink  # a claim link in A they may see


DUAL_WRITES = {
    "move-B-document-into-A-filing": lambda s: api(
        "PATCH", f"documents/{s.b.document.pk}/", {"filing": s.a.filing.pk}
    ),
    "move-A-document-into-B-filing": lambda s: api(
        "PATCH", f"documents/{s.a.document.pk}/", {"filing": s.b.filing.pk}
    ),
    "move-B-filing-into-A": lambda s: api("PATCH", f"filings/{s.b.filing.pk}/", {"case": s.a.case.pk}),
    "move-B-party-into-A": lambda s: api("PATCH", f"parties/{s.b.party.pk}/", {"case": s.a.case.pk}),
    "move-B-counsel-into-A": lambda s: api("PATCH", f"counsel/{s.b.counsel.pk}/", {"case": s.a.case.pk}),
    "move-B-allegation-into-A": lambda s: api(
        "PATCH", f"allegations/{s.b.allegation.pk}/", {"case": s.a.case.pk}
    ),
    "B-counsel-represents-A-party": lambda s: api(
        "PATCH", f"counsel/{s.b.counsel.pk}/", {"representations": [{"party": s.a.party.pk}]}
    ),
    "A-party-files-in-B": lambda s: api(
        "POST", "filings/", {"case": s.b.case.pk, **NEW_FILING, "filed_by": [s.a.party.pk]}
    ),
    "A-party-asserts-B-count": lambda s: api(
        "POST",
        "allegations/",
        {"case": s.b.case.pk, "count_number": 99, "title": "x", "asserted_by": [s.a.party.pk]},
    ),
    "B-count-changed-by-A-filing": lambda s: api(
        "POST", f"allegations/{s.b.allegation.pk}/status/", {**STATUS_CHANGE, "filing": s.a.filing.pk}
    ),
    "link-B-count-to-A-document": lambda s: api(
        "POST", "claim-links/", {"allegation": s.b.allegation.pk, "document": s.a.document.pk}
    ),
    "link-A-count-to-B-document": lambda s: api(
        "POST", "claim-links/", {"allegation": s.a.allegation.pk, "document": s.b.document.pk}
    ),
    "tag-B-note-with-A-count": lambda s: api(
        "POST",
        "annotations/",
        {"document": s.b.document.pk, "page": 1, "body": "x", "allegations": [s.a.allegation.pk]},
    ),
    "note-on-A-document": lambda s: api(
        "POST", "annotations/", {"document": s.a.document.pk, "page": 1, "body": "x"}
    ),
    "reply-to-A-note": lambda s: api("POST", f"annotations/{s.a.annotation.pk}/replies/", {"body": "x"}),
    "review-A-link": lambda s: api("PATCH", f"claim-links/{s.link.pk}/", {"status": "rejected"}),
    "review-A-link-page": lambda s: page(f"/claim-links/{s.link.pk}/review/", {"status": "rejected"}),
    "upload-to-A-filing": lambda s: api(
        "POST", f"filings/{s.a.filing.pk}/documents/", {"files": PDF_UPLOAD}, "multipart"
    ),
    "upload-to-A-filing-page": lambda s: page(
        f"/filings/{s.a.filing.pk}/upload/", {"files": PDF_UPLOAD}, "multipart"
    ),
    "create-filing-in-A": lambda s: api("POST", "filings/", {"case": s.a.case.pk, **NEW_FILING}),
    "create-party-in-A": lambda s: api(
        "POST", "parties/", {"case": s.a.case.pk, "name": "x", "role": "plaintiff"}
    ),
    "link-A-document-page": lambda s: page(
        f"/documents/{s.a.document.pk}/link/", {"allegation": s.a.allegation.pk}
    ),
    "link-B-document-to-A-count-page": lambda s: page(
        f"/documents/{s.b.document.pk}/link/", {"allegation": s.a.allegation.pk}
    ),
    "designate-A-document": lambda s: api(
        "POST", f"documents/{s.a.document.pk}/designation/", {"designation": "aeo"}
    ),
    "raise-own-clearance-in-A": lambda s: api(
        "PATCH", f"memberships/{s.membership.pk}/", {"clearance": "aeo"}
    ),
    "edit-case-A": lambda s: api("PATCH", f"cases/{s.a.case.pk}/", {"caption": "x"}),
}


@pytest.mark.parametrize("attempt", DUAL_WRITES)
def test_the_dual_member_cannot_write_into_the_other_case(world, attempt):
    dual, a = world.personas["dual"], world.case_a.pk
    sides = Sides(
        a=world.kits[a],
        b=world.kits[world.case_b.pk],
        membership=CaseMembership.objects.get(user=dual.user, case_id=a),
        link=next(e.obj for e in world.of_kind("claimlink") if e.case_id == a and not e.level),
    )
    probe = DUAL_WRITES[attempt](sides)

    answer, problems = Prober(world, dual).check(probe)

    assert answer.changed_tables == [], f"{probe}: {answer.status} changed {answer.changed_tables}"
    assert not problems, report(problems)


# A writer behind the wall (the junior paralegal, cleared for public documents) uploads the
# very bytes of a document they may not see onto its filing.


@pytest.mark.parametrize("entry_number", [2, 3, 4], ids=["confidential", "aeo", "sealed-filing"])
@pytest.mark.parametrize("surface", ["api", "page"])
def test_uploading_a_walled_documents_bytes_answers_like_new_bytes(world, entry_number, surface):
    junior = world.personas["junior"]
    walled = next(e for e in world.targets("document") if e.obj.filing.entry_number == entry_number)
    assert not junior.sees(walled)
    with default_storage.open(walled.obj.file.name) as stored:
        same_bytes = stored.read()
    prober = Prober(world, junior)

    walled_answer, problems = prober.check(upload(walled.obj.filing_id, same_bytes, surface), may_write=True)
    new_answer, _ = prober.check(upload(walled.obj.filing_id, PDF_UPLOAD, surface), may_write=True)

    assert (walled_answer.status, walled_answer.messages) == (new_answer.status, new_answer.messages), (
        f"the walled document's bytes answer {walled_answer.status} {walled_answer.messages!r} "
        f"{walled_answer.body[:300]!r}; new bytes answer {new_answer.status} {new_answer.messages!r}"
    )
    assert not problems, report(problems)


def upload(filing_id: int, content, surface: str) -> Probe:
    if surface == "api":
        return Probe("POST", f"/api/v1/filings/{filing_id}/documents/", JSON, {"files": content}, "multipart")
    return Probe("POST", f"/filings/{filing_id}/upload/", HTML, {"files": content}, "multipart")
