"""Kimai: the CSV export of timesheets (Date, From, To, Customer, Project, Description)."""

from __future__ import annotations

from datetime import timedelta

from app.importers.files import csv_rows, read_rate, require_columns, stable_id
from app.importers.records import EntryRecord, ParsedFile, Problem, ReadOptions
from app.importers.times import local_instant, pick_date_format, read_clock, read_date

COLUMNS = ("Date", "From", "To", "Customer", "Project", "Description")


def parse(text: str, options: ReadOptions) -> ParsedFile:
    """Every row; an end earlier than its start runs past midnight into the next day."""
    header, rows = csv_rows(text)
    require_columns(header, COLUMNS, what="a Kimai CSV export")
    records = list(rows)
    pattern = pick_date_format([row["Date"] for _, row in records], options.date_format)
    parsed = ParsedFile("kimai")
    for line, row in records:
        day = read_date(row["Date"], pattern, line=line)
        start = local_instant(day, read_clock(row["From"], line=line), options.zone)
        end = local_instant(day, read_clock(row["To"], line=line), options.zone)
        if end <= start:
            end = local_instant(
                day + timedelta(days=1), read_clock(row["To"], line=line), options.zone
            )
        project = row["Project"].strip()
        if not project:
            parsed.problems.append(Problem(line, "the entry has no project"))
            continue
        parsed.entries.append(
            EntryRecord(
                line,
                row.get("ID", "").strip() or stable_id(project, row["Description"], start, end),
                (project,),
                row["Customer"].strip(),
                start,
                end,
                row["Description"],
                read_rate(row.get("Hourly rate", ""), line=line),
                (row.get("Currency", "") or "").strip().upper() or None,
            )
        )
    return parsed
