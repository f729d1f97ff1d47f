"""`tallyhour status` without loading SQLAlchemy: status bars and prompts call it every few seconds.

`quick_status` answers `status [--json] [--db URL]` by reading the running entry with the
standard library's sqlite3, read-only. Whenever it is not sure it may (another
database, a missing file, an older or newer schema, anything unexpected) it answers None
and the full command line runs instead, which migrates, creates or reports as always.
`show_status` prints the answer; both paths use it, so their output cannot differ.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from datetime import UTC, datetime
from pathlib import Path

from app.cli.output import duration_text, one_line, print_json
from app.core.clock import system_clock
from app.core.instants import iso
from app.models.locations import resolve_url, sqlite_path
from app.models.revision import HEAD_REVISION
from app.services.records import TimerStatus

#: The running entry (at most one: a unique index on `end_at IS NULL`) and its contract's
#: title; the same row as `app.services.timer.running_entry` (a test compares the two).
RUNNING_ENTRY_SQL = (
    "SELECT e.id, e.contract_id, c.title, e.memo, e.start_at, e.heartbeat_at"
    " FROM time_entries e JOIN contracts c ON c.id = e.contract_id"
    " WHERE e.end_at IS NULL LIMIT 1"
)


def quick_status(arguments: list[str]) -> int | None:
    """The exit code after answering `status` quickly, or None when the full path must answer."""
    request = status_request(arguments)
    if request is None:
        return None
    db_url, as_json = request
    status = read_status(db_url)
    if status is None:
        return None
    try:
        show_status(status, as_json=as_json)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): not an error worth a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def status_request(arguments: list[str]) -> tuple[str | None, bool] | None:
    """(the --db value, --json) when the arguments are exactly `status [--json] [--db URL]`."""
    if "status" not in arguments:
        return None
    before, after = (
        arguments[: arguments.index("status")],
        arguments[arguments.index("status") + 1 :],
    )
    db_url: str | None = None
    as_json = False
    for words, may_ask_json in ((before, False), (after, True)):
        rest = list(words)
        while rest:
            word = rest.pop(0)
            if word == "--json" and may_ask_json and not as_json:
                as_json = True
            elif word == "--db" and db_url is None and rest and not rest[0].startswith("-"):
                db_url = rest.pop(0)
            elif word.startswith("--db=") and db_url is None and len(word) > len("--db="):
                db_url = word.removeprefix("--db=")
            else:
                return None
    return db_url, as_json


def read_status(db_url: str | None) -> TimerStatus | None:
    """What runs now in a current-schema SQLite file, or None when the full path must read it."""
    url = resolve_url(db_url)
    path = sqlite_path(url)
    if path is None or "?" in url or not path.is_file():
        return None
    try:
        connection = sqlite3.connect(f"{Path(path).absolute().as_uri()}?mode=ro", uri=True)
    except (sqlite3.Error, ValueError):
        return None
    try:
        with connection:
            revision = connection.execute("SELECT version_num FROM alembic_version").fetchall()
            if revision != [(HEAD_REVISION,)]:
                return None
            row = connection.execute(RUNNING_ENTRY_SQL).fetchone()
    except sqlite3.Error:
        return None
    finally:
        connection.close()
    if row is None:
        return TimerStatus(running=False)
    entry_id, contract_id, title, memo, start, heartbeat = row
    started_at = datetime.fromtimestamp(int(start), UTC)
    return TimerStatus(
        running=True,
        entry_id=entry_id,
        contract_id=contract_id,
        contract=title,
        memo=memo,
        started_at=started_at,
        elapsed_seconds=max(int((system_clock() - started_at).total_seconds()), 0),
        heartbeat_at=None if heartbeat is None else datetime.fromtimestamp(int(heartbeat), UTC),
    )


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
