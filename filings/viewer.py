"""What the document viewer shows beside the PDF: citations with their pages, the text of
OCRed pages, which pages match the search that led here, and the case's allegations that
a note can be tagged with."""

import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery
from django.urls import reverse

from caselaw.models import Allegation
from filings.models import Citation, Document
from filings.pipeline.steps import TEXT_SEARCH_CONFIG
from filings.search.query import MAX_QUERY_CHARS, split_citations

MAX_MATCHING_PAGES = 5000  # as many as search ranks (engine.CANDIDATE_CAP)
# Too common to be worth highlighting; PostgreSQL ignores them when it searches.
STOP_WORDS = {"a", "an", "and", "are", "as", "at", "be", "by", "for", "in", "is", "it", "of", "on", "or"}
STOP_WORDS |= {"that", "the", "to", "was", "with"}
SUFFIXES = ("ations", "ation", "ments", "ment", "ings", "ing", "ies", "ed", "es", "s")


@dataclass
class CitedAuthority:
    normalized: str
    pages: list[int] = field(default_factory=list)


def citations_by_kind(document: Document) -> list[tuple[str, list[CitedAuthority]]]:
    """Statutes, then cases, each in order of first appearance with the pages citing it."""
    rows = document.citations.order_by("page__number", "start").values_list(
        "kind", "normalized", "page__number"
    )
    found: dict[tuple[str, str], CitedAuthority] = {}
    for kind, normalized, number in rows:
        cited = found.setdefault((kind, normalized), CitedAuthority(normalized))
        if number not in cited.pages:
            cited.pages.append(number)
    return [
        (label, [cited for (k, _), cited in found.items() if k == kind])
        for kind, label in ((Citation.Kind.STATUTE, "Statutes"), (Citation.Kind.CASE, "Cases"))
    ]


def allegation_choices(document: Document) -> list[dict]:
    """The counts of the document's case, for tagging notes and naming the tags."""
    case_id = document.filing.case_id
    return [
        {
            "id": allegation.pk,
            "count": allegation.count_number,
            "title": allegation.title,
            "url": reverse("allegation_detail", args=[case_id, allegation.pk]),
        }
        for allegation in Allegation.objects.filter(case_id=case_id).order_by("count_number")
    ]


def ocr_page_texts(document: Document) -> list[dict]:
    """The text tesseract read from scanned pages, which the PDF itself does not carry."""
    if not document.used_ocr:
        return []
    return list(document.pages.filter(from_ocr=True).order_by("number").values("number", "text"))


def pages_matching(document: Document, q: str) -> list[int]:
    """Numbers of this document's pages that the search `q` finds, as search finds them."""
    q = q.strip()[:MAX_QUERY_CHARS]
    text, citations = split_citations(q)
    if not text and not citations:
        return []
    pages = document.pages.all()
    if text:
        pages = pages.filter(
            search_vector=SearchQuery(text, config=TEXT_SEARCH_CONFIG, search_type="websearch")
        )
    for citation in citations:
        pages = pages.filter(citations__normalized=citation)
    return list(pages.order_by("number").values_list("number", flat=True)[:MAX_MATCHING_PAGES])


def highlight_stems(q: str) -> list[str]:
    """Lower-case word stems to mark in the page text: quotes, OR and -exclusions dropped.

    A stem matches at the start of a word, so "torrent" marks "torrenting" and
    "infringing" (stem "infring") marks "infringement".
    """
    text, _ = split_citations(q.strip()[:MAX_QUERY_CHARS])
    stems = []
    for word in text.split():
        if word.startswith("-") or word == "OR":
            continue
        for token in re.findall(r"\w+", word.lower()):
            if token in STOP_WORDS:
                continue
            stem = stem_of(token)
            if stem not in stems:
                stems.append(stem)
    return stems


def stem_of(word: str) -> str:
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word
