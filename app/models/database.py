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

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.orm import Session

from app.core.errors import UserError

ENV_VAR = "TALLYHOUR_DB"
BUSY_TIMEOUT_MS = 30_000
_WRITE = "tallyhour_write"
_PG_WRITE_LOCK = 7_242_001


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


class Database:
    """One database: an engine plus read and write transactions for services."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.path = sqlite_path(url)
        self.is_sqlite = url.startswith("sqlite")
        if self.path is not None:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise UserError(f"cannot create the folder for {self.path}: {error}") from None
        self.engine = _make_engine(url)
        self._write_engine = self.engine.execution_options(**{_WRITE: True})

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


def _make_engine(url: str) -> Engine:
    """An engine with Tallyhour's connection settings for the URL's database."""
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True)
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
