"""The command line run in-process on the test's database."""

from __future__ import annotations

import time

import pytest

from app.cli import main


@pytest.fixture
def th(db_url, capsys, monkeypatch):
    """Run `tallyhour ARGS` in-process in UTC; returns (exit code, stdout, stderr)."""
    monkeypatch.setenv("TALLYHOUR_DB", db_url)
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()

    def run(*args: str) -> tuple[int, str, str]:
        try:
            code = main(list(args))
        except SystemExit as exit_:
            code = int(exit_.code or 0)
        out, err = capsys.readouterr()
        return code, out, err

    yield run
    monkeypatch.undo()
    time.tzset()
