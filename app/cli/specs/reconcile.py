"""The arguments of the `reconcile` command.

Handlers are named as "module:function" strings, imported only when their command runs.
"""

from __future__ import annotations

import argparse
from typing import Any

from app.cli.specs.types import reference


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add the `reconcile` command."""
    command = commands.add_parser(
        "reconcile",
        help="compare an imported Upwork statement with your tracked time, week by week",
        parents=[common],
    )
    command.add_argument("--contract", type=reference, metavar="CONTRACT")
    command.add_argument("--from", dest="first", metavar="DATE", help="first local day")
    command.add_argument("--to", dest="last", metavar="DATE", help="last local day, included")
    command.add_argument("--json", action="store_true")
    command.add_argument(
        "--adopt-fee-rate",
        action="store_true",
        help="charge --contract the fee rate its statement shows, from the week it began",
    )
    command.set_defaults(handler="app.cli.reconcile_commands:reconcile_command")
