"""Billing one hourly week of one contract: rounding, the weekly limit, hourly protection.

Entries are taken in start order; billable time fills up to the weekly limit and the rest
is over the limit (not billed). The amount is computed once on the week's billable total,
so per-entry cents never add up to a different total. Hourly protection covers time
tracked live by the timer, with a memo, within the limit; manual time is billed (if the
client allows it) but never protected.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from app.core.errors import UserError
from app.core.money import round_cents
from app.core.weeks import BillingWeek, require_aware

SOURCES = ("timer", "manual", "import")
#: Per-entry rounding steps offered to users, in seconds: none, 1, 6, 10 and 15 minutes.
ROUNDING_CHOICES = (0, 60, 360, 600, 900)
#: Milestones and bonuses become available this long after the client releases them.
RELEASE_HOLD = timedelta(days=5)


@dataclass(frozen=True)
class EntrySpan:
    """A time entry's part inside one week: half-open epoch seconds, with source and memo."""

    entry_id: int
    start: int
    end: int
    source: str
    memo: str

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"entry {self.entry_id} ends before it starts")
        if self.source not in SOURCES:
            raise ValueError(f"entry {self.entry_id} has unknown source {self.source!r}")


@dataclass(frozen=True)
class EntryBilling:
    """How one entry was billed in its week, and whether hourly protection covers it."""

    entry_id: int
    seconds: int
    counted_seconds: int
    billable_seconds: int
    over_limit_seconds: int
    manual: bool
    has_memo: bool
    protected: bool


@dataclass(frozen=True)
class WeekBill:
    """The totals of one contract's hourly week and the billing of each entry."""

    tracked_seconds: int
    counted_seconds: int
    billable_seconds: int
    over_limit_seconds: int
    amount: Decimal
    entries: tuple[EntryBilling, ...]


def round_up_seconds(seconds: int, step: int) -> int:
    """Round a duration up to a whole number of `step` seconds (step 0: unchanged)."""
    if step < 0:
        raise UserError("the rounding step must not be negative")
    if step == 0:
        return seconds
    return (seconds + step - 1) // step * step


def amount_for_seconds(seconds: int, rate: Decimal) -> Decimal:
    """The amount for a duration at an hourly rate, rounded half-up to the cent."""
    return round_cents(Decimal(seconds) * rate / 3600)


def bill_week(
    spans: Sequence[EntrySpan],
    *,
    rate: Decimal,
    weekly_limit_seconds: int | None,
    rounding_seconds: int = 0,
) -> WeekBill:
    """Bill a week's entries at an hourly rate, up to the weekly limit (None: no limit)."""
    if rate < 0:
        raise UserError("the hourly rate must not be negative")
    if weekly_limit_seconds is not None and weekly_limit_seconds < 0:
        raise UserError("the weekly limit must not be negative")
    room = weekly_limit_seconds
    entries: list[EntryBilling] = []
    for span in sorted(spans, key=lambda s: (s.start, s.entry_id)):
        seconds = span.end - span.start
        counted = round_up_seconds(seconds, rounding_seconds)
        billable = counted if room is None else min(counted, room)
        if room is not None:
            room -= billable
        over = counted - billable
        has_memo = span.memo.strip() != ""
        entries.append(
            EntryBilling(
                entry_id=span.entry_id,
                seconds=seconds,
                counted_seconds=counted,
                billable_seconds=billable,
                over_limit_seconds=over,
                manual=span.source == "manual",
                has_memo=has_memo,
                protected=span.source == "timer" and has_memo and over == 0,
            )
        )
    billable_total = sum(e.billable_seconds for e in entries)
    return WeekBill(
        tracked_seconds=sum(e.seconds for e in entries),
        counted_seconds=sum(e.counted_seconds for e in entries),
        billable_seconds=billable_total,
        over_limit_seconds=sum(e.over_limit_seconds for e in entries),
        amount=amount_for_seconds(billable_total, rate),
        entries=tuple(entries),
    )


def available_on_for_week(week: BillingWeek) -> date:
    """When an hourly week's earnings become available to withdraw."""
    return week.available_on


def available_on_for_release(released_at: datetime) -> date:
    """When a released milestone or bonus becomes available: 5 days later, as a UTC date."""
    return (require_aware(released_at).astimezone(UTC) + RELEASE_HOLD).date()
