"""`tallyhour status` without loading SQLAlchemy: status bars and prompts call it every few seconds.

`quick_status` answers `status [--json] [--db URL]` by reading the running entry with the
standard library's sqlite3, read-only (see `app.cli.quick`); when it is not sure it may,
it answers None and the full command line runs instead. `show_status` prints the answer;
both paths use it, so their output cannot differ.
"""

from __future__ import annotations

import sqlite3

from app.cli import quick
from app.cli.output import duration_text, one_line, print_json
from app.core.clock import system_clock
from app.core.instants import iso
from app.models.queries import RUNNING_ENTRY_SQL
from app.services.records import TimerStatus, running_status


def quick_status(arguments: list[str]) -> int | None:
    """The exit code after answering `status` quickly, or None when the full path must answer."""
    request = status_request(arguments)
    if request is None:
        return None
    db_url, as_json = request
    status = read_status(db_url)
    if status is None:
        return None
    return quick.answer(lambda: show_status(status, as_json=as_json))


def status_request(arguments: list[str]) -> tuple[str | None, bool] | None:
    """(the --db value, --json) when the arguments are exactly `status [--json] [--db URL]`."""
    found = quick.request(arguments, "status", flags=["json"])
    return None if found is None else (found["db"], found["json"])


def read_status(db_url: str | None) -> TimerStatus | None:
    """What runs now in a current-schema SQLite file, or None when the full path must read it."""
    with quick.current_sqlite(db_url) as connection:
        if connection is None:
            return None
        try:
            row = connection.execute(RUNNING_ENTRY_SQL).fetchone()
        except sqlite3.Error:
            return None
    return running_status(row, system_clock())


def show_status(status: TimerStatus, *, as_json: bool) -> None:
    """Print what `status` says: one JSON document, or one line for people."""
    if as_json:
        print_json(
            {
                "running": status.running,
                "contract": status.contract,
                "started_at": iso(status.started_at),
                "elapsed_seconds": status.elapsed_seconds,
                "memo": status.memo if status.running else None,
                "entry_id": status.entry_id,
            }
        )
    elif status.running and status.started_at is not None:
        since = status.started_at.astimezone().strftime("%Y-%m-%d %H:%M")
        memo = f" — {one_line(status.memo)}" if status.memo else " — no memo (not protected)"
        print(
            f"running: {status.contract} since {since}, {duration_text(status.elapsed_seconds)}{memo}"
        )
    else:
        print("no timer running")
