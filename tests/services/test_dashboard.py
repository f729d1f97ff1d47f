"""The dashboard on a small hand-made dataset: every number worked out by hand."""

from __future__ import annotations

import json
from datetime import date

import pytest

from app.core.weeks import BillingWeek
from app.services.dashboard import Filters, dashboard
from tests.support.books import NOW, D, fill_books


@pytest.fixture
def books(db):
    """The hand-made books of tests/support/books.py."""
    return fill_books(db)


def test_weeks_series(books):
    board = dashboard(books, Filters(weeks=3), now=NOW)
    assert board.currency == "USD"
    assert board.currencies == ("EUR", "USD")
    rows = [
        (
            p.week.label,
            p.money.tracked_seconds // 3600,
            p.money.billable_seconds // 3600,
            p.money.gross,
            p.money.fee,
            p.money.net,
            p.money.tax,
            p.money.take_home,
            p.available_on,
        )
        for p in board.weeks
    ]
    assert rows == [
        # lifetime 450 before: 50 at 20% + 250 at 10% = 35.00
        (
            "2026-W10",
            3,
            3,
            D("300.00"),
            D("35.00"),
            D("265.00"),
            D("66.25"),
            D("198.75"),
            date(2026, 3, 18),
        ),
        # 1000.00 at 10% = 100.00 and the milestone 200.00 at Fiverr's 20% = 40.00;
        # tax per contract-week: 900 × 25% + 160 × 25%
        (
            "2026-W11",
            12,
            10,
            D("1200.00"),
            D("140.00"),
            D("1060.00"),
            D("265.00"),
            D("795.00"),
            date(2026, 3, 25),
        ),
        (
            "2026-W12",
            1,
            1,
            D("100.00"),
            D("10.00"),
            D("90.00"),
            D("22.50"),
            # the week's local-bank withdrawal fee (0.99) comes out of take-home
            D("66.51"),
            date(2026, 4, 1),
        ),
    ]


def test_this_week_contracts_and_clients(books):
    board = dashboard(books, Filters(weeks=3), now=NOW)
    assert (board.this_week.gross, board.this_week.take_home) == (D("100.00"), D("66.51"))
    assert board.this_week.effective_hourly == D("66.51")
    api, logo = board.contracts
    assert (api.title, api.money.tracked_seconds, api.money.gross, api.money.fee) == (
        "API",
        16 * 3600,
        D("1400.00"),
        D("145.00"),
    )
    assert api.money.take_home == D("941.25")
    assert api.money.effective_hourly == D("58.83")  # 941.25 / 16 h
    assert (api.this_week_seconds, api.weekly_limit_seconds) == (3600, 36000)
    assert (logo.title, logo.money.gross, logo.money.take_home, logo.money.effective_hourly) == (
        "Logo",
        D("200.00"),
        D("120.00"),
        None,
    )
    acme, shop = board.clients
    assert (acme.name, acme.lifetime, acme.next_tier) == (
        "Acme",
        D("1850.00"),
        (D("8150.00"), D("0.05")),
    )
    assert (shop.name, shop.lifetime, shop.next_tier) == ("Shop", D("200.00"), None)


def test_money_on_its_way_withdrawals_and_year_to_date(books):
    board = dashboard(books, Filters(weeks=3), now=NOW)
    assert [(p.label, p.net, p.available_on) for p in board.pending] == [
        ("API, week 2026-W11", D("900.00"), date(2026, 3, 25)),
        ("API, week 2026-W12", D("90.00"), date(2026, 4, 1)),
    ]
    assert (board.withdrawals_in_range, board.withdrawal_fees, board.withdrawn) == (
        1,
        D("0.99"),
        D("400.00"),
    )
    # available by 2026-03-19: W10's 265.00 (on 03-18) and the milestone's 160.00 (on 03-16)
    assert (board.available, board.pending_total) == (D("425.00"), D("990.00"))
    assert [(p.contract_title, p.week) for p in board.pending] == [
        ("API", BillingWeek.parse("2026-W11")),
        ("API", BillingWeek.parse("2026-W12")),
    ]
    ytd = board.year_to_date
    assert (ytd.gross, ytd.fee, ytd.net, ytd.tax, ytd.withdrawal_fees, ytd.take_home) == (
        D("1600.00"),
        D("185.00"),
        D("1415.00"),
        D("353.75"),
        D("0.99"),
        D("1060.26"),
    )


def test_the_currency_follows_the_filters(books):
    euro_client = dashboard(books, Filters(weeks=3, client_id=3), now=NOW)
    assert euro_client.currency == "EUR"
    assert [c.title for c in euro_client.contracts] == ["EU"]


def test_other_currencies_are_shown_apart(books):
    board = dashboard(books, Filters(weeks=3, currency="EUR"), now=NOW)
    assert [p.money.gross for p in board.weeks] == [D("0"), D("0"), D("100.00")]
    assert board.weeks[-1].money.take_home == D("75.00")
    assert [c.title for c in board.contracts] == ["EU"]


@pytest.mark.parametrize(
    ("filters", "gross"),
    [
        (Filters(weeks=3, platform="fiverr"), D("200.00")),
        (Filters(weeks=3, client_id=1), D("1400.00")),
        (Filters(weeks=3, contract_id=2), D("200.00")),
        (Filters(weeks=1, last_week=BillingWeek.parse("2026-W10")), D("300.00")),
    ],
)
def test_filters(books, filters, gross):
    board = dashboard(books, filters, now=NOW)
    assert sum((p.money.gross for p in board.weeks), D(0)) == gross


def test_the_command_line_shows_the_same_numbers(books, db_url, capsys, monkeypatch):
    from app.cli import main
    from app.cli.earnings_commands import dashboard_json

    monkeypatch.setattr("app.services.dashboard.system_clock", lambda: NOW)
    assert main(["--db", db_url, "earnings", "--weeks", "3", "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == json.loads(
        json.dumps(dashboard_json(dashboard(books, Filters(weeks=3), now=NOW)))
    )
    assert [w["take_home"] for w in printed["weeks"]] == ["198.75", "795.00", "66.51"]
    assert printed["totals"]["gross"] == "1600.00"
    assert printed["clients"][0]["next_tier"] == {"amount": "8150.00", "rate": "0.05"}
