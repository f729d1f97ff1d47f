"""Backups of the SQLite file with SQLite's online backup API, and restoring one."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from app.core.errors import UserError
from app.models.database import Database

#: How many automatic backups of each kind are kept.
KEEP_BACKUPS = 10
REQUIRED_TABLES = {"alembic_version", "clients", "contracts", "time_entries"}


def backup_dir(db: Database) -> Path:
    """The folder of automatic backups, beside the database file."""
    path = _require_file(db)
    return path.parent / "backups"


def backup_to(db: Database, out: Path) -> Path:
    """Copy the live database to `out` consistently (online backup API, not a file copy)."""
    source_path = _require_file(db)
    out = out.expanduser()
    if out.resolve() == source_path.resolve():
        raise UserError("the backup must go to another file than the database itself")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UserError(f"cannot create {out.parent}: {error.strerror}") from None
    partial = out.with_name(out.name + ".partial")
    try:
        with _connect(source_path) as source, _connect(partial) as target:
            source.backup(target)
        partial.replace(out)
    except (sqlite3.Error, OSError) as error:
        partial.unlink(missing_ok=True)
        raise UserError(f"backup to {out} failed: {error}") from None
    return out


def backup_rolling(db: Database, reason: str, *, now: datetime | None = None) -> Path:
    """Write a timestamped automatic backup and keep only the newest `KEEP_BACKUPS`."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    folder = backup_dir(db)
    path = backup_to(db, folder / f"tallyhour-{reason}-{stamp}.sqlite")
    for old in sorted(folder.glob(f"tallyhour-{reason}-*.sqlite"))[:-KEEP_BACKUPS]:
        old.unlink(missing_ok=True)
    return path


def backup_before_migration(db: Database, revision: str) -> Path | None:
    """Back the file up before its schema changes (nothing to do for other databases)."""
    if db.path is None or not db.path.exists():
        return None
    return backup_rolling(db, f"pre-migration-{revision}")


def check_backup_file(path: Path) -> None:
    """Refuse a file that is not a readable Tallyhour database."""
    if not path.is_file():
        raise UserError(f"{path} is not a file")
    with path.open("rb") as handle:
        if handle.read(16) != b"SQLite format 3\x00":
            raise UserError(f"{path} is not a Tallyhour database (not a SQLite file)")
    try:
        with _connect(path, read_only=True) as connection:
            names = {
                row[0]
                for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            check = connection.execute("PRAGMA quick_check").fetchone()
    except sqlite3.Error as error:
        raise UserError(f"{path} cannot be read as a database: {error}") from None
    if not names >= REQUIRED_TABLES:
        raise UserError(f"{path} is not a Tallyhour database (its tables are missing)")
    if check is None or check[0] != "ok":
        raise UserError(f"{path} is damaged: {check[0] if check else 'no answer'}")


def restore_from(db: Database, backup: Path, *, now: datetime | None = None) -> Path:
    """Replace the database with a backup; the current one is kept aside first. Returns it."""
    target = _require_file(db)
    backup = backup.expanduser()
    check_backup_file(backup)
    kept = backup_rolling(db, "before-restore", now=now) if target.exists() else target
    db.dispose()
    try:
        with _connect(backup, read_only=True) as source, _connect(target) as destination:
            source.backup(destination)
    except sqlite3.Error as error:
        raise UserError(f"restore failed, the database is unchanged: {error}") from None
    return kept


def _require_file(db: Database) -> Path:
    """The database's file, or a clear refusal for servers and in-memory databases."""
    if db.path is None:
        raise UserError("backup and restore work on SQLite files; use your server's tools")
    return db.path


@contextmanager
def _connect(path: Path, *, read_only: bool = False) -> Iterator[sqlite3.Connection]:
    """A plain sqlite3 connection, closed on exit (read-only through a URI when asked)."""
    connection = (
        sqlite3.connect(f"file:{path}?mode=ro", uri=True) if read_only else sqlite3.connect(path)
    )
    try:
        yield connection
    finally:
        connection.close()
