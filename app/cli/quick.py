"""Answering a few read-only commands without loading SQLAlchemy (`status`, `week`).

Status bars, prompts and scripts call these every few seconds. `request` recognises the
exact forms a quick path answers; `current_sqlite` opens a current-schema SQLite file
read-only with the standard library's sqlite3; `connection_rows` runs the plain SQL of
`app.models.queries` on it. Whenever a quick path is not sure it may (another database,
a missing file, an older or newer schema, an unknown option), it answers None and the
full command line runs instead, which migrates, creates or reports as always.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from app.models.locations import resolve_url, sqlite_path
from app.models.queries import Rows
from app.models.revision import HEAD_REVISION


def request(
    arguments: Sequence[str], command: str, *, flags: Iterable[str] = (), values: Iterable[str] = ()
) -> dict[str, Any] | None:
    """The options of `[--db URL] COMMAND [OPTION]...`, or None for any other form.

    `flags` are options without a value (True when given), `values` options with one
    (`--week W` or `--week=W`); each may be given once, and only after the command.
    `--db` may come before or after it. The result maps "db" and each option (without
    dashes) to its value, None when not given (a flag: False).
    """
    if command not in arguments:
        return None
    at = list(arguments).index(command)
    found: dict[str, Any] = {"db": None} | {f: False for f in flags} | {v: None for v in values}
    for words, after_command in ((arguments[:at], False), (arguments[at + 1 :], True)):
        rest = list(words)
        while rest:
            word = rest.pop(0)
            name, has_value, value = word.removeprefix("--").partition("=")
            if not word.startswith("--") or (name != "db" and not after_command):
                return None
            if name in found and found[name] not in (None, False):
                return None  # given twice: argparse decides what that means
            if name in flags and not has_value:
                found[name] = True
            elif name == "db" or name in values:
                if not has_value:
                    if not rest or rest[0].startswith("-"):
                        return None
                    value = rest.pop(0)
                if not value:
                    return None
                found[name] = value
            else:
                return None
    return found


@contextmanager
def current_sqlite(db_url: str | None) -> Iterator[sqlite3.Connection | None]:
    """A read-only snapshot of a current-schema SQLite file, or None when the full path must read it."""
    url = resolve_url(db_url)
    path = sqlite_path(url)
    if path is None or "?" in url or not path.is_file():
        yield None
        return
    try:
        connection = sqlite3.connect(
            f"{Path(path).absolute().as_uri()}?mode=ro", uri=True, isolation_level=None
        )
    except (sqlite3.Error, ValueError):
        yield None
        return
    try:
        try:
            connection.execute("BEGIN")  # one snapshot for every read below
            revision = connection.execute("SELECT version_num FROM alembic_version").fetchall()
        except sqlite3.Error:
            revision = []
        yield connection if revision == [(HEAD_REVISION,)] else None
    finally:
        connection.close()


def connection_rows(connection: sqlite3.Connection) -> Rows:
    """Run `app.models.queries` statements on a sqlite3 connection."""

    def rows(sql: str, params: Mapping[str, Any]) -> Iterable[Sequence[Any]]:
        return connection.execute(sql, dict(params)).fetchall()

    return rows


def answer(show: Callable[[], None]) -> int:
    """Print a quick answer (a reader that went away is no error); returns the exit code 0."""
    try:
        show()
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): not an error worth a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0
