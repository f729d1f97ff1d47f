"""Reading the dates, clock times and durations that export files contain."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, tzinfo
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from app.core.errors import UserError
from app.core.import_formats import DATE_FORMATS as DATE_FORMATS
from app.core.instants import EARLIEST_YEAR, LATEST_YEAR, attach_local
from app.core.text import quoted
from app.importers.files import BadFile

_CLOCK = re.compile(r"^\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?\s*$")


def check_date_format(name: str) -> str:
    """The strptime pattern of a date format name such as DD/MM/YYYY."""
    pattern = DATE_FORMATS.get(name.strip().upper())
    if pattern is None:
        raise UserError(
            f"--date-format must be one of {', '.join(DATE_FORMATS)}, not {quoted(name)}"
        )
    return pattern


def pick_date_format(samples: Iterable[str], chosen: str | None) -> str:
    """The date format every sample date parses with; refuses when two could apply."""
    values = sorted({sample.strip() for sample in samples if sample.strip()})
    if chosen is not None:
        pattern = check_date_format(chosen)
        for value in values:
            _strict_date(value, pattern, name=chosen)
        return pattern
    fitting = [
        name
        for name, pattern in DATE_FORMATS.items()
        if all(_fits(value, pattern) for value in values)
    ]
    if not fitting:
        example = next((v for v in values if not _fits(v, DATE_FORMATS["YYYY-MM-DD"])), "?")
        raise BadFile(f"dates such as {quoted(example)} are in no known format; give --date-format")
    if len(fitting) > 1 and values:
        raise BadFile(
            f"dates such as {quoted(values[0])} could be {' or '.join(fitting)};"
            " give --date-format to say which"
        )
    return DATE_FORMATS[fitting[0]] if fitting else DATE_FORMATS["YYYY-MM-DD"]


def read_date(text: str, pattern: str, *, line: int) -> date:
    """A date in a known pattern, within the supported years."""
    try:
        day = datetime.strptime(text.strip(), pattern).date()
    except ValueError:
        raise BadFile(f"line {line}: {quoted(text.strip(), 30)} is not a date") from None
    if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
        raise BadFile(f"line {line}: the date {day} is outside {EARLIEST_YEAR}-{LATEST_YEAR}")
    return day


def read_clock(text: str, *, line: int) -> time:
    """A time of day such as 09:05, 09:05:30, 9:05 PM or 09:05:30 am."""
    match = _CLOCK.match(text)
    if not match:
        raise BadFile(f"line {line}: {quoted(text.strip(), 30)} is not a time of day")
    hour, minute, second = int(match[1]), int(match[2]), int(match[3] or 0)
    if match[4]:
        if not 1 <= hour <= 12:
            raise BadFile(f"line {line}: {quoted(text.strip())} is not a 12-hour time")
        hour = hour % 12 + (12 if match[4].lower() == "pm" else 0)
    if hour > 23 or minute > 59 or second > 59:
        raise BadFile(f"line {line}: {quoted(text.strip(), 30)} is not a time of day")
    return time(hour, minute, second)


def local_instant(day: date, clock: time, zone: tzinfo | None) -> datetime:
    """A wall-clock date and time in the exporter's zone, as aware UTC."""
    return attach_local(datetime.combine(day, clock), zone).astimezone(UTC)


def read_hours(text: str, *, line: int) -> Decimal:
    """Decimal hours ("0.33333", "7.5") or H:MM(:SS) ("1:30") as a Decimal number of hours."""
    raw = text.strip()
    if ":" in raw:
        parts = raw.split(":")
        if len(parts) in (2, 3) and all(part.isdigit() for part in parts):
            seconds = int(parts[0]) * 3600 + int(parts[1]) * 60
            seconds += int(parts[2]) if len(parts) == 3 else 0
            return Decimal(seconds) / 3600
        raise BadFile(f"line {line}: {quoted(raw, 30)} is not a duration")
    try:
        value = Decimal(raw.replace(",", "")) if raw else Decimal(0)
    except InvalidOperation:
        raise BadFile(f"line {line}: {quoted(raw, 30)} is not a number of hours") from None
    if not value.is_finite() or value < 0 or value > 10_000:
        raise BadFile(f"line {line}: {quoted(raw, 30)} is not a number of hours")
    return value


def hours_to_seconds(hours: Decimal) -> int:
    """Decimal hours as whole seconds, rounded half-up (0.33333 h is 1200 s)."""
    return int((hours * 3600).to_integral_value(rounding=ROUND_HALF_UP))


def _fits(value: str, pattern: str) -> bool:
    """Whether a date string parses with a pattern."""
    try:
        datetime.strptime(value, pattern)
    except ValueError:
        return False
    return True


def _strict_date(value: str, pattern: str, *, name: str) -> None:
    """Refuse a date that does not follow the format the user named."""
    if not _fits(value, pattern):
        raise BadFile(f"the date {quoted(value, 30)} is not in the format {name}")
