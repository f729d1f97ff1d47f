"""The dashboard on the hand-made books: every number on screen is the service's, worked by hand."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from app.ui.dashboard.models import PayoutColumn
from app.ui.dashboard.tables import ClientColumn, ContractColumn
from tests.ui.dashboard.helpers import NO_OPENGL, NOW

pytestmark = pytest.mark.qt_log_ignore(NO_OPENGL)


def column(model, number):
    return [model.index(row, number).data() for row in range(model.rowCount())]


def test_the_chart_draws_the_services_weeks(make_view):
    view = make_view()
    series = view.chart.series_values()
    # 12 weeks up to 2026-W12: nine empty weeks, then W10, W11 and W12 as worked out by hand.
    assert series["take_home"] == [0.0] * 9 + [198.75, 795.0, 66.51]
    assert series["fee"] == [0.0] * 9 + [35.0, 140.0, 10.0]
    assert series["tax"] == [0.0] * 9 + [66.25, 265.0, 22.5]
    assert series["costs"] == [0.0] * 9 + [0.0, 0.0, 0.99]  # W12's withdrawal fee
    assert series["hours"] == [0.0] * 9 + [3.0, 12.0, 1.0]
    assert view.chart.categories()[-3:] == ["2 Mar", "9 Mar", "16 Mar"]
    for point, take_home, fee, tax in zip(
        view.board.weeks, series["take_home"], series["fee"], series["tax"], strict=True
    ):
        assert [Decimal(str(v)) for v in (take_home, fee, tax)] == [
            point.money.take_home,
            point.money.fee,
            point.money.tax,
        ]


def test_the_chart_adds_up_to_the_contract_table(make_view):
    view = make_view()
    series = view.chart.series_values()
    model = view.contracts_model
    table_total = sum((model.row(n).money.take_home for n in range(model.rowCount())), Decimal(0))
    assert column(model, ContractColumn.TAKE_HOME) == ["$941.25", "$120.00"]
    assert table_total == Decimal("1061.25")
    # the withdrawal fee (0.99) is yours, not a contract's: the chart shows it as a cost
    assert Decimal(str(round(sum(series["take_home"]), 2))) == Decimal("1060.26")
    assert Decimal(str(round(sum(series["take_home"]) + sum(series["costs"]), 2))) == table_total
    assert sum(series["hours"]) * 3600 == sum(model.row(n).money.tracked_seconds for n in (0, 1))


def test_the_command_line_prints_what_the_chart_draws(make_view, db_url, capsys, monkeypatch):
    from app.cli import main

    view = make_view()
    monkeypatch.setattr("app.services.dashboard.system_clock", lambda: NOW)
    assert main(["--db", db_url, "earnings", "--weeks", "12", "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    series = view.chart.series_values()
    for name in ("take_home", "fee", "tax"):
        assert [Decimal(week[name]) for week in printed["weeks"]] == [
            Decimal(str(value)).quantize(Decimal("0.01")) for value in series[name]
        ]
    assert [float(week["hours"]) for week in printed["weeks"]] == series["hours"]


def test_this_week_against_the_limit(make_view):
    panel = make_view().this_week
    assert panel.subtitle.text() == "2026-W12 · 16–22 Mar"
    figures = {name: panel.figures.text(name) for name in panel.figures.values}
    assert figures == {
        "Hours": "1:00 h",
        "Gross": "$100.00",
        "Marketplace fee": "$10.00",
        "Tax set aside": "$22.50",
        "Costs": "$0.00",
        "Withdrawal fees": "$0.99",
        "Take-home": "$66.51",
        "Per hour": "$66.51/h",
    }
    assert panel.hours["API"].text() == "1:00 of 10:00 h"
    assert panel.hours["API"].toolTip() == "9:00 h left before the weekly limit of 10:00 h"
    assert (panel.bars["API"].value(), panel.bars["API"].maximum()) == (60, 600)
    assert "Logo" not in panel.hours  # fixed price: no hours, no limit
    assert panel.last_week.text() == (
        "Last week (2026-W11): take-home <b>$795.00</b>, available Wed 25 Mar"
    )


def test_a_last_week_with_nothing_billed_says_so(make_view):
    from datetime import timedelta

    panel = make_view(now=NOW + timedelta(weeks=3)).this_week
    assert panel.last_week.text() == "Last week (2026-W14): nothing billed."


def test_money_on_its_way_and_the_year_to_date(make_view):
    view = make_view()
    panel = view.on_its_way
    rows = [
        [panel.model.index(r, c).data() for c in PayoutColumn]
        for r in range(panel.model.rowCount())
    ]
    assert rows == [
        ["API, week 2026-W11", "$900.00", "Wed 25 Mar"],
        ["API, week 2026-W12", "$90.00", "Wed 1 Apr"],
    ]
    assert panel.total.text() == "Total on its way: <b>$990.00</b>"
    assert panel.withdrawals.text() == "1 withdrawal in these weeks · $0.99 in fees"
    assert panel.withdrawable.text() == "Withdrawable now: <b>$24.01</b>"
    year = {name: view.year.figures.text(name) for name in view.year.figures.values}
    assert year == {
        "Hours": "16:00 h",
        "Gross": "$1,600.00",
        "Marketplace fee": "$185.00",
        "Tax set aside": "$353.75",
        "Costs": "$0.00",
        "Withdrawal fees": "$0.99",
        "Take-home": "$1,060.26",
        "Per hour": "$66.27/h",
    }


def test_clients_show_lifetime_billings_and_the_next_tier(make_view):
    view = make_view()
    model = view.clients_model
    assert column(model, ClientColumn.CLIENT) == ["Acme", "Shop"]
    assert column(model, ClientColumn.LIFETIME) == ["$1,850.00", "$200.00"]
    assert column(model, ClientColumn.NEXT_TIER)[0] == "$8,150.00 until fees drop to 5%"
    assert view.clients_table.isVisible()


def test_the_currency_shown_is_named(make_view):
    view = make_view()
    assert view.currency_label.text() == (
        "All amounts in USD · EUR shown apart (pick under Currency)"
    )
    assert view.heading.text() == "Earnings · 29 Dec 2025 – 22 Mar 2026"
    assert view.chart.root.property("moneyTitle") == "USD"
