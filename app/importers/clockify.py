"""Clockify: the detailed report CSV (dates and 12/24-hour times as the user set them)."""

from __future__ import annotations

import re

from app.importers.files import csv_rows, read_rate, require_columns, stable_id
from app.importers.records import EntryRecord, ParsedFile, Problem, ReadOptions
from app.importers.times import local_instant, pick_date_format, read_clock, read_date

COLUMNS = ("Project", "Client", "Description", "Start Date", "Start Time", "End Date", "End Time")
_RATE = re.compile(r"^Billable Rate \((?P<currency>[A-Z]{3})\)$")


def parse(text: str, options: ReadOptions) -> ParsedFile:
    """Every row; the date format is detected from all dates, or `--date-format`."""
    header, rows = csv_rows(text)
    require_columns(header, COLUMNS, what="a Clockify detailed CSV")
    rate_column = next((name for name in header if _RATE.match(name)), "")
    currency = _RATE.match(rate_column)["currency"] if rate_column else None  # type: ignore[index]
    records = list(rows)
    pattern = pick_date_format(
        [row[c] for _, row in records for c in ("Start Date", "End Date")], options.date_format
    )
    parsed = ParsedFile("clockify")
    for line, row in records:
        start = local_instant(
            read_date(row["Start Date"], pattern, line=line),
            read_clock(row["Start Time"], line=line),
            options.zone,
        )
        end = local_instant(
            read_date(row["End Date"], pattern, line=line),
            read_clock(row["End Time"], line=line),
            options.zone,
        )
        project = row["Project"].strip()
        if not project:
            parsed.problems.append(Problem(line, "the entry has no project"))
        elif end <= start:
            parsed.problems.append(Problem(line, "the entry ends before it starts"))
        else:
            parsed.entries.append(
                EntryRecord(
                    line,
                    stable_id(row.get("Email", ""), project, row["Description"], start, end),
                    (project,),
                    row["Client"].strip(),
                    start,
                    end,
                    row["Description"],
                    read_rate(row.get(rate_column, ""), line=line),
                    currency,
                )
            )
    return parsed
