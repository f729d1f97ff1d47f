"""Bringing a database's schema up to date with Alembic, and checking it cheaply first."""

from __future__ import annotations

from sqlalchemy import inspect, text

from app.core.errors import UserError
from app.models.database import Database

#: The newest migration; a test checks it equals Alembic's head.
HEAD_REVISION = "0005_money_terms"


def current_revision(db: Database) -> str | None:
    """The revision the database is at, or None for an empty database."""
    with db.engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        row = connection.execute(text("SELECT version_num FROM alembic_version")).first()
        return None if row is None else str(row[0])


def is_tallyhour_schema(db: Database) -> bool:
    """Whether the database looks like a Tallyhour database (has its tables)."""
    with db.engine.connect() as connection:
        names = set(inspect(connection).get_table_names())
    return {"alembic_version", "time_entries", "contracts", "clients"} <= names


def ensure_schema(db: Database) -> None:
    """Create or upgrade the schema; a no-op (one query) when it is already current."""
    revision = current_revision(db)
    if revision == HEAD_REVISION:
        return
    if revision is None and _has_foreign_tables(db):
        raise UserError(f"{db.url} is not a Tallyhour database (it has other tables)")
    if revision is not None:
        from app.services.backup import backup_before_migration

        backup_before_migration(db, revision)
    upgrade(db)


def upgrade(db: Database, target: str = "head") -> None:
    """Run Alembic's upgrade to `target` on the database."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "app:migrations")
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, target)


def _has_foreign_tables(db: Database) -> bool:
    """Whether an unversioned database holds tables (then it is someone else's)."""
    with db.engine.connect() as connection:
        return bool(inspect(connection).get_table_names())
