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
