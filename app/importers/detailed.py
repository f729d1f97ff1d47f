"""The detailed report CSV that Toggl Track and Clockify both export, read one way.

Each tracker names its columns its own way (`DetailedLayout`) and says money either
as a rate or as an amount for the row; everything else (dates in the user's format,
wall-clock times, the problems a row can have) is the same.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from app.importers.files import csv_rows, read_rate, require_columns, stable_id
from app.importers.records import EntryRecord, ParsedFile, Problem, ReadOptions
from app.importers.times import local_instant, pick_date_format, read_clock, read_date

#: The hourly rate of a row from its money cell (a rate or an amount), start and end.
RateOf = Callable[[Decimal | None, datetime, datetime], Decimal | None]


@dataclass(frozen=True)
class DetailedLayout:
    """How one tracker names the columns of its detailed report CSV."""

    source: str
    #: What the file must be, for the missing-columns message ("a Toggl Track detailed CSV").
    what: str
    columns: tuple[str, ...]
    start: tuple[str, str]  # the date column, the time column
    end: tuple[str, str]
    #: The header of the money column; its `currency` group names the currency.
    money: re.Pattern[str]
    #: The column saying whose entry it is (part of the re-import id).
    user: str


def parse_detailed(
    text: str, options: ReadOptions, layout: DetailedLayout, rate_of: RateOf
) -> ParsedFile:
    """Every row; the date format is detected from all dates, or `--date-format`."""
    header, rows = csv_rows(text)
    require_columns(header, layout.columns, what=layout.what)
    money_column = next((name for name in header if layout.money.match(name)), "")
    found = layout.money.match(money_column)
    currency = found["currency"] if found else None
    records = list(rows)
    pattern = pick_date_format(
        [row[c] for _, row in records for c in (layout.start[0], layout.end[0])],
        options.date_format,
    )
    parsed = ParsedFile(layout.source)
    for line, row in records:
        start, end = (
            local_instant(
                read_date(row[day], pattern, line=line),
                read_clock(row[clock], line=line),
                options.zone,
            )
            for day, clock in (layout.start, layout.end)
        )
        project = row["Project"].strip()
        if not project:
            parsed.problems.append(Problem(line, "the entry has no project"))
            continue
        if end <= start:
            parsed.problems.append(Problem(line, "the entry ends before it starts"))
            continue
        money = read_rate(row.get(money_column, ""), line=line)
        parsed.entries.append(
            EntryRecord(
                line,
                stable_id(row.get(layout.user, ""), project, row["Description"], start, end),
                (project,),
                row.get("Client", "").strip(),
                start,
                end,
                row["Description"],
                rate_of(money, start, end),
                currency,
            )
        )
    return parsed
