"""The case timeline: docket activity per month as a server-rendered SVG, with the key
events (complaint, orders) marked and linked to their docket entries."""

import datetime
from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import TruncMonth

from filings.models import Filing

WIDTH, HEIGHT = 960, 170
PLOT_TOP, PLOT_BOTTOM, LEFT, RIGHT = 18, 120, 36, 12
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


@dataclass
class Timeline:
    bars: list[Bar]
    events: list[Event]
    years: list[tuple[float, int]]
    max_count: int
    width: int = WIDTH
    height: int = HEIGHT
    plot_bottom: int = PLOT_BOTTOM
    left: int = LEFT


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
        .order_by("date_filed")
    ]
    years = [(LEFT + i * step, m.year) for i, m in enumerate(months) if m.month == 1 or i == 0]
    return Timeline(bars=bars, events=events, years=years, max_count=top)
