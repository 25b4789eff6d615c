"""The case timeline: docket activity per month as a server-rendered SVG, with the key
events (complaint, orders) marked and linked to their docket entries."""

import datetime
from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import TruncMonth

from filings.models import Filing

WIDTH = 960
PLOT_TOP, PLOT_BOTTOM, LEFT, RIGHT = 18, 120, 36, 12
MONTH_ROW, YEAR_ROW = PLOT_BOTTOM + 14, PLOT_BOTTOM + 28  # baselines of the axis labels
EVENT_TOP, EVENT_ROW = PLOT_BOTTOM + 46, 18  # marker rows: a marker too close to another moves down
MARKER_GAP = 16  # the least distance between two markers in one row
MONTH_NAMES = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
KEY_KINDS = (Filing.Kind.COMPLAINT, Filing.Kind.ORDER)


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    month: datetime.date
    count: int


@dataclass
class Event:
    x: float
    entry_number: int
    date: datetime.date
    label: str
    kind: str
    y: float = EVENT_TOP  # its row


@dataclass
class Timeline:
    bars: list[Bar]
    events: list[Event]
    years: list[tuple[float, int]]
    max_count: int
    months: list[tuple[float, str]]  # (centre, "Jan") for the months labelled
    y_ticks: list[tuple[float, int]]  # (y, count) with a gridline
    height: int
    width: int = WIDTH
    plot_bottom: int = PLOT_BOTTOM
    plot_right: int = WIDTH - RIGHT
    left: int = LEFT
    month_row: int = MONTH_ROW
    year_row: int = YEAR_ROW


def months_between(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    months, current = [], first.replace(day=1)
    while current <= last:
        months.append(current)
        current = (current + datetime.timedelta(days=32)).replace(day=1)
    return months


def build_timeline(case) -> Timeline | None:
    """Two queries: filings per month, and the key events."""
    per_month = dict(
        Filing.objects.filter(case=case)
        .annotate(month=TruncMonth("date_filed"))
        .values_list("month")
        .annotate(n=Count("id"))
        .values_list("month", "n")
    )
    if not per_month:
        return None
    months = months_between(min(per_month), max(per_month))
    step = (WIDTH - LEFT - RIGHT) / len(months)
    top = max(per_month.values())
    scale = (PLOT_BOTTOM - PLOT_TOP) / top
    bars = []
    for index, month in enumerate(months):
        count = per_month.get(month, 0)
        height = count * scale
        x = LEFT + index * step + 1
        bars.append(Bar(x, PLOT_BOTTOM - height, max(step - 2, 1), height, month, count))

    def x_of(day: datetime.date) -> float:
        index = months.index(day.replace(day=1))
        fraction = (day.day - 1) / 31
        return LEFT + (index + fraction) * step

    events = [
        Event(x_of(f.date_filed), f.entry_number, f.date_filed, f.short_description, f.kind)
        for f in Filing.objects.filter(case=case, kind__in=KEY_KINDS)
        .exclude(entry_number=None)  # a text-only order has no entry to link to
        .order_by("date_filed", "entry_number")
    ]
    rows = place_markers(events)
    years = [(LEFT + i * step, m.year) for i, m in enumerate(months) if m.month == 1 or i == 0]
    every = 1 if len(months) <= 18 else 3 if len(months) <= 54 else 6  # months, quarters or halves
    labelled = [
        (LEFT + (i + 0.5) * step, MONTH_NAMES[m.month - 1])
        for i, m in enumerate(months)
        if (m.month - 1) % every == 0
    ]
    return Timeline(
        bars=bars,
        events=events,
        years=years,
        max_count=top,
        months=labelled,
        y_ticks=y_ticks(top, scale),
        height=EVENT_TOP + rows * EVENT_ROW,
    )


def place_markers(events: list[Event]) -> int:
    """Give each marker the first row where it is MARKER_GAP from the last one there, so
    markers of entries filed days apart do not cover each other; the rows used."""
    last_x: list[float] = []
    for event in events:
        row = next((r for r, x in enumerate(last_x) if event.x - x >= MARKER_GAP), len(last_x))
        if row == len(last_x):
            last_x.append(event.x)
        last_x[row] = event.x
        event.y = EVENT_TOP + row * EVENT_ROW
    return max(1, len(last_x))


def y_ticks(top: int, scale: float) -> list[tuple[float, int]]:
    """Gridlines at round counts: 0, and up to three more up to the busiest month."""
    step = max(1, -(-top // 3))
    for nice in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000):
        if nice >= step:
            step = nice
            break
    return [(PLOT_BOTTOM - value * scale, value) for value in range(0, top + 1, step)]
