"""The arguments of the `earnings` command.

Handlers are named as "module:function" strings, imported only when their command runs.
"""

from __future__ import annotations

import argparse
from typing import Any

from app.core.fees import PLATFORMS


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add the `earnings` command."""
    earn = commands.add_parser(
        "earnings", help="gross, fee, net and take-home per week", parents=[common]
    )
    earn.add_argument("--weeks", default="12", metavar="N")
    earn.add_argument("--client", metavar="NAME")
    earn.add_argument("--contract", metavar="CONTRACT")
    earn.add_argument("--platform", choices=list(PLATFORMS))
    earn.add_argument("--currency", metavar="CODE")
    earn.add_argument("--json", action="store_true")
    earn.set_defaults(handler="app.cli.earnings_commands:earnings_command", reading=True)
