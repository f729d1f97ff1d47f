"""The arguments of the `db` command.

Handlers are named as "module:function" strings, imported only when their command runs.
"""

from __future__ import annotations

import argparse
from typing import Any


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add the `db` command."""
    db = commands.add_parser("db", help="move the database to another one", parents=[common])
    actions = db.add_subparsers(title="db commands", metavar="ACTION", required=True)
    copy = actions.add_parser(
        "copy",
        help="copy every table into an empty database (SQLite file or PostgreSQL server)",
        description="Copy every table of the current database into an EMPTY target, check"
        " row counts and weekly totals, and say what to set TALLYHOUR_DB to."
        " The current database is not changed.",
        parents=[common],
    )
    copy.add_argument(
        "--to", required=True, metavar="URL", help="target: postgresql://user@host/db or a file"
    )
    copy.set_defaults(handler="app.cli.db_commands:db_copy")
