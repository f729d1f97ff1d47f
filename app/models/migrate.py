"""Bringing a database's schema up to date with Alembic, and checking it cheaply first."""

from __future__ import annotations

from functools import cache

from sqlalchemy import Connection, inspect, text

from app.core.errors import UserError
from app.models.database import Database
from app.models.revision import HEAD_REVISION as HEAD_REVISION


def current_revision(db: Database) -> str | None:
    """The revision the database is at, or None for an empty database."""
    with db.engine.connect() as connection:
        return _revision(connection)


def _revision(connection: Connection) -> str | None:
    """The revision seen through one connection (inside its transaction)."""
    if not inspect(connection).has_table("alembic_version"):
        return None
    row = connection.execute(text("SELECT version_num FROM alembic_version")).first()
    return None if row is None else str(row[0])


@cache
def known_revisions() -> frozenset[str]:
    """Every schema revision this version of Tallyhour can open or upgrade."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", "app:migrations")
    scripts = ScriptDirectory.from_config(config)
    return frozenset(script.revision for script in scripts.walk_revisions())


def newer_revision_message(revision: str) -> str:
    """What to tell a user whose database was written by a newer Tallyhour."""
    return (
        f"this database was written by a newer Tallyhour (revision {revision[:40]});"
        " upgrade Tallyhour"
    )


def is_tallyhour_schema(db: Database) -> bool:
    """Whether the database looks like a Tallyhour database (has its tables)."""
    with db.engine.connect() as connection:
        names = set(inspect(connection).get_table_names())
    return {"alembic_version", "time_entries", "contracts", "clients"} <= names


def ensure_schema(db: Database) -> None:
    """Create or upgrade the schema; a no-op (one query) when it is already current.

    The check is repeated under the write lock, so processes starting at once on a new
    or older database wait for the first one's upgrade instead of running it twice.
    """
    revision = current_revision(db)
    if revision == HEAD_REVISION:
        return
    _refuse_unusable(db, revision)
    if db.read_only:
        raise UserError(
            f"{db.display_url} needs a schema upgrade but is read-only here;"
            " open it once where it can be written"
        )
    with db.locked() as connection:
        revision = _revision(connection)
        if revision == HEAD_REVISION:
            return
        _refuse_unusable(db, revision, connection)
        if revision is not None:
            from app.services.backup import backup_before_migration

            backup_before_migration(db, revision)
        _upgrade_on(connection, "head")


def upgrade(db: Database, target: str = "head") -> None:
    """Run Alembic's upgrade to `target` on the database, under the write lock."""
    with db.locked() as connection:
        _upgrade_on(connection, target)


def _upgrade_on(connection: Connection, target: str) -> None:
    """Alembic's upgrade inside the connection's transaction (all of it or none)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "app:migrations")
    config.attributes["connection"] = connection
    command.upgrade(config, target)


def _refuse_unusable(
    db: Database, revision: str | None, connection: Connection | None = None
) -> None:
    """Refuse a newer schema, or an unversioned database that holds someone else's tables."""
    if revision is not None and revision not in known_revisions():
        raise UserError(newer_revision_message(revision))
    if revision is None:
        if connection is None:
            with db.engine.connect() as own:
                names = inspect(own).get_table_names()
        else:
            names = inspect(connection).get_table_names()
        if names:
            raise UserError(f"{db.display_url} is not a Tallyhour database (it has other tables)")
