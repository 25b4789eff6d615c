"""Search latency: our engine (filings.search) against the plain Django full-text query,
on a generated corpus of legal-English pages, in the same run.

    .venv/bin/python benchmarks/search.py [--pages 1000000 --cases 300 --repeat 5]

The corpus (Zipf-distributed vocabulary with a long tail of rare words, legal phrases and
citations sprinkled in, pages spread over `--cases` cases in filing-date order) is built
once per (pages, cases, seed) in a database of its own and reused; `--rebuild` forces it.
Works on whatever server DATABASE_URL names, or on the embedded one; never on the
application's database. It is a measurement: it exits 0 whether or not targets are met.
"""

import argparse
import datetime
import hashlib
import io
import json
import math
import os
import platform
import queue
import random
import statistics
import sys
import threading
import time
from contextlib import closing
from dataclasses import dataclass, field
from multiprocessing import Pool
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import search_ranking  # noqa: E402
from benchmarks.search_ranking import AGREEMENT_TOP, TARGET_AGREEMENT, agreement_text  # noqa: E402

GENERATOR = "search-corpus-v1"  # change when the generated text changes, to force a rebuild
TARGET_P95_MS = 150.0
TARGET_COMMON_RATIO = 10.0
FILINGS_PER_CASE = 20
MEMBER_EVERY = 3  # the bench user is a member of every third case: the wall is in effect
CHUNK_PAGES = 20_000  # pages generated per task, and per COPY
VECTOR_BATCH = 50_000  # pages per to_tsvector batch
RESERVED_DATABASES = {"postgres", "template0", "template1", "test", "test_test", "dev", "test_dev"}

# --- Vocabulary. Ranks 1.. of a Zipf distribution: stop words and legal words at the head
# (placed so "court" and "plaintiff" land on most pages), then the rest of the legal
# words, then generated pseudo-words for a long tail of rare terms.

HEAD = (
    "the of and to in a that is court for plaintiff on defendant by with as be this "
    "motion or not judgment at any it order was from copyright such has claims its which "
    "use infringement are an discovery no have case shall under were may been their party "
    "all these other evidence counsel parties filed fact complaint work"
).split()
LEGAL = (
    "works law section rule federal district claim material request damages summary "
    "relief trial dismiss authors training model models data dataset license licensing "
    "statutory willful answer opposition reply declaration exhibit hearing transcript "
    "deposition witness expert testimony subpoena privilege privileged production documents "
    "interrogatory admission sanctions stipulation protective confidential sealed redacted "
    "counterclaim affirmative defense defenses jurisdiction venue standing injunction "
    "preliminary permanent class certification representative member members settlement "
    "appeal circuit supreme precedent holding dicta opinion memorandum brief briefing "
    "argument oral magistrate judge clerk docket entry notice service process summons "
    "pleading amended leave grant granted deny denied moot vacate remand reverse affirm "
    "genuine dispute material issue reasonable jury verdict burden proof preponderance "
    "clear convincing standard review novo abuse discretion factual finding conclusion "
    "contract breach warranty tort negligence fraud misrepresentation unjust enrichment "
    "unfair competition trademark patent trade secret misappropriation derivative "
    "transformative purpose character nature amount substantiality market effect fair "
    "reproduction distribution display performance adaptation original expression idea "
    "merger doctrine scenes faire originality registration deposit owner ownership "
    "author authorship assignment exclusive nonexclusive implied express consent "
    "management information removal alteration knowingly intentionally facilitate conceal "
    "infringer contributory vicarious inducement liability safe harbor notice takedown "
    "repeat policy service provider user content output outputs input inputs training "
    "corpus books library shadow pirated torrent torrenting seeding leeching download "
    "downloaded copies copying copied reproduce reproduced ingest ingested weights "
    "parameters token tokens text language large neural network commercial noncommercial "
    "licensee licensor royalty royalties revenue profits disgorgement attorney attorneys "
    "fees costs prevailing objection objections overruled sustained hearsay relevance "
    "prejudice foundation authentication best evidence exhibit exhibits record citation "
    "authority pursuant thereof therein hereby whereas herein aforementioned respectfully "
    "submitted dated signed sworn penalty perjury true correct executed"
).split()
PHRASES = [  # (text, chance per page) — phrases the query mix searches for
    ("fair use", 0.06),
    ("summary judgment", 0.08),
    ("motion to dismiss", 0.05),
    ("copyright infringement", 0.08),
    ("Digital Millennium Copyright Act (DMCA)", 0.03),
    ("statutory damages", 0.03),
    ("laches", 0.0003),
    ("replevin", 0.00002),
]
CITATION_SENTENCES = [  # written as in briefs; eyecite's reading of each is stored with it
    "See 17 U.S.C. § 1202(b).",
    "Under 17 U.S.C. § 107, the four factors are weighed together.",
    "17 U.S.C. § 512(c) provides a safe harbor.",
    "See 17 U.S.C. § 106.",
    "Liability arises under 17 U.S.C. § 501(a).",
    "Campbell v. Acuff-Rose Music, Inc., 510 U.S. 569, 578 (1994).",
    "Authors Guild v. Google, Inc., 804 F.3d 202, 214 (2d Cir. 2015).",
    "Sony Corp. of Am. v. Universal City Studios, Inc., 464 U.S. 417 (1984).",
    "Andy Warhol Found. for the Visual Arts, Inc. v. Goldsmith, 598 U.S. 508 (2023).",
    "Perfect 10, Inc. v. Amazon.com, Inc., 508 F.3d 1146 (9th Cir. 2007).",
]
CITATION_CHANCE = 0.04
PARTY_CHANCE = 0.3  # a page names its case's plaintiff (and, separately, its defendant)
ENGLISH_STOP_WORDS = set(  # PostgreSQL's english.stop, where a made-up word could land on one
    "about above after again against because before being below between doing during further having "
    "other ourselves should their theirs themselves there these those through under until where which "
    "while would yours yourself yourselves".split()
)
ZIPF_EXPONENT = 1.1
VOCABULARY_SIZE = 40_000
WORDS_PER_PAGE = (150, 250)


def pseudo_words(rng: random.Random, count: int, taken: set[str]) -> list[str]:
    """Pronounceable made-up words ("zorvex", "plaistand") that are not real vocabulary."""
    onsets = "b c d f g h j k l m n p r s t v w z br cr dr gr pr st tr pl cl sh ch th qu".split()
    vowels = "a e i o u ai ea ou io ei".split()
    codas = ["", "n", "r", "x", "l", "m", "t", "nd", "rk", "st", "v", "rn"]
    words, taken = [], taken | ENGLISH_STOP_WORDS
    while len(words) < count:
        word = "".join(
            rng.choice(onsets) + rng.choice(vowels) + rng.choice(codas) for _ in range(rng.choice((2, 2, 3)))
        )
        if len(word) >= 5 and word not in taken:
            taken.add(word)
            words.append(word)
    return words


@dataclass
class Vocabulary:
    words: list[str]
    cum_weights: list[float]
    probabilities: list[float]

    @classmethod
    def build(cls, seed: int) -> "Vocabulary":
        rng = random.Random(f"{seed}-vocabulary")
        head = list(dict.fromkeys(HEAD + LEGAL))
        words = head + pseudo_words(rng, VOCABULARY_SIZE - len(head), set(head))
        weights = [rank**-ZIPF_EXPONENT for rank in range(1, len(words) + 1)]
        total = sum(weights)
        cum, running = [], 0.0
        for weight in weights:
            running += weight
            cum.append(running)
        return cls(words, cum, [w / total for w in weights])

    def expected_pages(self, rank: int, pages: int) -> float:
        mean_words = sum(WORDS_PER_PAGE) / 2
        return pages * (1 - math.exp(-mean_words * self.probabilities[rank]))

    def tail_word_near(self, pages: int, expected: float) -> str:
        """The most frequent tail word expected on at most `expected` pages of the corpus."""
        for rank in range(len(HEAD) + len(LEGAL), len(self.words)):
            if self.expected_pages(rank, pages) <= expected:
                return self.words[rank]
        return self.words[-1]


def party_names(seed: int, cases: int) -> list[tuple[str, str]]:
    rng = random.Random(f"{seed}-parties")
    names = [w.capitalize() for w in pseudo_words(rng, 2 * cases, set(Vocabulary.build(seed).words))]
    return [(names[2 * i], names[2 * i + 1]) for i in range(cases)]


# --- Page text, generated in worker processes. Each chunk has its own seed, so the corpus
# does not depend on how many processes generate it.

_vocabulary: Vocabulary | None = None
_parties: list[tuple[str, str]] = []
_citations: list[tuple[str, list]] = []


def init_worker(seed: int, cases: int) -> None:
    global _vocabulary, _parties, _citations
    from caselaw.citations import find_citations  # plain module: no Django settings needed

    _vocabulary = Vocabulary.build(seed)
    _parties = party_names(seed, cases)
    _citations = [(sentence, find_citations(sentence)) for sentence in CITATION_SENTENCES]


@dataclass
class PageSlot:
    page_id: int
    document_id: int
    case_index: int
    case_id: int
    date_filed: datetime.date
    number: int
    page_count: int
    docket: str
    entry: int


def generate_chunk(task: tuple[int, int, list[PageSlot]]) -> tuple[str, str]:
    """COPY-ready rows for filings_page staging and for filings_citation."""
    seed, chunk_no, slots = task
    rng = random.Random(f"{seed}-chunk-{chunk_no}")
    pages, citations = io.StringIO(), io.StringIO()
    for slot in slots:
        text, cited = page_text(rng, slot)
        pages.write(
            f"{slot.page_id}\t{slot.document_id}\t{slot.case_id}\t{slot.date_filed.isoformat()}\t"
            f"{slot.number}\t{text.replace(chr(10), chr(92) + 'n')}\n"
        )
        for kind, normalized, matched, pin, start, end in cited:
            citations.write(
                f"{slot.page_id}\t{slot.document_id}\t{kind}\t{normalized}\t{matched}\t{pin}\t{start}\t{end}\n"
            )
    return pages.getvalue(), citations.getvalue()


def page_text(rng: random.Random, slot: PageSlot) -> tuple[str, list[tuple]]:
    vocab = _vocabulary
    words = rng.choices(vocab.words, cum_weights=vocab.cum_weights, k=rng.randint(*WORDS_PER_PAGE))
    plaintiff, defendant = _parties[slot.case_index]
    extras = [phrase for phrase, chance in PHRASES if rng.random() < chance]
    if rng.random() < PARTY_CHANCE:
        extras.append(f"Plaintiff {plaintiff}")
    if rng.random() < PARTY_CHANCE:
        extras.append(f"Defendant {defendant}")
    for extra in extras:
        words.insert(rng.randrange(len(words) + 1), extra)
    sentences, at = [], 0
    while at < len(words):
        length = rng.randint(8, 24)
        sentence = words[at : at + length]
        sentence[0] = sentence[0][:1].upper() + sentence[0][1:]
        sentences.append(" ".join(sentence) + ".")
        at += length
    citation = None
    if rng.random() < CITATION_CHANCE:
        citation = rng.choice(_citations)
        sentences.insert(rng.randrange(len(sentences) + 1), citation[0])
    paragraphs = [" ".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4)]
    header = (
        f"Case {slot.docket} Document {slot.entry} Filed {slot.date_filed:%m/%d/%y} "
        f"Page {slot.number} of {slot.page_count}"
    )
    text = header + "\n" + "\n".join(paragraphs)
    cited = []
    if citation:
        offset = text.index(citation[0])
        for found in citation[1]:
            cited.append(
                (
                    found.kind,
                    found.normalized,
                    found.matched_text,
                    found.pin,
                    offset + found.start,
                    offset + found.end,
                )
            )
    return text, cited


# --- Environment: our own database on the configured server, created if missing.


def setup_django(database: str) -> None:
    import django
    from django.db import OperationalError, connection

    if database in RESERVED_DATABASES or database == database_url_name():
        sys.exit(f"Refusing to use {database!r}: it is not a benchmark database.")
    os.environ.setdefault("CASELAW_VAR_DIR", str(ROOT / "var" / "bench"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "caselaw.settings"
    os.environ.setdefault("CASELAW_DEV", "1")  # a benchmark, not production: no SECRET_KEY needed
    os.environ["CASELAW_DB_NAME"] = database  # caselaw.settings reads it
    django.setup()
    try:
        connection.ensure_connection()
    except OperationalError:
        with closing(raw_connection("postgres")) as admin, admin.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{database}"')
        print(f"created database {database}")
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def database_url_name() -> str | None:
    import environ

    url = os.environ.get("DATABASE_URL")
    return environ.Env.db_url_config(url)["NAME"] if url else None


def raw_connection(dbname: str | None = None):
    """A psycopg2 connection (autocommit) to the benchmark server, for COPY and DDL."""
    import psycopg2
    from django.conf import settings

    db = settings.DATABASES["default"]
    params = {**db.get("OPTIONS", {})}  # the embedded server's socket directory is in here
    params.update(
        {
            key: value
            for key, value in {"user": db.get("USER"), "password": db.get("PASSWORD"),
                               "host": db.get("HOST"), "port": db.get("PORT")}.items()
            if value
        }
    )  # fmt: skip
    connection = psycopg2.connect(dbname=dbname or db["NAME"], **params)
    connection.autocommit = True
    return connection


# --- Corpus: cases, filings and documents through the ORM; pages by COPY into a staging
# table, vectors computed there by two connections, then moved into filings_page in one
# transaction with its indexes dropped and rebuilt (rolled back whole if anything fails).


@dataclass
class BuildReport:
    pages: int
    cases: int
    seed: int
    seconds: dict = field(default_factory=dict)

    def line(self) -> str:
        parts = ", ".join(f"{name} {secs:.0f}s" for name, secs in self.seconds.items())
        return f"corpus build: {sum(self.seconds.values()):.0f}s ({parts})"


def ensure_corpus(args) -> BuildReport:
    with closing(raw_connection()) as conn, conn.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS search_bench_corpus "
            "(pages int, cases int, seed int, generator text, seconds text, built_at timestamptz)"
        )
        cursor.execute("SELECT pages, cases, seed, generator, seconds FROM search_bench_corpus")
        row = cursor.fetchone()
        cursor.execute("SELECT count(*) FROM filings_page")
        pages_now = cursor.fetchone()[0]
    wanted = (args.pages, args.cases, args.seed, GENERATOR)
    if row and row[:4] == wanted and pages_now == args.pages and not args.rebuild:
        print("corpus: reusing the one built before (--rebuild to build it again)")
        return BuildReport(args.pages, args.cases, args.seed, json.loads(row[4]))
    return build_corpus(args)


def build_corpus(args) -> BuildReport:
    from django.db import connections

    report = BuildReport(args.pages, args.cases, args.seed)
    print(f"corpus: building {args.pages:,} pages over {args.cases} cases …", flush=True)
    started = time.perf_counter()
    slots = create_rows(args)
    report.seconds["cases/filings/documents"] = time.perf_counter() - started

    started = time.perf_counter()
    tasks = [
        (args.seed, n, slots[i : i + CHUNK_PAGES]) for n, i in enumerate(range(0, len(slots), CHUNK_PAGES))
    ]
    connections.close_all()  # the pool forks: children must not share the parent's sockets
    with (
        Pool(args.workers, initializer=init_worker, initargs=(args.seed, args.cases)) as pool,
        closing(raw_connection()) as conn,
        conn.cursor() as cursor,
    ):
        cursor.execute("DROP TABLE IF EXISTS search_bench_text, search_bench_pages, search_bench_cites")
        cursor.execute(
            "CREATE UNLOGGED TABLE search_bench_text (id bigint, document_id bigint, case_id bigint, "
            "date_filed date, number int, text text)"
        )
        cursor.execute(
            "CREATE UNLOGGED TABLE search_bench_cites (page_id bigint, document_id bigint, kind text, "
            'normalized text, matched_text text, pin text, start int, "end" int)'
        )
        for done, (pages, cites) in enumerate(pool.imap(generate_chunk, tasks), start=1):
            cursor.copy_expert("COPY search_bench_text FROM STDIN", io.StringIO(pages))
            cursor.copy_expert("COPY search_bench_cites FROM STDIN", io.StringIO(cites))
            progress("  text + COPY", done, len(tasks), started)
    report.seconds["text + COPY"] = time.perf_counter() - started

    started = time.perf_counter()
    compute_vectors(args.pages, args.workers, started)
    report.seconds["search vectors"] = time.perf_counter() - started

    move_into_place(report)

    started = time.perf_counter()
    with closing(raw_connection()) as conn, conn.cursor() as cursor:
        cursor.execute("DROP TABLE search_bench_text, search_bench_pages, search_bench_cites")
        for table in (
            "filings_page",
            "filings_citation",
            "filings_document",
            "filings_filing",
            "caselaw_case",
        ):
            cursor.execute(f"VACUUM ANALYZE {table}")
    report.seconds["vacuum analyze"] = time.perf_counter() - started
    with closing(raw_connection()) as conn, conn.cursor() as cursor:
        cursor.execute("UPDATE search_bench_corpus SET seconds = %s", [json.dumps(report.seconds)])
    return report


def progress(label: str, done: int, total: int, started: float) -> None:
    if done == total or done % max(1, total // 10) == 0:
        print(f"{label}: {done}/{total} ({time.perf_counter() - started:.0f}s)", flush=True)


def create_rows(args) -> list[PageSlot]:
    """Court, cases, filings, one document each, the bench user; the pages' places."""
    from django.db import connection

    from caselaw.models import Case, Court
    from filings.models import Document, Filing

    rng = random.Random(f"{args.seed}-layout")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM search_bench_corpus")
        cursor.execute("TRUNCATE caselaw_court RESTART IDENTITY CASCADE")
    court = Court.objects.create(code="bench", name="Benchmark District Court")
    parties = party_names(args.seed, args.cases)
    cases = []
    for i, (plaintiff, defendant) in enumerate(parties):
        cases.append(
            Case.objects.create(
                court=court,
                docket_number=f"3:{20 + i % 6}-cv-{i:05d}",
                caption=f"{plaintiff} v. {defendant}",
                short_name=f"{plaintiff} v. {defendant}",
                date_filed=datetime.date(2019, 1, 1) + datetime.timedelta(days=rng.randrange(4 * 365)),
            )
        )
    filings = []
    for case in cases:
        day = case.date_filed
        for entry in range(1, FILINGS_PER_CASE + 1):
            kind = Filing.Kind.COMPLAINT if entry == 1 else rng.choice(Filing.Kind.values)
            filings.append(
                Filing(
                    case=case, entry_number=entry, date_filed=day, kind=kind, description=f"{kind} ({entry})"
                )
            )
            day = min(day + datetime.timedelta(days=rng.randrange(1, 60)), datetime.date(2025, 12, 31))
    # Pages arrive in filing order across cases, as they would be ingested.
    filings.sort(key=lambda f: (f.date_filed, f.case_id, f.entry_number))
    filings = Filing.objects.bulk_create(filings)
    counts = page_counts(rng, args.pages, len(filings))
    documents = Document.objects.bulk_create(
        Document(
            filing=filing,
            original_filename=f"ecf-{filing.entry_number}.pdf",
            file=f"bench/{filing.case_id}/{filing.entry_number}.pdf",
            sha256=hashlib.sha256(f"{filing.case_id}-{filing.entry_number}".encode()).hexdigest(),
            size=1500 * count,
            mime_type="application/pdf",
            status=Document.Status.INDEXED,
            page_count=count,
            pages_done=count,
        )
        for filing, count in zip(filings, counts, strict=True)
    )
    case_index = {case.id: i for i, case in enumerate(cases)}
    dockets = {case.id: case.docket_number for case in cases}
    slots = []
    for document, filing, count in zip(documents, filings, counts, strict=True):
        for number in range(1, count + 1):
            slots.append(
                PageSlot(
                    len(slots) + 1, document.id, case_index[filing.case_id], filing.case_id,
                    filing.date_filed, number, count, dockets[filing.case_id], filing.entry_number,
                )
            )  # fmt: skip
    bench_user(cases)
    return slots


def page_counts(rng: random.Random, pages: int, documents: int) -> list[int]:
    """Pages per document: a skewed spread (short notices, long transcripts) summing to `pages`."""
    weights = [rng.lognormvariate(0, 1) for _ in range(documents)]
    total = sum(weights)
    counts = [max(1, int(pages * w / total)) for w in weights]
    missing, i = pages - sum(counts), 0
    while missing:  # hand out (or take back) the rounding, one page per document in turn
        if missing > 0:
            counts[i % documents] += 1
            missing -= 1
        elif counts[i % documents] > 1:
            counts[i % documents] -= 1
            missing += 1
        i += 1
    return counts


def bench_user(cases=None):
    """A paralegal who is a member of every third case (idempotent)."""
    from django.contrib.auth import get_user_model

    from caselaw.models import Case, CaseMembership, Designation

    user, _ = get_user_model().objects.get_or_create(
        username="search-bench", defaults={"is_staff": False, "is_active": True}
    )
    cases = cases if cases is not None else list(Case.objects.order_by("id"))
    CaseMembership.objects.bulk_create(
        [
            CaseMembership(
                user=user, case=case, role=CaseMembership.Role.PARALEGAL, clearance=Designation.AEO
            )
            for i, case in enumerate(cases)
            if i % MEMBER_EVERY == 0
        ],
        ignore_conflicts=True,
    )
    return user


def analyze_access_tables() -> None:
    """Fresh statistics for the wall's tables. With stale ones (autovacuum is off on some
    servers) the planner expects a handful of memberships and runs the GIN scan once per
    member case, which is a different benchmark."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE caselaw_casemembership")
        cursor.execute("ANALYZE auth_user")


def compute_vectors(pages: int, workers: int, started: float) -> None:
    from filings.search.indexing import TEXT_SEARCH_CONFIG
    from filings.search.stop_phrases import page_keys

    with closing(raw_connection()) as conn, conn.cursor() as cursor:
        cursor.execute(
            "CREATE UNLOGGED TABLE search_bench_pages "
            "(LIKE search_bench_text, search_vector tsvector, phrase_keys tsvector)"
        )
    batches = queue.Queue()
    for first in range(1, pages + 1, VECTOR_BATCH):
        batches.put(first)
    total, done, errors = batches.qsize(), [], []

    def work():
        with closing(raw_connection()) as conn, conn.cursor() as cursor:
            while True:
                try:
                    first = batches.get_nowait()
                except queue.Empty:
                    return
                try:
                    last = first + VECTOR_BATCH - 1
                    # The phrase keys are the pipeline's own (Python), as a worker makes them.
                    cursor.execute(
                        "SELECT id, text FROM search_bench_text WHERE id BETWEEN %s AND %s", [first, last]
                    )
                    keys = {pk: page_keys(text) for pk, text in cursor.fetchall()}
                    cursor.execute(
                        "INSERT INTO search_bench_pages "
                        "SELECT t.*, to_tsvector(%s, t.text), u.keys::tsvector FROM search_bench_text t "
                        "JOIN unnest(%s::bigint[], %s::text[]) AS u(id, keys) ON u.id = t.id "
                        "WHERE t.id BETWEEN %s AND %s",
                        [TEXT_SEARCH_CONFIG, list(keys), list(keys.values()), first, last],
                    )
                except Exception as error:
                    errors.append(error)
                    return
                done.append(first)
                progress("  search vectors", len(done), total, started)

    with closing(raw_connection()) as conn, conn.cursor() as cursor:
        cursor.execute("CREATE INDEX ON search_bench_text (id)")
    threads = [threading.Thread(target=work) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    with closing(raw_connection()) as conn, conn.cursor() as cursor:
        cursor.execute("CREATE INDEX ON search_bench_pages (id)")


def move_into_place(report: BuildReport) -> None:
    """Pages and citations into the real tables with page indexes rebuilt, all or nothing."""
    conn = raw_connection()
    conn.autocommit = False
    try:
        with conn.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '1GB'")
            started = time.perf_counter()
            ddl = drop_page_indexes(cursor)
            cursor.execute("SELECT max(id) FROM search_bench_pages")
            last = cursor.fetchone()[0] or 0
            for first in range(1, last + 1, VECTOR_BATCH):
                cursor.execute(
                    "INSERT INTO filings_page (id, document_id, case_id, date_filed, number, text, "
                    "search_vector, phrase_keys, from_ocr) SELECT id, document_id, case_id, date_filed, "
                    "number, text, search_vector, phrase_keys, false FROM search_bench_pages "
                    "WHERE id BETWEEN %s AND %s ORDER BY id",
                    [first, first + VECTOR_BATCH - 1],
                )
            cursor.execute(
                "INSERT INTO filings_citation (page_id, document_id, kind, normalized, matched_text, pin, "
                'start, "end") SELECT * FROM search_bench_cites ORDER BY page_id, start'
            )
            cursor.execute("SELECT setval(pg_get_serial_sequence('filings_page', 'id'), %s)", [max(last, 1)])
            report.seconds["insert into filings_page"] = time.perf_counter() - started
            started = time.perf_counter()
            for statement in ddl:
                cursor.execute(statement)
            report.seconds["indexes"] = time.perf_counter() - started
            cursor.execute(
                "INSERT INTO search_bench_corpus VALUES (%s, %s, %s, %s, '{}', now())",
                [report.pages, report.cases, report.seed, GENERATOR],
            )
        conn.commit()
    finally:
        conn.close()


def drop_page_indexes(cursor) -> list[str]:
    """Drop filings_page's indexes and constraints but the primary key; return the DDL
    that recreates them exactly as the migrations made them."""
    cursor.execute(
        "SELECT conname, pg_get_constraintdef(oid), contype FROM pg_constraint "
        "WHERE conrelid = 'filings_page'::regclass AND contype <> 'p' ORDER BY contype DESC"
    )
    constraints = cursor.fetchall()
    cursor.execute(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = 'filings_page' "
        "AND i.indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = 'filings_page'::regclass)"
    )
    indexes = cursor.fetchall()
    for name, _definition, _kind in constraints:
        cursor.execute(f'ALTER TABLE filings_page DROP CONSTRAINT "{name}"')
    for name, _definition in indexes:
        cursor.execute(f'DROP INDEX "{name}"')
    return [definition for _name, definition in indexes] + [
        f'ALTER TABLE filings_page ADD CONSTRAINT "{name}" {definition}'
        for name, definition, _kind in constraints
    ]


def corpus_sizes() -> dict[str, str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_size_pretty(pg_total_relation_size('filings_page')), "
            "pg_size_pretty(pg_relation_size('filings_page') + "
            "  coalesce(pg_total_relation_size(NULLIF(reltoastrelid, 0)), 0)), "
            "pg_size_pretty(pg_relation_size('page_search_vector_gin')), "
            "pg_size_pretty(pg_indexes_size('filings_page')), "
            "(SELECT count(*) FROM filings_citation), "
            "(SELECT avg(length(text))::int FROM (SELECT text FROM filings_page LIMIT 10000) s) "
            "FROM pg_class WHERE oid = 'filings_page'::regclass"
        )
        total, heap, gin, indexes, citations, avg_chars = cursor.fetchone()
    return {
        "filings_page total": total,
        "heap + toast": heap,
        "GIN page_search_vector_gin": gin,
        "all page indexes": indexes,
        "citations": f"{citations:,}",
        "average page": f"{avg_chars:,} characters",
    }


# --- The query mix.


@dataclass
class Query:
    category: str
    q: str
    case_id: int | None = None
    ours_ms: list[float] = field(default_factory=list)
    naive_ms: list[float] = field(default_factory=list)
    stages_ms: dict = field(default_factory=dict)
    matches: int | None = None  # visible to the bench user, exact
    our_total: str = ""
    hits: int = 0
    marked: bool = False  # the first snippet highlights something
    agreement: tuple[int, int] | None = None  # of our top hits, how many rank with the true top 20
    ranker: str = ""  # "index" (BM25 over every visible match) or "sql" (ts_rank_cd, first 2,000)
    exact_total: int | None = None  # when ours is an estimate or a lower bound: every match counted

    @property
    def label(self) -> str:
        return self.q + (f"  [case={self.case_id}]" if self.case_id else "")


CLASSES = [
    "rare",
    "common",
    "two-word",
    "phrase",
    "stop-phrase",
    "prefix",
    "exclusion",
    "case-filtered",
    "citation",
]


def query_mix(pages: int, seed: int, user) -> list[Query]:
    from caselaw.access import visible_case_ids
    from caselaw.models import Case

    vocab = Vocabulary.build(seed)
    member_ids = list(
        Case.objects.filter(id__in=visible_case_ids(user)).order_by("id").values_list("id", flat=True)
    )
    case_id = member_ids[len(member_ids) // 2]
    plaintiff = Case.objects.get(id=case_id).short_name.split(" v. ")[0]
    return [
        Query("rare", vocab.tail_word_near(pages, 1000 * pages / 1_000_000)),
        Query("rare", vocab.words[-1]),
        Query("rare", "laches"),
        Query("rare", "replevin"),
        Query("common", "court"),
        Query("common", "plaintiff"),
        Query("common", "defendant motion"),
        Query("two-word", "copyright infringement"),
        Query("two-word", "summary judgment"),
        Query("two-word", "discovery sanctions"),
        Query("phrase", '"fair use"'),
        Query("phrase", '"summary judgment"'),
        Query("phrase", '"motion to dismiss"'),
        # Phrases whose stop words are checked word for word on the text: the exact
        # sequence is rare, the one word left in the tsquery is on most pages.
        Query("stop-phrase", '"not the court"'),
        Query("stop-phrase", '"of the plaintiff"'),
        Query("prefix", "infring*"),
        Query("prefix", "licens*"),
        Query("prefix", "torr*"),
        Query("exclusion", "court -plaintiff"),
        Query("exclusion", "infringement -dmca"),
        Query("exclusion", '"fair use" -transformative'),
        Query("case-filtered", "court", case_id),
        Query("case-filtered", "summary judgment", case_id),
        Query("case-filtered", plaintiff.lower(), case_id),
        Query("case-filtered", vocab.tail_word_near(pages, 1000 * pages / 1_000_000), case_id),
        Query("citation", "17 U.S.C. § 1202"),
        Query("citation", "804 F.3d 202"),
    ]


def params_of(query: Query) -> dict:
    return {"q": query.q, "case": str(query.case_id)} if query.case_id else {"q": query.q}


def run_ours(user, query: Query):
    from filings.search import parse_search, search_pages

    return search_pages(user, parse_search(params_of(query)))


def naive_queryset(user, query: Query):
    """The plain Django way: rank every visible match, keep 20, headline them."""
    from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
    from django.db.models import F

    from caselaw.access import visible_case_ids
    from filings.models import Page

    search = SearchQuery(query.q, search_type="websearch", config="english")
    pages = Page.objects.filter(case_id__in=visible_case_ids(user), search_vector=search)
    if query.case_id:
        pages = pages.filter(case_id=query.case_id)
    return pages.annotate(
        rank=SearchRank(F("search_vector"), search),
        headline=SearchHeadline("text", search, config="english"),
    ).order_by("-rank")[:20]


def run_naive(user, query: Query):
    return list(naive_queryset(user, query))


class StatementClock:
    """Times each SQL statement of our search by what it does, via Django's execute_wrapper."""

    def __init__(self):
        self.stages: dict[str, float] = {}
        self.candidates: tuple[str, list] | None = None
        self.settings: list[tuple[str, list]] = []  # SET LOCALs the engine ran before it

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            stage = stage_of(sql)
            self.stages[stage] = self.stages.get(stage, 0.0) + 1000 * (time.perf_counter() - started)
            if stage == "candidates":
                self.candidates = (sql, list(params or []))
            elif sql.startswith("SET LOCAL") or "set_config(" in sql:
                self.settings.append((sql, list(params or [])))


def stage_of(sql: str) -> str:
    if "json_object_agg(" in sql:
        return "query words"
    if sql.startswith(("EXPLAIN (FORMAT JSON)", "SELECT reltuples", "SET LOCAL", "SELECT set_config")):
        return "planning"
    if "caselaw_word_pairs(to_tsvector" in sql:
        return "phrase pairs"
    if "ts_lexize('english_stem', w))[1]" in sql or "FROM filings_citation WHERE page_id = ANY" in sql:
        return "snippets"
    if "JOIN filings_filing f" in sql:
        return "candidates"
    return "hydrate"


def measure(user, queries: list[Query], repeat: int, naive_repeat: int) -> None:
    from django.db import connection

    for query in queries:
        results = run_ours(user, query)  # warm-up, and the sanity figures
        about, more = "~" if results.total_is_estimate else "", "+" if results.total_is_lower_bound else ""
        query.our_total = f"{about}{results.total:,}{more}"
        query.hits = len(results.hits)
        query.marked = bool(results.hits) and "<mark>" in results.hits[0].snippet_html
        query.ranker = "index" if results.ranked_by_index else "sql"
        from filings.search import parse_search

        query.agreement = search_ranking.ranking_agreement(user, parse_search(params_of(query)), results)
        if results.total_is_estimate or results.total_is_lower_bound:
            query.exact_total = search_ranking.exact_count(user, parse_search(params_of(query)))
        for _ in range(repeat):
            clock = StatementClock()
            with connection.execute_wrapper(clock):
                started = time.perf_counter()
                run_ours(user, query)
                elapsed = 1000 * (time.perf_counter() - started)
            query.ours_ms.append(elapsed)
            clock.stages["python"] = elapsed - sum(clock.stages.values())
            for stage, ms in clock.stages.items():
                query.stages_ms.setdefault(stage, []).append(ms)
        run_naive(user, query)
        for _ in range(naive_repeat):
            started = time.perf_counter()
            run_naive(user, query)
            query.naive_ms.append(1000 * (time.perf_counter() - started))
        query.matches = count_matches(user, query)
        print(
            f"  {query.category:14} {query.label:44} matches {query.matches:>8,}  ours {query.our_total:>7}"
            f" ({query.ranker})"
            f"  p50 ours {pct(query.ours_ms, 50):8.1f} ms  naive {pct(query.naive_ms, 50):9.1f} ms"
            f"  top {AGREEMENT_TOP} as good as ranking all: {agreement_text(query.agreement)}"
            + (f"  (exact count {query.exact_total:,})" if query.exact_total is not None else ""),
            flush=True,
        )


def count_matches(user, query: Query) -> int:
    from django.contrib.postgres.search import SearchQuery

    from caselaw.access import visible_case_ids
    from filings.models import Citation, Page
    from filings.search.query import split_citations

    text, citations = split_citations(query.q)
    pages = Page.objects.filter(case_id__in=visible_case_ids(user))
    if text:
        pages = pages.filter(search_vector=SearchQuery(text, search_type="websearch", config="english"))
    for citation in citations:
        pages = pages.filter(id__in=Citation.objects.filter(normalized=citation).values("page_id"))
    if query.case_id:
        pages = pages.filter(case_id=query.case_id)
    return pages.count()


def pct(values: list[float], percentile: float) -> float:
    """Linear interpolation between closest ranks (numpy's default)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    position = (len(ordered) - 1) * percentile / 100
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


# --- Report.


def machine_line(database: str) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT split_part(version(), ' ', 2), current_setting('shared_buffers'), "
            "current_setting('work_mem'), current_setting('max_parallel_workers_per_gather')"
        )
        version, buffers, work_mem, parallel = cursor.fetchone()
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (
        f"machine: {cpus} CPUs ({platform.processor() or platform.machine()}), {platform.system()}, "
        f"Python {platform.python_version()}, PostgreSQL {version} (db {database}; shared_buffers {buffers}, "
        f"work_mem {work_mem}, parallel workers/gather {parallel}), load average {load()}"
    )


def engine_line() -> str:
    """Which engine was measured: others change it while benchmarks run."""
    from filings.search import engine

    digest = hashlib.sha256(Path(engine.__file__).read_bytes()).hexdigest()[:10]
    return f"engine: filings/search/engine.py sha256 {digest}, CANDIDATE_CAP {engine.CANDIDATE_CAP}"


def load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg()) if hasattr(os, "getloadavg") else "?"


def print_tables(queries: list[Query]) -> None:
    print(
        f"\n{'class':14}{'runs':>5} | {'ours p50':>9}{'p95':>8}{'p99':>8} |"
        f" {'naive p50':>10}{'p95':>9}{'p99':>9} |"
        f" {'naive/ours':>10} | p95 ≤ {TARGET_P95_MS:.0f} ms | naive ≥ {TARGET_COMMON_RATIO:.0f}× ours"
        f" | worst top {AGREEMENT_TOP} | ≥ {TARGET_AGREEMENT}/{AGREEMENT_TOP}"
    )
    for category in CLASSES:
        group = [q for q in queries if q.category == category]
        if not group:
            continue
        ours = [ms for q in group for ms in q.ours_ms]
        naive = [ms for q in group for ms in q.naive_ms]
        ratio = pct(naive, 95) / pct(ours, 95)
        fast = "PASS" if pct(ours, 95) <= TARGET_P95_MS else "MISS"
        beats = ("PASS" if ratio >= TARGET_COMMON_RATIO else "MISS") if category == "common" else "-"
        shares = [q.agreement for q in group if q.agreement and q.agreement[1]]
        worst = min(shares, key=lambda a: a[0] / a[1]) if shares else None
        scaled = [AGREEMENT_TOP * a[0] / a[1] for a in shares]
        good = "-" if not shares else ("PASS" if min(scaled) >= TARGET_AGREEMENT else "MISS")
        print(
            f"{category:14}{len(ours):>5} | {pct(ours, 50):9.1f}{pct(ours, 95):8.1f}{pct(ours, 99):8.1f} |"
            f" {pct(naive, 50):10.1f}{pct(naive, 95):9.1f}{pct(naive, 99):9.1f} | {ratio:9.1f}× |"
            f" {fast:>13} | {beats:>14} | {agreement_text(worst):>12} | {good:>7}"
        )
    print("\nwhere our time goes (median ms per search, by statement)")
    stages = ["query words", "phrase pairs", "planning", "candidates", "hydrate", "snippets", "python"]
    print(f"{'class':14}" + "".join(f"{s:>16}" for s in stages))
    for category in CLASSES:
        group = [q for q in queries if q.category == category]
        if group:
            row = [statistics.median([ms for q in group for ms in q.stages_ms.get(s, [0.0])]) for s in stages]
            print(f"{category:14}" + "".join(f"{ms:16.1f}" for ms in row))
    empty = [q.label for q in queries if q.matches and not q.hits]
    unmarked = [q.label for q in queries if q.hits and not q.marked and q.category != "citation"]
    print(
        "\nsanity: "
        + ("every query with visible matches returned hits" if not empty else f"NO HITS for {empty}")
        + (
            "; every first snippet has a <mark>"
            if not unmarked
            else f"; no <mark> in the first snippet of {unmarked}"
        )
    )


def explain(user, queries: list[Query]) -> None:
    """EXPLAIN (ANALYZE, BUFFERS) of our candidate query for the first common and phrase
    queries, and of the naive query for the common one."""
    from django.db import connection, transaction

    for category in ("common", "phrase"):
        query = next(q for q in queries if q.category == category)
        clock = StatementClock()
        with connection.execute_wrapper(clock):
            run_ours(user, query)
        sql, params = clock.candidates
        # The plan as the engine runs it: same statement, same transaction-local settings.
        with transaction.atomic(), connection.cursor() as cursor:
            for setting, setting_params in clock.settings:
                cursor.execute(setting, setting_params)
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        print(f"\nplan of our candidate query for {query.q!r}:\n{plan}")
    query = next(q for q in queries if q.category == "common")
    plan = naive_queryset(user, query).explain(analyze=True, buffers=True)
    print(f"\nplan of the naive query for {query.q!r}:\n{plan}")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument(
        "--pages", type=int, default=1_000_000, help="pages in the corpus (default 1,000,000)"
    )
    parser.add_argument("--cases", type=int, default=300, help="cases they are spread over (default 300)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rebuild", action="store_true", help="build the corpus even if it exists")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each query (default 5)")
    parser.add_argument("--naive-repeat", type=int, help="timed runs of each naive query (default --repeat)")
    parser.add_argument("--workers", type=int, default=2, help="processes/connections for the build")
    parser.add_argument("--database", default="caselaw_search_bench", help="created if missing; kept")
    parser.add_argument("--no-explain", action="store_true", help="skip the EXPLAIN of a common query")
    args = parser.parse_args()
    if args.naive_repeat is None:
        args.naive_repeat = args.repeat
    return args


def main() -> None:
    args = parse_args()
    setup_django(args.database)
    print(machine_line(args.database))
    print(engine_line(), flush=True)
    report = ensure_corpus(args)
    print(report.line())
    print(search_ranking.ensure_page_index(args.database), flush=True)
    print("sizes: " + "; ".join(f"{name} {value}" for name, value in corpus_sizes().items()), flush=True)
    user = bench_user()
    analyze_access_tables()
    queries = query_mix(args.pages, args.seed, user)
    print(
        f"\nqueries as {user.username} (member of every {MEMBER_EVERY}rd case); ours ×{args.repeat}, "
        f"naive ×{args.naive_repeat}, each after one warm-up; load average {load()}",
        flush=True,
    )
    measure(user, queries, args.repeat, args.naive_repeat)
    print_tables(queries)
    if not args.no_explain:
        explain(user, queries)
    print(f"\nload average at the end: {load()}")


if __name__ == "__main__":
    main()
