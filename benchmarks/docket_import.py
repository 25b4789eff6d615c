"""What importing a long PACER docket costs: parse (juriscraper), plan (the preview's merge)
and apply (one transaction), in seconds and queries, for a docket made by
caselaw/importers/pacer_html.py — first as a new case, then again unchanged, then with 1,111
entries changed on the docket (rows 1, 10–19, 100–199, 1000–1999, for 5,000).

    .venv/bin/python benchmarks/docket_import.py [--entries 5000]

Works on a database of its own (created, migrated, dropped) on whatever server
DATABASE_URL names, or on the embedded one. It is a measurement: it exits 0.
"""

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from ingest import drop_database, prepare_environment  # noqa: E402


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--entries", type=int, default=5000, help="docket entries (one in nine numberless)")
    parser.add_argument("--database-name", default="caselaw_docket_bench", help="dropped and recreated")
    return parser.parse_args()


def measure(label: str, html: str, user) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from caselaw.importers import apply_import, parse_docket, plan_import

    started = time.perf_counter()
    parsed = parse_docket(html)
    parsed_at = time.perf_counter()
    with CaptureQueriesContext(connection) as plan_queries:
        plan = plan_import(parsed)
    planned_at = time.perf_counter()
    with CaptureQueriesContext(connection) as apply_queries:
        apply_import(plan, user=user)
    applied_at = time.perf_counter()
    print(
        f"{label:<26} parse {parsed_at - started:6.2f} s   plan {planned_at - parsed_at:5.2f} s "
        f"({len(plan_queries):>2} queries)   apply {applied_at - planned_at:5.2f} s "
        f"({len(apply_queries):>2} queries)   {plan.summary()}"
    )


def main() -> None:
    args = parse_args()
    prepare_environment(args.database_name)
    import django

    django.setup()
    from django.core.management import call_command

    from caselaw.importers.pacer_html import synthetic_docket
    from tests.factories import UserFactory

    try:
        call_command("migrate", verbosity=0)
        user = UserFactory(username="bench-importer", is_staff=True)
        html = synthetic_docket(args.entries)
        print(f"{args.entries} entries, {len(html) / 1e6:.1f} MB of HTML")
        measure("new case", html, user)
        measure("same docket again", html, user)
        measure("entries changed", html.replace("(row 1", "(line 1"), user)  # rows 1, 10-19, 100-199…
    finally:
        drop_database(args.database_name)


if __name__ == "__main__":
    main()
