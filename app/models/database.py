"""Opening the database: URL choice, SQLite pragmas, one transaction per user action.

`Database.write()` takes the write lock up front (SQLite `BEGIN IMMEDIATE`, a
PostgreSQL advisory lock), so the window and the command line can write at once without
lost updates or "database is locked" mid-transaction. A write inside another write on the
same thread joins it as a savepoint, so several service calls can be one transaction.

The database notes which tables each transaction wrote; `recording()` gathers them as a
`Changes` value, so services never have to report what they touched.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.sql import TextClause
from sqlalchemy.sql.dml import UpdateBase

from app.core.changes import Changes
from app.core.errors import UserError
from app.models.file_guard import FileIdentity, database_files, files_changed, locks_lost
from app.models.locations import ENV_VAR as ENV_VAR
from app.models.locations import default_db_path as default_db_path
from app.models.locations import resolve_url as resolve_url
from app.models.locations import sqlite_path as sqlite_path
from app.models.urls import url_without_password

BUSY_TIMEOUT_MS = 30_000
_WRITE = "tallyhour_write"
_PG_WRITE_LOCK = 7_242_001
#: The one line a user sees when a server URL is given without the driver installed.
MISSING_DRIVER = "PostgreSQL needs the extra: pip install 'tallyhour[postgres]'"
#: How often (seconds) a transaction also asks the system whether SQLite's locks are held.
LOCK_CHECK_INTERVAL = 1.0


def is_storage_failure(error: BaseException) -> bool:
    """Whether an exception is the database failing (not a bug, not a refusal)."""
    return isinstance(error, DBAPIError)


#: The table a plain-SQL write names (INSERT INTO x, UPDATE x, DELETE FROM x).
_WRITTEN_TABLE = re.compile(
    r"^\s*(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|REPLACE\s+INTO|UPDATE|DELETE\s+FROM)\s+[\"`]?(\w+)",
    re.IGNORECASE,
)


@dataclass
class Recording:
    """What the writes committed on one thread inside `Database.recording()` changed."""

    changes: Changes = Changes.NOTHING


class _ThreadWrites(threading.local):
    """This thread's open write session, the tables it wrote so far, its recordings."""

    def __init__(self) -> None:
        self.session: Session | None = None
        #: One set per open transaction or savepoint, innermost last.
        self.scopes: list[set[str]] = []
        self.recordings: list[Recording] = []


class StorageReconnected(UserError):
    """The database's files changed under the open connections; they were reopened."""


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

    #: Called before every outermost write transaction; the window's tests set it to fail
    #: when a write starts on the GUI thread.
    write_guard: ClassVar[Callable[[], None] | None] = None

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
        self._guard = _ConnectionGate()
        self._opened: FileIdentity | None = None
        self._connections = 0
        self._count_lock = threading.Lock()
        self._lock_checked_at = 0.0
        self._notices: list[str] = []
        self._notices_lock = threading.Lock()
        if self.path is not None and self.read_only:
            self.engine = _read_only_engine(self.path)
        elif self.is_sqlite:
            self.engine = _make_engine(url, self._connected)
        else:
            self.engine = _server_engine(url, password)
        event.listen(self.engine, "close", self._closed)
        event.listen(self.engine, "close_detached", self._closed)
        event.listen(self.engine, "after_execute", self._executed)
        self._writes = _ThreadWrites()
        self._write_engine = self.engine.execution_options(**{_WRITE: True})

    @property
    def display_url(self) -> str:
        """The database's URL without its password."""
        return url_without_password(self.url)

    @contextmanager
    def locked(self) -> Iterator[Connection]:
        """A connection in a transaction holding the write lock (schema changes use it)."""
        with self._scope(), self._write_engine.begin() as connection:
            if not self.is_sqlite:
                connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_WRITE_LOCK})
            yield connection

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only transaction (a consistent snapshot).

        Inside a write on the same thread it reads through that write, seeing its changes.
        """
        joined = self._writes.session
        if joined is not None:
            yield joined
            return
        with (
            self._transaction(writing=False),
            Session(self.engine, expire_on_commit=False) as session,
            session.begin(),
        ):
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A write transaction holding the database's write lock from its first statement.

        Inside another write on the same thread it is a savepoint of that write: its
        failure undoes only its own changes, and nothing is committed before the outer one.
        """
        writes = self._writes
        joined = writes.session
        if joined is not None:
            with self._scope(), joined.begin_nested():
                yield joined
            return
        if Database.write_guard is not None:
            Database.write_guard()
        with (
            self._scope(),
            self._transaction(writing=True),
            Session(self._write_engine, expire_on_commit=False) as session,
            session.begin(),
        ):
            if not self.is_sqlite:
                session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_WRITE_LOCK})
            writes.session = session
            try:
                yield session
            finally:
                writes.session = None

    @contextmanager
    def recording(self) -> Iterator[Recording]:
        """Gather what the writes committed on this thread inside the block changed."""
        recording = Recording()
        self._writes.recordings.append(recording)
        try:
            yield recording
        finally:
            self._writes.recordings.remove(recording)

    @contextmanager
    def _scope(self) -> Iterator[None]:
        """Note the tables written inside the block.

        A savepoint's pass to its transaction when it is released; a transaction's go to
        this thread's recordings when it commits.
        """
        writes = self._writes
        tables: set[str] = set()
        writes.scopes.append(tables)
        try:
            yield
        finally:
            writes.scopes.pop()
        # Reached only when the savepoint was released or the transaction committed.
        if writes.scopes:
            writes.scopes[-1] |= tables
            return
        changes = Changes.of_tables(tables)
        for recording in writes.recordings:
            recording.changes |= changes

    def _executed(self, _connection: Any, statement: Any, *_rest: Any) -> None:
        """A statement ran: inside a write on this thread, note the table it wrote."""
        scopes = self._writes.scopes
        if not scopes:
            return
        if isinstance(statement, UpdateBase):
            name = getattr(statement.table, "name", None)
            if isinstance(name, str):
                scopes[-1].add(name)
            return
        sql = statement.text if isinstance(statement, TextClause) else statement
        if isinstance(sql, str):
            found = _WRITTEN_TABLE.match(sql)
            if found is not None:
                scopes[-1].add(found.group(1).lower())

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()

    def own_files(self) -> list[Path]:
        """The database file and its companions (none for a server)."""
        return [] if self.path is None else database_files(self.path)

    def check_files(self) -> str | None:
        """Make sure the open connections still use the files on disk, with their locks.

        When they do not (another program replaced or removed a file, or this process
        lost SQLite's locks), every connection is closed and reopened, and the reason is
        returned and kept for `take_notices`. Called before each transaction and by the
        window's poll.
        """
        if self.path is None or self._guard.nested():
            return None
        opened = self._opened
        if opened is None:
            return None
        reason = files_changed(opened, self.path)
        now = time.monotonic()
        if reason is None and now - self._lock_checked_at >= LOCK_CHECK_INTERVAL:
            self._lock_checked_at = now
            if locks_lost(opened):
                reason = "something in this process dropped the database's locks"
        if reason is None:
            return None
        self._guard.reset(self.dispose)
        with self._notices_lock:
            self._notices.append(reason)
        return reason

    def take_notices(self) -> list[str]:
        """Reasons the connections were reopened since the last call (for the window)."""
        with self._notices_lock:
            notices, self._notices = self._notices, []
        return notices

    @contextmanager
    def _transaction(self, *, writing: bool) -> Iterator[None]:
        """Check the files, then hold the gate so a reconnect waits for this transaction.

        A vanished file is not reopened (see `_make_engine`): the transaction then fails
        as storage does, with the storage message.
        """
        reason = self.check_files()
        if reason is not None and writing and self.path is not None and self.path.exists():
            raise StorageReconnected(
                f"The database was changed under Tallyhour ({reason}). Tallyhour reopened it"
                " and saved nothing: check your latest changes, then try again."
            )
        try:
            with self._guard.inside():
                yield
        except DBAPIError:
            if self.path is not None and not self._guard.nested():
                # Start the next transaction on fresh connections: a failing file may have
                # left SQLite holding state from before it failed.
                self._guard.reset(self.dispose)
            raise

    def _connected(self) -> None:
        """A new connection opened: remember which files the open connections use."""
        with self._count_lock:
            self._connections += 1
            if self.path is not None and self._opened is None:
                self._opened = FileIdentity.of(self.path)

    def _closed(self, *_args: Any) -> None:
        """A connection closed: with none left open, SQLite let go of the files."""
        with self._count_lock:
            self._connections = max(self._connections - 1, 0)
            if self._connections == 0:
                self._opened = None


class _ConnectionGate:
    """Lets transactions run side by side, and a reconnect run only when none is open."""

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._open = 0
        self._resetting = False
        self._depth = threading.local()

    def nested(self) -> bool:
        """Whether this thread is already inside a transaction."""
        return bool(getattr(self._depth, "value", 0))

    @contextmanager
    def inside(self) -> Iterator[None]:
        """Hold the gate open for one transaction (nested ones on the same thread too)."""
        depth = getattr(self._depth, "value", 0)
        if depth == 0:
            with self._condition:
                while self._resetting:
                    self._condition.wait()
                self._open += 1
        self._depth.value = depth + 1
        try:
            yield
        finally:
            self._depth.value = depth
            if depth == 0:
                with self._condition:
                    self._open -= 1
                    self._condition.notify_all()

    def reset(self, action: Any) -> None:
        """Run `action` once no transaction is open (SQLite shares files per process)."""
        with self._condition:
            if self._resetting:
                while self._resetting:
                    self._condition.wait()
                return
            self._resetting = True
            try:
                while self._open:
                    self._condition.wait()
                action()
            finally:
                self._resetting = False
                self._condition.notify_all()


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
    except (ImportError, ArgumentError) as error:
        # Another driver or an unknown scheme: bad input (exit 2), worded by the classifier.
        from app.models.storage_errors import describe_storage_error

        known = describe_storage_error(error, url)
        raise UserError(
            known or f"not a database URL Tallyhour can use: {parsed.drivername}"
        ) from None
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


def _make_engine(url: str, connected: Any = None) -> Engine:
    """An engine with Tallyhour's settings for a SQLite file; `connected()` runs on connect.

    Only a connection made before the file exists may create it (`mode=rwc`); every later
    one opens it `mode=rw`, so a file that vanished (a drive unplugged, a folder synced
    away) fails to open instead of coming back as a new, empty database.
    """
    path = sqlite_path(url)
    if path is None:  # an in-memory database
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
    else:
        uri = path.expanduser().absolute().as_uri()
        created = [path.exists()]

        def connect() -> Any:
            """Open the file, creating it only if no connection has made it yet."""
            connection = _sqlite3_connect(f"{uri}?mode={'rw' if created[0] else 'rwc'}")
            created[0] = True
            return connection

        engine = create_engine(url, creator=connect)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event below emit BEGIN itself (pysqlite recipe).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        # Read once so the WAL and shared-memory files exist and are open now.
        cursor.execute("SELECT count(*) FROM sqlite_master").fetchall()
        cursor.close()
        if connected is not None:
            connected()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        writing = connection.get_execution_options().get(_WRITE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")

    return engine
