"""`tallyhour db copy`: moving every table into another, empty database."""

from __future__ import annotations

import argparse

from app.models.database import Database, server_url
from app.services.transfer import copy_to_url


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
