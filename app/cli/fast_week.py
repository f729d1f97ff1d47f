"""`tallyhour week` without loading SQLAlchemy: scripts ask for a week's hours and money often.

`quick_week` answers `week [--week YYYY-Www] [--json] [--db URL]` on a current SQLite file
by running the same plain SQL and the same ledger code as the full path
(`app.services.earnings.read_week_report`) through the standard library's sqlite3, and
prints with the same `show_week`. Anything else (another database, bad input, an older
schema) answers None and the full command line runs, with its own messages.
"""

from __future__ import annotations

import sqlite3

from app.cli import quick
from app.cli.week_output import show_week
from app.core.clock import system_clock
from app.core.errors import UserError
from app.services.earnings import WeekReport, read_week_report


def quick_week(arguments: list[str]) -> int | None:
    """The exit code after answering `week` quickly, or None when the full path must answer."""
    found = quick.request(arguments, "week", flags=["json"], values=["week"])
    if found is None:
        return None
    report = read_week(found["db"], found["week"])
    if report is None:
        return None
    return quick.answer(lambda: show_week(report, as_json=found["json"]))


def read_week(db_url: str | None, week_text: str | None) -> WeekReport | None:
    """The report of a week (None: this one) in a current SQLite file, or None if unsure."""
    from app.cli import args as read

    now = system_clock()
    try:
        week = read.week(week_text, now=now)
    except UserError:
        return None  # the full path says what is wrong, exactly as always
    with quick.current_sqlite(db_url) as connection:
        if connection is None:
            return None
        try:
            return read_week_report(quick.connection_rows(connection), week, now=now)
        except sqlite3.Error:
            return None
