"""`tallyhour import FORMAT FILE`: bring in another tracker's or Upwork's export."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from app.cli import args as read
from app.cli.output import print_json
from app.core.errors import UserError
from app.core.text import counted, quoted
from app.importers.records import ReadOptions
from app.importers.times import check_date_format
from app.models.database import Database
from app.services.import_targets import Mapping
from app.services.imports import ImportResult, import_file


def import_command(db: Database, args: argparse.Namespace) -> None:
    """`import`: read the file, write it in one transaction, report what happened."""
    if args.date_format is not None:
        check_date_format(args.date_format)
    options = ReadOptions(zone=_zone(args.timezone), date_format=args.date_format)
    mapping = Mapping.from_pairs(
        args.map, client=args.client, rate=read.amount(args.rate, what="--rate")
    )
    result = import_file(
        db, args.format, Path(args.file), options=options, mapping=mapping, dry_run=args.dry_run
    )
    if args.json:
        print_json(result_json(result))
        return
    _print_result(result)


def result_json(result: ImportResult) -> dict[str, Any]:
    """The contract's JSON document of an import (plus the names of what was created)."""
    return {
        "format": result.format,
        "dry_run": result.dry_run,
        "entries_added": result.entries_added,
        "entries_skipped": result.entries_skipped,
        "statement_lines_added": result.statement_lines_added,
        "clients_added": len(result.clients_added),
        "contracts_added": len(result.contracts_added),
        "new_clients": result.clients_added,
        "new_contracts": result.contracts_added,
        "problems": [{"line": p.line, "reason": p.reason} for p in result.problems],
    }


def _print_result(result: ImportResult) -> None:
    """The result for people: counts, what was created, then the problems by line."""
    verb = "would add" if result.dry_run else "added"
    print(
        f"{result.format}: {verb} {counted(result.entries_added, 'entry')} and"
        f" {counted(result.statement_lines_added, 'statement line')};"
        f" skipped {counted(result.entries_skipped, 'entry')}"
    )
    for name in result.clients_added:
        print(f"new client: {name}")
    for title in result.contracts_added:
        print(f"new contract: {title}")
    for problem in result.problems:
        print(f"line {problem.line}: {problem.reason}")
    if result.dry_run:
        print("dry run: nothing was written")


def _zone(name: str | None) -> ZoneInfo | None:
    """The named IANA time zone, or None for this computer's zone."""
    if name is None:
        return None
    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise UserError(
            f"unknown time zone {quoted(name.strip(), 40)}; use a name like Europe/Berlin"
        ) from None
