"""What the audit trail costs: one `record()` alone, and a document view and a search
with and without their audit row, through the real views, in the same run; and an API
request signed in by session and by a personal API token.

    .venv/bin/python benchmarks/audit.py [--requests 300]

Works on a database of its own (created, migrated, dropped) on whatever server
DATABASE_URL names, or on the embedded one. It is a measurement: it exits 0.
"""

import argparse
import os
import statistics
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from ingest import drop_database, prepare_environment  # noqa: E402


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--requests", type=int, default=300, help="timed requests of each kind")
    parser.add_argument("--database-name", default="caselaw_audit_bench", help="dropped and recreated")
    return parser.parse_args()


def build(pages: int = 20):
    """A case, a lawyer, and one indexed document of `pages` pages of legal prose."""
    from django.db import connection

    from caselaw import testing_pdfs as pdfs
    from caselaw.models import Case, CaseMembership, Court
    from filings.models import Document, Filing, Page
    from filings.search.indexing import TEXT_SEARCH_CONFIG
    from tests.factories import UserFactory

    court = Court.objects.create(code="bench", name="Benchmark District Court")
    case = Case.objects.create(
        court=court, docket_number="1:26-cv-00001", caption="A v. B", short_name="A v B"
    )
    lawyer = UserFactory(username="bench-lawyer")
    CaseMembership.objects.create(user=lawyer, case=case, role="lawyer")
    filing = Filing.objects.create(case=case, entry_number=1, date_filed="2026-01-02", description="Motion")
    document = Document.objects.create(
        filing=filing,
        original_filename="m.pdf",
        file="none.pdf",
        sha256="0" * 64,
        size=1,
        mime_type="text/plain",
    )
    rng_text = pdfs.LEGAL_SENTENCES
    for number in range(1, pages + 1):
        text = " ".join(rng_text[(number + i) % len(rng_text)] for i in range(12))
        Page.objects.create(
            document=document, number=number, text=text, case=case, date_filed=filing.date_filed
        )
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE filings_page SET search_vector = to_tsvector('{TEXT_SEARCH_CONFIG}', text)")
    return lawyer, document


def timed(client, url: str, params: dict, n: int) -> list[float]:
    times = []
    for _ in range(n):
        started = time.perf_counter()
        response = client.get(url, params)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    return times


@contextmanager
def audit_off():
    with mock.patch("caselaw.audit.AuditEvent.objects.create"):
        yield


def p50(times: list[float]) -> float:
    return statistics.median(times)


def main() -> None:
    args = parse_args()
    prepare_environment(args.database_name)
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from caselaw import audit

    try:
        call_command("migrate", verbosity=0)
        lawyer, document = build()
        client = Client()
        client.force_login(lawyer)

        started = time.perf_counter()
        for _ in range(args.requests):
            audit.record(audit.Action.SEARCH, actor=lawyer, details={"q": "fair use", "hits": 20})
        record_ms = (time.perf_counter() - started) * 1000 / args.requests

        rows = []
        for label, url, params in (
            ("document view", f"/documents/{document.pk}/", {}),
            ("search (API)", "/api/v1/search/", {"q": "court"}),
        ):
            timed(client, url, params, 20)  # warm up
            # Interleave with and without, so the machine's drift hits both alike.
            on, off = [], []
            for _ in range(4):
                on += timed(client, url, params, args.requests // 4)
                with audit_off():
                    off += timed(client, url, params, args.requests // 4)
            rows.append((label, p50(off), p50(on)))

        # Personal API tokens: the same API request signed in by session and by token (a
        # lookup by the token's first characters, a SHA-512, the last-use UPDATE once a minute).
        from caselaw.accounts.tokens import create_token

        _, secret = create_token(user=lawyer, name="bench", days=7)
        by_token = Client(HTTP_AUTHORIZATION=f"Token {secret}")
        session, token = [], []
        for _ in range(4):
            session += timed(client, "/api/v1/cases/", {}, args.requests // 4)
            token += timed(by_token, "/api/v1/cases/", {}, args.requests // 4)
        rows.append(("cases by token", p50(session), p50(token)))

        print(f"record() alone: {record_ms:.2f} ms per row ({args.requests} rows, one INSERT each)")
        print(
            f"{'request':<16} {'p50 without':>12} {'p50 with':>10} {'added':>8}   (by token: session, token)"
        )
        for label, without, with_audit in rows:
            print(f"{label:<16} {without:>10.2f}ms {with_audit:>8.2f}ms {with_audit - without:>+7.2f}ms")
    finally:
        from django.db import connections

        connections.close_all()
        drop_database(args.database_name)


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "caselaw.settings")
    os.environ.setdefault("CASELAW_DEV", "1")  # a measurement, not a deployment
    # The API's rates (caselaw/settings.py) would answer this loop 429 within a minute.
    os.environ.setdefault("CASELAW_THROTTLE_USER", "1000000/minute")
    os.environ.setdefault("CASELAW_THROTTLE_SEARCH", "1000000/minute")
    main()
