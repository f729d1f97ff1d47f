"""PostgreSQL for real: backups that restore into either engine, `db copy`, the driver, secrets.

Tests taking `db_url` run on both engines; the others make their own server databases.
"""

from __future__ import annotations

import io
import json
import sqlite3
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

import app.core.clock as clock_module
from app.cli import main
from app.models.database import MISSING_DRIVER
from tests.support.mailserver import memory_keyring
from tests.support.postgres import admin_url, create_database, database_url, drop_database

#: What each check of a database's content prints: the reports a user relies on.
REPORTS = [
    ["client", "list", "--json"],
    ["contract", "list", "--json"],
    ["entries", "--week", "2026-W10", "--json"],
    ["week", "--week", "2026-W10", "--json"],
    ["invoices", "list", "--json"],
    ["withdrawals", "list", "--json"],
    ["milestone", "list", "--json"],
]


class StillTime(datetime):
    """A `datetime` whose now() is always the same instant (the clock's only source)."""

    @classmethod
    def now(cls, tz=None):  # type: ignore[no-untyped-def, override]
        return datetime(2026, 4, 1, 12, tzinfo=UTC).astimezone(tz)


@pytest.fixture
def run(capsys, monkeypatch, tmp_path):
    """Run `tallyhour ARGS` in-process (UTC, data folder in the test's folder)."""
    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))
    monkeypatch.delenv("TALLYHOUR_DB", raising=False)
    # Time stands still, so a running timer earns nothing between two reports compared.
    monkeypatch.setattr(clock_module, "datetime", StillTime)
    time.tzset()

    def tallyhour(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        try:
            code = main(list(args))
        except SystemExit as exit_:
            code = int(exit_.code or 0)
        out, err = capsys.readouterr()
        return code, out, err

    yield tallyhour
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def server_db():
    """A new, empty database on the test server; its URL (with the test role's password)."""
    name = create_database()
    yield database_url(name)
    drop_database(name)


@pytest.fixture
def other_server_db():
    """A second empty server database."""
    name = create_database()
    yield database_url(name)
    drop_database(name)


def fill(run, url: str) -> None:
    """Clients, contracts, time, an issued invoice, a milestone and a withdrawal."""
    steps = [
        ["client", "add", "Acme", "--billed-before", "250", "--note", "<b>R&D</b> שלום"],
        ["contract", "add", "API work", "--client", "Acme", "--hourly", "60",
         "--platform", "upwork", "--weekly-limit", "20"],
        ["contract", "add", "Logo", "--client", "Acme", "--fixed"],
        ["log", "API work", "--from", "2026-03-02T09:00Z", "--to", "2026-03-02T11:30Z",
         "--memo", "rate limiter"],
        ["log", "API work", "--from", "2026-03-08T23:00Z", "--to", "2026-03-09T01:00Z"],
        ["start", "API work", "--memo", "still going"],
        ["milestone", "add", "Logo", "Draft", "--amount", "300"],
        ["milestone", "release", "1", "--at", "2026-03-03T10:00Z"],
        ["withdraw", "100", "--method", "local-bank", "--at", "2026-03-20T10:00Z"],
    ]  # fmt: skip
    for step in steps:
        code, _, err = run("--db", url, *step)
        assert code == 0, (step, err)


def reports(run, url: str) -> list[object]:
    """What the reports say about a database (the same on either engine)."""
    seen = []
    for command in REPORTS:
        code, out, err = run("--db", url, *command)
        assert code == 0, (command, err)
        seen.append(json.loads(out))
    return seen


def without_password(url: str) -> str:
    return make_url(url)._replace(password=None).render_as_string(hide_password=False)


def test_backup_then_restore_round_trips_every_table(run, db_url, tmp_path):
    fill(run, db_url)
    saved = reports(run, db_url)
    copy = tmp_path / "copy.sqlite"

    assert run("--db", db_url, "backup", "--out", str(copy))[0] == 0
    assert copy.read_bytes()[:16] == b"SQLite format 3\x00"
    assert not Path(f"{copy}-wal").exists()
    with sqlite3.connect(copy) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    connection.close()
    assert run("--db", db_url, "client", "add", "Added later")[0] == 0
    assert run("--db", db_url, "log", "API work", "--from", "2026-03-05T09:00Z",
               "--to", "2026-03-05T10:00Z")[0] == 0  # fmt: skip

    code, out, err = run("--db", db_url, "restore", str(copy), "--yes")

    assert code == 0, err
    assert reports(run, db_url) == saved
    kept = Path(out.rsplit(" kept as ", 1)[1].strip())
    assert kept.is_file()
    assert "Added later" in {c["name"] for c in reports(run, f"sqlite:///{kept}")[0]["clients"]}


def test_a_backup_restores_into_the_other_engine(run, server_db, tmp_path):
    sqlite_url = f"sqlite:///{tmp_path / 'laptop.sqlite'}"
    fill(run, sqlite_url)
    from_sqlite, from_server = tmp_path / "from-sqlite.sqlite", tmp_path / "from-server.sqlite"
    assert run("--db", sqlite_url, "backup", "--out", str(from_sqlite))[0] == 0

    assert run("--db", server_db, "restore", str(from_sqlite), "--yes")[0] == 0
    assert reports(run, server_db) == reports(run, sqlite_url)
    # New rows on the server get fresh ids after the restored ones.
    code, out, _ = run("--db", server_db, "client", "add", "Second")
    assert (code, out) == (0, "added client “Second” (#2)\n")

    assert run("--db", server_db, "backup", "--out", str(from_server))[0] == 0
    back = f"sqlite:///{tmp_path / 'restored.sqlite'}"
    assert run("--db", back, "restore", str(from_server), "--yes")[0] == 0
    assert reports(run, back) == reports(run, server_db)


def test_restore_on_a_server_refuses_a_hollow_file_and_changes_nothing(run, server_db, tmp_path):
    fill(run, server_db)
    before = reports(run, server_db)
    hollow = tmp_path / "hollow.sqlite"
    connection = sqlite3.connect(hollow)
    for name in ("clients", "contracts", "time_entries"):
        connection.execute(f"CREATE TABLE {name} (id INTEGER PRIMARY KEY)")
    connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32))")
    connection.execute("INSERT INTO alembic_version VALUES ('0001_initial')")
    connection.commit()
    connection.close()

    code, _, err = run("--db", server_db, "restore", str(hollow), "--yes")

    assert code == 2 and "lacks columns" in err and len(err.splitlines()) == 1, err
    assert reports(run, server_db) == before
    assert not (tmp_path / "data-home" / "tallyhour" / "backups").exists()


def test_db_copy_moves_sqlite_to_a_server_and_back(run, server_db, tmp_path):
    laptop = f"sqlite:///{tmp_path / 'laptop.sqlite'}"
    fill(run, laptop)
    original = reports(run, laptop)

    code, out, err = run("--db", laptop, "db", "copy", "--to", server_db)

    assert code == 0, err
    password = make_url(server_db).password
    assert password and password not in out + err
    assert f"set TALLYHOUR_DB={without_password(server_db)}\n" in out
    assert "row counts and weekly totals match (1 contract-weeks checked)" in out
    assert reports(run, server_db) == original
    assert reports(run, laptop) == original  # the source is untouched
    # Explicit ids were copied: the server's sequences continue after them.
    assert run("--db", server_db, "client", "add", "New")[1] == "added client “New” (#2)\n"

    back = f"sqlite:///{tmp_path / 'back.sqlite'}"
    assert run("--db", server_db, "db", "copy", "--to", back)[0] == 0
    assert reports(run, back) == reports(run, server_db)


def test_db_copy_refuses_a_target_that_holds_data(run, db_url, server_db, tmp_path):
    fill(run, db_url)
    fill(run, server_db)
    assert run("--db", server_db, "client", "add", "Only here")[0] == 0
    before = reports(run, server_db)

    code, out, err = run("--db", db_url, "db", "copy", "--to", server_db)

    assert code == 2 and out == ""
    assert err == (
        f"tallyhour: the target {without_password(server_db)} already holds data;"
        " copy only into an empty database\n"
    )
    assert reports(run, server_db) == before


def test_db_copy_into_the_same_database_is_refused(run, db_url):
    fill(run, db_url)
    code, _, err = run("--db", db_url, "db", "copy", "--to", db_url)
    assert code == 2 and "copying from" in err


def test_a_missing_driver_is_one_clear_line(run, server_db, monkeypatch):
    with monkeypatch.context() as patch:
        patch.setitem(sys.modules, "psycopg", None)  # `import psycopg` now fails
        for command in (["status"], ["client", "add", "X"], ["db", "copy", "--to", server_db]):
            url = server_db if command[0] != "db" else "sqlite:///:memory:"
            code, out, err = run("--db", url, *command)
            assert (code, out, err) == (2, "", f"tallyhour: {MISSING_DRIVER}\n")


def test_the_password_can_live_in_the_keyring(run, server_db):
    bare = without_password(server_db)
    password = make_url(server_db).password
    with memory_keyring() as keyring:
        code, out, err = run(
            "config", "db-password", "--db", bare, "--password-stdin", stdin=f"{password}\n"
        )
        assert code == 0, err
        assert password not in out + err
        assert list(keyring.store.values()) == [password]

        code, out, err = run("--db", bare, "client", "add", "Via keyring")

        assert (code, err) == (0, "")
    with memory_keyring():
        # Without it (and no ~/.pgpass entry) the server refuses, in one line.
        code, _, err = run("--db", bare, "status")
        assert code != 0 and len(err.splitlines()) == 1


def test_no_credential_appears_in_any_message(run, server_db, other_server_db, tmp_path):
    real = make_url(admin_url()).password
    wrong = "wrong-Secret-77q"
    wrong_url = make_url(server_db)._replace(password=wrong).render_as_string(False)
    closed_port = make_url(server_db)._replace(port=9).render_as_string(False)
    missing_db = make_url(server_db)._replace(database="no_such_db_here").render_as_string(False)
    fill(run, other_server_db)
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"not a database")
    laptop = f"sqlite:///{tmp_path / 'laptop.sqlite'}"
    fill(run, laptop)
    failures = [
        ("--db", wrong_url, "status"),
        ("--db", closed_port, "status"),
        ("--db", missing_db, "client", "add", "X"),
        ("--db", laptop, "db", "copy", "--to", other_server_db),
        ("--db", laptop, "db", "copy", "--to", wrong_url),
        ("--db", laptop, "db", "copy", "--to", closed_port),
        ("--db", server_db, "restore", str(garbage), "--yes"),
        ("--db", other_server_db, "restore", "/nonexistent.sqlite", "--yes"),
        ("config", "db-password", "--db", server_db, "--password-stdin"),
        ("--db", server_db.replace("postgresql+psycopg", "postgresql+nodriver"), "status"),
    ]
    for args in failures:
        code, out, err = run(*args, stdin="x\n")
        assert code != 0, args
        assert len(err.strip().splitlines()) == 1, (args, err)
        for secret in (real, wrong):
            assert secret not in out + err, (args, out, err)


def test_a_lost_server_is_reported_and_the_next_write_recovers(server_db):
    from sqlalchemy.exc import DBAPIError

    from app.models.storage_errors import describe_storage_error
    from app.services.clients import add_client, list_clients
    from app.services.opening import open_database
    from tests.conftest import NOW
    from tests.support.proxy import CuttableProxy

    real = make_url(server_db)
    proxy = CuttableProxy(real.host or "127.0.0.1", real.port or 5432)
    proxy.start()
    db = open_database(real._replace(port=proxy.port).render_as_string(hide_password=False))
    try:
        add_client(db, "Before", now=NOW)

        proxy.cut()
        with pytest.raises(DBAPIError) as lost:
            add_client(db, "While gone", now=NOW)
        message = describe_storage_error(lost.value, db.url)
        assert message is not None and f"127.0.0.1:{proxy.port}" in message
        assert message.startswith("cannot reach the database server")
        assert real.password not in message

        proxy.start()
        add_client(db, "After", now=NOW)  # the pool checks its connections: it reconnects
        assert [c.name for c in list_clients(db)] == ["After", "Before"]
    finally:
        db.dispose()
        proxy.cut()
