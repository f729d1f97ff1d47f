"""Backups of the SQLite file with SQLite's online backup API, and restoring one.

Automatic backups live in `backups/<database name>/` beside the database (so two
databases in one folder never roll each other's backups away), named
`tallyhour-{reason}-{UTC stamp}.sqlite`; the newest `KEEP_BACKUPS` of each reason stay.
Backups from before that layout stay where they were, in `backups/` itself.
Every backup is a self-contained file (rollback journal, not WAL), so it can be copied,
mailed or opened from a read-only disk as it is.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from app.core.errors import UserError
from app.models.database import Database

#: How many automatic backups of each kind are kept.
KEEP_BACKUPS = 10
#: How often the window takes a backup while it runs.
DAILY = timedelta(days=1)
REQUIRED_TABLES = {"alembic_version", "clients", "contracts", "time_entries"}
#: The UTC time stamp at the end of an automatic backup's name.
STAMP_FORMAT = "%Y%m%dT%H%M%SZ"
#: Backups of the database that a restore replaced: they say nothing about the current one.
BEFORE_RESTORE = "before-restore"


def backup_dir(db: Database) -> Path:
    """The folder of this database's automatic backups: `backups/<file name's stem>/`."""
    path = _require_file(db)
    return path.parent / "backups" / path.stem


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
        partial.unlink(missing_ok=True)
        with _connect(source_path) as source, _connect(partial) as target:
            source.backup(target)
            # The copy takes the live file's WAL mode; a single self-contained file is safer.
            target.execute("PRAGMA journal_mode=DELETE")
        partial.replace(out)
    except (sqlite3.Error, OSError) as error:
        partial.unlink(missing_ok=True)
        raise UserError(f"backup to {out} failed: {error}") from None
    return out


def backup_rolling(db: Database, reason: str, *, now: datetime | None = None) -> Path:
    """Write a timestamped automatic backup and keep only the newest `KEEP_BACKUPS`."""
    stamp = (now or datetime.now(UTC)).astimezone(UTC).strftime(STAMP_FORMAT)
    folder = backup_dir(db)
    path = backup_to(db, folder / f"tallyhour-{reason}-{stamp}.sqlite")
    # Names sort by time; the file just written stays even if the clock once ran ahead.
    older = [p for p in sorted(folder.glob(f"tallyhour-{reason}-*.sqlite")) if p != path]
    for old in older[: max(len(older) - (KEEP_BACKUPS - 1), 0)]:
        old.unlink(missing_ok=True)
    return path


def backup_if_due(db: Database, *, now: datetime, every: timedelta = DAILY) -> Path | None:
    """Take a "daily" rolling backup if the newest one is `every` old (the window calls this).

    Returns the new file, or None when a recent backup exists or the database is not a
    SQLite file. A newest backup dated after `now` means the clock went back: back up.
    """
    if db.path is None:
        return None
    newest = newest_backup_time(db)
    if newest is not None and newest <= now and now - newest < every:
        return None
    return backup_rolling(db, "daily", now=now)


def newest_backup_time(db: Database) -> datetime | None:
    """When the newest automatic backup of the current database was taken (from its name)."""
    stamps = []
    for path in backup_dir(db).glob("tallyhour-*.sqlite"):
        reason, _, stamp = path.stem.removeprefix("tallyhour-").rpartition("-")
        if reason == BEFORE_RESTORE:
            continue
        try:
            stamps.append(datetime.strptime(stamp, STAMP_FORMAT).replace(tzinfo=UTC))
        except ValueError:
            continue
    return max(stamps, default=None)


def backup_before_migration(db: Database, revision: str) -> Path | None:
    """Back the file up before its schema changes (nothing to do for other databases)."""
    if db.path is None or not db.path.exists():
        return None
    return backup_rolling(db, f"pre-migration-{revision}")


def check_backup_file(path: Path) -> None:
    """Refuse a file that is not a readable Tallyhour database."""
    if not path.is_file():
        raise UserError(f"{path} is not a file")
    try:
        with path.open("rb") as handle:
            header = handle.read(16)
    except OSError as error:
        raise UserError(f"{path} cannot be read: {error.strerror}") from None
    if header != b"SQLite format 3\x00":
        raise UserError(f"{path} is not a Tallyhour database (not a SQLite file)")
    try:
        with _connect(path, read_only=True) as connection:
            names = {
                row[0]
                for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            check = connection.execute("PRAGMA quick_check").fetchone()
            revision = None
            if "alembic_version" in names:
                found = connection.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = None if found is None else str(found[0])
    except sqlite3.Error as error:
        raise UserError(f"{path} cannot be read as a database: {error}") from None
    if not names >= REQUIRED_TABLES:
        raise UserError(f"{path} is not a Tallyhour database (its tables are missing)")
    if check is None or check[0] != "ok":
        raise UserError(f"{path} is damaged: {check[0] if check else 'no answer'}")
    if revision not in _known_revisions():
        raise UserError(
            f"{path} has a database schema this Tallyhour does not know ({str(revision)[:40]}):"
            " it was written by a newer version; update Tallyhour first"
        )


def restore_from(db: Database, backup: Path, *, now: datetime | None = None) -> Path:
    """Replace the database with a backup; the current one is kept aside first. Returns it."""
    target = _require_file(db)
    backup = backup.expanduser()
    if backup.exists() and target.exists() and backup.resolve() == target.resolve():
        raise UserError(f"{backup} is the database itself; pick a backup file")
    check_backup_file(backup)
    kept = backup_rolling(db, BEFORE_RESTORE, now=now) if target.exists() else target
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


def _known_revisions() -> set[str]:
    """Every schema revision this version of Tallyhour can open or upgrade."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", "app:migrations")
    return {script.revision for script in ScriptDirectory.from_config(config).walk_revisions()}


@contextmanager
def _connect(path: Path, *, read_only: bool = False) -> Iterator[sqlite3.Connection]:
    """A plain sqlite3 connection, closed on exit (read-only through a URI when asked).

    A read-only file without a `-wal` beside it is opened as immutable, so reading it
    leaves no `-wal`/`-shm` files behind and works from read-only folders.
    """
    if read_only:
        immutable = "" if Path(f"{path}-wal").exists() else "&immutable=1"
        uri = f"{path.expanduser().absolute().as_uri()}?mode=ro{immutable}"
        connection = sqlite3.connect(uri, uri=True)
    else:
        connection = sqlite3.connect(path)
    try:
        yield connection
    finally:
        connection.close()
