"""The declarative base and the column types shared by every table."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import BigInteger, Dialect, MetaData
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base class of every Tallyhour table."""

    metadata = MetaData(naming_convention=NAMING)


class UTCInstant(TypeDecorator[datetime]):
    """An aware datetime stored as integer UTC epoch seconds; naive values are refused.

    Integers keep SQL portable between SQLite and PostgreSQL: a billing-week bucket is
    `(start - 345600) / 604800` on both.
    """

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> int | None:
        """Aware datetime (or epoch int from a SQL expression) to epoch seconds."""
        if value is None:
            return None
        if isinstance(value, int):
            return value
        if not isinstance(value, datetime):
            raise TypeError(f"UTCInstant takes a datetime, not {type(value).__name__}")
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("naive datetime refused: store aware UTC instants only")
        return int(value.timestamp() // 1)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        """Epoch seconds to an aware UTC datetime."""
        if value is None:
            return None
        return datetime.fromtimestamp(int(value), UTC)
