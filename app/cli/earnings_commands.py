"""`tallyhour earnings`: the dashboard's numbers as a table or one JSON document."""

from __future__ import annotations

import argparse
from typing import Any

from app.cli import args as read
from app.cli.output import print_json, print_table
from app.core.fees import percent_text, rate_text
from app.core.instants import hours_text, iso
from app.core.money import check_currency, json_money
from app.models.database import Database
from app.services import dashboard
from app.services.lookup import find_client, find_contract


def earnings_command(db: Database, args: argparse.Namespace) -> None:
    """`earnings`: the dashboard's numbers, from the same service."""
    count = read.whole_number(args.weeks, what="--weeks", low=1, high=5200)
    filters = dashboard.Filters(
        weeks=count,
        client_id=_client_id(db, args.client),
        contract_id=_contract_id(db, args.contract),
        platform=args.platform,
        currency=None if args.currency is None else check_currency(args.currency),
    )
    board = dashboard.dashboard(db, filters)
    document = dashboard_json(board)
    if args.json:
        print_json(document)
        return
    print(f"amounts in {board.currency}; tax set aside {percent_text(board.tax_rate)}")
    print_table(
        [
            "week",
            "hours",
            "billable",
            "gross",
            "fee",
            "net",
            "tax",
            "wd fees",
            "costs",
            "take-home",
            "available",
        ],
        [
            [
                w["week"],
                w["hours"],
                w["billable_hours"],
                w["gross"],
                w["fee"],
                w["net"],
                w["tax"],
                w["withdrawal_fees"],
                w["costs"],
                w["take_home"],
                w["available_on"],
            ]
            for w in document["weeks"]
        ],
        right={1, 2, 3, 4, 5, 6, 7, 8, 9},
    )
    totals = document["totals"]
    print(
        f"total: {totals['hours']} h, gross {totals['gross']}, fee {totals['fee']},"
        f" net {totals['net']}, tax {totals['tax']}, withdrawal fees {totals['withdrawal_fees']},"
        f" costs {totals['costs']}, take-home {totals['take_home']}"
    )
    print(f"withdrawable now: {document['withdrawable']}")
    for payout in document["pending"]:
        print(f"on its way: {payout['net']} on {payout['available_on']} ({payout['label']})")


def money_json(money: dashboard.Earnings) -> dict[str, Any]:
    """Hours and money as JSON strings."""
    hourly = money.effective_hourly
    return {
        "hours": hours_text(money.tracked_seconds),
        "billable_hours": hours_text(money.billable_seconds),
        "gross": json_money(money.gross),
        "fee": json_money(money.fee),
        "net": json_money(money.net),
        "tax": json_money(money.tax),
        "withdrawal_fees": json_money(money.withdrawal_fees),
        "costs": json_money(money.costs),
        "take_home": json_money(money.take_home),
        "effective_hourly": None if hourly is None else json_money(hourly),
    }


def dashboard_json(board: dashboard.Dashboard) -> dict[str, Any]:
    """The whole dashboard as one JSON document (`earnings --json`)."""
    total = board.shown_total()
    return {
        "currency": board.currency,
        "currencies": list(board.currencies),
        "tax_rate": f"{board.tax_rate:.4f}",
        "fee_tax_rate": f"{board.fee_tax_rate:.4f}",
        "weeks": [
            {
                "week": p.week.label,
                "starts_at": iso(p.week.starts_at),
                **money_json(p.money),
                "available_on": p.available_on.isoformat(),
            }
            for p in board.weeks
        ],
        "totals": money_json(total),
        "this_week": money_json(board.this_week),
        "year_to_date": money_json(board.year_to_date),
        "contracts": [
            {
                "contract": c.title,
                "client": c.client,
                "platform": c.platform,
                **money_json(c.money),
                "this_week_hours": hours_text(c.this_week_seconds),
                "weekly_limit_hours": None
                if c.weekly_limit_seconds is None
                else hours_text(c.weekly_limit_seconds),
            }
            for c in board.contracts
        ],
        "clients": [
            {
                "client": c.name,
                **money_json(c.money),
                "lifetime": json_money(c.lifetime),
                "next_tier": None
                if c.next_tier is None
                else {"amount": json_money(c.next_tier[0]), "rate": rate_text(c.next_tier[1])},
            }
            for c in board.clients
        ],
        "available": json_money(board.available),
        "withdrawable": json_money(board.withdrawable),
        "withdrawal_fees": json_money(total.withdrawal_fees),
        "costs": json_money(total.costs),
        "pending_total": json_money(board.pending_total),
        "withdrawn": json_money(board.withdrawn),
        "pending": [
            {"label": p.label, "net": json_money(p.net), "available_on": p.available_on.isoformat()}
            for p in board.pending
        ],
    }


def _client_id(db: Database, ref: str | None) -> int | None:
    """The id of a client named on the command line, if any."""
    if ref is None:
        return None
    with db.read() as session:
        return find_client(session, ref).id


def _contract_id(db: Database, ref: str | None) -> int | None:
    """The id of a contract named on the command line, if any."""
    if ref is None:
        return None
    with db.read() as session:
        return find_contract(session, ref).id
