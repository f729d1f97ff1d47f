"""Every row of every table of a database at a URL, on either engine (compare before and after)."""

from __future__ import annotations

import warnings

from sqlalchemy import MetaData, create_engine, select


def dump_url(url: str) -> list[tuple[str, list[tuple[object, ...]]]]:
    """(table, sorted rows) for every table, read through SQLAlchemy's reflection."""
    engine = create_engine(url)
    try:
        metadata = MetaData()
        with engine.connect() as connection:
            with warnings.catch_warnings():
                # SQLAlchemy 2.1 cannot reflect the one-running-timer index; rows are all we read.
                warnings.filterwarnings("ignore", "Skipped unsupported reflection of expression")
                metadata.reflect(connection)
            return [
                (name, sorted((tuple(row) for row in connection.execute(select(table))), key=repr))
                for name, table in sorted(metadata.tables.items())
            ]
    finally:
        engine.dispose()
