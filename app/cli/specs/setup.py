"""The arguments of the client, contract, backup and restore commands.

Handlers are named as "module:function" strings, imported only when their command runs.
"""

from __future__ import annotations

import argparse
from typing import Any

from app.cli.specs.types import reference


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add the client, contract, backup and restore commands."""
    client = commands.add_parser("client", help="add, edit or list clients", parents=[common])
    client_cmds = client.add_subparsers(title="client commands", metavar="ACTION", required=True)
    add = client_cmds.add_parser("add", help="add a client", parents=[common])
    add.add_argument("name")
    add.add_argument("--billed-before", metavar="AMOUNT", help="lifetime billings before Tallyhour")
    add.add_argument(
        "--billed-before-currency", metavar="CUR", default="USD", help="its currency (USD)"
    )
    add.add_argument("--email", default="")
    add.add_argument("--address", default="")
    add.add_argument("--note", default="")
    add.set_defaults(handler="app.cli.setup_commands:client_add")
    edit = client_cmds.add_parser("edit", help="change a client", parents=[common])
    edit.add_argument("client", metavar="NAME", type=reference)
    edit.add_argument("--name")
    edit.add_argument("--billed-before", metavar="AMOUNT")
    edit.add_argument("--billed-before-currency", metavar="CUR")
    edit.add_argument("--email")
    edit.add_argument("--address")
    edit.add_argument("--note")
    edit.set_defaults(handler="app.cli.setup_commands:client_edit")
    listing = client_cmds.add_parser("list", help="list clients", parents=[common])
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler="app.cli.setup_commands:client_list", reading=True)

    contract = commands.add_parser("contract", help="add, edit or list contracts", parents=[common])
    contract_cmds = contract.add_subparsers(
        title="contract commands", metavar="ACTION", required=True
    )
    add = contract_cmds.add_parser("add", help="add a contract", parents=[common])
    add.add_argument("title")
    add.add_argument("--client", required=True, metavar="NAME", type=reference)
    kind = add.add_mutually_exclusive_group(required=True)
    kind.add_argument("--hourly", metavar="RATE", help="hourly rate")
    kind.add_argument("--fixed", action="store_true", help="a fixed-price contract")
    add.add_argument(
        "--platform", default="direct", help="upwork, fiverr, freelancer, pph or direct"
    )
    add.add_argument("--fee-schedule", metavar="NAME", type=reference)
    add.add_argument(
        "--fee-rate", metavar="PERCENT", help="the contract's own fee, e.g. 12.5 (Upwork offers)"
    )
    add.add_argument("--weekly-limit", metavar="HOURS")
    add.add_argument("--currency", default="USD")
    add.add_argument(
        "--rounding", metavar="MINUTES", default="0", help="round entries up to 1, 6, 10 or 15 min"
    )
    add.set_defaults(handler="app.cli.setup_commands:contract_add")
    edit = contract_cmds.add_parser("edit", help="change a contract", parents=[common])
    edit.add_argument("contract", metavar="CONTRACT", type=reference)
    edit.add_argument("--title")
    edit.add_argument("--hourly", metavar="RATE")
    edit.add_argument("--weekly-limit", metavar="HOURS", help="hours, or 'none'")
    edit.add_argument("--currency")
    edit.add_argument("--rounding", metavar="MINUTES")
    edit.add_argument("--status", choices=["active", "paused", "ended"])
    edit.add_argument("--note")
    edit.add_argument(
        "--fee-rate",
        metavar="PERCENT",
        help="the contract's own fee, e.g. 12.5, from --from (default now)",
    )
    edit.add_argument(
        "--from",
        dest="effective_from",
        metavar="TIME",
        help="when new terms apply (default: now; next Monday for --weekly-limit)",
    )
    edit.set_defaults(handler="app.cli.setup_commands:contract_edit")
    end = contract_cmds.add_parser(
        "end", help="end a contract and record feedback", parents=[common]
    )
    end.add_argument("contract", metavar="CONTRACT", type=reference)
    end.add_argument("--on", metavar="DATE", help="end date (default today)")
    end.add_argument("--stars-given", metavar="STARS")
    end.add_argument("--feedback-given", default="")
    end.add_argument("--stars-received", metavar="STARS")
    end.add_argument("--feedback-received", default="")
    end.set_defaults(handler="app.cli.setup_commands:contract_end")
    listing = contract_cmds.add_parser("list", help="list contracts", parents=[common])
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler="app.cli.setup_commands:contract_list", reading=True)

    save = commands.add_parser("backup", help="copy the database to a file", parents=[common])
    save.add_argument("--out", metavar="FILE")
    save.set_defaults(handler="app.cli.setup_commands:backup_command")
    restore = commands.add_parser(
        "restore", help="replace the database with a backup", parents=[common]
    )
    restore.add_argument("file", metavar="FILE")
    restore.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    restore.set_defaults(handler="app.cli.setup_commands:restore_command")
