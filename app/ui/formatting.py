"""Turning numbers and instants into text for the screen, in the user's locale (babel)."""

from __future__ import annotations

import html
from datetime import date, datetime, tzinfo
from decimal import Decimal

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent

from app.core.instants import to_local

_FALLBACK = "en_US"
_locale: Locale | None = None


def set_locale(name: str) -> None:
    """Use a locale such as "de_DE" for every number and date shown (bad names: en_US)."""
    global _locale
    try:
        _locale = Locale.parse(name if name not in ("", "C", "POSIX") else _FALLBACK)
    except (UnknownLocaleError, ValueError):
        _locale = Locale.parse(_FALLBACK)


def locale() -> Locale:
    """The locale used for display (Qt's system locale, else en_US)."""
    if _locale is None:
        from PySide6.QtCore import QLocale

        set_locale(QLocale.system().name())
    assert _locale is not None
    return _locale


def money(amount: Decimal, currency: str) -> str:
    """An amount with its currency, formatted for the locale ("$1,250.00")."""
    return str(format_currency(amount + 0, currency, locale=locale()))  # never "-0.00"


def number(value: Decimal) -> str:
    """A plain decimal number with the locale's separators."""
    return str(format_decimal(value, locale=locale()))


def amount(value: Decimal) -> str:
    """An amount without a currency, with two decimals ("1,250.00")."""
    return str(format_decimal(value, "#,##0.00", locale=locale()))


def percent(rate: Decimal) -> str:
    """A fraction as a percentage ("10%", "12.5%")."""
    return str(format_percent(rate, "#,##0.##%", locale=locale()))


def duration(seconds: int) -> str:
    """Hours and minutes, "7:05" (minutes rounded down, as a clock would show)."""
    minutes = max(seconds, 0) // 60
    return f"{minutes // 60}:{minutes % 60:02d}"


def clock(seconds: int) -> str:
    """A running clock, "1:02:03"."""
    seconds = max(seconds, 0)
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def hours_words(seconds: int) -> str:
    """A duration in words for messages ("2 h 05 min", "45 min")."""
    minutes = max(seconds, 0) // 60
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d} min"


def local_time(instant: datetime, zone: tzinfo | None = None) -> str:
    """The local wall-clock time of an instant, "09:15"."""
    return to_local(instant, zone).strftime("%H:%M")


def local_day(day: date) -> str:
    """A day for headings, "Tuesday, 3 March"."""
    return str(format_date(day, "EEEE, d MMMM", locale=locale()))


def short_day(day: date) -> str:
    """A short day, "Mon 2 Mar"."""
    return str(format_date(day, "EEE d MMM", locale=locale()))


def local_stamp(instant: datetime, zone: tzinfo | None = None) -> str:
    """A short local day and time, "Mon 2 Mar 05:30"."""
    local = to_local(instant, zone)
    return f"{short_day(local.date())} {local:%H:%M}"


def utc_stamp(instant: datetime) -> str:
    """A short UTC day and time, "Mon 2 Mar 00:00 UTC"."""
    return f"{short_day(instant.date())} {instant:%H:%M} UTC"


PLATFORM_NAMES = {
    "upwork": "Upwork",
    "fiverr": "Fiverr",
    "freelancer": "Freelancer.com",
    "pph": "PeoplePerHour",
    "direct": "Direct",
}


#: The built-in fee schedules as people call them (the user's own keep the name they gave).
SCHEDULE_NAMES = {
    "upwork-2016": "Upwork sliding fee (20/10/5%)",
    "upwork-2023": "Upwork 10%",
    "fiverr": "Fiverr 20%",
    "freelancer": "Freelancer.com 10%",
    "pph": "PeoplePerHour tiers",
    "direct": "Direct (no fee)",
}


def schedule_name(schedule: str) -> str:
    """A fee schedule's name as a person reads it ("upwork-2016" → "Upwork sliding fee …")."""
    return SCHEDULE_NAMES.get(schedule, schedule)


def platform_name(platform: str) -> str:
    """A platform's name as its users write it."""
    return PLATFORM_NAMES.get(platform, platform.title())


def to_local_date(instant: datetime, zone: tzinfo | None = None) -> date:
    """The local calendar day of an instant."""
    return to_local(instant, zone).date()


#: How much of a long text a tooltip shows; the rest is a double-click away.
TIP_CHARACTERS = 600


def text_tip(text: str) -> str:
    """User text for a tooltip: shown as typed (never as markup), wrapped, cut when long."""
    body = f"<p style='white-space:pre-wrap'>{html.escape(text[:TIP_CHARACTERS])}</p>"
    more = len(text) - TIP_CHARACTERS
    if more > 0:
        body += f"<p><i>… and {more:,} more characters: double-click to read it all.</i></p>"
    return body
