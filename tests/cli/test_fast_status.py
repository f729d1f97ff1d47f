"""`tallyhour status` answered without SQLAlchemy says exactly what the full command line says."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from app.cli import fast_status, main
from app.models.database import Database
from app.models.migrate import HEAD_REVISION, upgrade
from app.services import plain_reads, timer
from app.services.clients import add_client
from app.services.contracts import add_contract
from app.services.entries import log_entry
from app.services.opening import open_database

NOW = datetime(2026, 3, 4, 15, 30, 7, tzinfo=UTC)
MEMOS = ["", "rate limiter", "<b>fees & tax</b> \u2014 \u00e9t\u00e9 \u65e5\u672c", "a\nb\tc " * 20]


@pytest.fixture
def run(monkeypatch, capsys):
    """Run `tallyhour ARGS` in-process at NOW; `full=True` skips the quick path."""
    monkeypatch.setenv("TZ", "Asia/Kolkata")
    time.tzset()
    monkeypatch.setattr(fast_status, "system_clock", lambda: NOW)
    monkeypatch.setattr(timer, "system_clock", lambda: NOW)
    monkeypatch.setattr(plain_reads, "system_clock", lambda: NOW)

    def call(*args: str, full: bool = False) -> tuple[int, str, str]:
        with monkeypatch.context() as patch:
            if full:
                patch.setattr(fast_status, "quick_status", lambda arguments: None)
            try:
                code = main(list(args))
            except SystemExit as exit_:
                code = int(exit_.code or 0)
        out, err = capsys.readouterr()
        return code, out, err

    yield call
    monkeypatch.undo()
    time.tzset()


def _database(path: Path) -> Database:
    """A database with two contracts and a few stopped entries."""
    db = open_database(f"sqlite:///{path}")
    add_client(db, "Acme & <Sons>", now=NOW)
    add_contract(db, "API work", client="Acme & <Sons>", hourly_rate=Decimal("50"), now=NOW)
    add_contract(
        db, "Caf\u00e9 <b>site</b>", client="Acme & <Sons>", hourly_rate=Decimal("40"), now=NOW
    )
    for day in range(3):
        start = NOW - timedelta(days=day + 1)
        log_entry(db, "API work", start, start + timedelta(hours=1), memo=f"day {day}", now=NOW)
    return db


def _both_paths_agree(run, *args: str) -> str:
    """The quick and the full path's exit code, stdout and stderr are identical; returns stdout."""
    quick = run(*args)
    full = run(*args, full=True)
    assert quick == full
    return quick[1]


@pytest.mark.parametrize("memo", MEMOS)
@pytest.mark.parametrize("contract", ["API work", "Caf\u00e9 <b>site</b>"])
def test_running_timer_prints_the_same_bytes_both_ways(run, tmp_path, memo, contract):
    db = _database(tmp_path / "t.sqlite")
    timer.start_timer(db, contract, memo=memo, at=NOW - timedelta(minutes=95), now=NOW)
    db.dispose()
    url = f"sqlite:///{tmp_path / 't.sqlite'}"
    assert fast_status.read_status(url) is not None, "the quick path did not answer"
    text = _both_paths_agree(run, "--db", url, "status")
    assert text.startswith(f"running: {contract} since 2026-03-04 19:25, 1:35:00")
    document = json.loads(_both_paths_agree(run, "status", f"--db={url}", "--json"))
    assert set(document) == {
        "running", "contract", "started_at", "elapsed_seconds", "memo", "entry_id"
    }  # fmt: skip
    assert (document["contract"], document["memo"], document["elapsed_seconds"]) == (
        contract,
        memo.strip(),
        95 * 60,
    )


def test_no_timer_both_ways_and_through_the_environment(run, tmp_path, monkeypatch):
    _database(tmp_path / "t.sqlite").dispose()
    monkeypatch.setenv("TALLYHOUR_DB", str(tmp_path / "t.sqlite"))
    assert fast_status.read_status(None) is not None
    assert _both_paths_agree(run, "status") == "no timer running\n"
    assert json.loads(_both_paths_agree(run, "status", "--json"))["running"] is False


def test_the_quick_path_reads_the_same_entry_as_the_services(tmp_path, monkeypatch):
    monkeypatch.setattr(fast_status, "system_clock", lambda: NOW)
    path = tmp_path / "t.sqlite"
    url = f"sqlite:///{path}"
    db = _database(path)
    assert fast_status.read_status(url) == timer.timer_status(db, now=NOW)
    timer.start_timer(db, 2, memo="x", at=NOW - timedelta(seconds=42), now=NOW)
    timer.heartbeat(db, now=NOW - timedelta(seconds=5))
    running = timer.timer_status(db, now=NOW)
    assert running.running and running.heartbeat_at is not None
    assert fast_status.read_status(url) == running
    timer.stop_timer(db, at=NOW, now=NOW)
    assert fast_status.read_status(url) == timer.timer_status(db, now=NOW)
    db.dispose()


def test_an_older_schema_goes_the_full_way_and_is_upgraded(run, tmp_path):
    path = tmp_path / "old.sqlite"
    old = Database(f"sqlite:///{path}")
    upgrade(old, "0001_initial")
    old.dispose()
    assert fast_status.read_status(str(path)) is None
    assert run("--db", str(path), "status") == (0, "no timer running\n", "")
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [
            (HEAD_REVISION,)
        ]
    assert fast_status.read_status(str(path)) is not None


def test_a_missing_file_goes_the_full_way_and_is_created(run, tmp_path):
    path = tmp_path / "new" / "t.sqlite"
    assert fast_status.read_status(str(path)) is None
    assert run("--db", str(path), "status") == (0, "no timer running\n", "")
    assert path.exists() and fast_status.read_status(str(path)) is not None


def test_a_file_that_is_no_database_gets_the_same_message(run, tmp_path):
    path = tmp_path / "notes.sqlite"
    path.write_bytes(b"not a database at all\n" * 50)
    assert fast_status.read_status(str(path)) is None
    quick = run("--db", str(path), "status")
    assert quick == run("--db", str(path), "status", full=True)
    code, out, err = quick
    assert (code, out, len(err.splitlines())) == (1, "", 1), quick
    assert path.read_bytes() == b"not a database at all\n" * 50


def test_server_and_unusual_urls_go_the_full_way(tmp_path):
    _database(tmp_path / "t.sqlite").dispose()
    assert fast_status.read_status("postgresql://me@db.example/tallyhour") is None
    assert fast_status.read_status(f"sqlite:///{tmp_path / 't.sqlite'}?mode=ro") is None
    assert fast_status.read_status("sqlite://") is None


@pytest.mark.parametrize(
    "arguments",
    [
        ["status", "--js"],
        ["--json", "status"],
        ["status", "--json", "--json"],
        ["status", "--db"],
        ["status", "--db", "a", "--db", "b"],
        ["--demo", "status"],
        ["status", "extra"],
        ["status", "--help"],
        ["start", "status"],
    ],
)
def test_anything_but_plain_status_goes_to_the_parser(arguments):
    assert fast_status.status_request(arguments) is None


def test_plain_status_forms_are_recognized():
    assert fast_status.status_request(["status"]) == (None, False)
    assert fast_status.status_request(["--db", "x.sqlite", "status", "--json"]) == (
        "x.sqlite",
        True,
    )
    assert fast_status.status_request(["status", "--json", "--db=y"]) == ("y", True)


def test_status_loads_no_sqlalchemy(tmp_path):
    _database(tmp_path / "t.sqlite").dispose()
    probe = (
        "import sys; from app.cli import main; code = main(sys.argv[1:]);"
        " print(code, 'sqlalchemy' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, "--db", str(tmp_path / "t.sqlite"), "status"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout == "no timer running\n0 False\n"
