"""Shared fixtures: a fresh database per test (SQLite, and PostgreSQL where it matters), a clock.

The storage-sensitive tests (services, the command line, the reliability files named in
`ON_BOTH_ENGINES`) run once on a SQLite file and once on a PostgreSQL database; a test
that reads the SQLite file itself is marked `sqlite_only`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.models.database import Database
from app.services.opening import open_database

# No test reaches the machine's keyring (keyrings.alt, a test dependency, would otherwise
# be chosen and write passwords to a plain file in the home folder): tests pick their own.
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"

#: A Thursday afternoon in billing week 2026-W10, used as "now" by default.
NOW = datetime(2026, 3, 5, 15, 0, tzinfo=UTC)
ROOT = Path(__file__).resolve().parents[1]
#: Where tests taking `db_url` run on both engines (paths from the repository root).
ON_BOTH_ENGINES = (
    "tests/services/",
    "tests/cli/",
    "tests/reliability/test_two_writers.py",
    "tests/reliability/test_concurrency.py",
    "tests/reliability/test_postgres.py",
    "tests/reliability/test_startup.py",
)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run each storage-sensitive database test on SQLite and on PostgreSQL."""
    if not {"db_url", "empty_db_url"} & set(metafunc.fixturenames):
        return
    if metafunc.definition.get_closest_marker("sqlite_only") or "db_path" in metafunc.fixturenames:
        return
    where = Path(str(metafunc.definition.path)).relative_to(ROOT).as_posix()
    if where.startswith(ON_BOTH_ENGINES):
        metafunc.parametrize("engine", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture(autouse=True)
def _log_in_the_test_folder(tmp_path_factory: pytest.TempPathFactory, monkeypatch) -> None:
    """Errors logged by a test go to a temporary folder, never the user's log folder."""
    monkeypatch.setenv("TALLYHOUR_LOG_DIR", str(tmp_path_factory.getbasetemp() / "logs"))


@pytest.fixture
def engine(request: pytest.FixtureRequest) -> str:
    """Which database the test runs on: "sqlite" unless parametrized."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture(scope="session")
def pg_template() -> Iterator[str]:
    """A PostgreSQL database migrated to today's schema, copied for each test."""
    from tests.support.postgres import create_database, database_url, drop_database

    name = create_database()
    open_database(database_url(name)).dispose()
    yield name
    drop_database(name)


@pytest.fixture
def db_url(
    engine: str, tmp_path: Path, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """The URL of a new database: a SQLite file in the test's folder, or a server database.

    A server's backups go to the user data folder: for tests, one in the test's folder.
    """
    if engine == "sqlite":
        yield f"sqlite:///{tmp_path / 'tallyhour.sqlite'}"
        return
    from tests.support.postgres import create_database, database_url, drop_database

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))
    name = create_database(template=request.getfixturevalue("pg_template"))
    yield database_url(name)
    drop_database(name)


@pytest.fixture
def empty_db_url(engine: str, tmp_path: Path) -> Iterator[str]:
    """The URL of a database with nothing in it yet (no schema)."""
    if engine == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.sqlite'}"
        return
    from tests.support.postgres import create_database, database_url, drop_database

    name = create_database()
    yield database_url(name)
    drop_database(name)


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    """A migrated, empty database."""
    database = open_database(db_url)
    yield database
    database.dispose()


@pytest.fixture
def now() -> datetime:
    """The pinned current instant."""
    return NOW


def hour(day: int, h: int, minute: int = 0) -> datetime:
    """An instant in March 2026 (UTC): `hour(2, 9)` is Monday 2026-03-02 09:00 UTC."""
    return datetime(2026, 3, day, h, minute, tzinfo=UTC)


@pytest.fixture
def job(db: Database) -> str:
    """An Upwork hourly contract "API work" at 60.00/h, upwork-2016 fees, 20 h weekly limit."""
    from decimal import Decimal

    from app.services.clients import add_client
    from app.services.contracts import add_contract
    from app.services.settings import update_settings

    update_settings(db, name="Sam Rivera", address="1 Main Street\nSpringfield")
    add_client(db, "Acme Ltd", now=NOW)
    add_contract(
        db,
        "API work",
        client="Acme Ltd",
        hourly_rate=Decimal("60"),
        platform="upwork",
        fee_schedule="upwork-2016",
        weekly_limit_hours=Decimal("20"),
        now=NOW,
    )
    return "API work"
