"""`tallyhour reconcile`: the statement against tracked time, per contract and week."""

from __future__ import annotations

import argparse
import shlex
from collections import Counter
from decimal import Decimal
from typing import Any

from app.cli import args as read
from app.cli.output import print_json, print_table
from app.core.errors import UserError
from app.core.fees import percent_text
from app.core.instants import hours_text
from app.core.money import ZERO, json_money
from app.core.text import counted, quoted
from app.models.database import Database
from app.services.reconcile import FeeDrift, ReconcileRow, adopt_charged_fee_rate, reconcile


def reconcile_command(db: Database, args: argparse.Namespace) -> None:
    """`reconcile`: print the weeks, or adopt the charged fee rate."""
    start, end = read.local_days(args.first, args.last, need_end=False)
    if args.adopt_fee_rate:
        if args.contract is None:
            raise UserError("--adopt-fee-rate needs --contract")
        drift = adopt_charged_fee_rate(db, args.contract)
        print(
            f"{quoted(drift.contract)} is now charged {percent_text(drift.charged_rate)}"
            f" from {drift.since.label} on"
        )
        return
    result = reconcile(db, contract=args.contract, start=start, end=end)
    document = reconcile_json(result.rows, result.drifts)
    if args.json:
        print_json(document)
        return
    if not result.rows:
        print(
            "nothing to reconcile: import an Upwork statement first (`tallyhour import upwork FILE`)"
        )
        return
    print_table(
        [
            "contract",
            "week",
            "tracked",
            "billed h",
            "expected",
            "billed",
            "fee exp.",
            "fee",
            "status",
        ],
        [
            [
                w["contract"],
                w["week"],
                w["tracked_hours"],
                w["statement_hours"],
                w["expected_gross"],
                w["statement_gross"],
                w["expected_fee"],
                w["statement_fee"],
                w["status"],
            ]
            for w in document["weeks"]
        ],
        right={2, 3, 4, 5, 6, 7},
    )
    totals = document["totals"]
    print(
        f"total: tracked {totals['tracked_hours']} h, billed {totals['statement_hours']} h,"
        f" {totals['statement_gross']} gross, fee expected {totals['expected_fee']},"
        f" charged {totals['statement_fee']}"
    )
    for drift in result.drifts:
        print(_drift_text(drift))


def reconcile_json(rows: list[ReconcileRow], drifts: list[FeeDrift]) -> dict[str, Any]:
    """The contract's JSON document: weeks, totals (in the most used currency), drifts."""
    currency = Counter(row.currency for row in rows).most_common(1)
    main = currency[0][0] if currency else "USD"
    in_main = [row for row in rows if row.currency == main]
    return {
        "weeks": [_week_json(row) for row in rows],
        "totals": {
            "currency": main,
            "tracked_hours": hours_text(sum(row.tracked_seconds for row in in_main)),
            "statement_hours": hours_text(sum(row.statement_seconds for row in in_main)),
            "expected_gross": json_money(_sum(row.expected_gross for row in in_main)),
            "statement_gross": json_money(_sum(row.statement_gross for row in in_main)),
            "expected_fee": json_money(_sum(row.expected_fee for row in in_main)),
            "statement_fee": json_money(_sum(row.statement_fee for row in in_main)),
        },
        "drifts": [
            {
                "contract": drift.contract,
                "charged_rate": f"{drift.charged_rate * 100:.2f}",
                "since": drift.since.label,
                "weeks": drift.weeks,
            }
            for drift in drifts
        ],
    }


def _week_json(row: ReconcileRow) -> dict[str, Any]:
    """One reconciled week as JSON."""
    return {
        "contract": row.contract,
        "client": row.client,
        "currency": row.currency,
        "week": row.week.label,
        "tracked_hours": hours_text(row.tracked_seconds),
        "statement_hours": hours_text(row.statement_seconds),
        "expected_gross": json_money(row.expected_gross),
        "statement_gross": json_money(row.statement_gross),
        "expected_fee": json_money(row.expected_fee),
        "statement_fee": json_money(row.statement_fee),
        "refunded": json_money(row.refunded),
        "status": row.status,
    }


def _drift_text(drift: FeeDrift) -> str:
    """The fee drift alert, with the command that fixes the contract's fee."""
    return (
        f"fee drift: {quoted(drift.contract)} was charged {percent_text(drift.charged_rate)} in"
        f" {counted(drift.weeks, 'week')} since {drift.since.label}, not what its schedule expects;"
        f" `tallyhour reconcile --contract {shlex.quote(drift.contract)} --adopt-fee-rate` uses that rate"
    )


def _sum(amounts: Any) -> Decimal:
    """The sum of Decimal amounts (zero for none)."""
    return sum(amounts, ZERO)
