"""Durations and time spans typed the way people write them: 1h30, 90m, 1:30, 9-10:30.

One reader for the window and the command line. A bare number is hours ("1.5" is an
hour and a half, as in Harvest); "m" or "min" marks minutes; "h:mm" is hours and
minutes. A span is two times of day joined by "-", "–" or "to"; a time is "9", "9:30",
"0930", with an optional "am"/"pm". The end of a span may be before its start (it ends
the next day): callers decide what that means.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from app.core.errors import UserError

#: The longest duration anyone types for one stretch of work (a week).
MAX_SECONDS = 7 * 24 * 3600
EXAMPLES = "like 1h30, 90m, 1:30 or 1.5"

_NUMBER = r"\d+(?:[.,]\d+)?"
_UNITS = re.compile(
    rf"^(?:(?P<hours>{_NUMBER})\s*h(?:ours?|rs?)?)?\s*"
    rf"(?:(?P<minutes>{_NUMBER})\s*(?:m|min|mins|minutes?)?)?$"
)
_CLOCK = re.compile(r"^(?P<hours>\d+):(?P<minutes>[0-5]\d)(?::(?P<seconds>[0-5]\d))?$")
_TIME = re.compile(r"^(?P<hour>\d{1,2})(?:[:.h]?(?P<minute>[0-5]\d))?\s*(?P<half>am|pm|a|p)?$")
_SPAN_JOIN = re.compile(r"\s*(?:-|–|—|\bto\b)\s*")


@dataclass(frozen=True)
class Span:
    """Two times of day typed as "9-10:30"; `end` may be earlier (the next day)."""

    start: time
    end: time


def parse_duration(text: str, *, what: str = "duration") -> int:
    """Seconds in a typed duration ("1h30", "90m", "1:30", "1.5"); refuses anything else."""
    cleaned = " ".join(str(text).strip().lower().split())
    seconds = _clock_seconds(cleaned)
    if seconds is None:
        seconds = _unit_seconds(cleaned, what=what)
    if seconds <= 0:
        raise UserError(f"{what} must be more than zero")
    if seconds > MAX_SECONDS:
        raise UserError(f"{what} is too long (at most a week)")
    return seconds


def duration_hours(text: str, *, what: str = "duration") -> Decimal:
    """A typed duration as hours ("12h30" → 12.5), for settings counted in hours."""
    cleaned = str(text).strip().replace(",", ".")
    try:
        plain = Decimal(cleaned)
    except InvalidOperation:
        plain = None
    if plain is not None and plain.is_finite():
        return plain  # "20" or "7.5" stays exactly as typed
    return Decimal(parse_duration(text, what=what)) / Decimal(3600)


def parse_span(text: str, *, what: str = "time span") -> Span:
    """Two times of day from "9-10:30", "9:15 to 12", "9am-1pm"; refuses anything else."""
    parts = _SPAN_JOIN.split(str(text).strip().lower(), maxsplit=1)
    if len(parts) != 2 or not all(parts):
        raise UserError(f"{what} must be two times like 9-10:30")
    start, end = (parse_time_of_day(part, what=what) for part in parts)
    if start == end:
        raise UserError(f"{what} starts and ends at the same time")
    return Span(start, end)


def parse_time_of_day(text: str, *, what: str = "time") -> time:
    """A time of day as typed: "9", "9:30", "0930", "9.30", "2pm", "14:05"."""
    found = _TIME.match(str(text).strip().lower())
    if found is None:
        raise UserError(f"{what}: {text.strip()[:20]!s} is not a time like 9:30")
    hour, minute = int(found["hour"]), int(found["minute"] or 0)
    half = found["half"]
    if half is not None:
        if not 1 <= hour <= 12:
            raise UserError(f"{what}: {hour} is not an hour on a 12-hour clock")
        hour = hour % 12 + (12 if half.startswith("p") else 0)
    if hour > 23:
        raise UserError(f"{what}: {hour} is not an hour of the day")
    return time(hour, minute)


def _clock_seconds(text: str) -> int | None:
    """Seconds in "h:mm" or "h:mm:ss", or None if the text is not written so."""
    found = _CLOCK.match(text)
    if found is None:
        return None
    return int(found["hours"]) * 3600 + int(found["minutes"]) * 60 + int(found["seconds"] or 0)


def _unit_seconds(text: str, *, what: str) -> int:
    """Seconds in "1h30", "1.5h", "90m", "2 hours 15 min" or a bare number of hours."""
    found = _UNITS.match(text) if text else None
    if found is None or not (found["hours"] or found["minutes"]):
        raise UserError(f"{what} must be a duration {EXAMPLES}")
    hours = Decimal(found["hours"].replace(",", ".")) if found["hours"] else Decimal(0)
    minutes_text = found["minutes"]
    if minutes_text and not found["hours"] and not re.search(r"m", text):
        # A bare number ("1.5", "2") means hours.
        return _whole_seconds(Decimal(minutes_text.replace(",", ".")) * 3600)
    minutes = Decimal(minutes_text.replace(",", ".")) if minutes_text else Decimal(0)
    if found["hours"] and minutes_text and minutes >= 60 and not re.search(r"m", text):
        raise UserError(f"{what}: {text} has more than 59 minutes after the hours")
    return _whole_seconds(hours * 3600 + minutes * 60)


def _whole_seconds(seconds: Decimal) -> int:
    """Seconds rounded to the nearest whole second (half up)."""
    return int(seconds.to_integral_value(rounding=ROUND_HALF_UP))
