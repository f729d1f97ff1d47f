"""Commands that set things up: clients, contracts, backups."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli import args as read
from app.cli.output import print_json, print_table
from app.cli.prompt import ask
from app.core.clock import system_clock
from app.core.errors import UserError
from app.core.instants import hours_text, parse_date
from app.core.money import ZERO, json_money, parse_rate
from app.core.text import quoted
from app.models.database import Database
from app.models.urls import safe_url
from app.services import backup, clients, contracts
from app.services.overview import ContractOverview, contract_overview
from app.services.records import ClientInfo, ContractInfo


def client_add(db: Database, args: argparse.Namespace) -> None:
    """`client add`."""
    info = clients.add_client(
        db,
        args.name,
        billed_before=read.amount(args.billed_before, what="--billed-before") or ZERO,
        billed_before_currency=args.billed_before_currency,
        email=args.email,
        address=args.address,
        notes=args.note,
    )
    print(f"added client {quoted(info.name)} (#{info.id})")


def client_edit(db: Database, args: argparse.Namespace) -> None:
    """`client edit`."""
    info = clients.edit_client(
        db,
        args.client,
        name=args.name,
        billed_before=read.amount(args.billed_before, what="--billed-before"),
        billed_before_currency=args.billed_before_currency,
        email=args.email,
        address=args.address,
        notes=args.note,
    )
    print(f"updated client {quoted(info.name)} (#{info.id})")


def client_list(db: Database, args: argparse.Namespace) -> None:
    """`client list`."""
    rows = clients.list_clients(db)
    if args.json:
        print_json({"clients": [client_json(row) for row in rows]})
        return
    print_table(
        ["id", "name", "e-mail", "billed before"],
        [[str(r.id), r.name, r.email, json_money(r.opening_balance)] for r in rows],
        right={0, 3},
    )


def client_json(info: ClientInfo) -> dict[str, Any]:
    """A client as JSON."""
    return {
        "id": info.id,
        "name": info.name,
        "email": info.email,
        "address": info.address,
        "notes": info.notes,
        "billed_before": json_money(info.opening_balance),
    }


def contract_add(db: Database, args: argparse.Namespace) -> None:
    """`contract add`."""
    rounding = read.whole_number(args.rounding, what="--rounding", low=0, high=60)
    info = contracts.add_contract(
        db,
        args.title,
        client=args.client,
        hourly_rate=read.amount(args.hourly, what="hourly rate"),
        fixed=args.fixed,
        platform=args.platform,
        fee_schedule=args.fee_schedule,
        weekly_limit_hours=read.hours(args.weekly_limit, what="--weekly-limit"),
        currency=args.currency,
        rounding_seconds=rounding * 60,
        fee_rate=None if args.fee_rate is None else parse_rate(args.fee_rate, what="--fee-rate"),
    )
    print(
        f"added contract {quoted(info.title)} (#{info.id}) for {quoted(info.client_name)}, fees {info.fee_schedule}"
    )


def contract_edit(db: Database, args: argparse.Namespace) -> None:
    """`contract edit`."""
    clear_limit = args.weekly_limit is not None and args.weekly_limit.strip().lower() == "none"
    rounding = None
    if args.rounding is not None:
        rounding = 60 * read.whole_number(args.rounding, what="--rounding", low=0, high=60)
    info = contracts.edit_contract(
        db,
        args.contract,
        title=args.title,
        hourly_rate=read.amount(args.hourly, what="hourly rate"),
        weekly_limit_hours=None
        if clear_limit
        else read.hours(args.weekly_limit, what="--weekly-limit"),
        clear_weekly_limit=clear_limit,
        currency=args.currency,
        rounding_seconds=rounding,
        status=args.status,
        notes=args.note,
        fee_rate=None if args.fee_rate is None else parse_rate(args.fee_rate, what="--fee-rate"),
        effective_from=read.instant(args.effective_from, what="--from"),
    )
    print(f"updated contract {quoted(info.title)} (#{info.id})")


def contract_end(db: Database, args: argparse.Namespace) -> None:
    """`contract end`."""
    ended_on = parse_date(args.on, what="--on") if args.on else system_clock().astimezone().date()
    info = contracts.end_contract(
        db,
        args.contract,
        ended_on=ended_on,
        stars_given=read.hours(args.stars_given, what="--stars-given"),
        text_given=args.feedback_given,
        stars_received=read.hours(args.stars_received, what="--stars-received"),
        text_received=args.feedback_received,
    )
    print(f"ended contract {quoted(info.title)} on {ended_on.isoformat()}")


def contract_list(db: Database, args: argparse.Namespace) -> None:
    """`contract list`."""
    rows = contracts.list_contracts(db)
    if args.json:
        earned = {row.contract.id: row for row in contract_overview(db)}
        print_json(
            {"contracts": [contract_json(row) | earnings_json(earned.get(row.id)) for row in rows]}
        )
        return
    print_table(
        ["id", "title", "client", "kind", "rate", "cur", "platform", "fees", "limit", "status"],
        [
            [
                str(r.id),
                r.title,
                r.client_name,
                r.kind,
                json_money(r.rate) if r.kind == "hourly" else "-",
                r.currency,
                r.platform,
                r.fee_schedule,
                "-" if r.weekly_limit_seconds is None else hours_text(r.weekly_limit_seconds),
                r.status,
            ]
            for r in rows
        ],
        right={0, 4, 8},
    )


def contract_json(info: ContractInfo) -> dict[str, Any]:
    """A contract as JSON."""
    return {
        "id": info.id,
        "title": info.title,
        "client": info.client_name,
        "kind": info.kind,
        "rate": json_money(info.rate) if info.kind == "hourly" else None,
        "currency": info.currency,
        "platform": info.platform,
        "fee_schedule": info.fee_schedule,
        "weekly_limit_hours": None
        if info.weekly_limit_seconds is None
        else hours_text(info.weekly_limit_seconds),
        "rounding_minutes": info.rounding_seconds // 60,
        "status": info.status,
        "started_on": None if info.started_on is None else info.started_on.isoformat(),
        "ended_on": None if info.ended_on is None else info.ended_on.isoformat(),
    }


def earnings_json(row: ContractOverview | None) -> dict[str, Any]:
    """A contract's net and effective hourly rate (net per hour tracked) as JSON."""
    hourly = None if row is None else row.effective_hourly
    return {
        "net": json_money(ZERO if row is None else row.net),
        "hours_tracked": hours_text(0 if row is None else row.tracked_seconds),
        "effective_hourly": None if hourly is None else json_money(hourly),
    }


def backup_command(db: Database, args: argparse.Namespace) -> None:
    """`backup`."""
    if args.out:
        path = backup.backup_to(db, Path(args.out))
    else:
        path = backup.backup_rolling(db, "manual")
    print(f"backed up to {path}")


def restore_command(db: Database, args: argparse.Namespace) -> None:
    """`restore`."""
    source = Path(args.file)
    backup.check_backup_file(source)
    if not args.yes:
        import sys

        if not sys.stdin.isatty():
            raise UserError("restore replaces your database: confirm with --yes")
        answer = ask(
            f"Replace {safe_url(db.url)} with {source}? The current one is kept aside. [y/N] "
        )
        if answer.strip().lower() not in ("y", "yes"):
            print("nothing changed")
            return
    kept = backup.restore_from(db, source)
    print(f"restored {source}; the previous database was kept as {kept}")
