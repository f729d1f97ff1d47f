"""`tallyhour cost`: costs that reduce take-home (Connects, membership, tax on fees, others)."""

from __future__ import annotations

import argparse
from typing import Any

from app.cli import args as read
from app.cli.output import one_line, print_json, print_table
from app.core.instants import iso, parse_day_or_instant
from app.core.money import json_money
from app.models.database import Database
from app.services import costs
from app.services.costs import MAX_CONNECTS, CostLine


def cost_add(db: Database, args: argparse.Namespace) -> None:
    """`cost add`."""
    count = (
        None
        if args.count is None
        else read.whole_number(args.count, what="--count", low=1, high=MAX_CONNECTS)
    )
    line = costs.add_cost(
        db,
        kind=args.kind,
        amount=read.amount(args.amount, what="--amount"),
        count=count,
        currency=args.currency,
        at=None if args.at is None else parse_day_or_instant(args.at, what="--at"),
        note=args.note,
    )
    connects = "" if line.count is None else f" ({line.count} Connects)"
    print(
        f"added cost #{line.id}: {line.kind} {json_money(line.amount)} {line.currency}"
        f"{connects} on {line.at:%Y-%m-%d}"
    )


def cost_json(line: CostLine) -> dict[str, Any]:
    """One cost as JSON."""
    return {
        "id": line.id,
        "source": line.source,
        "kind": line.kind,
        "at": iso(line.at),
        "amount": json_money(line.amount),
        "currency": line.currency,
        "count": line.count,
        "note": line.note,
        "counted": line.counted,
        "why_not_counted": line.why_not_counted or None,
    }


def cost_list(db: Database, args: argparse.Namespace) -> None:
    """`cost list`."""
    lines = costs.list_costs(db)
    if args.json:
        print_json({"costs": [cost_json(line) for line in lines]})
        return
    if not lines:
        print("no costs yet (tallyhour cost add records one)")
        return
    print_table(
        ["id", "source", "date", "kind", "amount", "cur", "counts", "note"],
        [
            [
                str(line.id),
                line.source,
                f"{line.at:%Y-%m-%d}",
                line.kind,
                json_money(line.amount),
                line.currency,
                "yes" if line.counted else f"no: {line.why_not_counted}",
                one_line(line.note, 40),
            ]
            for line in lines
        ],
        right={0, 4},
    )


def cost_delete(db: Database, args: argparse.Namespace) -> None:
    """`cost delete`."""
    line = costs.delete_cost(db, args.id)
    print(f"deleted cost #{line.id}: {line.kind} {json_money(line.amount)} {line.currency}")
