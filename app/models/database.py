"""Opening the database: URL choice, SQLite pragmas, one transaction per user action.

`Database.write()` takes the write lock up front (SQLite `BEGIN IMMEDIATE`, a
PostgreSQL advisory lock), so the window and the command line can write at once without
lost updates or "database is locked" mid-transaction.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session

from app.core.errors import UserError

ENV_VAR = "TALLYHOUR_DB"
BUSY_TIMEOUT_MS = 30_000
_WRITE = "tallyhour_write"
_PG_WRITE_LOCK = 7_242_001
#: The one line a user sees when a server URL is given without the driver installed.
MISSING_DRIVER = "PostgreSQL needs the extra: pip install 'tallyhour[postgres]'"


def default_db_path() -> Path:
    """The database file in the platform's user data folder."""
    import platformdirs

    return Path(platformdirs.user_data_dir("tallyhour", appauthor=False)) / "tallyhour.sqlite"


def resolve_url(cli_url: str | None = None) -> str:
    """The database URL: `--db`, else $TALLYHOUR_DB, else the default file."""
    url = cli_url or os.environ.get(ENV_VAR) or ""
    if not url:
        return f"sqlite:///{default_db_path()}"
    if "://" not in url:
        # A bare path is taken as a SQLite file.
        return f"sqlite:///{Path(url).expanduser().absolute()}"
    return url


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for other databases and memory."""
    if not url.startswith("sqlite"):
        return None
    path = url.split(":///", 1)[1] if ":///" in url else ""
    if not path or path == ":memory:":
        return None
    return Path(path.split("?", 1)[0])


def url_without_password(url: str) -> str:
    """The URL with any password left out: what messages, logs and `TALLYHOUR_DB` may show."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return url if "@" not in url else "the database URL"
    return parsed._replace(password=None).render_as_string(hide_password=False)


def server_url(url: str) -> URL:
    """A server URL with the driver Tallyhour ships (psycopg 3) when none is named."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise UserError(f"not a database URL: {url_without_password(url)}") from None
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


class Database:
    """One database: an engine plus read and write transactions for services.

    `password` is used for a server URL that has none (it comes from the OS keyring and
    never becomes part of the URL). `read_only` opens a SQLite file for reading only, for
    files or folders the user cannot write to.
    """

    def __init__(self, url: str, *, password: str | None = None, read_only: bool = False) -> None:
        self.url = url
        self.path = sqlite_path(url)
        self.is_sqlite = url.startswith("sqlite")
        self.read_only = read_only and self.path is not None
        if self.path is not None and not self.read_only:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise UserError(f"cannot create the folder for {self.path}: {error}") from None
        if self.path is not None and self.read_only:
            self.engine = _read_only_engine(self.path)
        elif self.is_sqlite:
            self.engine = _sqlite_engine(url)
        else:
            self.engine = _server_engine(url, password)
        self._write_engine = self.engine.execution_options(**{_WRITE: True})

    @property
    def display_url(self) -> str:
        """The database's URL without its password."""
        return url_without_password(self.url)

    @contextmanager
    def locked(self) -> Iterator[Connection]:
        """A connection in a transaction holding the write lock (schema changes use it)."""
        with self._write_engine.begin() as connection:
            if not self.is_sqlite:
                connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_WRITE_LOCK})
            yield connection

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only transaction (a consistent snapshot)."""
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A write transaction holding the database's write lock from its first statement."""
        with Session(self._write_engine, expire_on_commit=False) as session, session.begin():
            if not self.is_sqlite:
                session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_WRITE_LOCK})
            yield session

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


def _server_engine(url: str, password: str | None) -> Engine:
    """An engine for a PostgreSQL server; a stored password is handed to the driver only."""
    parsed = server_url(url)
    if parsed.drivername == "postgresql+psycopg":
        try:
            import psycopg  # noqa: F401
        except ImportError:
            raise UserError(MISSING_DRIVER) from None
    # A server that went away must not hang the window's poll for minutes.
    connect_args = {} if "connect_timeout" in parsed.query else {"connect_timeout": 10}
    try:
        engine = create_engine(parsed, pool_pre_ping=True, connect_args=connect_args)
    except ImportError:
        raise UserError(f"no driver for {parsed.drivername} is installed") from None
    except ArgumentError:
        raise UserError(f"not a database URL Tallyhour can use: {parsed.drivername}") from None
    if password is not None and parsed.password is None:

        @event.listens_for(engine, "do_connect")
        def _give_password(_dialect: Any, _record: Any, _args: Any, params: Any) -> None:
            params["password"] = password

    return engine


def _read_only_engine(path: Path) -> Engine:
    """An engine that only reads the file (`mode=ro`), for read-only files and folders.

    Without a `-wal` beside it the file is opened as immutable: SQLite then needs no
    `-shm` either, which a read-only folder could not hold.
    """
    immutable = "" if Path(f"{path}-wal").exists() else "&immutable=1"
    uri = f"{path.expanduser().absolute().as_uri()}?mode=ro{immutable}"
    engine = create_engine(
        "sqlite://",
        creator=lambda: _sqlite3_connect(uri),
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        dbapi_connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        dbapi_connection.execute("PRAGMA query_only=ON")

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN")

    return engine


def _sqlite3_connect(uri: str) -> Any:
    """A plain sqlite3 connection to a `file:` URI."""
    import sqlite3

    return sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)


def _sqlite_engine(url: str) -> Engine:
    """An engine with Tallyhour's connection settings for a SQLite file."""
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event below emit BEGIN itself (pysqlite recipe).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        writing = connection.get_execution_options().get(_WRITE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")

    return engine
