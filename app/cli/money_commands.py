"""Commands about money: fee calculator, week, earnings, milestones, withdrawals."""

from __future__ import annotations

import argparse

from app.cli import args as read
from app.cli.output import print_json, print_table
from app.cli.week_output import show_week
from app.core.clock import system_clock
from app.core.errors import UserError
from app.core.fees import percent_text, rate_text
from app.core.instants import iso
from app.core.money import json_money, parse_amount
from app.core.money_rules import charge_fee
from app.core.text import quoted
from app.models.database import Database
from app.services import balance, earnings, payments, schedules


def fee_command(db: Database, args: argparse.Namespace) -> None:
    """`fee`: the take-home calculator."""
    from app.core.fees import BillingKind

    with db.read() as session:
        schedule = schedules.load_schedule(session, args.schedule)
    prior = parse_amount(args.prior, what="--prior")
    amount = parse_amount(args.amount, what="--amount", allow_negative=True)
    if amount < 0 and -amount > prior:
        raise UserError(
            f"a refund of {-amount:.2f} is more than the {prior:.2f} billed before it (--prior)"
        )
    result = charge_fee(schedule, prior=prior, amount=amount, kind=BillingKind(args.kind))
    if args.json:
        print_json(
            {
                "schedule": schedule.name,
                "prior": json_money(prior),
                "amount": json_money(amount),
                "fee": json_money(result.fee),
                "net": json_money(result.net),
                "tiers": [
                    {
                        "amount": json_money(p.amount),
                        "rate": rate_text(p.rate),
                        "fee": json_money(p.fee),
                    }
                    # The part that lifts the tiers to the minimum fee says so.
                    | ({"minimum": True} if p.minimum else {})
                    for p in result.parts
                ],
            }
        )
        return
    for part in result.parts:
        if part.minimum:
            print(f"  {'minimum fee':>22}  fee {json_money(part.fee):>10}")
            continue
        print(
            f"  {json_money(part.amount):>12} at {percent_text(part.rate):>6}  fee {json_money(part.fee):>10}"
        )
    print(
        f"fee {json_money(result.fee)}, you keep {json_money(result.net)} of {json_money(amount)}"
    )


def week_command(db: Database, args: argparse.Namespace) -> None:
    """`week` (usually answered by `fast_week.quick_week` before the parser is built)."""
    now = system_clock()
    report = earnings.week_report(db, read.week(args.week, now=now), now=now)
    show_week(report, as_json=args.json)


def milestone_add(db: Database, args: argparse.Namespace) -> None:
    """`milestone add`."""
    amount = parse_amount(args.amount, what="--amount", allow_zero=False)
    info = payments.add_milestone(db, args.contract, args.title, amount=amount, kind=args.kind)
    print(
        f"added {info.kind} #{info.id} {quoted(info.title)} of {json_money(info.amount)}"
        f" on {quoted(info.contract_title)}"
    )


def milestone_release(db: Database, args: argparse.Namespace) -> None:
    """`milestone release`."""
    info = payments.release_milestone(db, args.id, at=read.instant(args.at, what="--at"))
    print(f"released {info.kind} #{info.id} {quoted(info.title)}: {json_money(info.amount)}")


def milestone_cancel(db: Database, args: argparse.Namespace) -> None:
    """`milestone cancel`."""
    info = payments.cancel_milestone(db, args.id)
    print(f"cancelled {info.kind} #{info.id} {quoted(info.title)}")


def withdrawals_list(db: Database, args: argparse.Namespace) -> None:
    """`withdrawals list`."""
    rows = payments.list_withdrawals(db)
    if args.json:
        print_json(
            {
                "withdrawals": [
                    {
                        "id": r.id,
                        "at": iso(r.at),
                        "amount": json_money(r.amount),
                        "fee": json_money(r.fee),
                        "currency": r.currency,
                        "method": r.method,
                    }
                    for r in rows
                ]
            }
        )
        return
    print_table(
        ["id", "when", "amount", "fee", "cur", "method"],
        [
            [
                str(r.id),
                r.at.astimezone().strftime("%Y-%m-%d %H:%M"),
                json_money(r.amount),
                json_money(r.fee),
                r.currency,
                r.method,
            ]
            for r in rows
        ],
        right={0, 2, 3},
    )


def withdrawal_delete(db: Database, args: argparse.Namespace) -> None:
    """`withdrawals delete`."""
    info = payments.delete_withdrawal(db, args.id)
    print(f"deleted withdrawal #{info.id} of {json_money(info.amount)} {info.currency}")


def milestone_list(db: Database, args: argparse.Namespace) -> None:
    """`milestone list`."""
    rows = payments.list_milestones(db, args.contract)
    if args.json:
        print_json(
            {
                "milestones": [
                    {
                        "id": r.id,
                        "contract": r.contract_title,
                        "title": r.title,
                        "kind": r.kind,
                        "amount": json_money(r.amount),
                        "status": r.status,
                        "released_at": iso(r.released_at),
                    }
                    for r in rows
                ]
            }
        )
        return
    print_table(
        ["id", "contract", "title", "kind", "amount", "status"],
        [
            [str(r.id), r.contract_title, r.title, r.kind, json_money(r.amount), r.status]
            for r in rows
        ],
        right={0, 4},
    )


def withdraw_command(db: Database, args: argparse.Namespace) -> None:
    """`withdraw`."""
    amount = parse_amount(args.amount, what="amount", allow_zero=False)
    info = payments.withdraw(
        db,
        amount,
        method=args.method,
        currency=args.currency,
        at=read.instant(args.at, what="--at"),
    )
    left = (
        "" if info.left is None else f"; {json_money(info.left)} {info.currency} left to withdraw"
    )
    print(
        f"withdrew {json_money(info.amount)} {info.currency} by {info.method},"
        f" fee {json_money(info.fee)}{left}"
    )


def withdrawals_balance(db: Database, args: argparse.Namespace) -> None:
    """`withdrawals balance`: earned and available, less withdrawals and their fees."""
    rows = balance.balances(db)
    if args.json:
        print_json(
            {
                "balances": [
                    {
                        "currency": b.currency,
                        "withdrawable": json_money(b.withdrawable),
                        "pending": json_money(b.pending),
                        "withdrawn": json_money(b.withdrawn),
                        "withdrawal_fees": json_money(b.fees),
                    }
                    for b in rows
                ]
            }
        )
        return
    if not rows:
        print("nothing earned yet: nothing to withdraw")
        return
    print_table(
        ["cur", "withdrawable", "on its way", "withdrawn", "fees"],
        [
            [
                b.currency,
                json_money(b.withdrawable),
                json_money(b.pending),
                json_money(b.withdrawn),
                json_money(b.fees),
            ]
            for b in rows
        ],
        right={1, 2, 3, 4},
    )
