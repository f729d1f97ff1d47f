"""Toggl Track: the detailed report CSV (the currency is in the `Amount (EUR)` header)."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from app.core.money import CENT
from app.importers.files import csv_rows, read_rate, require_columns, stable_id
from app.importers.records import EntryRecord, ParsedFile, Problem, ReadOptions
from app.importers.times import local_instant, pick_date_format, read_clock, read_date

COLUMNS = ("Project", "Description", "Start date", "Start time", "End date", "End time")
_AMOUNT = re.compile(r"^Amount \((?P<currency>[A-Z]{3})\)$")


def parse(text: str, options: ReadOptions) -> ParsedFile:
    """Every row; times are wall-clock in the exporter's zone (`options.zone`)."""
    header, rows = csv_rows(text)
    require_columns(header, COLUMNS, what="a Toggl Track detailed CSV")
    amount_column = next((name for name in header if _AMOUNT.match(name)), None)
    currency = None if amount_column is None else _AMOUNT.match(amount_column)["currency"]  # type: ignore[index]
    records = list(rows)
    pattern = pick_date_format(
        [row[c] for _, row in records for c in ("Start date", "End date")], options.date_format
    )
    parsed = ParsedFile("toggl")
    for line, row in records:
        start = local_instant(
            read_date(row["Start date"], pattern, line=line),
            read_clock(row["Start time"], line=line),
            options.zone,
        )
        end = local_instant(
            read_date(row["End date"], pattern, line=line),
            read_clock(row["End time"], line=line),
            options.zone,
        )
        project = row["Project"].strip()
        if not project:
            parsed.problems.append(Problem(line, "the entry has no project"))
            continue
        if end <= start:
            parsed.problems.append(Problem(line, "the entry ends before it starts"))
            continue
        amount = read_rate(row.get(amount_column or "", ""), line=line)
        hours = Decimal(int((end - start).total_seconds())) / 3600
        rate = None if not amount else (amount / hours).quantize(CENT, rounding=ROUND_HALF_UP)
        parsed.entries.append(
            EntryRecord(
                line,
                stable_id(row.get("User", ""), project, row["Description"], start, end),
                (project,),
                row.get("Client", "").strip(),
                start,
                end,
                row["Description"],
                rate,
                currency,
            )
        )
    return parsed
