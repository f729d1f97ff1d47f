"""The arguments of the timesheet, sheet and export commands.

Handlers are named as "module:function" strings, imported only when their command runs.
"""

from __future__ import annotations

import argparse
from typing import Any


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add the document commands."""
    sheet = commands.add_parser("timesheet", help="write a week's timesheet PDF", parents=[common])
    sheet.add_argument("contract", metavar="CONTRACT")
    sheet.add_argument("--week", required=True, metavar="YYYY-Www")
    sheet.add_argument("--out", metavar="FILE.pdf")
    sheet.add_argument("--send", action="store_true", help="e-mail it to the client")
    sheet.set_defaults(handler="app.cli.report_commands:timesheet_command")

    status = commands.add_parser("sheet", help="timesheet status and locking", parents=[common])
    actions = status.add_subparsers(title="sheet commands", metavar="ACTION", required=True)
    for name, help_text in (
        ("status", "show a week's timesheet status"),
        ("sent", "record that the timesheet went to the client"),
        ("approve", "the client approved: lock the week"),
        ("dispute", "the client disputed the week (--note says why)"),
        ("unlock", "unlock an approved week so entries can change"),
    ):
        action = actions.add_parser(name, help=help_text, parents=[common])
        action.add_argument("contract", metavar="CONTRACT")
        action.add_argument("--week", required=True, metavar="YYYY-Www")
        action.add_argument("--note", default="", required=name == "dispute")
        action.add_argument("--json", action="store_true")
        action.set_defaults(handler="app.cli.report_commands:sheet_command", action=name)
    listing = actions.add_parser("list", help="timesheets sent or decided", parents=[common])
    listing.add_argument("--contract", metavar="CONTRACT")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler="app.cli.report_commands:sheet_list")

    export = commands.add_parser(
        "export", help="export entries, invoices or payments as CSV", parents=[common]
    )
    export.add_argument("what", choices=["entries", "invoices", "payments"])
    export.add_argument("--out", required=True, metavar="FILE.csv")
    export.add_argument("--from", dest="start", metavar="DATE")
    export.add_argument("--to", dest="end", metavar="DATE", help="last day, included")
    export.add_argument("--contract", metavar="CONTRACT")
    export.set_defaults(handler="app.cli.report_commands:export_command")
