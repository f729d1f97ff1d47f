"""The arguments of the invoice and invoices commands.

Handlers are named as "module:function" strings, imported only when their command runs.
"""

from __future__ import annotations

import argparse
from typing import Any


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add the invoice commands."""
    bill = commands.add_parser("invoice", help="create an invoice and its PDF", parents=[common])
    bill.add_argument("contract", metavar="CONTRACT")
    source = bill.add_mutually_exclusive_group(required=True)
    source.add_argument("--week", metavar="YYYY-Www")
    source.add_argument("--from", dest="start", metavar="DATE", help="first day (with --to)")
    source.add_argument("--milestone", type=int, action="append", metavar="ID")
    bill.add_argument("--to", dest="end", metavar="DATE", help="last day, included")
    bill.add_argument("--out", metavar="FILE.pdf")
    bill.add_argument("--send", action="store_true", help="e-mail it to the client")
    bill.add_argument("--group-by", choices=["day", "memo"], default="day")
    bill.add_argument("--tax-rate", metavar="PCT", help="tax in percent, e.g. 19")
    bill.add_argument("--notes", default="")
    issue = bill.add_mutually_exclusive_group()
    issue.add_argument("--issue", action="store_true", help="issue it now (the default)")
    issue.add_argument("--draft", action="store_true", help="keep it a draft, without a number")
    bill.set_defaults(handler="app.cli.invoice_commands:invoice_command")

    books = commands.add_parser(
        "invoices", help="list, pay, void or print invoices", parents=[common]
    )
    actions = books.add_subparsers(title="invoices commands", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="list invoices", parents=[common])
    listing.add_argument("--contract", metavar="CONTRACT")
    listing.add_argument("--status", choices=["draft", "issued", "paid", "void"])
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler="app.cli.invoice_commands:invoices_list", reading=True)
    for name, help_text in (
        ("show", "one invoice as JSON"),
        ("issue", "issue a draft: it gets the next number"),
        ("pay", "record that an invoice was paid"),
        ("unpay", "take back a payment recorded by mistake (issued again)"),
        ("void", "cancel an issued invoice (it keeps its number)"),
        ("delete", "delete a draft"),
        ("pdf", "write an invoice's PDF again"),
        ("send", "e-mail an issued invoice to the client"),
    ):
        action = actions.add_parser(name, help=help_text, parents=[common])
        action.add_argument("invoice", metavar="NUMBER|ID")
        if name == "pay":
            action.add_argument("--on", metavar="DATE", help="payment date (default today)")
        if name == "issue":
            action.add_argument("--date", metavar="DATE", help="issue date (default today)")
        if name == "pdf":
            action.add_argument("--out", required=True, metavar="FILE.pdf")
        action.set_defaults(handler="app.cli.invoice_commands:invoices_action", action=name)
