"""A 5,000-entry docket previews and imports in seconds, in as many queries as a small one."""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from caselaw.importers import docket_import_apply, docket_import_preview
from caselaw.importers.pacer_html import synthetic_docket
from caselaw.models import Case
from filings.models import Filing

pytestmark = pytest.mark.django_db

MAX_QUERIES = 40  # preview + confirm, whatever the docket's length


def preview_and_apply(user, html):
    with CaptureQueriesContext(connection) as queries:
        held = docket_import_preview(user=user, html=html)
        result = docket_import_apply(docket_import=held, user=user)
    return result, len(queries)


def test_query_count_does_not_grow_with_entries(opener):
    def queries_for(entry_count):
        Case.objects.all().delete()  # each time a new case, in a court already held
        return preview_and_apply(opener, synthetic_docket(entry_count))[1]

    queries_for(1)

    assert queries_for(50) == queries_for(1000)


def test_a_5000_entry_docket_imports_in_seconds_in_bounded_queries(opener, django_assert_max_num_queries):
    html = synthetic_docket(5000)
    started = time.monotonic()
    with django_assert_max_num_queries(MAX_QUERIES):
        result, _ = preview_and_apply(opener, html)
    first = time.monotonic() - started

    assert result.counts["new_entries"] == 5000
    assert Filing.objects.filter(case=result.case).count() == 5000
    assert Filing.objects.filter(case=result.case, entry_number__isnull=True).count() == 5000 // 9
    assert first < 30  # about 6 s on a laptop, most of it juriscraper reading the HTML twice

    # Again with every tenth entry changed on the docket: one UPDATE for all of them.
    changed = html.replace("(row 1", "(line 1")
    with django_assert_max_num_queries(MAX_QUERIES):
        again, _ = preview_and_apply(opener, changed)
    assert again.counts["changed_entries"] == 1111
    assert again.counts["new_entries"] == 0
