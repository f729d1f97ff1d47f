"""Turning command-line strings into checked values (errors become one clear line)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation

from app.core.errors import UserError
from app.core.instants import parse_instant
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
    return BillingWeek.of(now) if text is None else BillingWeek.parse(text)


def hours(text: str | None, *, what: str) -> Decimal | None:
    """An optional number of hours such as 20 or 7.5."""
    if text is None:
        return None
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise UserError(f"{what} must be a number of hours like 20 or 7.5") from None
    if not value.is_finite():
        raise UserError(f"{what} must be a finite number of hours")
    return value


def whole_number(text: str, *, what: str, low: int, high: int) -> int:
    """An integer within bounds."""
    try:
        value = int(text.strip())
    except ValueError:
        raise UserError(f"{what} must be a whole number") from None
    if not low <= value <= high:
        raise UserError(f"{what} must be between {low} and {high}")
    return value
