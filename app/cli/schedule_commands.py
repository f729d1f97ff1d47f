"""`tallyhour schedule`: list and define fee schedules; switch a contract's schedule."""

from __future__ import annotations

import argparse

from app.cli import args as read
from app.cli.output import print_json, print_table
from app.core.errors import UserError
from app.core.fees import (
    Basis,
    BillingKind,
    FeeSchedule,
    parse_tiers,
    percent_text,
    schedule_to_dict,
)
from app.core.money import ZERO, json_money
from app.core.text import quoted
from app.models.database import Database
from app.services import contracts, schedules
from app.services.settings import get_settings, update_settings


def schedule_list(db: Database, args: argparse.Namespace) -> None:
    """`schedule list`."""
    rows = schedules.list_schedules(db)
    if args.json:
        print_json({"schedules": [schedule_to_dict(row) for row in rows]})
        return
    print_table(
        ["name", "basis", "tiers", "minimum"],
        [
            [row.name, row.basis.value, _tiers_text(row), json_money(row.minimum_fee)]
            for row in rows
        ],
    )


def schedule_add(db: Database, args: argparse.Namespace) -> None:
    """`schedule add`."""
    tiers = parse_tiers(args.tiers)
    basis = Basis(args.basis)
    if basis is Basis.FLAT and len(tiers) != 1:
        raise UserError("a flat schedule has one rate, e.g. --tiers 12%")
    minimum = read.amount(args.minimum, what="--minimum") or ZERO
    applies = frozenset(BillingKind) if args.minimum_on == "all" else frozenset({BillingKind.FIXED})
    schedule = FeeSchedule(
        name=args.name.strip().lower(),
        tiers=tiers,
        basis=basis,
        minimum_fee=minimum,
        minimum_applies_to=applies if minimum else frozenset(),
    )
    schedules.save_schedule(db, schedule)
    print(f"saved schedule {quoted(schedule.name)}: {_tiers_text(schedule)}")


def schedule_use(db: Database, args: argparse.Namespace) -> None:
    """`schedule use`."""
    start = read.instant(args.start, what="--from")
    assert start is not None
    info = contracts.change_fee_schedule(db, args.contract, args.name, effective_from=start)
    print(f"{quoted(info.title)} uses {args.name.strip().lower()} from {start.isoformat()}")


def withdrawal_fee(db: Database, args: argparse.Namespace) -> None:
    """`withdrawal-fee METHOD AMOUNT`."""
    method = args.method.strip().lower()
    if not method.replace("-", "").isalnum() or len(method) > 20:
        raise UserError("a method name is one short word, like wire or local-bank")
    fees = dict(get_settings(db).withdrawal_fees)
    fees[method] = args.amount
    update_settings(db, withdrawal_fees=tuple(fees.items()))
    print(f"withdrawals by {method} cost {get_settings(db).withdrawal_fee(method):.2f}")


def _tiers_text(schedule: FeeSchedule) -> str:
    """Tiers as people read them: "20% to 500.00, 10% to 10000.00, 5% above"."""
    parts: list[str] = []
    for tier in schedule.tiers:
        rate = percent_text(tier.rate)
        parts.append(
            f"{rate} above"
            if tier.up_to is None and parts
            else rate
            if tier.up_to is None
            else f"{rate} to {json_money(tier.up_to)}"
        )
    return ", ".join(parts)
