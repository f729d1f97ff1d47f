"""How values look on paper: money, durations, dates, and user text made safe to print.

Pure functions, no reportlab: the data builders use them so tests can check the exact
strings that end up on the page.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from app.core.money import round_cents

#: Longest user text printed in one table cell; longer text ends in "…".
MEMO_PRINT_MAX = 500
#: Most line breaks kept in one cell; later ones become spaces (a cell must fit a page).
MEMO_PRINT_LINES = 8
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
HOUR = Decimal(3600)


def printable(text: str, *, limit: int = MEMO_PRINT_MAX, max_lines: int = MEMO_PRINT_LINES) -> str:
    """User text as it is printed: lone surrogates replaced, few line breaks, visibly shortened."""
    clean = "".join("\ufffd" if 0xD800 <= ord(char) <= 0xDFFF else char for char in text)
    lines = clean.strip().splitlines()
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], " ".join(lines[max_lines - 1 :])]
    joined = "\n".join(lines)
    return joined if len(joined) <= limit else joined[: limit - 1].rstrip() + "…"


def money_text(amount: Decimal) -> str:
    """An amount with two decimals and thousands separators ("1,250.00")."""
    return f"{round_cents(amount) + 0:,.2f}"  # adding zero: never "-0.00"


def hours_decimal(seconds: int) -> Decimal:
    """Seconds as hours with two decimals, rounded half-up (the printed quantity)."""
    return (Decimal(seconds) / HOUR).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


#: Hours are stored with six decimals: exact to well under a second.
HOURS_STEP = Decimal("0.000001")


def hours_quantity(seconds: int) -> Decimal:
    """Seconds as hours with six decimals (half-up), the stored quantity of a time line."""
    return (Decimal(seconds) / HOUR).quantize(HOURS_STEP, rounding=ROUND_HALF_UP)


def quantity_seconds(hours: Decimal) -> int:
    """The whole seconds a stored hours quantity stands for."""
    return int((hours * HOUR).to_integral_value(rounding=ROUND_HALF_UP))


def clock_text(seconds: int, *, with_seconds: bool = False) -> str:
    """A duration as H:MM, or H:MM:SS when seconds matter."""
    hours, rest = divmod(max(seconds, 0), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if with_seconds else f"{hours}:{minutes:02d}"


def day_text(day: date) -> str:
    """A date with its weekday, independent of the system locale ("Mon 2 Mar 2026")."""
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def offset_text(instant: datetime) -> str:
    """The UTC offset of an aware instant ("UTC", "UTC+05:30", "UTC-04:00")."""
    offset = instant.utcoffset() or timedelta(0)
    if not offset:
        return "UTC"
    sign = "+" if offset > timedelta(0) else "-"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def moment_text(instant: datetime) -> str:
    """An instant in its own zone with weekday, time and offset ("Mon 2 Mar 2026 05:30 UTC+05:30")."""
    return f"{day_text(instant.date())} {instant:%H:%M} {offset_text(instant)}"
