"""What the document viewer shows beside the PDF: citations with their pages, the text of
OCRed pages, which pages match the search that led here, and the case's allegations that
a note can be tagged with."""

from dataclasses import dataclass, field

from django.db.models import BooleanField
from django.db.models.expressions import RawSQL
from django.urls import reverse

from caselaw.models import Allegation
from filings.models import Citation, Document, Page
from filings.search.indexing import TEXT_SEARCH_CONFIG
from filings.search.query import MAX_QUERY_CHARS, SearchError, split_citations
from filings.search.text_query import compile_text_query, parse_terms

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
    """The pages whose text is not the PDF's own text layer as it stands (OCR read all or
    part of it), with where it came from and why: the viewer's Text tab shows this text,
    which the PDF itself does not carry."""
    if not document.used_ocr:
        return []
    sources = dict(Page.TextSource.choices)
    rows = document.pages.filter(from_ocr=True).order_by("number")
    return [
        {
            "number": row["number"],
            "text": row["text"],
            "source": sources.get(row["text_source"], row["text_source"]),
            "note": row["text_note"],
        }
        for row in rows.values("number", "text", "text_source", "text_note")
    ]


def pages_matching(document: Document, q: str) -> list[int]:
    """Numbers of this document's pages that the search `q` finds, as search finds them."""
    q = q.strip()[:MAX_QUERY_CHARS]
    text, citations = split_citations(q)
    if not text and not citations:
        return []
    pages = document.pages.all()
    if text:
        try:
            tsquery_sql, tsquery_params, patterns = text_conditions(text)
        except SearchError:
            return []
        if tsquery_sql:
            matched = RawSQL(f"search_vector @@ {tsquery_sql}", tsquery_params, output_field=BooleanField())
            pages = pages.alias(matched=matched).filter(matched=True)
        for pattern in patterns:
            pages = pages.filter(text__iregex=pattern)
    for citation in citations:
        pages = pages.filter(citations__normalized=citation)
    return list(pages.order_by("number").values_list("number", flat=True)[:MAX_MATCHING_PAGES])


def text_conditions(text: str) -> tuple[str, list, list[str]]:
    """The tsquery (SQL and parameters; "" for stop words only) and the exact phrase
    checks search applies. Only a prefix or a phrase that may hold stop words needs them
    worked out first; other words are websearch_to_tsquery's alone (no query spent)."""
    terms, has_or = parse_terms(text)
    if not any(t.prefix for t in terms) and (has_or or not any(t.quoted and len(t.words) > 1 for t in terms)):
        return f"websearch_to_tsquery('{TEXT_SEARCH_CONFIG}', %s)", [text], []
    query = compile_text_query(text)
    return ("%s::tsquery" if query.tsquery else ""), [query.tsquery], query.exact_patterns


def highlight_stems(q: str) -> list[str]:
    """Lower-case terms to mark in the page text: a word's stem, or a quoted phrase as
    typed; OR and -exclusions dropped.

    A term matches at the start of a word, so "torrent" marks "torrenting" and
    "infringing" (stem "infring") marks "infringement"; `"fair use"` marks the phrase, not
    each lone "use"; `torr*` marks "torrent".
    """
    text, _ = split_citations(q.strip()[:MAX_QUERY_CHARS])
    terms, _ = parse_terms(text)
    marked = []
    for term in terms:
        if term.negated:
            continue
        if term.quoted and len(term.words) > 1:
            mark = " ".join(term.words)
        elif term.prefix:
            mark = term.words[-1]
        else:
            mark = None
            for word in term.words:
                if word not in STOP_WORDS and (stem := stem_of(word)) not in marked:
                    marked.append(stem)
        if mark and mark not in marked:
            marked.append(mark)
    return marked


def stem_of(word: str) -> str:
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word
