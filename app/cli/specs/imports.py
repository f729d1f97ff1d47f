"""The arguments of the `import` command (and of `reconcile`, listed just before it).

Handlers are named as "module:function" strings, imported only when their command runs.
"""

from __future__ import annotations

import argparse
from typing import Any

from app.cli.specs import reconcile
from app.core.import_formats import DATE_FORMATS, FORMATS


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add the `import` and `reconcile` commands."""
    reconcile.register(commands, common)
    command = commands.add_parser(
        "import",
        help="import another tracker's or Upwork's export (one transaction per file)",
        description="Import a file exported by another tracker or by Upwork. The file "
        "imports whole or not at all; records imported before are skipped, overlapping "
        "time is reported by line and left out.",
        parents=[common],
    )
    command.add_argument("format", choices=FORMATS, metavar="FORMAT", help=", ".join(FORMATS))
    command.add_argument("file", metavar="FILE", help="the exported file")
    command.add_argument("--dry-run", action="store_true", help="show what would happen only")
    command.add_argument("--json", action="store_true")
    command.add_argument(
        "--timezone", metavar="ZONE", help="zone of the file's times (default: this computer's)"
    )
    command.add_argument(
        "--date-format", metavar="FORMAT", help=f"dates in the file: {', '.join(DATE_FORMATS)}"
    )
    command.add_argument("--client", metavar="NAME", help="client of the contracts created")
    command.add_argument("--rate", metavar="RATE", help="hourly rate of contracts created")
    command.add_argument(
        "--map",
        action="append",
        default=[],
        metavar='"Project=Contract"',
        help="put a project's time on a contract (repeatable)",
    )
    command.set_defaults(handler="app.cli.import_commands:import_command")
