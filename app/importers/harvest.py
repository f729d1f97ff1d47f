"""Harvest: the detailed time report CSV (hours per day, no start or end times).

Hours have no clock times, so each day's entries are placed one after another from 09:00
in the exporter's zone; they are imported time, never hourly-protected.
"""

from __future__ import annotations

from collections import Counter
from datetime import time, timedelta

from app.importers.files import csv_rows, read_rate, require_columns, stable_id
from app.importers.records import EntryRecord, ParsedFile, Problem, ReadOptions
from app.importers.times import (
    hours_to_seconds,
    local_instant,
    pick_date_format,
    read_date,
    read_hours,
)

COLUMNS = ("Date", "Client", "Project", "Notes", "Hours")
DAY_STARTS = time(9, 0)


def parse(text: str, options: ReadOptions) -> ParsedFile:
    """Every row, placed in its day from 09:00 local in file order."""
    header, rows = csv_rows(text)
    require_columns(header, COLUMNS, what="a Harvest detailed time report CSV")
    records = list(rows)
    pattern = pick_date_format([row["Date"] for _, row in records], options.date_format)
    parsed = ParsedFile("harvest")
    placed: dict[object, timedelta] = {}
    seen: Counter[str] = Counter()
    for line, row in records:
        day = read_date(row["Date"], pattern, line=line)
        seconds = hours_to_seconds(read_hours(row["Hours"], line=line))
        project = row["Project"].strip()
        if not project:
            parsed.problems.append(Problem(line, "the entry has no project"))
            continue
        if seconds == 0:
            parsed.problems.append(Problem(line, "the entry has no hours"))
            continue
        offset = placed.get(day, timedelta())
        start = local_instant(day, DAY_STARTS, options.zone) + offset
        end = start + timedelta(seconds=seconds)
        placed[day] = offset + timedelta(seconds=seconds)
        key = stable_id(day, row["Client"], project, row.get("Task", ""), row["Notes"], seconds)
        seen[key] += 1
        parsed.entries.append(
            EntryRecord(
                line,
                f"{key}-{seen[key]}",
                (project,),
                row["Client"].strip(),
                start,
                end,
                row["Notes"],
                read_rate(row.get("Billable Rate", ""), line=line),
                (row.get("Currency", "") or "").strip()[:3].upper() or None,
            )
        )
    return parsed
