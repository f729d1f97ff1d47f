"""`tallyhour db copy`: moving every table into another, empty database."""

from __future__ import annotations

import argparse
from typing import Any

from app.models.database import Database, server_url
from app.services.transfer import copy_to_url


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
    copy.set_defaults(handler=db_copy)


def db_copy(db: Database, args: argparse.Namespace) -> None:
    """`db copy`."""
    moved = copy_to_url(db, args.to)
    report = moved.copy
    print(
        f"copied {report.total_rows} rows in {len(report.rows)} tables to {moved.target};"
        f" row counts and weekly totals match ({report.weeks_checked} contract-weeks checked)"
    )
    print(f"to use it, set TALLYHOUR_DB={moved.target}")
    if not moved.target.startswith("sqlite") and server_url(args.to).password is not None:
        print(
            "keep the password out of TALLYHOUR_DB: store it with"
            f" `tallyhour config db-password --db {moved.target} --password-stdin`"
            " or in ~/.pgpass"
        )
