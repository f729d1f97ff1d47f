"""Shared fixtures: a fresh database file per test, and a pinned clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.models.database import Database
from app.services.opening import open_database

#: A Thursday afternoon in billing week 2026-W10, used as "now" by default.
NOW = datetime(2026, 3, 5, 15, 0, tzinfo=UTC)


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """The URL of a new SQLite file in the test's folder."""
    return f"sqlite:///{tmp_path / 'tallyhour.sqlite'}"


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
