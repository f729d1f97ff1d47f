"""The arguments of the `cost` command.

Handlers are named as "module:function" strings, imported only when their command runs.
"""

from __future__ import annotations

import argparse
from typing import Any

from app.cli.specs.types import record_id
from app.core.cost_kinds import CONNECT_PRICE, COST_KINDS


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add the `cost` command."""
    cost = commands.add_parser("cost", help="costs that reduce take-home", parents=[common])
    actions = cost.add_subparsers(title="cost commands", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="record a cost", parents=[common])
    add.add_argument("--kind", required=True, choices=list(COST_KINDS))
    given = add.add_mutually_exclusive_group(required=True)
    given.add_argument("--amount", metavar="AMOUNT")
    given.add_argument("--count", metavar="N", help=f"Connects bought, at {CONNECT_PRICE} USD each")
    add.add_argument("--currency", metavar="CODE", help="default USD")
    add.add_argument("--at", metavar="DATE", help="a date (00:00 UTC) or a time; default now")
    add.add_argument("--note", default="", metavar="TEXT")
    add.set_defaults(handler="app.cli.cost_commands:cost_add")
    listing = actions.add_parser(
        "list", help="typed and statement costs, and which count", parents=[common]
    )
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler="app.cli.cost_commands:cost_list", reading=True)
    delete = actions.add_parser("delete", help="delete a typed cost", parents=[common])
    delete.add_argument("id", type=record_id)
    delete.set_defaults(handler="app.cli.cost_commands:cost_delete")
