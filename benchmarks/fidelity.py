"""Fidelity: how much of what a set of PDFs says the pipeline stores, and whether search
then finds each page by what a lawyer would type.

    .venv/bin/python benchmarks/fidelity.py                  # generated defect PDFs
    .venv/bin/python benchmarks/fidelity.py --dir ~/filings  # any folder of PDFs

Every PDF is uploaded into a filing of its own (filings.services.document_upload) and
read by the real pipeline (filings.pipeline.runner.process_document, in this process,
OCR included), on a database of its own (created, migrated, dropped) on whatever server
DATABASE_URL names, or the embedded one. Then, per document and in total:

  pages        pages stored
  =pdftotext   pages whose stored words agree with `pdftotext -raw` (difflib ratio of the
               word sequences >= 0.9); pdftotext is the reference the issue names, though
               it reads neither scans nor fonts without a Unicode map
  =truth       the same against what the page really says (generated PDFs only)
  ocr          pages whose text came (partly) from OCR; "unreadable" in the totals: those
               that also had a text layer of 25+ words, judged unusable or supplemented
  conf         mean OCR confidence of those pages (0-100), where the pipeline stores it
  first/listed/missed
               findability: phrases of 3-5 words and rare words sampled from each page's
               text (ground truth, else pdftotext), each found on that page only, plus the
               generated files' own queries (an e-mail's domain, a citation's other
               spelling, the e-filing stamp, ...), searched through /api/v1/search/ as a
               member of the case: the page ranks first (among the pages expected), is
               listed (in the first 100 results), or is missed

It is a measurement, not a test: it exits 0.
"""

import argparse
import difflib
import logging
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from ingest import drop_database, prepare_environment  # noqa: E402

AGREEMENT = 0.9
LAYER_WORDS = 25  # a page with this many pdftotext words had a real text layer
RESULTS = 100  # the API's largest page of results
LINE_END_HYPHEN = re.compile(r"\S+-\n\S+")
WORD = re.compile(r"^[\w][\w'’.@/:&§-]*$")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument(
        "--dir", type=Path, help="a folder of PDFs (searched recursively) instead of generated ones"
    )
    parser.add_argument("--copies", type=int, default=3, help="generated copies of each defect (default 3)")
    parser.add_argument(
        "--born-digital", type=int, default=4, help="generated ordinary 3-page PDFs alongside (default 4)"
    )
    parser.add_argument("--phrases", type=int, default=3, help="phrases sampled per page (default 3)")
    parser.add_argument("--rare-words", type=int, default=2, help="rare words sampled per page (default 2)")
    parser.add_argument("--seed", type=int, default=1, help="for the generated files and the sampling")
    parser.add_argument("--verbose", action="store_true", help="every page's source and note, every miss")
    parser.add_argument("--database-name", default="caselaw_fidelity_bench", help="dropped and recreated")
    parser.add_argument("--keep-database", action="store_true", help="leave it for inspection")
    return parser.parse_args()


@dataclass
class Source:
    """A PDF to read, with what its pages really say when that is known."""

    name: str
    kind: str
    path: Path
    truth: list[str] | None = None
    queries: list[tuple[str, list[int]]] = field(default_factory=list)


@dataclass
class Outcomes:
    first: int = 0
    listed: int = 0
    missed: int = 0

    def add(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)

    def __iadd__(self, other: "Outcomes") -> "Outcomes":
        self.first, self.listed, self.missed = (
            self.first + other.first,
            self.listed + other.listed,
            self.missed + other.missed,
        )
        return self

    @property
    def total(self) -> int:
        return self.first + self.listed + self.missed

    def line(self) -> str:
        if not self.total:
            return "none"
        return (
            f"{self.total}: first {self.first} ({self.first / self.total:.0%}), "
            f"listed {self.listed}, missed {self.missed} ({self.missed / self.total:.0%})"
        )


@dataclass
class PageResult:
    number: int
    stored: str
    pdftotext: str
    truth: str | None
    source: str  # layer, ocr, both, none
    note: str
    confidence: float | None

    @property
    def agrees_with_pdftotext(self) -> bool:
        return similar(self.stored, self.pdftotext)

    @property
    def agrees_with_truth(self) -> bool | None:
        return None if self.truth is None else similar(self.stored, self.truth)

    @property
    def ocr(self) -> bool:
        return self.source in ("ocr", "both")


@dataclass
class DocumentResult:
    source: Source
    document_id: int
    status: str
    error: str
    pages: list[PageResult]
    found: dict[str, Outcomes] = field(default_factory=lambda: defaultdict(Outcomes))
    seconds: float = 0.0


# --- The PDFs ------------------------------------------------------------------------


def generated_sources(folder: Path, copies: int, born_digital: int, seed: int) -> list[Source]:
    """The defect PDFs of tests/pdfs.py and a few ordinary born-digital filings."""
    from caselaw import testing_pdfs
    from tests import pdfs

    sources = []
    for sample in pdfs.defect_samples(copies, seed=seed):
        path = folder / f"{sample.name}.pdf"
        path.write_bytes(sample.data)
        sources.append(Source(sample.name, sample.kind, path, list(sample.pages), list(sample.queries)))
    for number in range(born_digital):
        path = folder / f"born-digital-{number}.pdf"
        sentences = pdfs.filing_sentences(seed * 100 + number, 40)
        path.write_bytes(testing_pdfs.text_pdf(3, seed=seed * 100 + number, sentences=sentences))
        sources.append(Source(path.stem, "born_digital", path))
    return sources


def folder_sources(folder: Path) -> list[Source]:
    paths = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() == ".pdf")
    return [Source(str(p.relative_to(folder)), "", p) for p in paths]


def pdftotext_pages(path: Path, count: int) -> list[str]:
    result = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True)
    pages = result.stdout.decode("utf-8", "replace").split("\f")
    return (pages + [""] * count)[:count]


def words(text: str) -> list[str]:
    return text.split()


def ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, words(a), words(b), autojunk=False).ratio()


def similar(a: str, b: str) -> bool:
    return ratio(a, b) >= AGREEMENT


# --- Through the pipeline -------------------------------------------------------------


def setup_case():
    """A court, a case, and a lawyer of the case (cleared for everything) to search as."""
    from caselaw.models import Case, CaseMembership, Court
    from tests.factories import UserFactory

    court = Court.objects.create(code="fidelity", name="Fidelity Benchmark Court")
    case = Case.objects.create(
        court=court, docket_number="0:26-cv-00012", caption="Fidelity", short_name="Fidelity"
    )
    lawyer = UserFactory(username="fidelity-lawyer")
    CaseMembership.objects.create(user=lawyer, case=case, role=CaseMembership.Role.LAWYER)
    return case, lawyer


def read(source: Source, case, entry: int) -> DocumentResult:
    """Upload one PDF into a filing of its own and have the pipeline read it, here."""
    from django.core.files.base import ContentFile

    from filings.models import Document, Filing
    from filings.pipeline.runner import process_document
    from filings.services import document_upload

    filing = Filing.objects.create(
        case=case, entry_number=entry, date_filed=date(2025, 1, 1), description=source.name
    )
    started = time.perf_counter()
    document = document_upload(
        filing=filing, file=ContentFile(source.path.read_bytes(), name=source.path.name)
    )
    if document.status == Document.Status.QUEUED:
        process_document(document.pk)
    seconds = time.perf_counter() - started
    document.refresh_from_db()
    stored = list(document.pages.order_by("number"))
    reference = pdftotext_pages(source.path, len(stored))
    pages = []
    for index, page in enumerate(stored):
        truth = source.truth[index] if source.truth and index < len(source.truth) else None
        pages.append(
            PageResult(
                number=page.number,
                stored=page.text,
                pdftotext=reference[index],
                truth=truth,
                source=str(getattr(page, "text_source", "ocr" if page.from_ocr else "layer")),
                note=getattr(page, "text_note", ""),
                confidence=getattr(page, "ocr_confidence", None),
            )
        )
    return DocumentResult(source, document.pk, document.status, document.error, pages, seconds=seconds)


# --- Findability ------------------------------------------------------------------------


def clean_tokens(text: str) -> list[str]:
    """The page's words without the punctuation around them; None for one nobody types,
    such as the halves of a word hyphenated at the end of a line ("alterna- tives")."""
    tokens = []
    for raw in LINE_END_HYPHEN.sub(" \ufffd ", text).split():
        token = raw.strip(".,;:()[]\"'“”‘’!?")
        tokens.append(token if token and WORD.match(token) and token.isprintable() else None)
    return tokens


def sample_queries(results: list[DocumentResult], args, rng: random.Random) -> list[tuple[str, set]]:
    """(query, the (document, page) pairs it should find): for each page, phrases and rare
    words found on that page only, from its ground truth or else pdftotext; and the
    generated files' own queries."""
    texts = {}
    for result in results:
        for page in result.pages:
            texts[(result.document_id, page.number)] = (
                page.truth if page.truth is not None else page.pdftotext
            )
    normalised = {
        key: " " + " ".join(t.lower() for t in clean_tokens(text) if t) + " " for key, text in texts.items()
    }
    frequency = Counter(word for text in normalised.values() for word in set(text.split()))

    candidates = {
        word for word, count in frequency.items() if count == 1 and word.isalpha() and len(word) >= 6
    }
    content_words = not_stop_words(candidates)
    queries = []
    for key, text in texts.items():
        tokens = clean_tokens(text)
        phrases = set()
        for _ in range(args.phrases * 20):
            if len(phrases) == args.phrases or len(tokens) < 5:
                break
            size = rng.randint(3, 5)
            start = rng.randrange(len(tokens) - size + 1)
            window = tokens[start : start + size]
            if None in window or not any(any(c.isalpha() for c in t) for t in window):
                continue
            needle = " " + " ".join(window).lower() + " "
            if sum(needle in other for other in normalised.values()) == 1:
                phrases.add(" ".join(window))
        queries += [(("phrase", f'"{phrase}"'), {key}) for phrase in sorted(phrases)]
        rare = sorted({t.lower() for t in tokens if t} & content_words)
        queries += [
            (("rare word", word), {key}) for word in rng.sample(rare, min(args.rare_words, len(rare)))
        ]

    expected = defaultdict(set)
    for result in results:
        for query, page_numbers in result.source.queries:
            expected[query] |= {(result.document_id, number) for number in page_numbers}
    queries += [(("file's own", query), keys) for query, keys in expected.items()]
    return queries


def not_stop_words(candidates: set[str]) -> set[str]:
    """The words PostgreSQL's English configuration (the one search uses) indexes: a
    rare word is worth searching for only if it is not a stop word such as "during"."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT w FROM unnest(%s::text[]) AS w WHERE to_tsvector('english', w) <> ''::tsvector",
            [sorted(candidates)],
        )
        return {row[0] for row in cursor.fetchall()}


def search(client, query: str) -> list[tuple[int, int]] | None:
    """The (document, page) of each result, best first; None if the query was refused."""
    response = client.get("/api/v1/search/", {"q": query, "page_size": RESULTS})
    if response.status_code != 200:
        return None
    return [(hit["document"], hit["page"]) for hit in response.json()["results"]]


def measure_findability(results: list[DocumentResult], client, args, misses: list) -> None:
    by_id = {result.document_id: result for result in results}
    for (kind, query), keys in sample_queries(results, args, random.Random(args.seed)):
        found = search(client, query)
        if found is None:
            kind_noted = f"{kind}, refused"
            found = []
        else:
            kind_noted = kind
        for key in keys:
            if key in found[: len(keys)]:
                outcome = "first"
            elif key in found:
                outcome = "listed"
            else:
                outcome = "missed"
                misses.append((kind_noted, query, by_id[key[0]].source.name, key[1]))
            by_id[key[0]].found[kind].add(outcome)


# --- Report -------------------------------------------------------------------------------


def share(count: int, total: int) -> str:
    return f"{count}/{total}" if total else "–"


def mean_confidence(pages: list[PageResult]) -> str:
    values = [p.confidence for p in pages if p.ocr and p.confidence is not None]
    return f"{statistics.mean(values):.0f}" if values else "–"


def found(results: list[DocumentResult]) -> Outcomes:
    total = Outcomes()
    for result in results:
        for outcome in result.found.values():
            total += outcome
    return total


def row(label: str, kind: str, results: list[DocumentResult]) -> str:
    pages = [p for r in results for p in r.pages]
    with_truth = [p for p in pages if p.truth is not None]
    outcome = found(results)
    failed = sum(r.status != "indexed" for r in results)
    return (
        f"{label[:30]:<30} {kind[:20]:<20} {len(pages):>5} "
        f"{share(sum(p.agrees_with_pdftotext for p in pages), len(pages)):>10} "
        f"{share(sum(bool(p.agrees_with_truth) for p in with_truth), len(with_truth)):>7} "
        f"{sum(p.ocr for p in pages):>4} {mean_confidence(pages):>5} "
        f"{outcome.first:>6} {outcome.listed:>6} {outcome.missed:>6}"
        + (f"  {failed} failed" if failed else "")
    )


HEADER = (
    f"{'document':<30} {'kind':<20} {'pages':>5} {'=pdftotext':>10} {'=truth':>7} "
    f"{'ocr':>4} {'conf':>5} {'first':>6} {'listed':>6} {'missed':>6}"
)


def report(results: list[DocumentResult], misses: list, verbose: bool) -> None:
    print(HEADER)
    for result in results:
        print(row(result.source.name, result.source.kind, [result]))
        if result.status != "indexed":
            print(f"    {result.status}: {result.error}")
        if verbose:
            for page in result.pages:
                agreement = f"pdftotext {ratio(page.stored, page.pdftotext):.2f}"
                if page.truth is not None:
                    agreement += f", truth {ratio(page.stored, page.truth):.2f}"
                confidence = f"confidence {page.confidence}"
                print(f"    page {page.number}: {page.source}, {agreement}, {confidence}; {page.note}")
    kinds = sorted({r.source.kind for r in results if r.source.kind})
    if kinds:
        print("\nby kind")
        print(HEADER.replace("document", "        ", 1))
        for kind in kinds:
            print(row("", kind, [r for r in results if r.source.kind == kind]))
    print_totals(results, misses)
    if misses and verbose:
        print("\nmissed")
        for kind, query, name, number in misses:
            print(f"  {kind:<18} {query!r:<60} {name} page {number}")


def print_totals(results: list[DocumentResult], misses: list) -> None:
    pages = [p for r in results for p in r.pages]
    with_truth = [p for p in pages if p.truth is not None]
    ocr = [p for p in pages if p.ocr]
    unreadable = [p for p in ocr if len(words(p.pdftotext)) >= LAYER_WORDS]
    confidences = [p.confidence for p in ocr if p.confidence is not None]
    sources = Counter(p.source for p in pages)
    print("\ntotals")
    print(f"  documents            {len(results)} ({sum(r.status == 'indexed' for r in results)} indexed)")
    print(
        f"  pages                {len(pages)} ({', '.join(f'{k} {v}' for k, v in sorted(sources.items()))})"
    )
    print(f"  = pdftotext -raw     {percent(sum(p.agrees_with_pdftotext for p in pages), len(pages))}")
    agreeing = sum(bool(p.agrees_with_truth) for p in with_truth)
    print(f"  = ground truth       {percent(agreeing, len(with_truth))}")
    print(f"  OCRed                {len(ocr)}, with a text layer of {LAYER_WORDS}+ words: {len(unreadable)}")
    if confidences:
        print(
            f"  OCR confidence       mean {statistics.mean(confidences):.0f}, lowest {min(confidences):.0f} "
            f"({sum(c < 60 for c in confidences)} pages under 60)"
        )
    else:
        print("  OCR confidence       not stored")
    by_kind = defaultdict(Outcomes)
    for result in results:
        for kind, outcome in result.found.items():
            by_kind[kind] += outcome
    print(f"  findability          {found(results).line()}")
    refused = sum("refused" in kind for kind, *_ in misses)
    if refused:
        print(f"    of the missed, refused by the API (400): {refused}")
    for kind in ("phrase", "rare word", "file's own"):
        print(f"    {kind:<18} {by_kind[kind].line()}")
    print(f"  reading time         {sum(r.seconds for r in results):.1f} s")


def percent(count: int, total: int) -> str:
    return f"{count}/{total} ({count / total:.0%})" if total else "–"


def main() -> None:
    args = parse_args()
    prepare_environment(args.database_name)
    import django

    django.setup()
    # fpdf2's font subsetting (fontTools) and pikepdf log at INFO, which Django's settings show.
    for name in ("fontTools", "pikepdf"):
        logging.getLogger(name).setLevel(logging.WARNING)
    from django.core.management import call_command
    from django.test import Client

    from filings.pipeline import ocr

    if not ocr.tesseract_available():
        print("warning: tesseract is not installed; scanned pages are stored without text")
    try:
        call_command("migrate", verbosity=0)
        with tempfile.TemporaryDirectory(prefix="fidelity-") as folder:
            if args.dir:
                sources = folder_sources(args.dir)
                print(f"{len(sources)} PDFs under {args.dir}")
            else:
                sources = generated_sources(Path(folder), args.copies, args.born_digital, args.seed)
                print(f"{len(sources)} generated PDFs (tests/pdfs.py, caselaw/testing_pdfs.py)")
            case, lawyer = setup_case()
            results = []
            for entry, source in enumerate(sources, start=1):
                results.append(read(source, case, entry))
                print(f"  read {source.name} in {results[-1].seconds:.1f} s", flush=True)
        client = Client()
        client.force_login(lawyer)
        misses = []
        measure_findability(results, client, args, misses)
        print()
        report(results, misses, args.verbose)
    finally:
        if not args.keep_database:
            drop_database(args.database_name)


if __name__ == "__main__":
    os.environ.setdefault("CASELAW_DEV", "1")  # a measurement, not a deployment
    # Documents are read here, in this process: nothing should reach a real broker's queue.
    os.environ.setdefault("CELERY_BROKER_URL", "memory://")
    # The API's rates (caselaw/settings.py) would answer the search loop 429 within a minute.
    os.environ.setdefault("CASELAW_THROTTLE_USER", "1000000/minute")
    os.environ.setdefault("CASELAW_THROTTLE_SEARCH", "1000000/minute")
    main()
