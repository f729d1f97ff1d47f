"""Turning command-line strings into checked values (errors become one clear line)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from app.core.durations import duration_hours, parse_duration
from app.core.errors import UserError
from app.core.instants import (
    EARLIEST_YEAR,
    LATEST_YEAR,
    parse_date,
    parse_instant,
    start_of_local_day,
)
from app.core.money import parse_amount
from app.core.weeks import BillingWeek


def amount(text: str | None, *, what: str, allow_negative: bool = False) -> Decimal | None:
    """An optional money amount."""
    return None if text is None else parse_amount(text, what=what, allow_negative=allow_negative)


def instant(text: str | None, *, what: str) -> datetime | None:
    """An optional ISO 8601 time (local when it has no offset)."""
    return None if text is None else parse_instant(text, what=what)


def week(text: str | None, *, now: datetime) -> BillingWeek:
    """An ISO week name, or the current billing week."""
    if text is None:
        return BillingWeek.of(now)
    parsed = BillingWeek.parse(text)
    # A week counts if one of its days is in the supported years (1999-W52 holds 2000-01-01).
    monday = parsed.monday
    if monday.year > LATEST_YEAR or (monday + timedelta(days=6)).year < EARLIEST_YEAR:
        raise UserError(
            f"week must be between {EARLIEST_YEAR} and {LATEST_YEAR}, not {text.strip()}"
        )
    return parsed


def hours(text: str | None, *, what: str) -> Decimal | None:
    """An optional number of hours such as 20, 7.5 or 7h30."""
    if text is None:
        return None
    try:
        return duration_hours(text, what=what)
    except UserError:
        raise UserError(f"{what} must be a number of hours like 20, 7.5 or 7h30") from None


def duration(text: str | None, *, what: str) -> timedelta | None:
    """An optional duration such as 1h30, 90m or 1:30."""
    return None if text is None else timedelta(seconds=parse_duration(text, what=what))


def whole_number(text: str, *, what: str, low: int, high: int) -> int:
    """An integer within bounds."""
    try:
        value = int(text.strip())
    except ValueError:
        raise UserError(f"{what} must be a whole number") from None
    if not low <= value <= high:
        raise UserError(f"{what} must be between {low} and {high}")
    return value


def local_days(first: str | None, last: str | None, *, need_end: bool) -> tuple[datetime, datetime]:
    """The half-open UTC span of local days from `first` to `last`, both included."""
    from app.services.exports import ALL_TIME  # loads SQLAlchemy: only the commands that need it

    if need_end and last is None:
        raise UserError("--from needs --to (the last day, included)")
    start = ALL_TIME[0] if first is None else start_of_local_day(parse_date(first, what="--from"))
    if last is None:
        return start, ALL_TIME[1]
    end = start_of_local_day(parse_date(last, what="--to") + timedelta(days=1))
    if end <= start:
        raise UserError("--to must not be before --from")
    return start, end


def day_text(day: date | None) -> str:
    """A date as ISO 8601, or empty."""
    return "" if day is None else day.isoformat()
