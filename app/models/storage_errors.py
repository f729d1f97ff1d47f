"""Known storage failures turned into one line a user can act on; anything else is a bug.

The command line and the window both ask `describe_storage_error(error, url)`: a locked,
full, read-only, damaged or foreign database file, a server that cannot be reached or
that refuses the password, a missing driver and an unknown kind of URL each get their
own sentence. None means the error is not a storage failure (report it as a bug).
"""

from __future__ import annotations

import errno
from collections.abc import Iterator

from app.core.text import quoted
from app.models.urls import safe_url

#: Python modules of database drivers a URL may ask for (their absence is not a bug).
DRIVER_MODULES = {"psycopg", "psycopg2", "pg8000", "asyncpg", "pymysql", "MySQLdb", "oracledb"}
#: What to install for PostgreSQL.
POSTGRES_EXTRA = "pip install 'tallyhour[postgres]'"

LOCKED = (
    "the database is locked by another program (another Tallyhour, a backup or a sync tool)"
    " and stayed locked too long; nothing was changed: try again when it is done"
)
DISK_FULL = (
    "the disk holding the database is full; nothing was saved: free some space, then try again"
)
READ_ONLY = (
    "the database {where}cannot be written (a read-only file, folder or disk); nothing was"
    " saved: check its permissions, or copy it somewhere writable"
)
DAMAGED = (
    "the database {where}is damaged ({detail}); restore a backup with `tallyhour restore FILE`"
    " (automatic backups are in the backups folder beside it)"
)
NOT_A_DATABASE = (
    "the database {where}is not a SQLite database (another kind of file, or encrypted);"
    " check --db or TALLYHOUR_DB"
)
CANNOT_OPEN = (
    "the database {where}cannot be opened (it or its folder is missing or not accessible);"
    " check --db or TALLYHOUR_DB"
)
IO_ERROR = (
    "the disk failed while reading or writing the database {where}(I/O error); check the"
    " disk, then restore a backup if the data is damaged"
)
UNREACHABLE = (
    "cannot reach the database server {server}; check that it is running and the URL's host"
    " and port"
)
AUTH_FAILED = "the database server {server}refused the user name or password; check the URL"
NO_SUCH_DATABASE = "the database server {server}has no database of that name; create it first"
MISSING_DRIVER = "the database driver {driver} is not installed; for PostgreSQL: " + POSTGRES_EXTRA
UNKNOWN_SCHEME = (
    "unknown kind of database URL {scheme}; give a SQLite file path or a"
    " postgresql+psycopg://user@host/name URL"
)
BAD_URL = (
    "{where}is not a database URL; give a SQLite file path or a"
    " postgresql+psycopg://user@host/name URL"
)

#: SQLite's primary result codes (extended codes such as SQLITE_READONLY_DBMOVED
#: start with these) and, for older drivers without codes, words of their messages.
_SQLITE = (
    (("SQLITE_BUSY", "SQLITE_LOCKED"), ("database is locked", "database table is locked"), LOCKED),
    (("SQLITE_FULL",), ("database or disk is full",), DISK_FULL),
    (("SQLITE_READONLY",), ("readonly database",), READ_ONLY),
    (("SQLITE_CORRUPT",), ("malformed",), DAMAGED),
    (("SQLITE_NOTADB",), ("file is not a database",), NOT_A_DATABASE),
    (("SQLITE_CANTOPEN",), ("unable to open database file",), CANNOT_OPEN),
    (("SQLITE_IOERR",), ("disk i/o error",), IO_ERROR),
)
_OS = {
    errno.ENOSPC: DISK_FULL,
    errno.EDQUOT: DISK_FULL,
    errno.EROFS: READ_ONLY,
    errno.EIO: IO_ERROR,
}
_SERVER_AUTH = ("password authentication failed", "authentication failed", "no password supplied")
_SERVER_DOWN = (
    "connection refused",
    "could not connect",
    "connection failed",
    "timeout expired",
    "could not translate host name",
    "failed to resolve host",
    "name or service not known",
    "no route to host",
    "network is unreachable",
    "server closed the connection",
)


def describe_storage_error(error: BaseException, url: str | None = None) -> str | None:
    """One actionable line for a known storage failure, or None when it is a bug."""
    for cause in _causes(error):
        line = _describe(cause, url)
        if line is not None:
            return line
    return None


def _describe(error: BaseException, url: str | None) -> str | None:
    """The line for one exception of the chain, if it is a known storage failure."""
    where = f"{safe_url(url)} " if url else ""
    name = type(error).__name__
    module = type(error).__module__
    if name == "NoSuchModuleError" and module.startswith("sqlalchemy"):
        plugin = str(error).rpartition(":")[2].strip()
        if "." in plugin:
            return MISSING_DRIVER.format(driver=plugin.replace(".", "+", 1))
        return UNKNOWN_SCHEME.format(scheme=quoted(f"{plugin}://"))
    if name == "ArgumentError" and "could not parse" in str(error).lower():
        return BAD_URL.format(where=where)
    if isinstance(error, ImportError) and error.name in DRIVER_MODULES:
        return MISSING_DRIVER.format(driver=error.name)
    if module.startswith("sqlite3") or name.startswith("sqlite3"):
        return _describe_sqlite(error, where)
    if module.startswith(("psycopg", "pg8000", "asyncpg")):
        return _describe_server(error, url)
    if isinstance(error, OSError) and error.errno in _OS:
        return _OS[error.errno].format(where=where)
    return None


def _describe_sqlite(error: BaseException, where: str) -> str | None:
    """The line for an error of SQLite, by its result code (or, failing that, its words)."""
    code = str(getattr(error, "sqlite_errorname", "") or "")
    text = str(error).lower()
    for codes, words, line in _SQLITE:
        if code.startswith(codes) or (not code and any(word in text for word in words)):
            return line.format(where=where, detail=f"SQLite: {str(error)[:80]}")
    return None


def _describe_server(error: BaseException, url: str | None) -> str | None:
    """The line for a PostgreSQL driver's error that says the server is out of reach."""
    server = _server(url)
    text = str(error).lower()
    state = str(getattr(error, "sqlstate", "") or "")
    if state.startswith("28") or any(words in text for words in _SERVER_AUTH):
        return AUTH_FAILED.format(server=f"{server} " if server else "")
    if state == "3D000" or ("database" in text and "does not exist" in text):
        return NO_SUCH_DATABASE.format(server=f"{server} " if server else "")
    if any(words in text for words in _SERVER_DOWN):
        return UNREACHABLE.format(server=server or "in the URL")
    return None


def _server(url: str | None) -> str:
    """host:port of a server URL, or "" when there is none."""
    if not url:
        return ""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        return ""
    host = parsed.host or "localhost"
    return f"{host}:{parsed.port}" if parsed.port else host


def _causes(error: BaseException) -> Iterator[BaseException]:
    """The error, the driver's error it wraps, and what caused it, each once."""
    seen: set[int] = set()
    pending = [error]
    while pending:
        current = pending.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        for nested in (getattr(current, "orig", None), current.__cause__, current.__context__):
            if isinstance(nested, BaseException):
                pending.append(nested)
