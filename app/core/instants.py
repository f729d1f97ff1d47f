"""Reading and showing instants: UTC in storage, the user's local zone on screen."""

from __future__ import annotations

from contextlib import suppress
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from decimal import ROUND_HALF_UP, Decimal

from app.core.errors import UserError
from app.core.text import quoted

#: Instants outside these years are refused as typing mistakes.
EARLIEST_YEAR = 2000
LATEST_YEAR = 2100


def parse_instant(text: str, *, zone: tzinfo | None = None, what: str = "time") -> datetime:
    """Read an ISO 8601 time; without an offset it is local time. Returns aware UTC."""
    raw = text.strip()
    try:
        parsed = datetime.fromisoformat(raw)
    except ValueError:
        raise UserError(
            f"{what} must be an ISO 8601 time like 2026-03-02T09:00 or 2026-03-02T09:00:00Z,"
            f" not {quoted(raw, 40)}"
        ) from None
    # The year is checked before any zone arithmetic, which overflows near years 1 and 9999.
    if not EARLIEST_YEAR <= parsed.year <= LATEST_YEAR:
        raise UserError(f"{what} must be between {EARLIEST_YEAR} and {LATEST_YEAR}")
    if parsed.tzinfo is None:
        wall = parsed
        parsed = attach_local(wall, zone)
        if to_local(parsed.astimezone(UTC), zone).replace(tzinfo=None) != wall:
            raise UserError(
                f"{what} {raw[:40]} does not exist in your time zone (the clocks jumped"
                " forward then); give the time after the jump or add an offset such as +01:00"
            )
    check_sane_year(parsed, what=what)
    return parsed.astimezone(UTC).replace(microsecond=0)


def parse_day_or_instant(text: str, *, zone: tzinfo | None = None, what: str = "date") -> datetime:
    """A date ("2026-03-02": that day at 00:00 UTC, as statements date their lines) or an ISO time."""
    raw = text.strip()
    if len(raw) == 10:
        day = parse_date(raw, what=what)
        return datetime(day.year, day.month, day.day, tzinfo=UTC)
    try:
        return parse_instant(raw, zone=zone, what=what)
    except UserError:
        raise UserError(
            f"{what} must be a date like 2026-03-02 or a time like 2026-03-02T09:00,"
            f" not {quoted(raw, 40)}"
        ) from None


def attach_local(naive: datetime, zone: tzinfo | None = None) -> datetime:
    """Read a naive wall-clock time in `zone`, or in the system's zone (DST-aware) if None."""
    return naive.astimezone() if zone is None else naive.replace(tzinfo=zone)


def to_local(instant: datetime, zone: tzinfo | None = None) -> datetime:
    """Show an aware instant in `zone`, or in the system's local zone if None."""
    return instant.astimezone(zone)


def parse_date(text: str, *, what: str = "date") -> date:
    """Read an ISO date such as 2026-03-02."""
    try:
        parsed = date.fromisoformat(text.strip())
    except ValueError:
        raise UserError(
            f"{what} must be a date like 2026-03-02, not {quoted(text.strip(), 40)}"
        ) from None
    if not EARLIEST_YEAR <= parsed.year <= LATEST_YEAR:
        raise UserError(f"{what} must be between {EARLIEST_YEAR} and {LATEST_YEAR}")
    return parsed


def whole_second(instant: datetime) -> datetime:
    """The instant without its fraction of a second, as storage keeps it (epoch seconds).

    Services cut inputs to whole seconds first, so "end after start" is checked on what
    will actually be stored. An aware instant comes back in UTC: two instants of one zone
    compare by wall clock, which is wrong in the hour a clock turns back. A naive one (or
    one at the very edge of the calendar) is kept as it is, for the checks to refuse.
    """
    if instant.tzinfo is not None:
        with suppress(OverflowError):
            instant = instant.astimezone(UTC)
    return instant.replace(microsecond=0)


def check_sane_year(instant: datetime, *, what: str = "time") -> None:
    """Refuse naive instants and implausible years (typing mistakes such as 0202 or 20266)."""
    if not isinstance(instant, datetime) or instant.utcoffset() is None:
        raise UserError(f"{what} needs a time zone (an aware datetime)")
    if not EARLIEST_YEAR <= instant.year <= LATEST_YEAR:
        raise UserError(f"{what} must be between {EARLIEST_YEAR} and {LATEST_YEAR}")


def start_of_local_day(day: date, zone: tzinfo | None = None) -> datetime:
    """The first instant of a local calendar day, as aware UTC."""
    naive = datetime.combine(day, time())
    return attach_local(naive, zone).astimezone(UTC)


def local_day_bounds(day: date, zone: tzinfo | None = None) -> tuple[datetime, datetime]:
    """The half-open UTC span of one local calendar day (23 or 25 hours across DST)."""
    return start_of_local_day(day, zone), start_of_local_day(day + timedelta(days=1), zone)


def to_epoch(instant: datetime) -> int:
    """Aware datetime to integer epoch seconds (sub-second part dropped)."""
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError("naive datetime: an instant needs a time zone")
    return int(instant.timestamp() // 1)


def from_epoch(seconds: int) -> datetime:
    """Integer epoch seconds to an aware UTC datetime."""
    return datetime.fromtimestamp(seconds, UTC)


def iso(instant: datetime | None) -> str | None:
    """ISO 8601 with an offset, for JSON; None stays None."""
    return None if instant is None else instant.isoformat()


def hours_text(seconds: int) -> str:
    """Seconds as hours with two decimals ("2.50"), rounded half-up."""
    return str((Decimal(seconds) / 3600).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
