"""Ingestion throughput: our pipeline (upload → worker → indexed) against plain poppler
and tesseract on the same files, in the same run.

    .venv/bin/python benchmarks/ingest.py [--docs 40 --pages-per-doc 100 --scanned-pages 12]
    .venv/bin/python benchmarks/ingest.py --scenario mixed   # upload → searchable, mixed queue

Works on a database of its own (created, migrated, dropped) on whatever server
DATABASE_URL names, or on the embedded one; never on the application's database.
It is a measurement: it exits 0 whether or not the targets are met.
"""

import argparse
import hashlib
import math
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import closing
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from caselaw import testing_pdfs  # noqa: E402  (plain module: no Django settings needed)

# The environment as given, before our OCR module sets OMP_THREAD_LIMIT=1 for itself:
# the tesseract baseline runs the way a user would run it.
GIVEN_ENVIRONMENT = dict(os.environ)

SCANNED_PAGES_PER_DOC = 4
POLL_SECONDS = 0.1
TARGET_VS_PDFTOTEXT = 0.5
TARGET_SCALING = 1.8  # "close to twice": two workers at 90% of two single ones
TARGET_VS_TESSERACT = 0.75


@dataclass
class Corpus:
    born_digital: list[Path]
    born_digital_pages: int
    scanned: list[Path]
    scanned_pages: int


@dataclass
class Measurement:
    label: str
    pages: int
    seconds: float
    note: str = ""

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--docs", type=int, default=40, help="born-digital PDFs (default 40)")
    parser.add_argument("--pages-per-doc", type=int, default=100, help="pages in each (default 100)")
    parser.add_argument("--scanned-pages", type=int, default=12, help="image-only pages (default 12)")
    parser.add_argument("--workers", default="1,2", help="worker counts to measure (default 1,2)")
    parser.add_argument("--database-name", default="caselaw_bench", help="dropped and recreated")
    parser.add_argument("--keep-database", action="store_true", help="leave it for inspection")
    parser.add_argument(
        "--scenario",
        choices=["throughput", "mixed"],
        default="throughput",
        help="throughput: pages/s against the plain tools (default); mixed: upload to\n"
        "searchable per document under a mixed queue, one worker (see benchmarks/README.md)",
    )
    args = parser.parse_args()
    args.worker_counts = [int(n) for n in args.workers.split(",") if n.strip()]
    return args


# --- Environment: our own var dir and database, set up before Django reads its settings.


def prepare_environment(database_name: str) -> None:
    os.environ.setdefault("CASELAW_VAR_DIR", str(ROOT / "var" / "bench"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "caselaw.settings"
    os.environ.setdefault("CASELAW_DEV", "1")  # a benchmark, not production: no SECRET_KEY needed
    server = server_config()
    if database_name == server["NAME"]:
        sys.exit(f"Refusing to use {database_name!r}: it is the configured application database.")
    with closing(admin_connection(server)) as admin, admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{database_name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{database_name}"')
    # Read by caselaw.settings here and, through the inherited environment, by the workers.
    os.environ["CASELAW_DB_NAME"] = database_name


def server_config() -> dict:
    import environ

    url = os.environ.get("DATABASE_URL")
    if not url:
        from caselaw.embedded import database_url

        var_dir = Path(os.environ["CASELAW_VAR_DIR"])
        var_dir.mkdir(parents=True, exist_ok=True)
        url = database_url(var_dir)
    return environ.Env.db_url_config(url)


def admin_connection(server: dict):
    import psycopg2

    params = {
        "user": server.get("USER"),
        "password": server.get("PASSWORD"),
        "host": server.get("HOST") or server.get("OPTIONS", {}).get("host"),
        "port": server.get("PORT") or None,
    }
    params = {key: value for key, value in params.items() if value}
    try:
        connection = psycopg2.connect(dbname=server["NAME"], **params)
    except psycopg2.OperationalError:
        connection = psycopg2.connect(dbname="postgres", **params)
    connection.autocommit = True  # CREATE/DROP DATABASE cannot run in a transaction
    return connection


def drop_database(database_name: str) -> None:
    from django.db import connections

    connections.close_all()
    with closing(admin_connection(server_config())) as admin, admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{database_name}" WITH (FORCE)')


# --- Corpus: generated once per set of parameters and generator version, then reused.


def build_corpus(var_dir: Path, docs: int, pages_per_doc: int, scanned_pages: int) -> Corpus:
    generator = hashlib.sha256(Path(testing_pdfs.__file__).read_bytes()).hexdigest()[:10]
    folder = var_dir / "corpus" / generator
    born_digital = [folder / f"text-{pages_per_doc}p" / f"doc-{i:04d}.pdf" for i in range(docs)]
    scan_counts = chunk_sizes(scanned_pages, SCANNED_PAGES_PER_DOC)
    scanned = [folder / "scanned" / f"scan-{j:03d}-{n}p.pdf" for j, n in enumerate(scan_counts)]
    missing = [path for path in born_digital + scanned if not path.exists()]
    if missing:
        print(f"generating {len(missing)} corpus files under {folder} …", flush=True)
        with ProcessPoolExecutor() as pool:
            list(pool.map(write_corpus_file, missing, [pages_per_doc] * len(missing)))
    return Corpus(born_digital, docs * pages_per_doc, scanned, scanned_pages)


def chunk_sizes(total: int, size: int) -> list[int]:
    return [min(size, total - start) for start in range(0, total, size)]


def write_corpus_file(path: Path, pages_per_doc: int) -> None:
    index = int(path.stem.split("-")[1])
    if path.parent.name == "scanned":
        pages = int(path.stem.split("-")[2].rstrip("p"))
        content = testing_pdfs.scanned_pdf([scan_text(index, n) for n in range(pages)])
    else:
        # A docket's mix: three briefs or orders (a citation every few sentences) to one
        # transcript, declaration or exhibit (none).
        prose = testing_pdfs.RECORD_SENTENCES if index % 4 == 3 else testing_pdfs.BRIEF_SENTENCES
        content = testing_pdfs.text_pdf(pages=pages_per_doc, seed=index, sentences=prose)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".part")
    partial.write_bytes(content)
    partial.replace(path)


def scan_text(document: int, page: int) -> str:
    """About a page of prose in the large type of page_image, like a clean scanned letter."""
    rng = random.Random(f"scan-{document}-{page}")
    return f"Page {page + 1}. " + " ".join(rng.choice(testing_pdfs.LEGAL_SENTENCES) for _ in range(14))


def pdf_page_count(path: Path) -> int:
    import pypdfium2 as pdfium

    with pdfium.PdfDocument(str(path)) as pdf:
        return len(pdf)


# --- Baselines: the plain tools, one process, one file (or page) after another.


def time_pdftotext(files: list[Path], pages: int) -> Measurement:
    meter, started = CpuMeter(), time.perf_counter()
    for path in files:
        subprocess.run(["pdftotext", str(path), "-"], stdout=subprocess.DEVNULL, check=True)
    return Measurement("pdftotext, 1 process", pages, time.perf_counter() - started, meter.note())


def time_tesseract(scanned: list[Path], pages: int) -> list[Measurement]:
    """tesseract on the very image our OCR step renders: the page rendered by pdfium at
    OCR_DPI in grey, saved as PNG. (`pdftoppm -gray -png` is no substitute: poppler 22
    writes RGB, which tesseract reads more slowly.) Rendering is not timed here; in our
    pipeline it is, so the ratio shows all of our overhead.

    Twice: as installed (OpenMP threads, unless the environment given to the benchmark
    limits them), which is the target's baseline, and single-threaded, for reference."""
    threads = GIVEN_ENVIRONMENT.get("OMP_THREAD_LIMIT")
    runs = [
        (f"tesseract, 1 process, OMP_THREAD_LIMIT={threads or 'unset'}", GIVEN_ENVIRONMENT),
        ("tesseract, 1 process, OMP_THREAD_LIMIT=1", {**GIVEN_ENVIRONMENT, "OMP_THREAD_LIMIT": "1"}),
    ]
    measurements = []
    with tempfile.TemporaryDirectory(prefix="bench-ocr-") as workdir:
        images = render_for_ocr(scanned, Path(workdir))
        for label, environment in runs:
            meter, started = CpuMeter(), time.perf_counter()
            for image in images:
                subprocess.run(
                    ["tesseract", str(image), "-", "-l", "eng"],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    check=True,
                    env=environment,
                )
            seconds, note = time.perf_counter() - started, meter.note()
            measurements.append(Measurement(f"{label} ({len(images)} PNGs)", pages, seconds, note))
    return measurements


def render_for_ocr(scanned: list[Path], folder: Path) -> list[Path]:
    import pypdfium2 as pdfium

    from filings.pipeline.ocr import OCR_DPI

    images = []
    for path in scanned:
        with pdfium.PdfDocument(str(path)) as pdf:
            for index, page in enumerate(pdf):
                image = page.render(scale=OCR_DPI / 72, grayscale=True).to_pil()
                images.append(folder / f"{path.stem}-{index + 1}.png")
                image.save(images[-1])
    return images


# --- Our pipeline's parts alone, one after another in this process, on the same files: what
# a page costs in each library the pipeline is built on, before any of our own overhead.


def time_components(files: list[Path], pages: int) -> list[Measurement]:
    """pypdfium2 text extraction, eyecite (through our citation finder) and PostgreSQL's
    indexing (to_tsvector plus the word pairs, on the server) each on every page; and
    what one process doing all three in turn could reach at best."""
    import pypdfium2 as pdfium
    from django.db import connection

    from caselaw.citations import find_citations
    from filings.pipeline.pdf import extract_text

    texts: list[str] = []
    started = time.process_time()
    for path in files:
        pdf = pdfium.PdfDocument(str(path))
        try:
            for page in pdf:
                texts.append(extract_text(page))
                page.close()
        finally:
            pdf.close()
    extraction = Measurement("  pypdfium2 text alone", len(texts), time.process_time() - started)

    find_citations("17 U.S.C. § 1202")  # loads (or first compiles) the tokenizer, as a worker does at start
    started = time.process_time()
    for text in texts:
        find_citations(text)
    citations = Measurement("  eyecite citations alone", len(texts), time.process_time() - started)

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        started = time.perf_counter()
        for first in range(0, len(texts), 100):
            cursor.execute(
                "SELECT sum(length(v)) + sum(length(caselaw_word_pairs(v))) "
                "FROM unnest(%s::text[]) AS t, LATERAL to_tsvector('english', t) AS v",
                [texts[first : first + 100]],
            )
        vectors = Measurement("  PostgreSQL vectors alone", len(texts), time.perf_counter() - started)
    parts = [extraction, citations, vectors]
    seconds = sum(part.seconds for part in parts)
    together = Measurement("  all three in turn, best case", pages, seconds, "CPU seconds summed")
    return [*parts, together]


# --- Our pipeline: real uploads, real workers, timed until the last document is indexed.


class Bench:
    """The case the benchmark files into; each run gets a fresh filing (uploads are
    de-duplicated per filing) and starts from empty document tables."""

    def __init__(self):
        from caselaw.models import Case, Court

        court, _ = Court.objects.get_or_create(code="bench", defaults={"name": "Benchmark Court"})
        self.case = Case.objects.create(
            court=court, docket_number="0:00-cv-00000", caption="Benchmark", short_name="Benchmark"
        )
        self.entries = 0

    def new_filing(self, description: str):
        from filings.models import Filing

        self.entries += 1
        return Filing.objects.create(
            case=self.case, entry_number=self.entries, date_filed=date(2025, 1, 1), description=description
        )

    def clear(self) -> None:
        from django.db import connection

        self.case.filings.all().delete()
        with connection.cursor() as cursor:
            for table in ("filings_citation", "filings_page", "filings_document"):
                cursor.execute(f"VACUUM ANALYZE {table}")


def purge_broker() -> None:
    from caselaw.celery import app

    try:
        app.control.purge()
    except Exception as error:  # a queue that cannot be purged is empty enough to start
        print(f"warning: could not purge the broker queue: {error}")


def upload_all(filing, files: list[Path]) -> None:
    from django.core.files import File

    from filings.services import document_upload

    for path in files:
        with path.open("rb") as handle:
            document_upload(filing=filing, file=File(handle, name=path.name))


def wait_until_done(documents, expected: int, workers: list, timeout: float) -> None:
    from filings.models import Document

    finished = [Document.Status.INDEXED, Document.Status.FAILED]
    deadline = time.monotonic() + timeout
    while documents.filter(status__in=finished).count() < expected:
        for worker in workers:
            # A task that raises (say, the code expects a migration not applied) leaves its
            # document in `processing` for the lease; stop now rather than wait that out.
            if worker.process.poll() is not None or "raised unexpected" in worker.output():
                raise RuntimeError(f"worker {worker.name} failed:\n{worker.output()[-3000:]}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"documents not indexed within {timeout:.0f}s")
        time.sleep(POLL_SECONDS)


def run_pipeline(bench: Bench, files: list[Path], pages: int, workers: int, label: str) -> Measurement:
    from django.utils import timezone

    from tests.worker import WorkerProcess

    bench.clear()
    purge_broker()
    processes = []
    try:
        for n in range(workers):
            processes.append(WorkerProcess(name=f"bench{n + 1}"))
            processes[-1].start()
        warm_up(bench, processes)
        filing = bench.new_filing(label)
        meter, started = CpuMeter(), timezone.now()
        upload_all(filing, files)
        uploaded = (timezone.now() - started).total_seconds()
        wait_until_done(filing.documents.all(), len(files), processes, timeout=max(600, pages * 2))
        cpu = meter.note()
    finally:
        for process in processes:
            try:
                process.stop()
            except Exception as error:
                print(f"warning: stopping worker {process.name}: {error}")
    return measure(filing, started, label, f"uploads {uploaded:.1f}s, {cpu}")


def warm_up(bench: Bench, processes: list) -> None:
    """A few small documents first, so imports and first-use caches are not timed."""
    filing = bench.new_filing("warm-up")
    files = []
    with tempfile.TemporaryDirectory(prefix="bench-warmup-") as folder:
        for n in range(2 * len(processes)):
            path = Path(folder) / f"warm-{n}.pdf"
            path.write_bytes(testing_pdfs.text_pdf(pages=2, seed=900_000 + n))
            files.append(path)
        upload_all(filing, files)
    wait_until_done(filing.documents.all(), len(files), processes, timeout=120)


def measure(filing, started, label: str, note: str) -> Measurement:
    from django.db.models import Max, Min

    from filings.models import Page

    documents = filing.documents.all()
    failed = list(documents.exclude(status="indexed").values_list("original_filename", "error"))
    if failed:
        print(f"warning: {len(failed)} document(s) not indexed in {label!r}: {failed[:3]}")
    stats = documents.aggregate(first_claim=Min("processing_started_at"), last_indexed=Max("indexed_at"))
    busy = sum(
        (d.indexed_at - d.processing_started_at).total_seconds() for d in documents.filter(status="indexed")
    )
    pages = Page.objects.filter(document__filing=filing).count()
    empty = Page.objects.filter(document__filing=filing, text="").count()
    if empty:
        print(f"warning: {empty} page(s) stored without text in {label!r}")
    elapsed = (stats["last_indexed"] - started).total_seconds()
    first_claim = (stats["first_claim"] - started).total_seconds()
    note += f", first claim +{first_claim:.2f}s, worker busy {1000 * busy / max(pages, 1):.1f} ms/page"
    return Measurement(label, pages, elapsed, note)


# --- Mixed load: what a paralegal waits for when small filings arrive behind OCR work and a
# large filing (issue #14). One worker; every document a filing of its own.

MIXED_SCANNED = [10, 10, 10]  # 30 image-only pages as three documents
MIXED_LARGE_PAGES = 400
MIXED_SMALL = 50  # born-digital filings of 2-10 pages
SEARCHABLE_TARGET_SECONDS = 5.0


def build_mixed_corpus(var_dir: Path) -> list[tuple[str, Path, int]]:
    """(class, file, pages) in upload order: the scans, the large filing, the small ones.
    Seeds apart from the throughput corpus and the warm-up, so no file is a copy of one
    read before (the pipeline would copy its pages instead of reading them)."""
    generator = hashlib.sha256(Path(testing_pdfs.__file__).read_bytes()).hexdigest()[:10]
    folder = var_dir / "corpus" / generator / "mixed"
    rng = random.Random("mixed-load")
    plan = [
        ("scanned", folder / "scanned" / f"scan-{100 + j}-{n}p.pdf", n) for j, n in enumerate(MIXED_SCANNED)
    ]
    plan.append(("large", folder / "large" / f"doc-{500:04d}-{MIXED_LARGE_PAGES}p.pdf", MIXED_LARGE_PAGES))
    for i in range(MIXED_SMALL):
        pages = rng.randint(2, 10)
        plan.append(("small", folder / "small" / f"doc-{600 + i:04d}-{pages}p.pdf", pages))
    missing = [(path, pages) for _, path, pages in plan if not path.exists()]
    if missing:
        print(f"generating {len(missing)} corpus files under {folder} …", flush=True)
        with ProcessPoolExecutor() as pool:
            list(pool.map(write_corpus_file, *zip(*missing, strict=True)))
    return plan


def run_mixed_load(bench: Bench, var_dir: Path) -> None:
    from django.core.files import File
    from django.utils import timezone

    from filings.models import Document
    from filings.services import document_upload
    from tests.worker import WorkerProcess

    plan = build_mixed_corpus(var_dir)
    bench.clear()
    purge_broker()
    worker = WorkerProcess(name="mixed1")
    try:
        worker.start()
        warm_up(bench, [worker])
        classes, meter, started = {}, CpuMeter(), timezone.now()
        for kind, path, _ in plan:
            with path.open("rb") as handle:
                filing = bench.new_filing(f"mixed load: {path.name}")
                document = document_upload(filing=filing, file=File(handle, name=path.name))
            classes[document.pk] = kind
        uploaded = (timezone.now() - started).total_seconds()
        documents = Document.objects.filter(pk__in=classes)
        pages = sum(pages for _, _, pages in plan)
        wait_until_done(documents, len(classes), [worker], timeout=max(600, pages * 2))
        cpu = meter.note()
    finally:
        worker.stop()
    rows = list(documents)
    report_mixed_load(rows, classes, plan)
    last = max(row.indexed_at or row.created_at for row in rows)
    print(
        f"total: {len(rows)} documents, {pages} pages uploaded in {uploaded:.1f}s; first upload to "
        f"last indexed {(last - started).total_seconds():.1f}s; {cpu}"
    )


def searchable_at(document):
    """When the document's born-digital text could first be found: the pipeline's own mark
    when it keeps one (`searchable_at`), else when it was indexed."""
    return getattr(document, "searchable_at", None) or document.indexed_at


def report_mixed_load(rows: list, classes: dict, plan: list) -> None:
    failed = [(row.original_filename, row.error) for row in rows if row.status != "indexed"]
    if failed:
        print(f"warning: {len(failed)} document(s) not indexed: {failed[:3]}")
    pages_by_class = {}
    for kind, _, pages in plan:
        pages_by_class[kind] = pages_by_class.get(kind, 0) + pages
    print("\nmixed load, seconds from upload (document created) to:")
    print(
        f"{'class':9}{'docs':>5}{'pages':>7} | {'searchable p50':>14}{'p95':>7}{'max':>7} | "
        f"{'indexed p50':>11}{'p95':>7}{'max':>7} | {'claimed max':>11} | searchable ≤ 5 s at p95"
    )
    for kind in ("scanned", "large", "small"):
        mine = [row for row in rows if classes[row.pk] == kind]
        searchable = sorted(seconds_after(searchable_at(row), row) for row in mine)
        indexed = sorted(seconds_after(row.indexed_at, row) for row in mine)
        claimed = max(seconds_after(row.processing_started_at, row) for row in mine)
        target = ""
        if kind != "scanned":
            target = "PASS" if nearest_rank(searchable, 0.95) <= SEARCHABLE_TARGET_SECONDS else "MISS"
        print(
            f"{kind:9}{len(mine):>5}{pages_by_class[kind]:>7} | "
            f"{nearest_rank(searchable, 0.5):>14.1f}{nearest_rank(searchable, 0.95):>7.1f}"
            f"{searchable[-1]:>7.1f} | "
            f"{nearest_rank(indexed, 0.5):>11.1f}{nearest_rank(indexed, 0.95):>7.1f}{indexed[-1]:>7.1f} | "
            f"{claimed:>11.1f} | {target}"
        )


def nearest_rank(ordered: list[float], share: float) -> float:
    return ordered[max(0, math.ceil(len(ordered) * share) - 1)]


def seconds_after(moment, document) -> float:
    """From the document's upload (its row created) to `moment`; infinity if it never came."""
    return (moment - document.created_at).total_seconds() if moment else float("inf")


# --- Report.


def machine_line(database_name: str) -> str:
    from django.conf import settings
    from django.db import connection

    from filings.pipeline import ocr

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0].split()[0]
    tesseract = first_line(["tesseract", "--version"]).split()[-1]
    poppler = first_line(["pdftotext", "-v"]).split()[-1]
    broker = settings.CELERY_BROKER_URL.split(":")[0]
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (
        f"machine: {cpus} CPUs ({platform.processor() or platform.machine()}), {platform.system()}, "
        f"Python {platform.python_version()}, PostgreSQL {postgres} (db {database_name}), "
        f"broker {broker}, tesseract {tesseract}, poppler {poppler}, "
        f"OMP_THREAD_LIMIT={GIVEN_ENVIRONMENT.get('OMP_THREAD_LIMIT', 'unset')} (workers: 1), "
        f"OCR processes per worker {ocr.processes()}"
    )


def cpu_check(processes: int) -> str:
    """How this machine scales right now: other load or shared cores cap what more workers
    can give, and the 2-worker target only means something against this ceiling."""
    load = os.getloadavg()[0]
    ratio = spin_rate(processes) / spin_rate(1)
    return (
        f"cpu check: {processes} busy processes do {ratio:.2f}× the work of one "
        f"(load average {load:.2f} before)"
    )


def spin_rate(processes: int) -> float:
    # A pool of its own per count: a bigger pool would spread the "single" run too.
    with ProcessPoolExecutor(processes) as pool:
        list(pool.map(spin, [1000] * processes))
        started = time.perf_counter()
        list(pool.map(spin, [SPIN_UNIT] * (4 * processes)))
        return 4 * processes / (time.perf_counter() - started)


SPIN_UNIT = 2_000_000


def spin(count: int) -> int:
    total = 0
    for i in range(count):
        total += i * i
    return total


class CpuMeter:
    """How many CPUs the whole machine kept busy during a phase (Linux /proc/stat): about
    the processes the phase runs, plus PostgreSQL's share; more means something else ran."""

    def __init__(self):
        self.start = self.read()

    @staticmethod
    def read() -> tuple[int, int] | None:
        try:
            fields = [int(n) for n in Path("/proc/stat").read_text().split("\n")[0].split()[1:9]]
        except OSError:
            return None
        user, nice, system, idle, iowait, irq, softirq, steal = fields
        return user + nice + system + irq + softirq + steal, sum(fields)

    def note(self) -> str:
        end = self.read()
        if not self.start or not end or end[1] == self.start[1]:
            return f"load average {os.getloadavg()[0]:.2f}"
        share = (end[0] - self.start[0]) / (end[1] - self.start[1])
        return f"{share * (os.cpu_count() or 1):.1f} CPUs busy"


def first_line(command: list[str]) -> str:
    result = subprocess.run(command, capture_output=True, text=True)
    return (result.stdout or result.stderr).strip().splitlines()[0]


def print_table(measurements: list[Measurement]) -> None:
    print(f"\n{'':44}{'pages':>7}{'seconds':>10}{'pages/s':>10}")
    for m in measurements:
        rate = m.pages_per_second
        print(f"{m.label:44}{m.pages:>7}{m.seconds:>10.2f}{rate:>10.{1 if rate >= 10 else 2}f}")
        if m.note:
            print(f"{'':4}{m.note}")


def print_targets(pdftotext, ours_by_workers: dict, tesseract, ocr) -> None:
    print("\ntargets")
    single = ours_by_workers.get(1)
    if single:
        judge("pipeline 1 worker / pdftotext", single, pdftotext, TARGET_VS_PDFTOTEXT)
    for count, ours in ours_by_workers.items():
        if single and count > 1:
            target = TARGET_SCALING if count == 2 else None
            judge(f"pipeline {count} workers / 1 worker", ours, single, target)
    judge("pipeline OCR 1 worker / tesseract", ocr, tesseract, TARGET_VS_TESSERACT)


def judge(name: str, ours: Measurement, theirs: Measurement, target: float | None) -> None:
    ratio = ours.pages_per_second / theirs.pages_per_second if theirs.pages_per_second else 0.0
    verdict = "" if target is None else f"(target ≥ {target:.2f})  {'PASS' if ratio >= target else 'MISS'}"
    print(f"  {name:40}{ratio:6.2f}  {verdict}")


def main() -> None:
    args = parse_args()
    prepare_environment(args.database_name)

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    try:
        call_command("migrate", verbosity=0)
        if args.scenario == "mixed":
            print(machine_line(args.database_name), flush=True)
            run_mixed_load(Bench(), Path(settings.VAR_DIR))
            return
        corpus = build_corpus(Path(settings.VAR_DIR), args.docs, args.pages_per_doc, args.scanned_pages)
        sizes = sum(p.stat().st_size for p in corpus.born_digital) / 1e6
        print(machine_line(args.database_name))
        busiest = max(args.worker_counts + [2])
        print(cpu_check(busiest), flush=True)
        print(
            f"corpus: {len(corpus.born_digital)} born-digital PDFs, {corpus.born_digital_pages} pages "
            f"({sizes:.1f} MB); {len(corpus.scanned)} scanned PDFs, {corpus.scanned_pages} image-only "
            "pages",
            flush=True,
        )
        counted = sum(pdf_page_count(p) for p in corpus.born_digital)
        if counted != corpus.born_digital_pages:
            print(f"warning: the born-digital files hold {counted} pages, not {corpus.born_digital_pages}")
            corpus.born_digital_pages = counted

        pdftotext = time_pdftotext(corpus.born_digital, corpus.born_digital_pages)
        tesseract, tesseract_one_thread = time_tesseract(corpus.scanned, corpus.scanned_pages)
        print_table([pdftotext, tesseract, tesseract_one_thread])
        components = time_components(corpus.born_digital, corpus.born_digital_pages)
        print_table(components)

        bench = Bench()
        ours_by_workers = {}
        for count in args.worker_counts:
            label = f"pipeline, {count} worker{'s' if count > 1 else ''}"
            ours_by_workers[count] = run_pipeline(
                bench, corpus.born_digital, corpus.born_digital_pages, count, label
            )
            print_table([ours_by_workers[count]])
        ocr = run_pipeline(bench, corpus.scanned, corpus.scanned_pages, 1, "pipeline OCR, 1 worker")
        print_table([ocr])

        print("\nsummary")
        print_table([pdftotext, *components, *ours_by_workers.values(), tesseract, tesseract_one_thread, ocr])
        print_targets(pdftotext, ours_by_workers, tesseract, ocr)
        judge("(best case of the parts in turn / pdftotext)", components[-1], pdftotext, None)
        print(f"\nafterwards, {cpu_check(busiest)}")
    finally:
        if not args.keep_database:
            drop_database(args.database_name)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit("interrupted; workers stopped and the benchmark database dropped")
