"""What the chart draws, before any chart library: series from the service, round axes."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.weeks import BillingWeek
from app.services.dashboard import Filters, dashboard
from app.ui.dashboard.chart_data import Axis, chart_data, matching_axis, nice_axis
from tests.ui.dashboard.helpers import NOW


def test_series_are_the_services_numbers(books):
    board = dashboard(books, Filters(weeks=3), now=NOW)
    data = chart_data(board, BillingWeek.of(NOW))
    assert data.categories == ["2 Mar", "9 Mar", "16 Mar"]
    assert data.take_home == [198.75, 795.0, 66.51]
    assert data.costs == [0.0, 0.0, 0.99]
    assert data.fee == [35.0, 140.0, 10.0]
    assert data.tax == [66.25, 265.0, 22.5]
    assert data.hours == [3.0, 12.0, 1.0]
    for point, value in zip(board.weeks, data.take_home, strict=True):
        assert Decimal(str(value)) == point.money.take_home
    assert data.money_axis == Axis(0.0, 1250.0, 250.0)
    assert data.tooltips[1].splitlines() == [
        "Week 2026-W11 · 9–15 Mar",
        "Take-home: $795.00",
        "Marketplace fee: $140.00",
        "Tax set aside: $265.00",
        "Gross: $1,200.00",
        "Hours: 12:00 h tracked, 10:00 h billable (over the weekly limit)",
        "Available on Wed 25 Mar",
    ]
    assert data.tooltips[2].startswith("Week 2026-W12 · 16–22 Mar (so far)")


def test_a_year_is_named_where_it_changes(books):
    board = dashboard(books, Filters(weeks=12), now=NOW)
    assert chart_data(board).categories[:4] == ["29 Dec", "5 Jan 2026", "12 Jan", "19 Jan"]


@pytest.mark.parametrize(
    ("top", "bottom", "axis"),
    [
        (0.0, 0.0, Axis(0.0, 100.0, 20.0)),
        (1200.0, 0.0, Axis(0.0, 1250.0, 250.0)),
        (2843.0, 0.0, Axis(0.0, 3000.0, 1000.0)),
        (9.0, 0.0, Axis(0.0, 10.0, 2.0)),
        (500.0, -120.0, Axis(-200.0, 600.0, 200.0)),
    ],
)
def test_axes_have_round_ticks(top, bottom, axis):
    assert nice_axis(top, bottom) == axis


cents = st.integers(min_value=0, max_value=10**9).map(lambda c: c / 100)


@given(top=cents, hours=st.floats(min_value=0, max_value=200), refund=cents)
def test_every_value_fits_and_the_hours_ticks_line_up(top, hours, refund):
    low = -min(refund, 10**5)
    money = nice_axis(top, low)
    assert money.bottom <= low and money.top >= top
    hours_axis = matching_axis(hours, money)
    assert hours_axis.top >= hours
    assert money.step.is_integer() and hours_axis.step.is_integer()  # labels need no decimals
    ticks = round((money.top - money.bottom) / money.step)
    assert round((hours_axis.top - hours_axis.bottom) / hours_axis.step) == ticks
    assert round(-money.bottom / money.step) == round(-hours_axis.bottom / hours_axis.step)
