"""Document steps: once a document's pages are all stored, propose the claim links a
lawyer then confirms or rejects (the review queue, filings/views/review.py).

A suggestion must earn its place. A statute cited on a page is evidence for a count only
as far as it is that count's own: a statute several counts rest on ("17 U.S.C. § 501",
counts 1, 2 and 8 of Kadrey) counts for a share, and needs a signal specific to the
count to be proposed: the count's own subsection ("§ 1202(b)(1)" for a § 1202(b) count),
or the count's own words on the page (those of its title no other count sharing the
statute has: "vicarious", "torrenting"). A filing made before the count was pleaded
counts for a quarter (a 2023 motion for a count added in 2025). Each suggestion says why
in one line, and the queue ranks by the score.
"""

import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import Min

from caselaw.citations import find_citations
from caselaw.models import AllegationStatus, AllegationStatusChange
from filings.models import Citation, ClaimLink, Document
from filings.search.indexing import TEXT_SEARCH_CONFIG

PROPOSE_AT = 0.5  # the least score a citation suggestion needs
SUBSECTION = 0.5  # the count's own subsection cited
OWN_WORDS = 0.4  # the count's own words on the page
BEFORE_PLEADED = 0.25  # factor for a filing made before the count was pleaded


@dataclass
class CountEvidence:
    """What a count rests on, as the scoring reads it."""

    allegation: object
    pins: dict  # statute → the subsections its legal basis names ("(b)")
    own_words: list  # title words no other count sharing a statute has
    pleaded_on: object  # the date it was first pleaded, or None


class SuggestLinksFromCitations:
    """One suggestion per count and citing page, scored (see the module's docstring); a
    link a lawyer rejected is never proposed again (the row stays, rejected), and a
    confirmed one is left as it is."""

    def run(self, document: Document, allegations: list) -> None:
        cited = list(
            Citation.objects.filter(document=document, kind=Citation.Kind.STATUTE)
            .select_related("page")
            .order_by("page__number", "start")
        )
        if not cited:
            return
        counts = evidence_of(allegations)
        sharing = {}
        for count in counts:
            for statute in count.allegation.statutes:
                sharing[statute] = sharing.get(statute, 0) + 1
        saying = pages_with_own_words(document, counts)
        filed = document.filing.date_filed
        best: dict[tuple[int, int], tuple[float, str]] = {}
        for citation in cited:
            for count in counts:
                if citation.normalized not in count.allegation.statutes:
                    continue
                score, why = score_citation(citation, count, sharing[citation.normalized], saying, filed)
                key = (count.allegation.pk, citation.page_id)
                if key not in best or score > best[key][0]:
                    best[key] = (score, why)
        pages = {citation.page_id: citation.page for citation in cited}
        for (allegation_id, page_id), (score, why) in best.items():
            if score < PROPOSE_AT:
                continue
            ClaimLink.objects.get_or_create(
                allegation_id=allegation_id,
                document=document,
                page=pages[page_id],
                source=ClaimLink.Source.CITATION,
                annotation=None,
                defaults={"score": round(score, 3), "reason": why},
            )


def score_citation(citation, count: CountEvidence, shared_by: int, saying: set, filed) -> tuple[float, str]:
    """The score of `citation` as evidence for `count`, and the reason in one line."""
    written = f"{citation.normalized}{citation.pin}"
    number = citation.page.number
    score = 1.0 / shared_by
    reasons = []
    if shared_by > 1:
        reasons.append(f"a statute {shared_by} counts rest on")
    pins = count.pins.get(citation.normalized, [])
    if pins and citation.pin and any(_pin(citation.pin).startswith(_pin(pin)) for pin in pins):
        score += SUBSECTION
        reasons.append("the count's own subsection")
    if (count.allegation.pk, citation.page_id) in saying:
        score += OWN_WORDS
        reasons.append("the page uses the count's own words (" + ", ".join(count.own_words) + ")")
    if count.pleaded_on and filed and filed < count.pleaded_on:
        score *= BEFORE_PLEADED
        reasons.append(f"filed before the count was pleaded ({count.pleaded_on:%b %-d, %Y})")
    why = f"cites {written} on page {number}" + (": " + "; ".join(reasons) if reasons else "")
    return min(score, 1.0), why[:300]


def _pin(pin: str) -> str:
    return re.sub(r"\s+", "", pin).lower()


def evidence_of(allegations: list) -> list[CountEvidence]:
    pleaded = dict(
        AllegationStatusChange.objects.filter(
            allegation__in=allegations, status__in=[AllegationStatus.PLEADED, AllegationStatus.REPLEADED]
        )
        .values("allegation_id")
        .annotate(first=Min("date"))
        .values_list("allegation_id", "first")
    )
    words = {a.pk: set(re.findall(r"[a-z]+", a.title.lower())) for a in allegations}
    counts = []
    for allegation in allegations:
        pins: dict[str, list[str]] = {}
        for cite in find_citations(allegation.legal_basis or ""):
            if cite.kind == "statute" and cite.pin:
                pins.setdefault(cite.normalized, []).append(cite.pin)
        sharing = [
            other
            for other in allegations
            if other.pk != allegation.pk and set(other.statutes) & set(allegation.statutes)
        ]
        # Words tell counts apart only where they share a statute; alone, a count's statute says enough.
        others = set().union(*(words[other.pk] for other in sharing))
        own = sorted(word for word in words[allegation.pk] - others if len(word) > 3) if sharing else []
        counts.append(CountEvidence(allegation, pins, own, pleaded.get(allegation.pk)))
    return counts


def pages_with_own_words(document: Document, counts: list[CountEvidence]) -> set[tuple[int, int]]:
    """(allegation id, page id) where the page has any of the count's own words."""
    asked = [(c.allegation.pk, " OR ".join(c.own_words)) for c in counts if c.own_words]
    if not asked:
        return set()
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT q.allegation_id, p.id
            FROM unnest(%s::bigint[], %s::text[]) AS q(allegation_id, words)
            JOIN filings_page p ON p.document_id = %s
                 AND p.search_vector @@ websearch_to_tsquery('{TEXT_SEARCH_CONFIG}', q.words)
            """,
            [[a for a, _ in asked], [w for _, w in asked], document.pk],
        )
        return set(cursor.fetchall())


class SuggestLinksFromText:
    """Propose a link where a page strongly matches an allegation's own terms: every word
    of its title (stemmed), best page first. Skipped where the document already has a
    citation link for that allegation; a rejected suggestion stays rejected."""

    sql = f"""
        SELECT DISTINCT ON (a.id) a.id, p.id, p.number,
               ts_rank_cd(p.search_vector, plainto_tsquery('{TEXT_SEARCH_CONFIG}', a.title)) AS rank
        FROM caselaw_allegation a
        JOIN filings_page p ON p.document_id = %s
             AND p.search_vector @@ plainto_tsquery('{TEXT_SEARCH_CONFIG}', a.title)
        WHERE a.case_id = %s
        ORDER BY a.id, rank DESC, p.number
    """

    def run(self, document: Document, allegations: list) -> None:
        from filings.models import ClaimLink

        with connection.cursor() as cursor:
            cursor.execute(self.sql, [document.pk, document.filing.case_id])
            best = cursor.fetchall()
        cited = set(
            ClaimLink.objects.filter(document=document, source=ClaimLink.Source.CITATION).values_list(
                "allegation_id", flat=True
            )
        )
        titles = {allegation.pk: allegation.title for allegation in allegations}
        for allegation_id, page_id, number, rank in best:
            if allegation_id in cited:
                continue
            ClaimLink.objects.get_or_create(
                allegation_id=allegation_id,
                document=document,
                page_id=page_id,
                source=ClaimLink.Source.SUGGESTION,
                annotation=None,
                defaults={"score": rank, "reason": f"mentions “{titles[allegation_id]}” on page {number}"},
            )


# A document step runs once the document's pages are all stored, given the allegations of
# its case (loaded once for all steps; none run when the case has none).
DOCUMENT_STEPS = [SuggestLinksFromCitations(), SuggestLinksFromText()]
