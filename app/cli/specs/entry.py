"""The arguments of the time-tracking commands (start, stop, status, log, entries, entry).

Handlers are named as "module:function" strings, imported only when their command runs.
"""

from __future__ import annotations

import argparse
from typing import Any

from app.cli.specs.types import record_id, reference


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add the time-tracking commands."""
    start = commands.add_parser("start", help="start the timer on a contract", parents=[common])
    start.add_argument("contract", metavar="CONTRACT", type=reference)
    start.add_argument("--memo", default="")
    start.add_argument("--at", metavar="TIME", help="start time (ISO 8601; local without offset)")
    start.set_defaults(handler="app.cli.entry_commands:start_command")
    stop = commands.add_parser("stop", help="stop the running timer", parents=[common])
    stop.add_argument("--at", metavar="TIME")
    stop.set_defaults(handler="app.cli.entry_commands:stop_command")
    status = commands.add_parser("status", help="is a timer running?", parents=[common])
    status.add_argument("--json", action="store_true")
    status.set_defaults(handler="app.cli.entry_commands:status_command", reading=True)
    log = commands.add_parser("log", help="add manual time", parents=[common])
    log.add_argument("contract", metavar="CONTRACT", type=reference)
    log.add_argument("--from", dest="start", required=True, metavar="TIME")
    log_end = log.add_mutually_exclusive_group(required=True)
    log_end.add_argument("--to", dest="end", metavar="TIME")
    log_end.add_argument(
        "--duration", metavar="DURATION", help="instead of --to: 1h30, 90m, 1:30 or 1.5 (hours)"
    )
    log.add_argument("--memo", default="")
    log.set_defaults(handler="app.cli.entry_commands:log_command")
    listing = commands.add_parser(
        "entries", help="list the entries of a billing week", parents=[common]
    )
    listing.add_argument("--week", metavar="YYYY-Www")
    listing.add_argument(
        "--search", metavar="TEXT", help="entries whose memo contains TEXT, across all weeks"
    )
    listing.add_argument("--contract", metavar="CONTRACT", type=reference)
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler="app.cli.entry_commands:entries_command", reading=True)

    entry = commands.add_parser("entry", help="edit, delete or split one entry", parents=[common])
    entry_cmds = entry.add_subparsers(title="entry commands", metavar="ACTION", required=True)
    edit = entry_cmds.add_parser("edit", help="change an entry", parents=[common])
    edit.add_argument("id", type=record_id)
    edit.add_argument("--from", dest="start", metavar="TIME")
    edit.add_argument("--to", dest="end", metavar="TIME")
    edit.add_argument("--memo")
    edit.add_argument("--contract", metavar="CONTRACT", type=reference)
    edit.set_defaults(handler="app.cli.entry_commands:entry_edit")
    delete = entry_cmds.add_parser("delete", help="delete an entry", parents=[common])
    delete.add_argument("id", type=record_id)
    delete.set_defaults(handler="app.cli.entry_commands:entry_delete")
    split = entry_cmds.add_parser("split", help="cut an entry in two", parents=[common])
    split.add_argument("id", type=record_id)
    split.add_argument("--at", required=True, metavar="TIME")
    split.set_defaults(handler="app.cli.entry_commands:entry_split")
