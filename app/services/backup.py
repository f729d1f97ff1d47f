"""Backups of the database into a SQLite file, and restoring one.

A SQLite database is copied with SQLite's online backup API. A PostgreSQL database is
copied table by table into a new SQLite file, so every backup is the same portable kind
of file and restores into either engine.

Automatic backups live in `backups/<database name>/` beside the database (so two
databases in one folder never roll each other's backups away), named
`tallyhour-{reason}-{UTC stamp}.sqlite`; the newest `KEEP_BACKUPS` of each reason stay.
Backups from before that layout stay where they were, in `backups/` itself.
Every backup is a self-contained file (rollback journal, not WAL), so it can be copied,
mailed or opened from a read-only disk as it is.
"""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path

from app.core.errors import UserError
from app.models.database import Database, default_db_path
from app.models.migrate import known_revisions, newer_revision_message
from app.reports.files import backups_folder, check_output_path, write_atomically

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
    """This database's automatic backups: `backups/<file name's stem>/` beside the file.

    A server's go to `backups/server/` in the user data folder.
    """
    if db.path is None:
        return backups_folder(default_db_path()) / "server"
    return backups_folder(db.path) / db.path.stem


def backup_to(db: Database, out: Path) -> Path:
    """Copy the live database to a file the user chose (never the database or its backups)."""
    out = out.expanduser().absolute()
    _make_folder(out.parent)
    return _write_backup(db, check_output_path(db, out))


def _write_backup(db: Database, out: Path) -> Path:
    """Copy the live database to `out` consistently (online backup API, not a file copy).

    A server's tables are copied into a portable SQLite file instead.
    """
    if db.path is None:
        return _backup_server(db, out)
    source_path = db.path
    # Never let a backup recreate a vanished folder or file (a drive unplugged): SQLite
    # would then open a new, empty database where the user's was. The folder may vanish
    # between this check and the copy, so neither step below can create it either.
    missing = UserError(f"the database {source_path} is not there; nothing was backed up")
    if not source_path.is_file():
        raise missing
    _make_folder_inside(out.parent, source_path.parent, missing)

    def write(temp_name: str) -> None:
        """Copy every committed page into the temporary file."""
        with _connect(source_path, existing=True) as source, _connect(Path(temp_name)) as target:
            source.backup(target)
            # The copy takes the live file's WAL mode; a single self-contained file is safer.
            target.execute("PRAGMA journal_mode=DELETE")

    try:
        write_atomically(out, write)
    except sqlite3.Error as error:
        raise UserError(f"backup to {out} failed: {error}") from None
    return out


def _make_folder_inside(folder: Path, base: Path, missing: UserError) -> None:
    """Create `folder`, but never `base` or above it: without `base`, raise `missing`."""
    try:
        below = folder.relative_to(base)
    except ValueError:  # a folder the user chose elsewhere: made whole
        _make_folder(folder)
        return
    current = base
    try:
        for part in below.parts:
            current = current / part
            current.mkdir(exist_ok=True)
    except FileNotFoundError:
        raise missing from None
    except OSError as error:
        raise UserError(f"cannot create {current}: {error.strerror}") from None


def _make_folder(folder: Path) -> None:
    """Create a folder for a backup, or refuse clearly."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UserError(f"cannot create {folder}: {error.strerror}") from None


def backup_rolling(db: Database, reason: str, *, now: datetime | None = None) -> Path:
    """Write a timestamped automatic backup and keep only the newest `KEEP_BACKUPS`."""
    stamp = (now or datetime.now(UTC)).astimezone(UTC).strftime(STAMP_FORMAT)
    folder = backup_dir(db)
    path = _write_backup(db, folder / f"tallyhour-{reason}-{stamp}.sqlite")
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
            columns = {
                name: {row[1] for row in connection.execute(f'PRAGMA table_info("{name}")')}
                for name in names
            }
    except sqlite3.Error as error:
        raise UserError(f"{path} cannot be read as a database: {error}") from None
    if not names >= REQUIRED_TABLES:
        raise UserError(f"{path} is not a Tallyhour database (its tables are missing)")
    if check is None or check[0] != "ok":
        raise UserError(f"{path} is damaged: {check[0] if check else 'no answer'}")
    if revision is None or revision not in known_revisions():
        raise UserError(f"{path}: {newer_revision_message(str(revision))}")
    for table, needed in schema_columns(revision).items():
        if not needed <= columns.get(table, set()):
            raise UserError(
                f"{path} is not a whole Tallyhour database (table {table} lacks columns)"
            )


@cache
def schema_columns(revision: str) -> dict[str, frozenset[str]]:
    """The columns of every table at a schema revision (built once in a scratch file)."""
    from app.models.migrate import upgrade

    with tempfile.TemporaryDirectory(prefix="tallyhour-schema-") as folder:
        scratch = Database(f"sqlite:///{Path(folder) / 'schema.sqlite'}")
        try:
            upgrade(scratch, revision)
            with scratch.engine.connect() as connection:
                names = [
                    str(row[0])
                    for row in connection.exec_driver_sql(
                        "SELECT name FROM sqlite_master WHERE type='table'"
                    )
                ]
                return {
                    name: frozenset(
                        str(row[1])
                        for row in connection.exec_driver_sql(f'PRAGMA table_info("{name}")')
                    )
                    for name in names
                }
        finally:
            scratch.dispose()


def restore_from(db: Database, backup: Path, *, now: datetime | None = None) -> Path:
    """Replace the database with a backup; the current one is kept aside first. Returns it."""
    backup = backup.expanduser()
    if db.path is None:
        return _restore_server(db, backup, now=now)
    target = db.path
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


def _backup_server(db: Database, out: Path) -> Path:
    """Copy every table of a server database into a new self-contained SQLite file."""
    from app.models.migrate import ensure_schema
    from app.services.transfer import copy_database

    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UserError(f"cannot create {out.parent}: {error.strerror}") from None
    partial = out.with_name(out.name + ".partial")
    partial.unlink(missing_ok=True)
    copy = Database(f"sqlite:///{partial}")
    try:
        ensure_schema(copy)
        copy_database(db, copy)
        copy.dispose()
        with _connect(partial) as connection:
            connection.execute("PRAGMA journal_mode=DELETE")
        partial.replace(out)
    except (sqlite3.Error, OSError) as error:
        raise UserError(f"backup to {out} failed: {error}") from None
    finally:
        copy.dispose()
        for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
            leftover.unlink(missing_ok=True)
    return out


def _restore_server(db: Database, backup: Path, *, now: datetime | None) -> Path:
    """Replace every row of a server database with a backup's; the current rows kept aside."""
    from app.models.migrate import ensure_schema
    from app.services.transfer import replace_database

    check_backup_file(backup)
    kept = backup_rolling(db, BEFORE_RESTORE, now=now)
    with tempfile.TemporaryDirectory(prefix="tallyhour-restore-") as folder:
        # A private copy, brought up to today's schema if the backup is older.
        work = Path(folder) / "restore.sqlite"
        with _connect(backup, read_only=True) as source, _connect(work) as destination:
            source.backup(destination)
        source_db = Database(f"sqlite:///{work}")
        try:
            ensure_schema(source_db)
            replace_database(source_db, db)
        finally:
            source_db.dispose()
    return kept


@contextmanager
def _connect(
    path: Path, *, read_only: bool = False, existing: bool = False
) -> Iterator[sqlite3.Connection]:
    """A plain sqlite3 connection, closed on exit (read-only through a URI when asked).

    A read-only file without a `-wal` beside it is opened as immutable, so reading it
    leaves no `-wal`/`-shm` files behind and works from read-only folders. An `existing`
    file is opened only if it is there: never created.
    """
    if existing and not read_only:
        connection = sqlite3.connect(f"{path.expanduser().absolute().as_uri()}?mode=rw", uri=True)
    elif read_only:
        immutable = "" if Path(f"{path}-wal").exists() else "&immutable=1"
        uri = f"{path.expanduser().absolute().as_uri()}?mode=ro{immutable}"
        connection = sqlite3.connect(uri, uri=True)
    else:
        connection = sqlite3.connect(path)
    try:
        yield connection
    finally:
        connection.close()
