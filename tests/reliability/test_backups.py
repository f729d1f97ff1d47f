"""Backups: daily and rolling, consistent while the database is in use; restore refuses garbage."""

from __future__ import annotations

import os
import shutil
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.core.errors import UserError
from app.models.database import Database
from app.services.backup import (
    KEEP_BACKUPS,
    backup_dir,
    backup_if_due,
    backup_rolling,
    backup_to,
    check_backup_file,
    restore_from,
)
from app.services.clients import add_client, list_clients
from app.services.opening import open_database
from tests.conftest import NOW
from tests.reliability.conftest import dump_database

DAY = timedelta(days=1)


def names(db: Database) -> list[str]:
    return [client.name for client in list_clients(db)]


def backups(db: Database) -> list[str]:
    folder = backup_dir(db)
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


def rows_in(path: Path, sql: str) -> list[tuple[object, ...]]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def test_the_first_call_backs_up_then_once_a_day(db):
    add_client(db, "Acme", now=NOW)
    first = backup_if_due(db, now=NOW)
    assert first is not None and first.name == "tallyhour-daily-20260305T150000Z.sqlite"
    assert backup_if_due(db, now=NOW + timedelta(hours=23, minutes=59)) is None
    second = backup_if_due(db, now=NOW + DAY)
    assert second is not None and second != first
    assert backups(db) == [first.name, second.name]
    assert rows_in(second, "SELECT name FROM clients") == [("Acme",)]


def test_a_custom_interval(db):
    assert backup_if_due(db, now=NOW, every=timedelta(hours=6)) is not None
    assert backup_if_due(db, now=NOW + timedelta(hours=5), every=timedelta(hours=6)) is None
    assert backup_if_due(db, now=NOW + timedelta(hours=6), every=timedelta(hours=6)) is not None


def test_a_recent_manual_or_pre_migration_backup_counts(db):
    backup_rolling(db, "manual", now=NOW)
    assert backup_if_due(db, now=NOW + timedelta(hours=2)) is None
    backup_rolling(db, "pre-migration-0001_initial", now=NOW + 2 * DAY)
    assert backup_if_due(db, now=NOW + 2 * DAY + timedelta(hours=1)) is None


def test_the_copy_kept_before_a_restore_does_not_count(db):
    backup_rolling(db, "before-restore", now=NOW)
    assert backup_if_due(db, now=NOW + timedelta(minutes=1)) is not None


def test_only_the_last_n_daily_backups_are_kept(db):
    made = [backup_if_due(db, now=NOW + day * DAY) for day in range(KEEP_BACKUPS + 4)]
    assert all(path is not None for path in made)
    kept = [path.name for path in made[-KEEP_BACKUPS:] if path is not None]
    assert backups(db) == kept
    assert all(
        rows_in(backup_dir(db) / name, "PRAGMA integrity_check") == [("ok",)] for name in kept
    )


def test_other_kinds_of_backup_are_not_rolled_away_by_daily_ones(db):
    manual = backup_rolling(db, "manual", now=NOW - DAY)
    for day in range(KEEP_BACKUPS + 2):
        backup_if_due(db, now=NOW + day * DAY)
    assert manual.exists()


def test_a_clock_that_went_back_still_gets_its_backup_and_keeps_it(db):
    for day in range(KEEP_BACKUPS):
        backup_rolling(db, "daily", now=NOW + (100 + day) * DAY)
    made = backup_if_due(db, now=NOW)
    assert made is not None and made.exists()
    assert len(backups(db)) == KEEP_BACKUPS


def test_a_backup_uses_the_online_api_and_sees_committed_wal_pages(db, db_path, tmp_path):
    add_client(db, "Before", now=NOW)
    writer = sqlite3.connect(db_path)
    writer.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    writer.execute("PRAGMA wal_autocheckpoint=0")
    writer.execute(
        "INSERT INTO clients (name, name_key, email, address, notes,"
        " opening_balance_cents, payment_verified, created_at)"
        " VALUES ('Only in the WAL', 'only in the wal', '', '', '', 0, 0, 0)"
    )
    writer.commit()
    # A transaction in progress must neither block the backup nor leak into it.
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE clients SET name = 'Uncommitted'")
    try:
        out = backup_to(db, tmp_path / "online.sqlite")
        naive_copy = tmp_path / "copied-file.sqlite"
        shutil.copyfile(db_path, naive_copy)
    finally:
        writer.rollback()
        writer.close()
    assert rows_in(out, "SELECT name FROM clients ORDER BY id") == [
        ("Before",),
        ("Only in the WAL",),
    ]
    # Copying the file alone would have lost the WAL's pages: the test can tell the difference.
    assert rows_in(naive_copy, "SELECT name FROM clients") == [("Before",)]


def test_a_backup_is_one_self_contained_file(db, tmp_path):
    add_client(db, "Acme", now=NOW)
    out = backup_to(db, tmp_path / "b" / "copy.sqlite")
    assert out.read_bytes()[18:20] == b"\x01\x01", "a backup must not be in WAL mode"
    alone = tmp_path / "elsewhere" / "copy.sqlite"
    alone.parent.mkdir()
    shutil.copyfile(out, alone)
    check_backup_file(alone)
    assert sorted(os.listdir(alone.parent)) == ["copy.sqlite"], "checking left files behind"
    assert rows_in(alone, "SELECT name FROM clients") == [("Acme",)]


def test_a_backup_onto_the_database_itself_is_refused(db, db_path):
    with pytest.raises(UserError, match="another file"):
        backup_to(db, db_path)


def test_restore_keeps_the_current_database_aside_and_it_opens(db, db_url, tmp_path):
    add_client(db, "Kept in backup", now=NOW)
    saved = backup_to(db, tmp_path / "saved.sqlite")
    add_client(db, "Added after", now=NOW)
    watcher = open_database(db_url)  # the window, still open during the restore
    assert names(watcher) == ["Added after", "Kept in backup"]

    kept = restore_from(db, saved, now=NOW + DAY)

    assert kept.exists() and kept.parent == backup_dir(db)
    assert kept.name == "tallyhour-before-restore-20260306T150000Z.sqlite"
    check_backup_file(kept)
    assert rows_in(kept, "PRAGMA integrity_check") == [("ok",)]
    aside = open_database(f"sqlite:///{kept}")
    assert names(aside) == ["Added after", "Kept in backup"]
    aside.dispose()
    assert names(db) == ["Kept in backup"]
    assert names(watcher) == ["Kept in backup"]
    watcher.dispose()


def test_restore_from_the_database_itself_is_refused(db, db_path):
    before = dump_database(db_path)
    with pytest.raises(UserError, match="database itself"):
        restore_from(db, db_path)
    assert dump_database(db_path) == before
    assert backups(db) == []


def _garbage_random(tmp_path: Path, good: Path) -> Path:
    path = tmp_path / "random.bin"
    path.write_bytes(os.urandom(64 * 1024))
    return path


def _garbage_empty(tmp_path: Path, good: Path) -> Path:
    path = tmp_path / "empty.sqlite"
    path.write_bytes(b"")
    return path


def _garbage_other_app(tmp_path: Path, good: Path) -> Path:
    path = tmp_path / "photos.sqlite"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, file TEXT)")
    connection.execute("INSERT INTO photos (file) VALUES ('cat.jpg')")
    connection.commit()
    connection.close()
    return path


def _garbage_truncated(tmp_path: Path, good: Path) -> Path:
    path = tmp_path / "truncated.sqlite"
    data = good.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def _garbage_header_only(tmp_path: Path, good: Path) -> Path:
    path = tmp_path / "header.sqlite"
    path.write_bytes(good.read_bytes()[:100])
    return path


def _garbage_header_then_noise(tmp_path: Path, good: Path) -> Path:
    path = tmp_path / "noise.sqlite"
    path.write_bytes(b"SQLite format 3\x00" + os.urandom(32 * 1024))
    return path


def _garbage_damaged_pages(tmp_path: Path, good: Path) -> Path:
    path = tmp_path / "damaged.sqlite"
    data = bytearray(good.read_bytes())
    page = 4096
    for number in range(1, len(data) // page):  # every page but the first
        data[number * page + 8 : number * page + 200] = os.urandom(192)
    path.write_bytes(bytes(data))
    return path


def _garbage_from_the_future(tmp_path: Path, good: Path) -> Path:
    path = tmp_path / "newer.sqlite"
    shutil.copyfile(good, path)
    connection = sqlite3.connect(path)
    connection.execute("UPDATE alembic_version SET version_num = '9999_from_a_newer_version'")
    connection.commit()
    connection.close()
    return path


def _garbage_hollow(tmp_path: Path, good: Path, revision: str | None = None) -> Path:
    """The right table names and revision, but tables with one made-up column each."""
    path = tmp_path / "hollow.sqlite"
    source = sqlite3.connect(good)
    names = [r[0] for r in source.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    stored = source.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    source.close()
    connection = sqlite3.connect(path)
    for name in names:
        if name != "alembic_version":
            connection.execute(f'CREATE TABLE "{name}" (id INTEGER PRIMARY KEY)')
    connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
    connection.execute("INSERT INTO alembic_version VALUES (?)", (revision or stored,))
    connection.commit()
    connection.close()
    return path


def _garbage_hollow_and_old(tmp_path: Path, good: Path) -> Path:
    return _garbage_hollow(tmp_path, good, "0001_initial")


def _garbage_folder(tmp_path: Path, good: Path) -> Path:
    path = tmp_path / "a-folder.sqlite"
    path.mkdir()
    return path


GARBAGE = {
    "random bytes": _garbage_random,
    "empty file": _garbage_empty,
    "another app's SQLite file": _garbage_other_app,
    "truncated copy": _garbage_truncated,
    "only the header": _garbage_header_only,
    "SQLite header then noise": _garbage_header_then_noise,
    "damaged pages": _garbage_damaged_pages,
    "schema of a newer version": _garbage_from_the_future,
    "hollow tables with the right names": _garbage_hollow,
    "hollow tables at an older revision": _garbage_hollow_and_old,
    "a folder": _garbage_folder,
}


@pytest.mark.parametrize("kind", list(GARBAGE))
def test_restore_refuses_garbage_and_touches_nothing(cli, db_path, tmp_path, kind):
    assert cli("client", "add", "Precious", "--billed-before", "1,250.50")[0] == 0
    assert cli("contract", "add", "Job", "--client", "Precious", "--hourly", "50")[0] == 0
    good = tmp_path / "good.sqlite"
    assert cli("backup", "--out", str(good))[0] == 0
    garbage = GARBAGE[kind](tmp_path, good)
    garbage_bytes = garbage.read_bytes() if garbage.is_file() else None
    neighbours = sorted(os.listdir(garbage.parent))
    before = dump_database(db_path)
    folder = db_path.parent / "backups" / db_path.stem
    backups_before = sorted(os.listdir(folder)) if folder.exists() else []

    code, out, err = cli("restore", str(garbage), "--yes")

    assert code == 2, (out, err)
    assert len(err.strip().splitlines()) == 1 and err.startswith("tallyhour: "), err
    assert "Traceback" not in out + err
    assert dump_database(db_path) == before
    assert (sorted(os.listdir(folder)) if folder.exists() else []) == backups_before
    assert sorted(os.listdir(garbage.parent)) == neighbours
    if garbage_bytes is not None:
        assert garbage.read_bytes() == garbage_bytes


def test_the_service_refuses_garbage_too(db, db_path, tmp_path):
    add_client(db, "Precious", now=NOW)
    good = backup_to(db, tmp_path / "good.sqlite")
    before = dump_database(db_path)
    for number, make in enumerate(GARBAGE.values()):
        folder = tmp_path / f"garbage-{number}"
        folder.mkdir()
        with pytest.raises(UserError):
            restore_from(db, make(folder, good))
    assert dump_database(db_path) == before
    assert backups(db) == []


def test_cli_backup_then_restore_round_trips_every_table(cli, db_path, tmp_path):
    assert cli("client", "add", "Acme", "--note", "<b>R&D</b> שלום")[0] == 0
    assert cli("contract", "add", "Job", "--client", "Acme", "--hourly", "45.50")[0] == 0
    assert cli("log", "Job", "--from", "2026-03-02T09:00Z", "--to", "2026-03-02T10:30Z")[0] == 0
    saved = dump_database(db_path)
    code, out, _ = cli("backup")
    assert code == 0
    path = Path(out.strip().removeprefix("backed up to "))
    assert path.parent == db_path.parent / "backups" / db_path.stem and path.name.startswith(
        "tallyhour-manual-"
    )
    assert cli("entry", "delete", "1")[0] == 0
    assert cli("client", "add", "Later")[0] == 0
    code, out, _ = cli("restore", str(path), "--yes")
    assert code == 0
    assert dump_database(db_path) == saved
    kept = Path(out.strip().rsplit(" ", 1)[1])
    assert kept.exists() and "Later" in str(rows_in(kept, "SELECT name FROM clients"))


def test_restore_asks_first_and_refuses_without_a_terminal(cli, db_path, tmp_path, monkeypatch):
    good = tmp_path / "good.sqlite"
    assert cli("backup", "--out", str(good))[0] == 0
    assert cli("client", "add", "Stays")[0] == 0
    before = dump_database(db_path)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    code, _, err = cli("restore", str(good))
    assert code == 2 and "--yes" in err
    assert dump_database(db_path) == before


def test_a_backup_taken_at_an_offset_is_stamped_in_utc(db):
    from datetime import timezone

    made = backup_if_due(
        db, now=datetime(2026, 3, 5, 20, 30, tzinfo=timezone(timedelta(hours=5, minutes=30)))
    )
    assert made is not None and made.name == "tallyhour-daily-20260305T150000Z.sqlite"
    assert backup_if_due(db, now=datetime(2026, 3, 5, 16, 0, tzinfo=UTC)) is None


def test_two_databases_in_one_folder_keep_their_backups_apart(tmp_path):
    from datetime import timedelta

    first = open_database(f"sqlite:///{tmp_path / 'work.sqlite'}")
    second = open_database(f"sqlite:///{tmp_path / 'home.sqlite'}")
    try:
        for day in range(KEEP_BACKUPS + 3):
            backup_rolling(first, "daily", now=NOW + timedelta(days=day))
        later = NOW + timedelta(days=KEEP_BACKUPS + 2, hours=1)
        assert backup_if_due(second, now=later) is not None  # the other file's don't count
        assert backup_dir(first) != backup_dir(second)
        assert len(list(backup_dir(first).glob("tallyhour-daily-*"))) == KEEP_BACKUPS
        assert len(list(backup_dir(second).glob("tallyhour-daily-*"))) == 1
        assert backup_dir(second) == tmp_path / "backups" / "home"
    finally:
        first.dispose()
        second.dispose()


def test_a_backup_never_recreates_a_vanished_database_folder(tmp_path):
    """A drive unplugged under the window: the daily backup must not make a new empty
    folder (SQLite would then open a new, empty database where the user's was)."""
    from app.core.errors import UserError
    from app.services.backup import backup_if_due
    from app.services.opening import open_database

    folder = tmp_path / "drive"
    db = open_database(f"sqlite:///{folder / 'books.sqlite'}")
    db.dispose()
    folder.rename(tmp_path / "unplugged")
    with pytest.raises(UserError, match="not there; nothing was backed up"):
        backup_if_due(db, now=NOW)
    assert not folder.exists()


@pytest.mark.parametrize("gone", ["folder", "file"])
def test_a_database_that_vanishes_during_a_backup_is_never_recreated(tmp_path, monkeypatch, gone):
    """The drive goes away between the backup's check that the file is there and its copy
    (a race the window's daily backup can lose): no folder, no empty database comes back."""
    from pathlib import Path

    from app.core.errors import UserError
    from app.services.backup import backup_if_due
    from app.services.opening import open_database

    folder = tmp_path / "drive"
    db = open_database(f"sqlite:///{folder / 'books.sqlite'}")
    db.dispose()
    assert db.path is not None
    if gone == "folder":
        folder.rename(tmp_path / "unplugged")
    else:
        for companion in folder.glob("books.sqlite*"):
            companion.unlink()
    monkeypatch.setattr(Path, "is_file", lambda _path: True)  # the check saw it still there
    with pytest.raises(UserError):
        backup_if_due(db, now=NOW)
    assert not db.path.exists()
    assert folder.exists() is (gone == "file")
