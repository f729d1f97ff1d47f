"""Writing entries to a CSV file, for the window's File → Export and `tallyhour export`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import Path

from app.models.database import Database
from app.reports import csv_export
from app.reports.files import check_writable
from app.services.entries import list_entries

#: Every instant Tallyhour accepts: an export without dates takes all of them.
ALL_TIME = (datetime(2000, 1, 1, tzinfo=UTC), datetime(2101, 1, 1, tzinfo=UTC))


@dataclass(frozen=True)
class Exported:
    """A CSV file that was written, and how many rows it holds."""

    path: Path
    rows: int


def export_entries(
    db: Database,
    out: Path,
    *,
    span: tuple[datetime, datetime] = ALL_TIME,
    contract: str | int | None = None,
    zone: tzinfo | None = None,
) -> Exported:
    """Write the entries overlapping `span` (all by default), oldest first, as CSV."""
    out = check_writable(out)
    rows = list_entries(db, start=span[0], end=span[1], contract=contract)
    return Exported(csv_export.write_entries_csv(out, rows, zone), len(rows))
