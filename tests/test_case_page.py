"""The case page a paralegal works from: docket filters, sorting, pagination in a fixed
number of queries, the timeline, and live document status."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from caselaw.docket import PER_PAGE
from filings.models import Document, Filing
from tests.factories import DocumentFactory, FilingFactory, PartyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged_in(client, paralegal):
    client.force_login(paralegal)
    return client


def make_docket(case, count):
    meta = PartyFactory(case=case, name="Meta Platforms, Inc.", role="defendant")
    start = datetime.date(2023, 7, 7)
    for n in range(1, count + 1):
        kind = Filing.Kind.ORDER if n % 10 == 0 else Filing.Kind.MOTION
        filing = FilingFactory(
            case=case,
            entry_number=n,
            kind=kind,
            date_filed=start + datetime.timedelta(days=7 * n),
            description=f"Entry {n}: {'order on discovery' if kind == 'order' else 'motion to compel'}",
        )
        filing.filed_by.add(meta)
        DocumentFactory(filing=filing, attachment_number=0, status=Document.Status.INDEXED, page_count=3)
    return meta


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_case_page_costs_the_same_queries_for_10_or_300_entries(logged_in, case):
    make_docket(case, 10)
    small = queries_for(logged_in, f"/cases/{case.pk}/")
    for n in range(11, 301):
        FilingFactory(case=case, entry_number=n, date_filed=datetime.date(2024, 1, 1))
    large = queries_for(logged_in, f"/cases/{case.pk}/")
    assert large == small
    assert small < 25


def test_the_docket_is_paginated(logged_in, case):
    make_docket(case, PER_PAGE + 5)
    first = logged_in.get(f"/cases/{case.pk}/").content.decode()
    assert 'id="entry-1"' in first and f'id="entry-{PER_PAGE + 1}"' not in first
    second = logged_in.get(f"/cases/{case.pk}/?page=2").content.decode()
    assert f'id="entry-{PER_PAGE + 1}"' in second


def test_entry_opens_the_page_that_holds_it(logged_in, case):
    make_docket(case, PER_PAGE + 5)
    html = logged_in.get(f"/cases/{case.pk}/?entry={PER_PAGE + 3}").content.decode()
    assert f'id="entry-{PER_PAGE + 3}"' in html


def test_the_docket_filters_by_kind_text_date_and_filer(logged_in, case):
    meta = make_docket(case, 30)
    url = f"/cases/{case.pk}/"
    orders = logged_in.get(url, {"kind": "order"}).content.decode()
    assert orders.count('<tr id="entry-') == 3
    compel = logged_in.get(url, {"dq": "compel", "date_to": "2023-08-01"}).content.decode()
    assert compel.count('<tr id="entry-') == 3  # entries 1-3 fall before August
    assert logged_in.get(url, {"filer": meta.pk}).content.decode().count('<tr id="entry-') == 30


def test_the_docket_sorts_newest_first(logged_in, case):
    make_docket(case, 5)
    html = logged_in.get(f"/cases/{case.pk}/", {"sort": "-date"}).content.decode()
    assert html.index('id="entry-5"') < html.index('id="entry-1"')


def test_a_bad_filter_is_explained_not_an_error(logged_in, case):
    make_docket(case, 3)
    response = logged_in.get(f"/cases/{case.pk}/", {"date_from": "last week", "kind": "memo"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "is not a date like 2025-06-25" in html and "Unknown filing kind" in html


def test_htmx_gets_only_the_docket(logged_in, case):
    make_docket(case, 3)
    response = logged_in.get(
        f"/cases/{case.pk}/", {"kind": "motion"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="docket"
    )
    html = response.content.decode()
    assert html.startswith('<div id="docket">')
    assert "Parties and counsel" not in html


def test_the_timeline_marks_orders_and_links_them(logged_in, case):
    make_docket(case, 20)
    html = logged_in.get(f"/cases/{case.pk}/").content.decode()
    assert "<svg" in html
    assert html.count('class="event event-order"') == 2
    assert 'href="?entry=10#entry-10"' in html


def test_a_processing_document_polls_and_an_indexed_one_stops(logged_in, case):
    filing = FilingFactory(case=case)
    document = DocumentFactory(filing=filing, status=Document.Status.PROCESSING, page_count=40, pages_done=12)
    html = logged_in.get(f"/documents/{document.pk}/progress/").content.decode()
    assert 'hx-trigger="every 1s"' in html
    assert "12/40 pages" in html
    Document.objects.filter(pk=document.pk).update(status=Document.Status.INDEXED, pages_done=40)
    html = logged_in.get(f"/documents/{document.pk}/progress/").content.decode()
    assert "hx-trigger" not in html
    assert "40 pp." in html


def test_progress_is_walled(client, outsider, case):
    document = DocumentFactory(filing=FilingFactory(case=case))
    client.force_login(outsider)
    assert client.get(f"/documents/{document.pk}/progress/").status_code == 404


def test_the_case_list_filters_by_court(logged_in, case):
    assert case.short_name in logged_in.get("/cases/", {"court": "cand"}).content.decode()
    assert case.short_name not in logged_in.get("/cases/", {"court": "nysd"}).content.decode()


def test_empty_sections_say_so_in_a_sentence_not_a_numbered_item(logged_in, case):
    """'1. No allegations recorded.' read as if there were one (issue #16)."""
    page = logged_in.get(f"/cases/{case.pk}/").content.decode()

    assert '<p class="empty">No allegations recorded.</p>' in page
    assert '<ol class="allegations">' not in page


def test_each_docket_row_takes_uploads_and_the_upload_list_ignores_the_docket_filter(client, lawyer, case):
    make_docket(case, 12)  # every 10th an order
    client.force_login(lawyer)

    page = client.get(f"/cases/{case.pk}/", {"kind": "order"}).content.decode()

    panel = page[page.index('id="upload-filing"') : page.index("</select>", page.index('id="upload-filing"'))]
    assert panel.count("<option") == 12 + 2  # every entry, plus "by name or stamp" and "new"
    assert page.count("data-upload-to=") == page.count("data-filing=") == 1  # the one order shown


def test_a_viewer_gets_no_upload_controls_on_the_docket(client, viewer, case):
    make_docket(case, 3)
    client.force_login(viewer)

    page = client.get(f"/cases/{case.pk}/").content.decode()

    assert "data-upload-to=" not in page and "data-filing=" not in page
