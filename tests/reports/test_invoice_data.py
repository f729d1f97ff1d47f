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
    milestone_lines,
    period_text,
)
from app.reports.printed import quantity_seconds
from app.reports.timesheet_data import SheetEntry

RATE = Decimal("45.00")
W10 = BillingWeek.parse("2026-W10").bucket


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
    # 10,810 s at 45.00 = 135.125 -> the week bills 135.13; 82.625 + 52.50 share it
    assert hour_lines(PARTS, rate=RATE, group_by="day", zone=UTC) == [
        LineDraft("Mon 2 Mar 2026: API; Review", Decimal("1.836111"), RATE, Decimal("82.63")),
        LineDraft("Tue 3 Mar 2026: API", Decimal("1.166667"), RATE, Decimal("52.50")),
    ]


def test_lines_per_memo_in_order_of_first_work():
    assert hour_lines(PARTS, rate=RATE, group_by="memo", zone=UTC) == [
        LineDraft("API", Decimal("2.500000"), RATE, Decimal("112.50")),
        LineDraft("Review", Decimal("0.336111"), RATE, Decimal("15.13")),
        LineDraft("Work without a memo", Decimal("0.166667"), RATE, Decimal("7.50")),
    ]


@pytest.mark.parametrize(
    ("seconds", "rate", "amount"),
    [
        ([1200], "60.00", "20.00"),  # 20 min at $60: was 0.33 h = 19.80
        ([60] * 60, "33.33", "33.33"),  # 60 one-minute entries: was 60 × 0.02 h = 40.00
        ([7], "60.00", "0.12"),  # a 7-second entry: was 0.00 h, dropped from the invoice
    ],
)
def test_an_invoice_bills_what_the_week_bills(seconds, rate, amount):
    parts = [BilledPart(i, at(2, 9) + timedelta(minutes=i), "m", s) for i, s in enumerate(seconds)]
    lines = hour_lines(parts, rate=Decimal(rate), group_by="day", zone=UTC)
    assert invoice_totals(lines, Decimal(0)).subtotal == Decimal(amount)
    assert sum(quantity_seconds(line.quantity) for line in lines) == sum(seconds)


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
        Decimal("135.13"),
        Decimal("25.67"),
        Decimal("160.80"),
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
        BilledPart(2, at(4, 8), "Wednesday", 3600, W10),
        BilledPart(3, at(9, 8), "next Monday", 7200, W10 + 1),
    ]


def test_entries_are_cut_at_the_period_and_week_edges():
    entries = [SheetEntry(1, at(1, 23), at(2, 1), "manual", "night")]
    week = BillingWeek.parse("2026-W10")
    parts = bill_period(entries, start=week.starts_at, end=week.ends_at, weekly_limit_seconds=None)
    assert parts == [BilledPart(1, at(2, 0), "night", 3600, W10)]
    cut = bill_period(entries, start=at(1, 23, 30), end=at(2, 0, 30), weekly_limit_seconds=None)
    assert [(p.start, p.billable_seconds) for p in cut] == [(at(1, 23, 30), 1800), (at(2, 0), 1800)]


def test_an_entry_is_rounded_once_across_the_week_and_the_range_edge():
    """Sunday 23:55 to Monday 00:05 UTC with 15-minute rounding bills 15 minutes in all."""
    entries = [SheetEntry(1, at(1, 23, 55), at(2, 0, 5), "timer", "night")]
    sunday_week = BillingWeek.parse("2026-W09")
    monday_week = BillingWeek.parse("2026-W10")
    billed = [
        sum(
            p.billable_seconds
            for p in bill_period(
                entries,
                start=week.starts_at,
                end=week.ends_at,
                weekly_limit_seconds=None,
                rounding_seconds=900,
            )
        )
        for week in (sunday_week, monday_week)
    ]
    assert billed == [300, 600]  # was 900 in each week
    # an invoice range edge inside the entry cuts it the same way
    halves = [
        bill_period(entries, start=a, end=b, weekly_limit_seconds=None, rounding_seconds=900)
        for a, b in ((at(1, 0), at(2, 0, 2)), (at(2, 0, 2), at(3, 0)))
    ]
    assert [sum(p.billable_seconds for p in half) for half in halves] == [420, 480]


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
        bucket=st.sampled_from([W10, W10 + 1, W10 + 2]),
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
    cent = Decimal("0.01")
    # reference: each billing week priced once, half-up, from its billable seconds
    weeks: dict[int, int] = {}
    for part in parts:
        weeks[part.bucket] = weeks.get(part.bucket, 0) + part.billable_seconds
    billed = sum(
        ((Decimal(s) * rate / 3600).quantize(cent, ROUND_HALF_UP) for s in weeks.values()),
        Decimal(0),
    )
    assert totals.subtotal == billed
    assert totals.subtotal == sum((line.amount for line in lines), Decimal(0))
    assert totals.tax == (totals.subtotal * tax).quantize(cent, ROUND_HALF_UP)
    assert totals.subtotal + totals.tax == totals.total
    for line in lines:
        seconds = quantity_seconds(line.quantity)
        assert seconds > 0
        # a line is its time times the rate, to within a cent (the rule printed on the page)
        assert abs(line.amount - Decimal(seconds) * line.unit_price / 3600) < cent
    # no time is lost or added: the printed times add up to the billable time
    assert sum(quantity_seconds(line.quantity) for line in lines) == sum(weeks.values())
