"""Clockify, Harvest and Kimai exports: date formats, 12-hour clocks, placed hours, rates."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from app.core.errors import UserError
from app.importers import clockify, harvest, kimai
from app.importers.files import BadFile
from app.importers.records import ReadOptions
from app.models.database import Database
from app.services import entries
from app.services.imports import import_file
from tests.conftest import NOW
from tests.importers.conftest import table_counts
from tests.importers.exports import TRICKY_MEMOS, csv_text, write

CLOCKIFY_HEADER = [
    "Project", "Client", "Description", "Task", "User", "Group", "Email", "Tags", "Billable",
    "Start Date", "Start Time", "End Date", "End Time", "Duration (h)", "Duration (decimal)",
    "Billable Rate (USD)", "Billable Amount (USD)",
]  # fmt: skip
HARVEST_HEADER = [
    "Date", "Client", "Project", "Project Code", "Task", "Notes", "Hours", "Hours Rounded",
    "Billable?", "Invoiced?", "Approved?", "First Name", "Last Name", "Roles", "Employee?",
    "Billable Rate", "Billable Amount", "Cost Rate", "Cost Amount", "Currency",
    "External Reference URL",
]  # fmt: skip
KIMAI_HEADER = [
    "Date", "From", "To", "Duration", "Rate", "User", "Customer", "Project", "Activity",
    "Description", "Exported", "Tags", "Hourly rate", "Fixed rate", "Internal rate",
]  # fmt: skip
NEW_YORK = ZoneInfo("America/New_York")


def clockify_rows(count: int, *, us: bool) -> list[list[str]]:
    """Clockify rows with US (MM/DD/YYYY, 12-hour) or European (DD/MM/YYYY, 24-hour) settings."""
    rows = []
    for n in range(count):
        begin = datetime(2026, 1, 5, 8, 0) + timedelta(hours=n)
        end = begin + timedelta(minutes=50)
        day = "%m/%d/%Y" if us else "%d/%m/%Y"
        clock = "%I:%M:%S %p" if us else "%H:%M:%S"
        rows.append([
            "Mobile app", "Gamma, LLC", TRICKY_MEMOS[n % len(TRICKY_MEMOS)], "", "Sam", "", "s@x.io",
            "", "Yes", begin.strftime(day), begin.strftime(clock), end.strftime(day),
            end.strftime(clock), "00:50:00", "0.83", "55.00", "45.83",
        ])  # fmt: skip
    return rows


@pytest.mark.parametrize("us", [True, False])
def test_clockify_detects_the_users_date_and_clock_settings(tmp_path: Path, us: bool) -> None:
    text = csv_text(CLOCKIFY_HEADER, clockify_rows(2000, us=us))
    parsed = clockify.parse(text, ReadOptions(zone=NEW_YORK))
    assert len(parsed.entries) == 2000 and not parsed.problems
    first = parsed.entries[0]
    assert first.start == datetime(2026, 1, 5, 13, 0, tzinfo=UTC)  # 08:00 in New York
    assert first.end - first.start == timedelta(minutes=50)
    assert (first.rate, first.currency, first.client) == (Decimal("55.00"), "USD", "Gamma, LLC")
    assert parsed.entries[13].start == datetime(2026, 1, 6, 2, 0, tzinfo=UTC)  # 9 PM local


def test_clockify_with_only_ambiguous_dates_needs_the_format() -> None:
    rows = clockify_rows(3, us=False)[:3]  # 05/01/2026 only: May 1st or 5 January?
    with pytest.raises(BadFile, match="give --date-format"):
        clockify.parse(csv_text(CLOCKIFY_HEADER, rows), ReadOptions(zone=UTC))
    parsed = clockify.parse(
        csv_text(CLOCKIFY_HEADER, rows), ReadOptions(zone=UTC, date_format="DD/MM/YYYY")
    )
    assert parsed.entries[0].start.date() == date(2026, 1, 5)


def test_harvest_places_each_days_hours_from_nine_in_file_order(tmp_path: Path) -> None:
    def row(day: str, project: str, notes: str, hours: str) -> list[str]:
        return [day, "Delta Co", project, "", "Dev", notes, hours, hours, "Yes", "No", "No",
                "Sam", "Doe", "", "Yes", "80.00", "", "", "", "EUR", ""]  # fmt: skip

    rows = [
        row("2026-01-05", "Portal", 'Call with "Ops", notes', "1.5"),
        row("2026-01-05", "Portal", "Sprint\nplanning", "0.25"),
        row("2026-01-06", "Website", "", "2:30"),
        row("2026-01-06", "Website", "nothing", "0"),
    ]
    parsed = harvest.parse(csv_text(HARVEST_HEADER, rows, newline="\n"), ReadOptions(zone=UTC))
    spans = [(e.start.strftime("%m-%d %H:%M"), e.end.strftime("%H:%M")) for e in parsed.entries]
    assert spans == [("01-05 09:00", "10:30"), ("01-05 10:30", "10:45"), ("01-06 09:00", "11:30")]
    assert [(p.line, p.reason) for p in parsed.problems] == [(6, "the entry has no hours")]
    assert (parsed.entries[0].rate, parsed.entries[0].currency) == (Decimal("80.00"), "EUR")


def test_harvest_import_twice_adds_nothing_the_second_time(db: Database, tmp_path: Path) -> None:
    rows = [
        ["2026-01-05", "Delta Co", "Portal", "", "Dev", f"task {n}", "0.5", "0.5", "Yes", "No",
         "No", "Sam", "Doe", "", "Yes", "80", "", "", "", "USD", ""]
        for n in range(12)
    ]  # fmt: skip
    path = write(tmp_path / "h.csv", csv_text(HARVEST_HEADER, rows), bom=True)
    assert (
        import_file(db, "harvest", path, options=ReadOptions(zone=UTC), now=NOW).entries_added == 12
    )
    assert (
        import_file(db, "harvest", path, options=ReadOptions(zone=UTC), now=NOW).entries_added == 0
    )
    week = entries.list_entries(db, start=datetime(2026, 1, 5, tzinfo=UTC), end=NOW, now=NOW)
    assert week[-1].end == datetime(2026, 1, 5, 15, 0, tzinfo=UTC) and all(e.imported for e in week)


def test_kimai_export_reads_rates_and_a_span_past_midnight() -> None:
    rows = [
        ["2026-01-05", "09:00", "10:30", "1:30", "90.00", "sam", "Epsilon, Inc.", "Shop", "Dev",
         'Checkout "v2", part 1', "", "", "60.00", "", ""],
        ["2026-01-05", "23:30", "00:30", "1:00", "60.00", "sam", "Epsilon, Inc.", "Shop", "Ops",
         "Night deploy", "", "", "60.00", "", ""],
    ]  # fmt: skip
    parsed = kimai.parse(csv_text(KIMAI_HEADER, rows), ReadOptions(zone=UTC))
    night = parsed.entries[1]
    assert (night.start, night.end) == (
        datetime(2026, 1, 5, 23, 30, tzinfo=UTC),
        datetime(2026, 1, 6, 0, 30, tzinfo=UTC),
    )
    assert (
        parsed.entries[0].rate == Decimal("60.00") and parsed.entries[0].client == "Epsilon, Inc."
    )


@pytest.mark.parametrize(
    ("fmt", "header", "row", "message"),
    [
        ("clockify", CLOCKIFY_HEADER, None, "not a Clockify detailed CSV: no column “Project”"),
        ("harvest", HARVEST_HEADER, ["2026-01-05", "C", "P", "", "", "", "many", "", "", "", "",
                                     "", "", "", "", "", "", "", "", "", ""], "“many” is not a number of hours"),
        ("kimai", KIMAI_HEADER, ["2026-01-05", "9am", "10:00", "", "", "", "C", "P", "", "", "",
                                 "", "", "", ""], "“9am” is not a time of day"),
        ("kimai", KIMAI_HEADER, ["2026-01-05", "09:00", "10:00", "", "", "", "C", "P", "", "", "",
                                 "", "12.345", "", ""], "is not an amount in cents"),
    ],
)  # fmt: skip
def test_broken_files_are_refused_and_nothing_is_written(
    db: Database, tmp_path: Path, fmt: str, header: list[str], row: list[str] | None, message: str
) -> None:
    text = csv_text(["Date", "Oops"], [["a", "b"]]) if row is None else csv_text(header, [row])
    before = table_counts(db)
    with pytest.raises(UserError, match=message):
        import_file(
            db, fmt, write(tmp_path / "f.csv", text), options=ReadOptions(zone=UTC), now=NOW
        )
    assert table_counts(db) == before
