"""Shared helpers of the import tests."""

from __future__ import annotations

from sqlalchemy import func, select

from app.models import Base
from app.models.database import Database


def table_counts(db: Database) -> dict[str, int]:
    """Rows in every table, to prove an import wrote nothing."""
    with db.read() as session:
        return {
            name: session.scalar(select(func.count()).select_from(table)) or 0
            for name, table in Base.metadata.tables.items()
        }
