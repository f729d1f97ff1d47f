"""Starting, opening and upgrading: many processes at once, newer schemas, read-only files.

Each process starting Tallyhour checks the schema and upgrades it if needed. That check
and the upgrade run under the database's write lock, so processes that start together
on a new or an older database all succeed and the upgrade happens once.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from app.cli import main
from app.models.database import Database
from app.models.migrate import HEAD_REVISION, upgrade
from app.services.clients import add_client
from app.services.opening import open_database
from tests.conftest import NOW

ROOT = Path(__file__).resolve().parents[2]
FIRST = "0001_initial"
#: How many processes start at once on each engine.
STARTERS = {"sqlite": 20, "postgresql": 12}

STARTER = """
import sys
from app.services.opening import open_database
from app.services.clients import list_clients
print("ready", flush=True)
sys.stdin.readline()
db = open_database(sys.argv[1])
print(len(list_clients(db)), flush=True)
db.dispose()
"""


def start_together(url: str, count: int) -> list[tuple[int, str, str]]:
    """Start `count` processes that open the database at the same moment; their results."""
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", STARTER, url],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(count)
    ]
    for process in processes:
        assert process.stdout is not None
        assert process.stdout.readline() == "ready\n", process.communicate()[1]
    for process in processes:
        assert process.stdin is not None
        process.stdin.write("go\n")
        process.stdin.flush()
    results = []
    for process in processes:
        out, err = process.communicate(timeout=240)
        results.append((process.returncode, out, err))
    return results


def older_database(url: str) -> None:
    """A database at the first released schema, holding one client."""
    db = Database(url)
    upgrade(db, FIRST)
    with db.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO clients (name, name_key, email, address, notes,"
                " opening_balance_cents, payment_verified, created_at)"
                " VALUES ('Acme', 'acme', '', '', '', 0, false, 1772442000)"
            )
        )
    db.dispose()


def version_rows(url: str) -> list[str]:
    """Every row of the alembic_version table."""
    db = Database(url)
    try:
        with db.engine.connect() as connection:
            return [str(r[0]) for r in connection.execute(text("SELECT * FROM alembic_version"))]
    finally:
        db.dispose()


def test_processes_starting_at_once_on_a_new_database_all_succeed(empty_db_url, engine):
    results = start_together(empty_db_url, STARTERS[engine])

    assert [(code, out, err) for code, out, err in results if code != 0] == []
    assert {out for _, out, _ in results} == {"0\n"}
    assert version_rows(empty_db_url) == [HEAD_REVISION]


def test_processes_starting_at_once_on_an_older_database_all_succeed(
    empty_db_url, engine, tmp_path
):
    older_database(empty_db_url)

    results = start_together(empty_db_url, STARTERS[engine])

    assert [(code, out, err) for code, out, err in results if code != 0] == []
    assert {out for _, out, _ in results} == {"1\n"}
    assert version_rows(empty_db_url) == [HEAD_REVISION]
    if engine == "sqlite":
        # The upgrade ran once, so the file was backed up once.
        from app.services.backup import backup_dir

        folder = backup_dir(Database(empty_db_url))
        backups = list(folder.glob(f"tallyhour-pre-migration-{FIRST}-*.sqlite"))
        assert len(backups) == 1


def test_a_database_from_a_newer_version_is_refused_and_not_copied(
    db_url, engine, tmp_path, capsys, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    db = open_database(db_url)
    add_client(db, "Acme", now=NOW)
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0099_from_the_future'"))
    db.dispose()
    before = sorted(os.listdir(tmp_path))

    for command in (["status"], ["client", "add", "Other"], ["week", "--json"]):
        code = main(["--db", db_url, *command])
        out, err = capsys.readouterr()
        assert code == 2, (out, err)
        assert err == (
            "tallyhour: this database was written by a newer Tallyhour"
            " (revision 0099_from_the_future); upgrade Tallyhour\n"
        )
    assert sorted(os.listdir(tmp_path)) == before  # no backup copy, nothing else either
    assert version_rows(db_url) == ["0099_from_the_future"]


@pytest.mark.sqlite_only
def test_a_read_only_database_is_read_without_writing_anything(tmp_path):
    path = tmp_path / "tallyhour.sqlite"
    db = open_database(f"sqlite:///{path}")
    add_client(db, "Acme", now=NOW)
    db.dispose()
    assert sorted(os.listdir(tmp_path)) == ["tallyhour.sqlite"]
    before = path.read_bytes()

    reader = Database(f"sqlite:///{path}", read_only=True)
    from app.services.clients import list_clients

    assert [c.name for c in list_clients(reader)] == ["Acme"]
    with pytest.raises(Exception, match=r"readonly|read-only|read only"):
        add_client(reader, "Other", now=NOW)
    reader.dispose()
    assert sorted(os.listdir(tmp_path)) == ["tallyhour.sqlite"]
    assert path.read_bytes() == before


@pytest.fixture
def read_only_folder(tmp_path):
    """A folder holding a filled database, then made read-only for real (chmod or a mount)."""
    source = tmp_path / "data"
    source.mkdir()
    db = open_database(f"sqlite:///{source / 'tallyhour.sqlite'}")
    add_client(db, "Acme", now=NOW)
    from decimal import Decimal

    from app.services.contracts import add_contract
    from app.services.entries import log_entry
    from tests.conftest import hour

    add_contract(db, "API work", client="Acme", hourly_rate=Decimal("60"), now=NOW)
    log_entry(db, "API work", hour(2, 9), hour(2, 11), memo="review", now=NOW)
    db.dispose()
    if os.geteuid() != 0:
        (source / "tallyhour.sqlite").chmod(0o444)
        source.chmod(0o555)
        yield source
        source.chmod(0o755)
        return
    # Root may write anything: only a read-only mount stops it.
    mount = tmp_path / "mounted"
    mount.mkdir()
    bind = subprocess.run(["mount", "--bind", "-o", "ro", str(source), str(mount)], check=False)
    if bind.returncode != 0:
        pytest.skip("running as root without permission to mount a read-only folder")
    subprocess.run(["mount", "-o", "remount,ro,bind", str(mount)], check=True)
    try:
        assert not os.access(mount, os.W_OK)
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=True)


@pytest.mark.sqlite_only
def test_reports_read_a_database_in_a_read_only_folder(read_only_folder, capsys, monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    url = f"sqlite:///{read_only_folder / 'tallyhour.sqlite'}"
    reports = [
        ["status", "--json"],
        ["week", "--week", "2026-W10", "--json"],
        ["entries", "--week", "2026-W10", "--json"],
        ["earnings", "--weeks", "4", "--json"],
        ["contract", "list", "--json"],
        ["client", "list", "--json"],
    ]
    for command in reports:
        code = main(["--db", url, *command])
        out, err = capsys.readouterr()
        assert (code, err) == (0, ""), command
        assert out.startswith("{"), command
    code = main(["--db", url, "entries", "--week", "2026-W10"])
    assert "review" in capsys.readouterr().out
    # A write is refused in one line, and the folder stays as it was.
    code = main(["--db", url, "client", "add", "Other"])
    _, err = capsys.readouterr()
    assert code != 0 and len(err.strip().splitlines()) == 1, err
    assert sorted(os.listdir(read_only_folder)) == ["tallyhour.sqlite"]
    with sqlite3.connect(
        f"{(read_only_folder / 'tallyhour.sqlite').as_uri()}?mode=ro&immutable=1", uri=True
    ) as c:
        assert c.execute("SELECT count(*) FROM clients").fetchone() == (1,)
    c.close()
