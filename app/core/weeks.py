"""The Upwork billing week: Monday 00:00 UTC to the next Monday 00:00 UTC, half-open.

Instants are aware datetimes; a week is named by its ISO week ("2026-W48") read in UTC.
Bucket arithmetic on epoch seconds works because 1970-01-05 was a Monday.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from app.core.errors import UserError
from app.core.text import quoted

WEEK_SECONDS = 604_800
#: Seconds from the epoch (a Thursday) to the first Monday 00:00 UTC, 1970-01-05.
FIRST_MONDAY = 345_600
_FIRST_MONDAY_ORDINAL = date(1970, 1, 5).toordinal()
_ISO_WEEK = re.compile(r"^\s*(\d{4})-?W(\d{1,2})\s*$", re.IGNORECASE)


@dataclass(frozen=True, order=True)
class BillingWeek:
    """One billing week, identified by the Monday (UTC) it starts on."""

    monday: date

    @property
    def starts_at(self) -> datetime:
        """Monday 00:00 UTC: the first instant of the week (inclusive)."""
        return datetime(self.monday.year, self.monday.month, self.monday.day, tzinfo=UTC)

    @property
    def ends_at(self) -> datetime:
        """The next Monday 00:00 UTC: the end of the week (exclusive)."""
        return self.starts_at + timedelta(days=7)

    @property
    def label(self) -> str:
        """The ISO week name, e.g. "2026-W48"."""
        year, week, _ = self.monday.isocalendar()
        return f"{year}-W{week:02d}"

    @property
    def bucket(self) -> int:
        """The week's number counted from 1970-01-05 (the integer used in SQL)."""
        return (self.monday.toordinal() - _FIRST_MONDAY_ORDINAL) // 7

    @property
    def available_on(self) -> date:
        """When an hourly week's earnings become available: the Wednesday 10 days after it ends.

        Counted from the week's last day, Sunday: Monday + 6 + 10 days.
        """
        return self.monday + timedelta(days=16)

    def next(self) -> BillingWeek:
        """The week after this one."""
        return BillingWeek(self.monday + timedelta(days=7))

    def previous(self) -> BillingWeek:
        """The week before this one."""
        return BillingWeek(self.monday - timedelta(days=7))

    def contains(self, instant: datetime) -> bool:
        """Whether an instant falls in this week (start inclusive, end exclusive)."""
        return self.starts_at <= instant < self.ends_at

    @classmethod
    def of(cls, instant: datetime) -> BillingWeek:
        """The billing week that contains an aware instant."""
        utc = require_aware(instant).astimezone(UTC)
        return cls(utc.date() - timedelta(days=utc.weekday()))

    @classmethod
    def from_bucket(cls, bucket: int) -> BillingWeek:
        """The billing week with a given bucket number."""
        return cls(date.fromordinal(_FIRST_MONDAY_ORDINAL + 7 * bucket))

    @classmethod
    def parse(cls, text: str) -> BillingWeek:
        """Read an ISO week name such as "2026-W48" (or "2026W48")."""
        match = _ISO_WEEK.match(text)
        if not match:
            raise UserError(f"week must look like 2026-W48, not {quoted(text.strip(), 40)}")
        year, week = int(match.group(1)), int(match.group(2))
        try:
            monday = date.fromisocalendar(year, week, 1)
        except ValueError:
            raise UserError(f"{year} has no week {week}") from None
        return cls(monday)


def require_aware(instant: datetime) -> datetime:
    """Return the instant unchanged, or raise if it carries no time zone."""
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError("naive datetime: an instant needs a time zone")
    return instant


def bucket_of(epoch_seconds: int) -> int:
    """The billing-week bucket of an instant given in epoch seconds."""
    return (epoch_seconds - FIRST_MONDAY) // WEEK_SECONDS


def bucket_start(bucket: int) -> int:
    """The epoch second at which a bucket's week starts."""
    return bucket * WEEK_SECONDS + FIRST_MONDAY


def split_by_week(start: int, end: int) -> list[tuple[int, int, int]]:
    """Split a half-open span of epoch seconds at week boundaries: (bucket, start, end) parts."""
    parts: list[tuple[int, int, int]] = []
    cursor = start
    while cursor < end:
        bucket = bucket_of(cursor)
        part_end = min(end, bucket_start(bucket + 1))
        parts.append((bucket, cursor, part_end))
        cursor = part_end
    return parts
