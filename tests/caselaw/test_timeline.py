"""The case timeline reads as a chart (issue #16): months and years on its axis, counts on
gridlines, markers of entries filed days apart not covering each other, and each marker
named for keyboard and screen-reader users."""

import datetime

import pytest

from caselaw.timeline import EVENT_ROW, EVENT_TOP, MARKER_GAP, build_timeline
from filings.models import Filing
from tests.factories import FilingFactory

pytestmark = pytest.mark.django_db


def test_months_years_and_gridlines_are_labelled(case):
    for n, day in enumerate(
        [datetime.date(2023, 7, 7), datetime.date(2023, 11, 20), datetime.date(2024, 2, 1)], 1
    ):
        FilingFactory(case=case, entry_number=n, date_filed=day, kind=Filing.Kind.MOTION)

    timeline = build_timeline(case)

    assert [name for _, name in timeline.months] == ["Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb"]
    assert [year for _, year in timeline.years] == [2023, 2024]
    assert [value for _, value in timeline.y_ticks] == [0, 1]


def test_markers_filed_days_apart_take_rows_of_their_own(case):
    for n, day in enumerate(
        [datetime.date(2025, 6, 25), datetime.date(2025, 6, 27), datetime.date(2025, 6, 30)], 1
    ):
        FilingFactory(case=case, entry_number=n, date_filed=day, kind=Filing.Kind.ORDER)
    FilingFactory(case=case, entry_number=9, date_filed=datetime.date(2023, 1, 2), kind=Filing.Kind.COMPLAINT)

    timeline = build_timeline(case)

    rows = {event.entry_number: event.y for event in timeline.events}
    assert rows[9] == EVENT_TOP
    assert sorted([rows[1], rows[2], rows[3]]) == [
        EVENT_TOP,
        EVENT_TOP + EVENT_ROW,
        EVENT_TOP + 2 * EVENT_ROW,
    ]
    for a in timeline.events:
        for b in timeline.events:
            if a is not b and a.y == b.y:
                assert abs(a.x - b.x) >= MARKER_GAP
    assert timeline.height >= EVENT_TOP + 3 * EVENT_ROW


def test_each_marker_is_named(client, lawyer, case):
    FilingFactory(case=case, entry_number=56, date_filed=datetime.date(2023, 11, 20), kind=Filing.Kind.ORDER)
    client.force_login(lawyer)

    html = client.get(f"/cases/{case.pk}/").content.decode()

    assert 'aria-label="ECF 56, Nov 20, 2023: ' in html
    assert 'class="event-label">ECF 56 · Nov 20, 2023</text>' in html
