"""Every known storage failure is one clear line; a bug says so and leaves a log to attach."""

from __future__ import annotations

import os
import select
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import event

from app.models import database
from app.models.storage_errors import describe_storage_error
from tests.reliability.conftest import dump_database

SECRET = "hunter2-Secret"
RUN_CLI = "import sys; from app.cli import main; sys.exit(main())"


@pytest.fixture(autouse=True)
def log_folder(tmp_path, monkeypatch) -> Path:
    """The log goes to the test's folder."""
    folder = tmp_path / "logs"
    monkeypatch.setenv("TALLYHOUR_LOG_DIR", str(folder))
    return folder


def one_clear_line(code: int, out: str, err: str, *, expected: int = 1) -> str:
    """The single line a failed command printed (and that it is not a bug report)."""
    assert code == expected, (code, out, err)
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    assert "unexpected error" not in err, err
    return err.strip()


@pytest.fixture
def filled(cli, db_path) -> Path:
    """A real Tallyhour database with a client and enough pages to damage."""
    assert cli("client", "add", "Acme", "--note", "x" * 3000)[0] == 0
    for n in range(30):
        assert cli("client", "add", f"Client {n}", "--note", "y" * 3000)[0] == 0
    connection = sqlite3.connect(db_path)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    return db_path


def test_a_file_that_is_not_a_database(cli, tmp_path):
    other = tmp_path / "notes.txt"
    other.write_text("shopping list: milk, eggs, a new keyboard\n" * 100)
    line = one_clear_line(*cli("--db", str(other), "status"))
    assert "is not a SQLite database" in line and "--db" in line
    assert other.read_text().startswith("shopping list")


def test_a_truncated_database_is_damaged_and_points_to_restore(cli, filled, tmp_path):
    cut = tmp_path / "cut.sqlite"
    shutil.copy(filled, cut)
    os.truncate(cut, 20_000)
    line = one_clear_line(*cli("--db", str(cut), "client", "list"))
    assert "is damaged" in line and "tallyhour restore" in line


def test_a_database_with_damaged_pages(cli, filled, tmp_path):
    broken = tmp_path / "broken.sqlite"
    shutil.copy(filled, broken)
    with broken.open("r+b") as handle:
        handle.seek(4096 * 3)
        handle.write(b"\xff" * 4096 * 2)
    line = one_clear_line(*cli("--db", str(broken), "client", "list"))
    assert "is damaged" in line


def test_a_read_only_database_refuses_a_write_clearly(cli, filled):
    before = dump_database(filled)
    frozen = _make_read_only(filled)
    try:
        line = one_clear_line(*cli("client", "add", "Newco"))
    finally:
        _undo_read_only(filled, frozen)
    assert "cannot be written" in line and "permissions" in line
    assert dump_database(filled) == before


def _make_read_only(path: Path) -> bool:
    """Make the file unwritable even for root (immutable); returns whether chattr was used."""
    path.chmod(0o444)
    if not os.access(path, os.W_OK):
        return False
    if shutil.which("chattr") and subprocess.run(["chattr", "+i", str(path)]).returncode == 0:
        return True
    path.chmod(0o644)
    pytest.skip("this user can write any file and cannot make one immutable")


def _undo_read_only(path: Path, frozen: bool) -> None:
    if frozen:
        subprocess.run(["chattr", "-i", str(path)], check=True)
    path.chmod(0o644)


def test_a_database_locked_by_another_program(cli, filled, monkeypatch):
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 200)
    holder = sqlite3.connect(filled, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        line = one_clear_line(*cli("client", "add", "Newco"))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert "locked by another program" in line and "try again" in line
    assert cli("client", "add", "Newco")[0] == 0


def test_a_full_disk_is_one_clear_line(cli, filled, monkeypatch):
    """SQLite itself runs out of room: the file may not grow by a single page."""
    make_engine = database._make_engine

    def no_room_to_grow(url: str, *args, **kwargs):
        engine = make_engine(url, *args, **kwargs)

        @event.listens_for(engine, "connect")
        def _cap(dbapi_connection, _record) -> None:
            pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
            dbapi_connection.execute(f"PRAGMA max_page_count={pages}")

        return engine

    monkeypatch.setattr(database, "_make_engine", no_room_to_grow)
    before = dump_database(filled)
    line = one_clear_line(*cli("client", "add", "Big", "--note", "z" * 19_000))
    assert "disk holding the database is full" in line and "nothing was saved" in line
    monkeypatch.undo()
    assert dump_database(filled) == before


def test_an_unknown_kind_of_url(cli):
    # A URL no database can be opened with is bad input: exit 2.
    line = one_clear_line(*cli("--db", f"nosuchdb://u:{SECRET}@host/x", "status"), expected=2)
    assert "unknown kind of database URL “nosuchdb://”" in line
    assert SECRET not in line


def test_a_missing_driver(cli):
    url = f"postgresql+nosuchdriver://u:{SECRET}@host/x"
    line = one_clear_line(*cli("--db", url, "status"), expected=2)
    assert "driver postgresql+nosuchdriver is not installed" in line
    assert "tallyhour[postgres]" in line and SECRET not in line


def test_an_unreachable_server(cli, log_folder):
    pytest.importorskip("psycopg")
    line = one_clear_line(*cli("--db", f"postgresql+psycopg://u:{SECRET}@127.0.0.1:1/x", "status"))
    assert "cannot reach the database server 127.0.0.1:1" in line
    assert SECRET not in line
    assert SECRET not in (log_folder / "tallyhour.log").read_text()


def test_a_refused_password_on_a_real_server(cli):
    server = os.environ.get("TALLYHOUR_TEST_PG_URL")
    if not server:
        pytest.skip("no PostgreSQL test server: set TALLYHOUR_TEST_PG_URL (see .ci/postgres)")
    from sqlalchemy.engine import make_url

    wrong = make_url(server).set(password=SECRET).render_as_string(hide_password=False)
    line = one_clear_line(*cli("--db", wrong, "status"))
    assert "refused the user name or password" in line and SECRET not in line


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (sqlite3.OperationalError("database is locked"), "locked by another program"),
        (sqlite3.OperationalError("database table is locked"), "locked by another program"),
        (sqlite3.OperationalError("database or disk is full"), "disk holding the database is full"),
        (sqlite3.OperationalError("attempt to write a readonly database"), "cannot be written"),
        (sqlite3.DatabaseError("database disk image is malformed"), "is damaged"),
        (sqlite3.DatabaseError("file is not a database"), "not a SQLite database"),
        (sqlite3.OperationalError("unable to open database file"), "cannot be opened"),
        (sqlite3.OperationalError("disk I/O error"), "I/O error"),
        (OSError(28, "No space left on device"), "disk holding the database is full"),
        (OSError(30, "Read-only file system"), "cannot be written"),
        (ModuleNotFoundError("No module named 'psycopg'", name="psycopg"), "pip install"),
    ],
)
def test_the_classifier_knows_each_storage_failure(error, words):
    assert words in (describe_storage_error(error, "sqlite:////data/t.sqlite") or "")


def test_the_classifier_reads_the_drivers_wrapped_error_and_its_codes():
    from sqlalchemy.exc import OperationalError

    connection = sqlite3.connect(":memory:")
    connection.execute("PRAGMA max_page_count=1")
    with pytest.raises(sqlite3.Error) as real:
        connection.execute("CREATE TABLE t (x)")
        connection.execute("INSERT INTO t VALUES (zeroblob(100000))")
    assert getattr(real.value, "sqlite_errorname", "SQLITE_FULL") == "SQLITE_FULL"
    wrapped = OperationalError("INSERT ...", {}, real.value)
    assert "full" in (describe_storage_error(wrapped) or "")


def test_the_classifier_knows_a_refused_password():
    psycopg = pytest.importorskip("psycopg")
    refused = psycopg.OperationalError(
        'connection failed: connection to server at "127.0.0.1", port 5432 failed:'
        ' FATAL:  password authentication failed for user "u"'
    )
    line = describe_storage_error(refused, f"postgresql+psycopg://u:{SECRET}@127.0.0.1:5432/x")
    assert line is not None and "refused the user name or password" in line
    assert "127.0.0.1:5432" in line and SECRET not in line


@pytest.mark.parametrize(
    "bug",
    [ValueError("a bug"), KeyError("x"), sqlite3.OperationalError("no such table: nope")],
)
def test_a_bug_is_not_a_storage_failure(bug):
    assert describe_storage_error(bug) is None


def test_a_bug_says_unexpected_and_logs_without_passwords(cli, monkeypatch, log_folder):
    from app.cli import entry_commands

    def broken(db):
        raise RuntimeError(f"boom while reading postgresql://sam:{SECRET}@db.example/x")

    monkeypatch.setattr(entry_commands, "timer_status", broken)
    code, _, err = cli("status")
    assert code == 1
    assert err.startswith("tallyhour: unexpected error: RuntimeError") and "bug" in err
    log = log_folder / "tallyhour.log"
    assert str(log) in err and SECRET not in err
    text = log.read_text()
    assert "Traceback" in text and "RuntimeError: boom" in text
    assert "sam:***@db.example" in text and SECRET not in text


def test_nothing_is_logged_when_all_goes_well(cli, log_folder):
    assert cli("status")[0] == 0
    assert not (log_folder / "tallyhour.log").exists()


def test_ctrl_d_at_the_restore_question_cancels(cli, filled, tmp_path):
    """A real terminal: the question is asked, the user presses Ctrl-D."""
    copy = tmp_path / "copy.sqlite"
    assert cli("backup", "--out", str(copy))[0] == 0
    before = dump_database(filled)
    controller, terminal = os.openpty()
    process = subprocess.Popen(
        [sys.executable, "-c", RUN_CLI, "--db", str(filled), "restore", str(copy)],
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
        env={**os.environ, "TALLYHOUR_LOG_DIR": str(tmp_path / "logs")},
    )
    os.close(terminal)
    seen = _read_until(controller, b"[y/N]")
    assert b"[y/N]" in seen, seen
    os.write(controller, b"\x04")
    assert process.wait(timeout=30) == 2
    rest = _read_until(controller, b"\n", settle=True)
    os.close(controller)
    assert b"cancelled; nothing was changed" in seen + rest
    assert b"EOFError" not in seen + rest and b"Traceback" not in seen + rest
    assert dump_database(filled) == before


def _read_until(fd: int, marker: bytes, *, settle: bool = False) -> bytes:
    """Read a terminal's output until `marker` shows (or, with `settle`, until it is quiet)."""
    seen = b""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if not ready:
            if settle:
                break
            continue
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
        if marker in seen and not settle:
            break
    return seen


@pytest.mark.parametrize("pooled", [True, False], ids=["connections-open", "pool-empty"])
def test_a_file_removed_under_a_running_database_is_never_recreated(tmp_path, pooled, capsys):
    """A vanished file fails the next write with the storage line; no empty one appears."""
    from sqlalchemy.exc import DBAPIError

    from app.services.clients import add_client, list_clients
    from app.services.opening import open_database
    from tests.conftest import NOW

    path = tmp_path / "books.sqlite"
    db = open_database(f"sqlite:///{path}")
    try:
        add_client(db, "Before", now=NOW)
        if not pooled:
            db.dispose()
        for file in db.own_files():
            file.unlink(missing_ok=True)
        for _ in range(2):  # and the write after that, on fresh connections
            with pytest.raises(DBAPIError) as failed:
                add_client(db, "After", now=NOW)
            line = describe_storage_error(failed.value, db.url)
            assert line is not None and "cannot be opened" in line and str(path) in line
            assert [file for file in db.own_files() if file.exists()] == []
        with pytest.raises(DBAPIError) as failed:
            list_clients(db)
        assert not path.exists()
    finally:
        db.dispose()
    # The command line reports it as any storage failure: that one line, exit code 1.
    from app.cli import EXIT_FAILED, _report_failure

    assert _report_failure(failed.value, f"sqlite:///{path}") == EXIT_FAILED == 1
    err = capsys.readouterr().err.strip()
    assert err == f"tallyhour: {line}"
    assert len(err.splitlines()) == 1 and "unexpected error" not in err
