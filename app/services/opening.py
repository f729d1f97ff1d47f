"""Opening the user's database, ready for services: URL, password, schema."""

from __future__ import annotations

import os

from app.models.database import Database, resolve_url, server_url, sqlite_path
from app.models.migrate import ensure_schema


def open_database(url: str | None = None, *, reading: bool = False) -> Database:
    """Open (creating or upgrading) the database at `url`, `$TALLYHOUR_DB` or the default.

    With `reading`, a SQLite file the user cannot write (a read-only file or folder) is
    opened read-only instead of failing, so reports still work.
    """
    resolved = resolve_url(url)
    path = sqlite_path(resolved)
    if path is not None:
        read_only = reading and path.exists() and not _writable(path)
        db = Database(resolved, read_only=read_only)
    else:
        db = Database(resolved, password=stored_server_password(resolved))
    try:
        ensure_schema(db)
    except BaseException:
        db.dispose()
        raise
    return db


def open_target(url: str) -> Database:
    """A database to copy into, not yet migrated (a bare path is a SQLite file)."""
    resolved = resolve_url(url)
    if sqlite_path(resolved) is not None:
        return Database(resolved)
    return Database(resolved, password=stored_server_password(resolved))


def stored_server_password(url: str) -> str | None:
    """The server password kept in the OS keyring for this URL's user and database."""
    if not url.startswith("postgres") or server_url(url).password is not None:
        return None
    from app.services.secrets import load_password

    return load_password(server_account(url))


def server_account(url: str) -> str:
    """The keyring account of a server database: `db:user@host:port/database`."""
    parsed = server_url(url)
    return f"db:{parsed.username or ''}@{parsed.host or ''}:{parsed.port or 5432}/{parsed.database or ''}"


def _writable(path: os.PathLike[str]) -> bool:
    """Whether this process may write the file and create its companions beside it."""
    folder = os.path.dirname(os.path.abspath(path))
    return os.access(path, os.W_OK) and os.access(folder, os.W_OK)
