"""Opening the user's database, ready for services: URL, schema, settings."""

from __future__ import annotations

from app.models.database import Database, resolve_url
from app.models.migrate import ensure_schema


def open_database(url: str | None = None) -> Database:
    """Open (creating or upgrading) the database at `url`, `$TALLYHOUR_DB` or the default."""
    db = Database(resolve_url(url))
    ensure_schema(db)
    return db
