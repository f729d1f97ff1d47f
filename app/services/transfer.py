"""Copying every table from one Tallyhour database into another (SQLite and PostgreSQL).

Backups of a server, restoring into a server and `tallyhour db copy` all use this one
copy. Rows go in dependency order (clients before contracts before entries) inside one
target transaction, so a failure leaves the target as it was. Afterwards the copy is
checked: the same row count in every table and the same weekly totals per contract.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Connection, Table, func, select, text

from app.core.errors import UserError
from app.models import Base
from app.models.database import Database

#: Rows fetched and inserted per round trip.
BATCH = 1_000
#: Stopped seconds per contract and billing week, straight from the entries (integer SQL,
#: the same on both engines: 1970-01-05 was a Monday).
WEEKLY_TOTALS = text(
    "SELECT contract_id, (start_at - 345600) / 604800 AS bucket,"
    " SUM(end_at - start_at) AS seconds, COUNT(*) AS entries"
    " FROM time_entries WHERE end_at IS NOT NULL"
    " GROUP BY contract_id, (start_at - 345600) / 604800"
)


@dataclass(frozen=True)
class CopyReport:
    """What a copy moved: rows per table, and how many contract-weeks were compared."""

    rows: dict[str, int]
    weeks_checked: int

    @property
    def total_rows(self) -> int:
        """Rows copied over all tables."""
        return sum(self.rows.values())


def tables() -> list[Table]:
    """Every table of the schema, parents before the tables that refer to them."""
    return list(Base.metadata.sorted_tables)


def row_counts(connection: Connection) -> dict[str, int]:
    """The number of rows in each table of the schema."""
    return {
        table.name: int(connection.execute(select(func.count()).select_from(table)).scalar_one())
        for table in tables()
    }


def weekly_totals(connection: Connection) -> set[tuple[int, int, int, int]]:
    """(contract, billing week, stopped seconds, entries) for every contract-week."""
    return {
        (int(row[0]), int(row[1]), int(row[2]), int(row[3]))
        for row in connection.execute(WEEKLY_TOTALS)
    }


@contextmanager
def snapshot(db: Database) -> Iterator[Connection]:
    """A read transaction that sees one consistent state of the whole database."""
    with db.engine.connect() as connection:
        if not db.is_sqlite:
            connection = connection.execution_options(isolation_level="REPEATABLE READ")
        with connection.begin():
            yield connection


def is_empty(connection: Connection) -> bool:
    """Whether the schema's tables hold no row at all."""
    return not any(row_counts(connection).values())


def copy_rows(source: Connection, target: Connection) -> dict[str, int]:
    """Insert every row of `source` into the (empty) tables of `target`; rows per table."""
    copied: dict[str, int] = {}
    for table in tables():
        count = 0
        order = list(table.primary_key.columns)
        result = source.execution_options(yield_per=BATCH).execute(select(table).order_by(*order))
        for batch in result.mappings().partitions(BATCH):
            target.execute(table.insert(), [dict(row) for row in batch])
            count += len(batch)
        copied[table.name] = count
    if target.dialect.name == "postgresql":
        _move_sequences_past_copied_ids(target)
    return copied


def delete_rows(connection: Connection) -> None:
    """Empty every table of the schema (children first), keeping the schema."""
    for table in reversed(tables()):
        connection.execute(table.delete())


def verify_copy(source: Connection, target: Connection) -> CopyReport:
    """Compare row counts and weekly totals of both sides; refuse if they differ."""
    source_rows, target_rows = row_counts(source), row_counts(target)
    for name, count in source_rows.items():
        if target_rows.get(name) != count:
            raise UserError(
                f"the copy is incomplete: {name} has {target_rows.get(name)} rows, not {count};"
                " nothing was kept"
            )
    source_weeks, target_weeks = weekly_totals(source), weekly_totals(target)
    if source_weeks != target_weeks:
        raise UserError("the copy's weekly totals differ from the original; nothing was kept")
    return CopyReport(rows=source_rows, weeks_checked=len(source_weeks))


def copy_database(source: Database, target: Database) -> CopyReport:
    """Copy every row of `source` into the empty, migrated `target`, checked, all or nothing."""
    with snapshot(source) as reading, target.locked() as writing:
        if not is_empty(writing):
            raise UserError(
                f"the target {target.display_url} already holds data;"
                " copy only into an empty database"
            )
        copy_rows(reading, writing)
        return verify_copy(reading, writing)


def replace_database(source: Database, target: Database) -> CopyReport:
    """Replace every row of `target` with those of `source`, checked, all or nothing."""
    with snapshot(source) as reading, target.locked() as writing:
        delete_rows(writing)
        copy_rows(reading, writing)
        return verify_copy(reading, writing)


def _move_sequences_past_copied_ids(connection: Connection) -> None:
    """Make PostgreSQL's id sequences continue after the ids the copy set explicitly."""
    for table in tables():
        keys = list(table.primary_key.columns)
        if len(keys) != 1 or keys[0].name != "id" or not keys[0].autoincrement:
            continue
        sequence = connection.execute(
            text("SELECT pg_get_serial_sequence(:table, 'id')"), {"table": table.name}
        ).scalar_one()
        if sequence is None:
            continue
        connection.execute(
            text(
                f'SELECT setval(:sequence, COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM "{table.name}"'
            ),
            {"sequence": sequence},
        )


@dataclass(frozen=True)
class MoveReport:
    """The outcome of `tallyhour db copy`: where the data went and what was checked."""

    target: str
    copy: CopyReport


def copy_to_url(source: Database, url: str) -> MoveReport:
    """Copy every table of `source` into the empty database at `url` (made with the migrations)."""
    from app.models.migrate import HEAD_REVISION, current_revision, ensure_schema
    from app.services.opening import open_target

    target = open_target(url)
    try:
        if _same_database(source, target):
            raise UserError("the target is the database you are copying from")
        revision = current_revision(target)
        if revision not in (None, HEAD_REVISION):
            raise UserError(
                f"the target {target.display_url} already holds a Tallyhour database;"
                " copy only into an empty database"
            )
        # An empty database gets today's schema; one with other tables is refused here.
        ensure_schema(target)
        report = copy_database(source, target)
    finally:
        target.dispose()
    return MoveReport(target=target.display_url, copy=report)


def _same_database(first: Database, second: Database) -> bool:
    """Whether two handles point at the same file or server database."""
    if first.path is not None and second.path is not None:
        return first.path.resolve() == second.path.resolve()
    return first.engine.url == second.engine.url
