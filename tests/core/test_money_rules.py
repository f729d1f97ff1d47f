"""Billing one hourly week: per-entry rounding, the weekly limit, protection, availability."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.errors import UserError
from app.core.money_rules import (
    ROUNDING_CHOICES,
    EntryBilling,
    EntrySpan,
    available_on_for_release,
    available_on_for_week,
    bill_week,
    price,
    round_up_seconds,
)
from app.core.weeks import BillingWeek

D = Decimal
HOUR = 3600
MONDAY = 1_772_409_600  # 2026-03-02 00:00 UTC, the start of 2026-W10


def span(
    entry_id: int, start_hour: float, hours: float, source: str = "timer", memo: str = "work"
) -> EntrySpan:
    """An entry starting `start_hour` hours into the week and lasting `hours`."""
    start = MONDAY + int(start_hour * HOUR)
    return EntrySpan(entry_id, start, start + int(hours * HOUR), source, memo)


@pytest.mark.parametrize(
    ("seconds", "step", "rounded"),
    [
        (0, 600, 0),
        (1, 600, 600),
        (600, 600, 600),
        (601, 600, 1200),
        (59, 0, 59),
        (61, 60, 120),
        (1, 900, 900),
        (361, 360, 720),
    ],
)
def test_round_up_seconds(seconds: int, step: int, rounded: int) -> None:
    assert round_up_seconds(seconds, step) == rounded


@pytest.mark.parametrize(
    ("seconds", "rate", "amount"),
    [
        (HOUR, "50.00", "50.00"),
        (90, "25.00", "0.63"),  # 0.625 rounds half-up
        (1, "1.00", "0.00"),
        (0, "80.00", "0.00"),
        (40 * HOUR, "37.50", "1500.00"),
    ],
)
def test_amount_for_seconds(seconds: int, rate: str, amount: str) -> None:
    assert price(seconds, D(rate)) == D(amount)


def test_without_a_limit_everything_counted_is_billed() -> None:
    bill = bill_week([span(1, 0, 1), span(2, 24, 1.5)], rate=D("40.00"), weekly_limit_seconds=None)
    assert (bill.tracked_seconds, bill.billable_seconds, bill.over_limit_seconds) == (
        9000,
        9000,
        0,
    )
    assert bill.amount == D("100.00")
    assert all(entry.protected for entry in bill.entries)


def test_time_over_the_weekly_limit_is_not_billed_nor_protected() -> None:
    spans = [span(2, 30, 1), span(1, 5, 1), span(3, 50, 1)]  # given out of order
    bill = bill_week(spans, rate=D("60.00"), weekly_limit_seconds=int(1.5 * HOUR))
    assert bill.entries == (
        EntryBilling(1, HOUR, HOUR, HOUR, 0, manual=False, has_memo=True, protected=True),
        EntryBilling(2, HOUR, HOUR, 1800, 1800, manual=False, has_memo=True, protected=False),
        EntryBilling(3, HOUR, HOUR, 0, HOUR, manual=False, has_memo=True, protected=False),
    )
    assert (bill.billable_seconds, bill.over_limit_seconds, bill.amount) == (
        5400,
        5400,
        D("90.00"),
    )


def test_rounding_is_per_entry_and_comes_before_the_limit() -> None:
    spans = [
        EntrySpan(1, MONDAY, MONDAY + 601, "timer", "a"),
        EntrySpan(2, MONDAY + HOUR, MONDAY + HOUR + 1, "timer", "b"),
    ]
    bill = bill_week(spans, rate=D("36.00"), weekly_limit_seconds=1500, rounding_seconds=600)
    assert (bill.tracked_seconds, bill.counted_seconds) == (602, 1800)
    assert [(e.counted_seconds, e.billable_seconds) for e in bill.entries] == [
        (1200, 1200),
        (600, 300),
    ]
    assert bill.amount == D("15.00")


@pytest.mark.parametrize(
    ("source", "memo", "manual", "has_memo", "protected"),
    [
        ("timer", "fixed the login bug", False, True, True),
        ("timer", "   ", False, False, False),
        ("timer", "", False, False, False),
        ("manual", "call with client", True, True, False),
        ("import", "from a CSV", False, True, False),
    ],
)
def test_protection_needs_the_timer_and_a_memo(
    source: str, memo: str, manual: bool, has_memo: bool, protected: bool
) -> None:
    bill = bill_week([span(1, 0, 2, source, memo)], rate=D("10.00"), weekly_limit_seconds=None)
    (entry,) = bill.entries
    assert (entry.manual, entry.has_memo, entry.protected) == (manual, has_memo, protected)
    assert bill.amount == D("20.00")  # manual time is billed all the same


def test_the_amount_is_rounded_once_on_the_total() -> None:
    spans = [
        EntrySpan(i, MONDAY + i * HOUR, MONDAY + i * HOUR + 60, "timer", "x") for i in range(3)
    ]
    # each minute is 0.1666..., which would round to 0.17 three times (0.51)
    assert bill_week(spans, rate=D("10.00"), weekly_limit_seconds=None).amount == D("0.50")


def test_a_zero_limit_bills_nothing_and_an_empty_week_is_zero() -> None:
    bill = bill_week([span(1, 0, 1)], rate=D("50.00"), weekly_limit_seconds=0)
    assert (bill.billable_seconds, bill.over_limit_seconds, bill.amount) == (0, HOUR, D("0.00"))
    empty = bill_week([], rate=D("50.00"), weekly_limit_seconds=None)
    assert (empty.tracked_seconds, empty.amount, empty.entries) == (0, D("0.00"), ())


@pytest.mark.parametrize(
    ("rate", "limit", "rounding", "message"),
    [
        ("-1.00", None, 0, "rate"),
        ("10.00", -1, 0, "limit"),
        ("10.00", None, -60, "rounding"),
    ],
)
def test_bad_week_settings_are_refused(
    rate: str, limit: int | None, rounding: int, message: str
) -> None:
    with pytest.raises(UserError, match=message):
        bill_week(
            [span(1, 0, 1)], rate=D(rate), weekly_limit_seconds=limit, rounding_seconds=rounding
        )


def test_bad_spans_are_refused() -> None:
    with pytest.raises(ValueError, match="ends before"):
        EntrySpan(1, MONDAY + 10, MONDAY, "timer", "")
    with pytest.raises(ValueError, match="source"):
        EntrySpan(1, MONDAY, MONDAY + 10, "clock", "")


def test_an_hourly_week_is_available_on_the_wednesday_ten_days_after() -> None:
    week = BillingWeek.parse("2026-W10")
    assert available_on_for_week(week) == date(2026, 3, 18)
    assert available_on_for_week(week).weekday() == 2


def test_a_release_is_available_five_days_later_as_a_utc_date() -> None:
    new_york = timezone(timedelta(hours=-5))
    assert available_on_for_release(datetime(2026, 3, 2, 23, 30, tzinfo=new_york)) == date(
        2026, 3, 8
    )
    assert available_on_for_release(datetime(2026, 3, 2, 23, 30, tzinfo=UTC)) == date(2026, 3, 7)
    with pytest.raises(ValueError, match="naive"):
        available_on_for_release(datetime(2026, 3, 2))


spans_in_a_week = st.lists(
    st.tuples(
        st.integers(0, 600_000),
        st.integers(0, 40_000),
        st.sampled_from(["timer", "manual", "import"]),
        st.sampled_from(["", "memo"]),
    ),
    max_size=12,
).map(
    lambda rows: [
        EntrySpan(i, MONDAY + start, MONDAY + start + length, source, memo)
        for i, (start, length, source, memo) in enumerate(rows)
    ]
)


@given(
    spans_in_a_week,
    st.one_of(st.none(), st.integers(0, 200_000)),
    st.sampled_from(ROUNDING_CHOICES),
    st.integers(0, 50_000).map(lambda cents: D(cents) / 100),
)
def test_week_totals_hold_together(
    spans: list[EntrySpan], limit: int | None, rounding: int, rate: Decimal
) -> None:
    bill = bill_week(spans, rate=rate, weekly_limit_seconds=limit, rounding_seconds=rounding)
    for entry in bill.entries:
        assert entry.billable_seconds + entry.over_limit_seconds == entry.counted_seconds
        assert entry.seconds <= entry.counted_seconds < entry.seconds + max(rounding, 1)
        assert not (entry.protected and (entry.manual or entry.over_limit_seconds))
    expected = bill.counted_seconds if limit is None else min(bill.counted_seconds, limit)
    assert bill.billable_seconds == expected
    assert bill.billable_seconds + bill.over_limit_seconds == bill.counted_seconds
    assert bill.amount == price(bill.billable_seconds, rate)
    starts = [s.start for s in sorted(spans, key=lambda s: s.entry_id)]
    assert [starts[e.entry_id] for e in bill.entries] == sorted(starts)


@given(
    st.integers(0, 10**7),
    st.integers(0, 10**6),
    st.one_of(st.none(), st.integers(0, 10**6)),
)
def test_the_integer_week_price_agrees_with_the_decimal_one(
    counted: int, rate_cents: int, limit: int | None
) -> None:
    from app.core.money import from_cents
    from app.core.money_rules import week_amount, week_amount_cents

    exact = week_amount(counted, rate=from_cents(rate_cents), weekly_limit_seconds=limit)
    fast = week_amount_cents(counted, rate_cents=rate_cents, weekly_limit_seconds=limit)
    assert from_cents(fast) == exact
