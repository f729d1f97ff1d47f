"""Filters narrow what the dashboard shows; currencies are shown one at a time, never summed."""

from __future__ import annotations

import pytest

from app.core.weeks import BillingWeek
from app.services.dashboard import Filters
from app.ui.dashboard.filters import FilterBar
from app.ui.dashboard.tables import ContractColumn
from tests.ui.dashboard.helpers import NO_OPENGL, NOW, refreshed

pytestmark = pytest.mark.qt_log_ignore(NO_OPENGL)


def titles(view):
    model = view.contracts_model
    return [model.index(row, ContractColumn.CONTRACT).data() for row in range(model.rowCount())]


def items(combo):
    return [combo.itemText(index) for index in range(combo.count())]


def test_the_filters_offer_what_there_is(make_view):
    bar = make_view().filter_bar
    assert items(bar.client) == ["All clients", "Acme", "Euro", "Shop"]
    assert items(bar.contract) == ["All contracts", "API — Acme", "EU — Euro", "Logo — Shop"]
    assert items(bar.platform) == ["All platforms", "Direct", "Fiverr", "Upwork"]
    assert items(bar.currency) == ["EUR", "USD"]
    assert bar.currency.currentText() == "USD"
    assert bar.weeks.currentText() == "last 12 weeks"
    assert items(bar.ending)[:3] == [
        "this week (2026-W12)",
        "last week (2026-W11)",
        "2026-W10 · 2–8 Mar",
    ]
    assert bar.filters() == Filters(weeks=12)


def test_a_platform_narrows_chart_and_tables(qtbot, make_view):
    view = make_view()
    refreshed(qtbot, view, lambda: FilterBar.choose(view.filter_bar.platform, "fiverr"))
    assert titles(view) == ["Logo"]
    assert sum(view.chart.series_values()["take_home"]) == 120.0
    assert view.on_its_way.model.rowCount() == 0
    assert view.on_its_way.empty.isVisibleTo(view)


def test_a_client_narrows_the_contracts_offered(qtbot, make_view):
    view = make_view()
    bar = view.filter_bar
    refreshed(qtbot, view, lambda: FilterBar.choose(bar.client, 1))
    assert items(bar.contract) == ["All contracts", "API"]
    assert titles(view) == ["API"]
    assert [line.name for line in view.board.clients] == ["Acme"]
    refreshed(qtbot, view, lambda: FilterBar.choose(bar.contract, 1))
    assert bar.filters() == Filters(weeks=12, client_id=1, contract_id=1)
    refreshed(qtbot, view, lambda: FilterBar.choose(bar.client, 2))
    assert bar.contract.currentText() == "All contracts"  # API is not Shop's
    assert titles(view) == ["Logo"]


def test_a_client_paid_in_another_currency_brings_it_along(qtbot, make_view):
    view = make_view()
    refreshed(qtbot, view, lambda: FilterBar.choose(view.filter_bar.client, 3))
    assert view.board.currency == "EUR"
    assert view.filter_bar.currency.currentText() == "EUR"
    assert titles(view) == ["EU"]


def test_a_contract_alone(qtbot, make_view):
    view = make_view()
    refreshed(qtbot, view, lambda: FilterBar.choose(view.filter_bar.contract, 2))
    assert titles(view) == ["Logo"]
    assert view.chart.series_values()["fee"][-2] == 40.0


def test_the_date_range_is_weeks_up_to_a_week(qtbot, make_view):
    view = make_view()
    bar = view.filter_bar
    refreshed(qtbot, view, lambda: FilterBar.choose(bar.weeks, 4))
    week_10 = BillingWeek.parse("2026-W10")
    refreshed(qtbot, view, lambda: FilterBar.choose(bar.ending, week_10.bucket))
    assert bar.filters() == Filters(weeks=4, last_week=week_10)
    assert view.chart.categories() == ["9 Feb", "16 Feb", "23 Feb", "2 Mar"]
    assert view.chart.series_values()["take_home"] == [0.0, 0.0, 0.0, 198.75]
    assert titles(view) == ["API"]
    assert view.heading.text() == "Earnings · 9 Feb – 8 Mar 2026"
    # This week's card still shows the week in progress.
    assert view.this_week.figures.text("Gross") == "$100.00"


def test_switching_currency_shows_the_other_books_apart(qtbot, make_view):
    view = make_view()
    refreshed(qtbot, view, lambda: FilterBar.choose(view.filter_bar.currency, "EUR"))
    assert view.board.currency == "EUR"
    assert titles(view) == ["EU"]
    assert view.chart.series_values()["take_home"][-1] == 75.0
    assert sum(view.chart.series_values()["take_home"]) == 75.0  # no dollars added in
    assert view.chart.root.property("moneyTitle") == "EUR"
    assert view.contracts_model.index(0, ContractColumn.GROSS).data() == "€100.00"
    assert view.this_week.figures.text("Take-home") == "€75.00"
    assert view.currency_label.text().startswith("All amounts in EUR · USD shown apart")
    assert view.filter_bar.currency.currentText() == "EUR"
    # A later refresh (the window's timer, another filter) keeps the currency picked.
    refreshed(qtbot, view, view.refresh)
    assert view.board.currency == "EUR"


def test_the_view_follows_the_clock_into_a_new_week(qtbot, make_view):
    view = make_view()
    later = NOW.replace(day=24)
    view.clock = lambda: later
    refreshed(qtbot, view, view.refresh)
    assert view.filter_bar.ending.itemText(0) == "this week (2026-W13)"
    assert view.this_week.subtitle.text().startswith("2026-W13")
