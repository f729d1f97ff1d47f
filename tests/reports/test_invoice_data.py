"""Invoice lines and totals: exact cases, and a property that the page always adds up."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.errors import UserError
from app.core.weeks import BillingWeek
from app.reports.invoice_data import (
    BilledPart,
    LineDraft,
    MilestoneItem,
    bill_period,
    hour_lines,
    invoice_totals,
    line_amount,
    milestone_lines,
    period_text,
)
from app.reports.timesheet_data import SheetEntry

RATE = Decimal("45.00")


def at(day: int, h: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, h, minute, tzinfo=UTC)


PARTS = [
    BilledPart(1, at(2, 9), "API", 5400),
    BilledPart(2, at(2, 13), "Review", 1210),
    BilledPart(3, at(3, 9), "API", 3600),
    BilledPart(4, at(3, 11), "", 600),
    BilledPart(5, at(4, 9), "over the limit", 0),
]


def test_lines_per_day_list_the_memos_of_the_day():
    assert hour_lines(PARTS, rate=RATE, group_by="day", zone=UTC) == [
        LineDraft("Mon 2 Mar 2026: API; Review", Decimal("1.84"), RATE, Decimal("82.80")),
        LineDraft("Tue 3 Mar 2026: API", Decimal("1.17"), RATE, Decimal("52.65")),
    ]


def test_lines_per_memo_in_order_of_first_work():
    assert hour_lines(PARTS, rate=RATE, group_by="memo", zone=UTC) == [
        LineDraft("API", Decimal("2.50"), RATE, Decimal("112.50")),
        LineDraft("Review", Decimal("0.34"), RATE, Decimal("15.30")),
        LineDraft("Work without a memo", Decimal("0.17"), RATE, Decimal("7.65")),
    ]


def test_days_are_local_days():
    lines = hour_lines(PARTS[:2], rate=RATE, group_by="day", zone=ZoneInfo("Pacific/Kiritimati"))
    assert [line.description for line in lines] == ["Mon 2 Mar 2026: API", "Tue 3 Mar 2026: Review"]


def test_unknown_grouping_is_refused():
    with pytest.raises(UserError, match="day or memo"):
        hour_lines(PARTS, rate=RATE, group_by="week")


def test_totals_are_the_sum_of_printed_lines_and_tax_rounded_once():
    lines = hour_lines(PARTS, rate=RATE, group_by="day", zone=UTC)
    totals = invoice_totals(lines, Decimal("0.19"))
    assert (totals.subtotal, totals.tax, totals.total) == (
        Decimal("135.45"),
        Decimal("25.74"),
        Decimal("161.19"),
    )


def test_milestone_lines():
    items = [
        MilestoneItem(1, "Design", "milestone", Decimal("500.00")),
        MilestoneItem(2, "Thanks", "bonus", Decimal("50.00")),
    ]
    assert milestone_lines(items) == [
        LineDraft("Design", Decimal(1), Decimal("500.00"), Decimal("500.00")),
        LineDraft("Thanks (bonus)", Decimal(1), Decimal("50.00"), Decimal("50.00")),
    ]


def test_the_weekly_limit_counts_time_before_the_period_in_the_same_week():
    entries = [
        SheetEntry(1, at(2, 8), at(2, 10), "timer", "Monday"),  # before the period
        SheetEntry(2, at(4, 8), at(4, 10), "timer", "Wednesday"),
        SheetEntry(3, at(9, 8), at(9, 10), "timer", "next Monday"),  # next week: fresh limit
    ]
    parts = bill_period(entries, start=at(3, 0), end=at(10, 0), weekly_limit_seconds=3 * 3600)
    assert parts == [
        BilledPart(2, at(4, 8), "Wednesday", 3600),
        BilledPart(3, at(9, 8), "next Monday", 7200),
    ]


def test_entries_are_cut_at_the_period_and_week_edges():
    entries = [SheetEntry(1, at(1, 23), at(2, 1), "manual", "night")]
    week = BillingWeek.parse("2026-W10")
    parts = bill_period(entries, start=week.starts_at, end=week.ends_at, weekly_limit_seconds=None)
    assert parts == [BilledPart(1, at(2, 0), "night", 3600)]
    cut = bill_period(entries, start=at(1, 23, 30), end=at(2, 0, 30), weekly_limit_seconds=None)
    assert [(p.start, p.billable_seconds) for p in cut] == [(at(1, 23, 30), 1800), (at(2, 0), 1800)]


def test_period_text():
    week = BillingWeek.parse("2026-W10")
    assert (
        period_text(week.starts_at, week.ends_at)
        == "2026-W10 (Mon 2 Mar 2026 to Sun 8 Mar 2026, UTC)"
    )
    assert period_text(at(1, 0), at(11, 0), UTC) == "Sun 1 Mar 2026 to Tue 10 Mar 2026"
    assert period_text(at(1, 0), at(2, 0), UTC) == "Sun 1 Mar 2026"
    assert period_text(None, None) == ""


parts_strategy = st.lists(
    st.builds(
        BilledPart,
        entry_id=st.integers(1, 10_000),
        start=st.integers(0, 60 * 24 * 30).map(lambda m: at(1, 0) + timedelta(minutes=m)),
        memo=st.sampled_from(["", "API", "R&D <b>", "Διόρθωση", "Исправление"]),
        billable_seconds=st.integers(0, 36_000),
    ),
    max_size=60,
)


@given(
    parts=parts_strategy,
    rate=st.decimals(min_value="0.01", max_value="999.99", places=2),
    tax=st.decimals(min_value="0", max_value="0.5", places=4),
    group_by=st.sampled_from(["day", "memo"]),
)
def test_the_page_always_adds_up(parts, rate, tax, group_by):
    lines = hour_lines(parts, rate=rate, group_by=group_by, zone=UTC)
    totals = invoice_totals(lines, tax)
    for line in lines:
        assert line.quantity == line.quantity.quantize(Decimal("0.01")) > 0
        assert line.amount == (line.quantity * line.unit_price).quantize(
            Decimal("0.01"), ROUND_HALF_UP
        )
        assert line.amount == line_amount(line.quantity, line.unit_price)
    assert totals.subtotal == sum((line.amount for line in lines), Decimal(0))
    assert totals.tax == (totals.subtotal * tax).quantize(Decimal("0.01"), ROUND_HALF_UP)
    assert totals.subtotal + totals.tax == totals.total
    billed = sum(p.billable_seconds for p in parts)
    # Each line's hours are rounded to 0.01 h (36 s), so at most 18 s per line is lost or added.
    assert abs(sum(line.quantity for line in lines) * 3600 - billed) <= 18 * (
        len(lines) + len(parts)
    )
