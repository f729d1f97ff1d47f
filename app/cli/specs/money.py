"""The arguments of the fee, week, milestone and withdrawal commands.

Handlers are named as "module:function" strings, imported only when their command runs.
"""

from __future__ import annotations

import argparse
from typing import Any

from app.cli.specs.types import record_id, reference
from app.core.fees import PRESETS


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add the money commands."""
    fee = commands.add_parser("fee", help="what a payment leaves you after fees", parents=[common])
    fee.add_argument(
        "--schedule",
        default="upwork-2023",
        metavar="NAME",
        type=reference,
        help=f"fee schedule: {', '.join(PRESETS)} or your own",
    )
    fee.add_argument(
        "--prior", default="0", metavar="AMOUNT", help="lifetime billings with the client so far"
    )
    fee.add_argument("--amount", required=True, metavar="AMOUNT")
    fee.add_argument("--kind", default="hourly", choices=["hourly", "fixed", "bonus"])
    fee.add_argument("--json", action="store_true")
    fee.set_defaults(handler="app.cli.money_commands:fee_command")
    week = commands.add_parser("week", help="hours and money of one billing week", parents=[common])
    week.add_argument("--week", metavar="YYYY-Www")
    week.add_argument("--json", action="store_true")
    week.set_defaults(handler="app.cli.money_commands:week_command", reading=True)

    milestone = commands.add_parser("milestone", help="fixed-price milestones", parents=[common])
    milestone_cmds = milestone.add_subparsers(
        title="milestone commands", metavar="ACTION", required=True
    )
    add = milestone_cmds.add_parser("add", help="add a funded milestone", parents=[common])
    add.add_argument("contract", metavar="CONTRACT", type=reference)
    add.add_argument("title")
    add.add_argument("--amount", required=True, metavar="AMOUNT")
    add.add_argument("--kind", default="milestone", choices=["milestone", "bonus", "refund"])
    add.set_defaults(handler="app.cli.money_commands:milestone_add")
    release = milestone_cmds.add_parser(
        "release", help="the client paid a milestone", parents=[common]
    )
    release.add_argument("id", type=record_id)
    release.add_argument("--at", metavar="TIME")
    release.set_defaults(handler="app.cli.money_commands:milestone_release")
    cancel = milestone_cmds.add_parser(
        "cancel", help="cancel a milestone the client never paid", parents=[common]
    )
    cancel.add_argument("id", type=record_id)
    cancel.set_defaults(handler="app.cli.money_commands:milestone_cancel")
    listing = milestone_cmds.add_parser("list", help="list milestones", parents=[common])
    listing.add_argument("--contract", metavar="CONTRACT", type=reference)
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler="app.cli.money_commands:milestone_list")

    out = commands.add_parser("withdraw", help="record a withdrawal to your bank", parents=[common])
    out.add_argument("amount", metavar="AMOUNT")
    out.add_argument("--method", required=True, help="ach, local-bank, wire, paypal or your own")
    out.add_argument("--currency", default="USD")
    out.add_argument("--at", metavar="TIME")
    out.set_defaults(handler="app.cli.money_commands:withdraw_command")
    book = commands.add_parser("withdrawals", help="list or delete withdrawals", parents=[common])
    book_cmds = book.add_subparsers(title="withdrawals commands", metavar="ACTION", required=True)
    listing = book_cmds.add_parser("list", help="list withdrawals", parents=[common])
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler="app.cli.money_commands:withdrawals_list")
    delete = book_cmds.add_parser("delete", help="delete one recorded by mistake", parents=[common])
    delete.add_argument("id", type=record_id)
    delete.set_defaults(handler="app.cli.money_commands:withdrawal_delete")
    held = book_cmds.add_parser(
        "balance", help="what you can withdraw now, per currency", parents=[common]
    )
    held.add_argument("--json", action="store_true")
    held.set_defaults(handler="app.cli.money_commands:withdrawals_balance", reading=True)
