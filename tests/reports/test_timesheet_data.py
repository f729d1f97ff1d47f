"""The timesheet's rows and totals, built by a pure function and checked exactly."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from app.core.weeks import BillingWeek
from app.reports.timesheet_data import (
    Party,
    SheetContract,
    SheetDay,
    SheetEntry,
    SheetRow,
    TimesheetData,
    build_timesheet,
    document_id,
)

W10 = BillingWeek.parse("2026-W10")
CONTRACT = SheetContract(
    contract_id=3,
    title="API work",
    freelancer=Party("Priya Sharma", ("12 MG Road", "priya@example.com")),
    client=Party("Acme Ltd", ("ap@acme.example",)),
    currency="USD",
    rate=Decimal("60.00"),
    weekly_limit_seconds=3 * 3600,
)


def at(day: int, h: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, h, minute, tzinfo=UTC)


ENTRIES = [
    SheetEntry(1, at(1, 23), at(2, 1), "timer", "late night deploy"),
    SheetEntry(2, at(2, 9), at(2, 10, 30), "manual", "R&D <b>unclosed &"),
    SheetEntry(3, at(3, 9), at(3, 10), "timer", ""),
    SheetEntry(4, at(8, 23, 30), at(9, 0, 30), "timer", "Διόρθωση"),
    SheetEntry(5, at(10, 9), at(10, 10), "timer", "next week: not on this sheet"),
]


def test_rows_per_day_and_totals_exactly():
    data = build_timesheet(CONTRACT, W10, ENTRIES, zone=UTC)
    assert data.days == (
        SheetDay(
            date(2026, 3, 2),
            (
                SheetRow(
                    1, at(2, 0), at(2, 1), 3600, 3600, 0, "late night deploy", False, False, True
                ),
                SheetRow(
                    2,
                    at(2, 9),
                    at(2, 10, 30),
                    5400,
                    5400,
                    0,
                    "R&D <b>unclosed &",
                    True,
                    False,
                    False,
                ),
            ),
            9000,
        ),
        SheetDay(
            date(2026, 3, 3),
            (SheetRow(3, at(3, 9), at(3, 10), 3600, 3600, 1800, "", False, False, False),),
            3600,
        ),
        SheetDay(
            date(2026, 3, 8),
            (
                SheetRow(
                    4, at(8, 23, 30), at(9, 0), 1800, 1800, 1800, "Διόρθωση", False, False, True
                ),
            ),
            1800,
        ),
    )
    totals = (
        data.tracked_seconds,
        data.counted_seconds,
        data.billable_seconds,
        data.over_limit_seconds,
    )
    assert totals == (14400, 14400, 10800, 3600)
    assert data.amount == Decimal("180.00")
    assert data.document_id == "TS-3-2026-W10"
    assert data.show_seconds is False


def test_days_are_local_calendar_days_and_the_week_is_shown_in_local_time():
    india = ZoneInfo("Asia/Kolkata")
    entries = [SheetEntry(7, at(2, 20), at(2, 21), "timer", "evening in UTC, night in India")]
    data = build_timesheet(CONTRACT, W10, entries, zone=india)
    [day] = data.days
    assert day.day == date(2026, 3, 3)
    assert (day.rows[0].start.hour, day.rows[0].start.minute) == (1, 30)
    assert data.local_starts_at == datetime(2026, 3, 2, 5, 30, tzinfo=india)
    assert data.local_ends_at == datetime(2026, 3, 9, 5, 30, tzinfo=india)


def test_rounding_counts_each_entry_up_and_seconds_show_when_needed():
    rounded = dataclasses.replace(CONTRACT, rounding_seconds=600, weekly_limit_seconds=None)
    entries = [
        SheetEntry(1, at(2, 9), at(2, 9, 1), "timer", "a"),
        SheetEntry(2, at(2, 10), at(2, 10, 11) + timedelta(seconds=5), "timer", "b"),
    ]
    data = build_timesheet(rounded, W10, entries, zone=UTC)
    assert [(r.seconds, r.counted_seconds) for r in data.rows] == [(60, 600), (665, 1200)]
    assert (data.tracked_seconds, data.counted_seconds, data.billable_seconds) == (725, 1800, 1800)
    assert data.amount == Decimal("30.00")
    assert data.show_seconds is True


def test_an_empty_week_is_a_valid_timesheet():
    data = build_timesheet(CONTRACT, W10, [], zone=UTC)
    assert data.days == ()
    assert (data.tracked_seconds, data.billable_seconds, data.amount) == (0, 0, Decimal("0.00"))


def test_a_running_timer_is_marked():
    data = build_timesheet(
        CONTRACT, W10, [SheetEntry(1, at(4, 9), at(4, 9, 45), "timer", "x", running=True)]
    )
    assert data.rows[0].running is True


def test_an_absurdly_long_memo_is_shortened_visibly():
    data = build_timesheet(CONTRACT, W10, [SheetEntry(1, at(2, 9), at(2, 10), "timer", "λ" * 3000)])
    assert len(data.rows[0].memo) == 500
    assert data.rows[0].memo.endswith("…")


def test_the_fingerprint_follows_the_content_not_the_display_zone():
    base = build_timesheet(CONTRACT, W10, ENTRIES, zone=UTC).fingerprint
    assert len(base) == 12
    assert int(base, 16) >= 0
    assert (
        build_timesheet(
            CONTRACT, W10, list(reversed(ENTRIES)), zone=ZoneInfo("Asia/Kolkata")
        ).fingerprint
        == base
    )
    edited = [*ENTRIES[:1], dataclasses.replace(ENTRIES[1], memo="R&D"), *ENTRIES[2:]]
    assert build_timesheet(CONTRACT, W10, edited).fingerprint != base
    cheaper = dataclasses.replace(CONTRACT, rate=Decimal("59.00"))
    assert build_timesheet(cheaper, W10, ENTRIES).fingerprint != base
    # Entries outside the week do not change the document.
    assert build_timesheet(CONTRACT, W10, ENTRIES[:4]).fingerprint == base


def test_a_timesheet_has_no_place_for_the_fee_or_take_home():
    names = {
        f.name
        for cls in (TimesheetData, SheetContract, SheetRow, SheetDay)
        for f in dataclasses.fields(cls)
    }
    assert not {name for name in names if "fee" in name or "net" in name or "take" in name}


def test_document_id():
    assert document_id(12, BillingWeek.parse("2027-W01")) == "TS-12-2027-W01"
