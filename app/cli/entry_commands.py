"""Commands that track time: start, stop, status, log, entries, entry edit/delete/split."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from typing import Any

from app.cli import args as read
from app.cli.fast_status import show_status
from app.cli.output import duration_text, one_line, print_json, print_table
from app.core.clock import system_clock
from app.core.errors import UserError
from app.core.instants import hours_text, iso
from app.core.text import quoted
from app.core.weeks import BillingWeek
from app.models.database import Database
from app.services import entries, timer
from app.services.plain_reads import timer_status
from app.services.records import EntryInfo, TimerChange
from app.services.search import search_entries


def start_command(db: Database, args: argparse.Namespace) -> None:
    """`start`."""
    change = timer.start_timer(
        db, args.contract, memo=args.memo, at=read.instant(args.at, what="--at")
    )
    _say_change(change)
    if change.long_ago:
        # Scripts may replay past work with start --at and stop --at, so this is no refusal;
        # but a timer that silently covers months is worse than a word on stderr.
        sys.stderr.write(
            "note: this timer started more than a day ago and counts until you stop it;"
            " stop it with `tallyhour stop --at TIME`, or record finished work with"
            " `tallyhour log`\n"
        )


def stop_command(db: Database, args: argparse.Namespace) -> None:
    """`stop`."""
    _say_change(timer.stop_timer(db, at=read.instant(args.at, what="--at")))


def status_command(db: Database, args: argparse.Namespace) -> None:
    """`status` (usually answered by `fast_status.quick_status` before the parser is built)."""
    show_status(timer_status(db), as_json=args.json)


def log_command(db: Database, args: argparse.Namespace) -> None:
    """`log`."""
    start = read.instant(args.start, what="--from")
    assert start is not None
    length = read.duration(args.duration, what="--duration")
    end = start + length if length is not None else read.instant(args.end, what="--to")
    assert end is not None
    info = entries.log_entry(db, args.contract, start, end, memo=args.memo)
    print(
        f"logged {duration_text(info.seconds)} on {quoted(info.contract_title)} (entry #{info.id}, manual)"
    )


def entries_command(db: Database, args: argparse.Namespace) -> None:
    """`entries`."""
    now = system_clock()
    if args.search is not None and args.week is None:
        _search_command(db, args, now)
        return
    week = read.week(args.week, now=now)
    rows = entries.week_entries(db, week, contract=args.contract, now=now)
    if args.search is not None:
        wanted = " ".join(args.search.split()).casefold()
        rows = [r for r in rows if wanted in r.memo.casefold()]
    if args.json:
        print_json(
            {
                "week": week.label,
                "starts_at": iso(week.starts_at),
                "ends_at": iso(week.ends_at),
                "entries": [entry_json(row) for row in rows],
            }
        )
        return
    print(f"billing week {week.label} (UTC {week.starts_at:%Y-%m-%d} to {week.ends_at:%Y-%m-%d})")
    print_table(
        ["id", "start", "end", "hours", "contract", "flags", "memo"],
        [
            [
                str(r.id),
                r.start.astimezone().strftime("%a %m-%d %H:%M"),
                "running" if r.end is None else r.end.astimezone().strftime("%H:%M"),
                hours_text(r.seconds),
                one_line(r.contract_title, 24),
                _flags(r),
                one_line(r.memo, 50),
            ]
            for r in rows
        ],
        right={0, 3},
    )


def _search_command(db: Database, args: argparse.Namespace, now: datetime) -> None:
    """`entries --search TEXT` without --week: matches from every week, newest first."""
    rows = search_entries(db, args.search, contract=args.contract, now=now)
    if args.json:
        print_json({"search": args.search, "entries": [entry_json(row) for row in rows]})
        return
    if not rows:
        print(f"no entry's memo contains {quoted(one_line(args.search, 60))}")
        return
    print_table(
        ["id", "week", "start", "hours", "contract", "memo"],
        [
            [
                str(r.id),
                BillingWeek.of(r.start).label,
                r.start.astimezone().strftime("%Y-%m-%d %H:%M"),
                hours_text(r.seconds),
                one_line(r.contract_title, 24),
                one_line(r.memo, 50),
            ]
            for r in rows
        ],
    )


def entry_json(info: EntryInfo) -> dict[str, Any]:
    """An entry as JSON."""
    return {
        "id": info.id,
        "contract": info.contract_title,
        "client": info.client_name,
        "start": iso(info.start),
        "end": iso(info.end),
        "seconds": info.seconds,
        "hours": hours_text(info.seconds),
        "memo": info.memo,
        "source": info.source,
        "manual": info.manual,
        "imported": info.imported,
        "running": info.running,
        "locked": info.locked,
    }


def entry_edit(db: Database, args: argparse.Namespace) -> None:
    """`entry edit`."""
    if args.start is None and args.end is None and args.memo is None and args.contract is None:
        raise UserError("nothing to change: give --from, --to, --memo or --contract")
    info = entries.edit_entry(
        db,
        args.id,
        start=read.instant(args.start, what="--from"),
        end=read.instant(args.end, what="--to"),
        memo=args.memo,
        contract=args.contract,
    )
    print(
        f"updated entry #{info.id}: {duration_text(info.seconds)} on {quoted(info.contract_title)}"
    )


def entry_delete(db: Database, args: argparse.Namespace) -> None:
    """`entry delete`."""
    info = entries.delete_entry(db, args.id)
    print(
        f"deleted entry #{info.id} ({duration_text(info.seconds)} on {quoted(info.contract_title)})"
    )


def entry_split(db: Database, args: argparse.Namespace) -> None:
    """`entry split`."""
    at = read.instant(args.at, what="--at")
    assert at is not None
    first, second = entries.split_entry(db, args.id, at)
    print(f"split into entries #{first.id} and #{second.id}")


def _flags(info: EntryInfo) -> str:
    """Short markers: manual, no memo, locked."""
    flags = []
    if info.manual:
        flags.append("imported" if info.imported else "manual")
    if not info.memo:
        flags.append("no-memo")
    if info.locked:
        flags.append("locked")
    return ",".join(flags)


def _say_change(change: TimerChange) -> None:
    """Tell what a start or stop did."""
    if change.stopped is not None:
        if change.discarded:
            print(f"stopped {quoted(change.stopped.contract_title)} (under a second: dropped)")
        else:
            print(
                f"stopped {quoted(change.stopped.contract_title)} after {duration_text(change.stopped.seconds)}"
            )
    if change.started is not None:
        print(
            f"started {quoted(change.started.contract_title)} at {change.started.start.astimezone():%H:%M:%S}"
        )
