"""What the earnings chart draws, worked out from the dashboard without any chart library.

Amounts become floats here only to place bars on screen; every number a person reads
(tooltips, tables) is formatted from the service's Decimals.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from app.core.weeks import BillingWeek
from app.services.dashboard import Dashboard
from app.ui.dashboard.text import day_month, week_tooltip

#: Bar segments from the bottom up, with their legend names.
SEGMENTS = (
    ("take_home", "Take-home"),
    ("fee", "Marketplace fee"),
    ("tax", "Tax set aside"),
    ("costs", "Costs and withdrawal fees"),
)
HOURS_NAME = "Hours"
_STEPS = (1.0, 2.0, 2.5, 5.0, 10.0)
_TICKS = 5


@dataclass(frozen=True)
class Axis:
    """A value axis from 0 (or below, for refunds) to `top`, with a tick every `step`."""

    bottom: float
    top: float
    step: float


@dataclass(frozen=True)
class ChartData:
    """The bars (one per billing week, oldest first), the hours line and the axes."""

    currency: str
    categories: list[str]
    take_home: list[float]
    fee: list[float]
    tax: list[float]
    #: Costs and withdrawal fees together.
    costs: list[float]
    hours: list[float]
    money_axis: Axis
    hours_axis: Axis
    tooltips: list[str]

    def segment(self, name: str) -> list[float]:
        """One stacked segment's values by its field name ("take_home", "fee", "tax", "costs")."""
        values: list[float] = getattr(self, name)
        return values


def chart_data(board: Dashboard, current: BillingWeek | None = None) -> ChartData:
    """The chart of a dashboard; the tooltip of the `current` week says its figures are so far."""
    points = board.weeks
    take_home = [float(p.money.take_home) for p in points]
    fee = [float(p.money.fee) for p in points]
    tax = [float(p.money.tax) for p in points]
    costs = [float(p.money.costs + p.money.withdrawal_fees) for p in points]
    hours = [p.money.tracked_seconds / 3600 for p in points]
    stacks = list(zip(take_home, fee, tax, costs, strict=True))
    tops = [sum(max(value, 0.0) for value in stack) for stack in stacks]
    lows = [sum(min(value, 0.0) for value in stack) for stack in stacks]
    money_axis = nice_axis(max(tops, default=0.0), min(lows, default=0.0))
    return ChartData(
        currency=board.currency,
        categories=_categories(board),
        take_home=take_home,
        fee=fee,
        tax=tax,
        costs=costs,
        hours=hours,
        money_axis=money_axis,
        hours_axis=matching_axis(max(hours, default=0.0), money_axis),
        tooltips=[
            week_tooltip(point, board.currency, in_progress=point.week == current)
            for point in points
        ],
    )


def _categories(board: Dashboard) -> list[str]:
    """Axis labels: the Monday of each week ("9 Mar"); a year is added where it changes."""
    labels = []
    year = None
    for point in board.weeks:
        monday = point.week.monday
        label = day_month(monday)
        if year is not None and monday.year != year:
            label = f"{label} {monday.year}"
        year = monday.year
        labels.append(label)
    return labels


def nice_step(span: float, ticks: int = _TICKS) -> float:
    """A whole, round tick step (1, 2, 2.5 or 5 times a power of ten) for about `ticks` ticks."""
    return _round_step(span / ticks)


def _round_step(wanted: float) -> float:
    """The smallest round step of at least `wanted`: whole, so labels need no decimals."""
    if wanted <= 1:
        return 1.0
    magnitude = 10.0 ** math.floor(math.log10(wanted))
    return next(
        m * magnitude
        for m in _STEPS
        if m * magnitude >= wanted * (1 - 1e-9) and (m * magnitude).is_integer()
    )


def nice_axis(top: float, bottom: float = 0.0, *, empty_top: float = 100.0) -> Axis:
    """An axis with round ticks that holds every value, with room above zero for the hours."""
    top, bottom = round(top, 2), round(bottom, 2)  # amounts are whole cents
    if top <= 0 and bottom >= 0:
        top = empty_top
    step = nice_step(top - bottom)
    return Axis(math.floor(bottom / step) * step, max(math.ceil(top / step), 1) * step, step)


def matching_axis(top: float, other: Axis) -> Axis:
    """A secondary axis from 0 whose ticks fall on the same heights as the other axis's."""
    count = max(round((other.top - other.bottom) / other.step), 1)
    below = round(-other.bottom / other.step)
    above = max(count - below, 1)
    step = _round_step(max(top, 1.0) / above)
    return Axis(-below * step, above * step, step)
