"""Helpers for the reliability tests: the command line in-process, and a full dump."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app.cli import main

Cli = Callable[..., tuple[int, str, str]]
Dump = dict[str, list[tuple[object, ...]]]


def dump_database(path: Path) -> Dump:
    """Every row of every table, in a stable order (compare before and after)."""
    connection = sqlite3.connect(path)
    try:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        return {
            table: sorted(connection.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)
            for table in tables
        }
    finally:
        connection.close()


def set_zone(monkeypatch: pytest.MonkeyPatch, zone: str) -> None:
    """Make `zone` the process's local time zone for the rest of the test."""
    monkeypatch.setenv("TZ", zone)
    time.tzset()


@pytest.fixture
def db_path(db_url: str) -> Path:
    """The test database's file."""
    return Path(db_url.removeprefix("sqlite:///"))


@pytest.fixture
def cli(
    db_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Iterator[Cli]:
    """Run `tallyhour ARGS` in-process on the test database: (exit code, stdout, stderr)."""
    monkeypatch.setenv("TALLYHOUR_DB", db_url)
    set_zone(monkeypatch, "UTC")

    def run(*args: str) -> tuple[int, str, str]:
        try:
            code = main(list(args))
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else int(exit_.code is not None)
        out, err = capsys.readouterr()
        return code, out, err

    yield run
    monkeypatch.undo()
    time.tzset()
