"""Money: exact Decimal amounts in code, integer cents in storage.

Amounts are built from `str` or `int`, never from `float`; every quantize names its
rounding mode.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from app.core.errors import UserError
from app.core.text import quoted

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
#: Largest amount accepted from a user (one hundred million in any currency).
MAX_AMOUNT = Decimal("100000000.00")

#: The one shape of money typed by a user: digits, optionally grouped by commas in threes
#: ("1,250.50"), and decimals after a point. No exponent ("1e3"), underscore ("1_000") or
#: currency sign ("$5"): a foreign format is refused, never guessed.
_NOT_FINITE = frozenset({"nan", "snan", "inf", "infinity"})
_AMOUNT = re.compile(r"[+-]?(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d+)?")

#: ISO 4217 codes offered to users; all of them use two decimals.
KNOWN_CURRENCIES = frozenset(
    {
        "USD",
        "EUR",
        "GBP",
        "CAD",
        "AUD",
        "NZD",
        "CHF",
        "SEK",
        "NOK",
        "DKK",
        "PLN",
        "CZK",
        "HUF",
        "RON",
        "BGN",
        "INR",
        "PKR",
        "BDT",
        "PHP",
        "IDR",
        "MYR",
        "SGD",
        "HKD",
        "CNY",
        "ZAR",
        "NGN",
        "KES",
        "EGP",
        "UAH",
        "TRY",
        "BRL",
        "MXN",
        "ARS",
        "COP",
        "CLP",
        "PEN",
        "ILS",
        "AED",
        "SAR",
        "LKR",
        "NPR",
        "VND",
        "THB",
    }
)


def round_cents(amount: Decimal) -> Decimal:
    """Round an amount to whole cents, half away from zero (commercial rounding)."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def to_cents(amount: Decimal) -> int:
    """Turn an amount with at most two decimals into integer cents."""
    cents = amount * 100
    if cents != cents.to_integral_value():
        raise ValueError(f"{amount} has more than two decimals")
    return int(cents)


def from_cents(cents: int) -> Decimal:
    """Turn integer cents into a Decimal amount with two decimals."""
    return (Decimal(cents) / 100).quantize(CENT)


def parse_amount(
    text: str,
    *,
    what: str = "amount",
    allow_negative: bool = False,
    allow_zero: bool = True,
) -> Decimal:
    """Read an amount typed by a user ("1,250.50", "600") or refuse it clearly.

    This is the only way money is made from text; see `_AMOUNT` for what it accepts.
    """
    cleaned = text.strip()
    if not cleaned:
        raise UserError(f"{what} must not be empty: type a number like 12.50")
    if not _AMOUNT.fullmatch(cleaned):
        if "," in cleaned:
            # "12,50" is a decimal comma, not twelve hundred and fifty: refuse, never guess.
            raise UserError(
                f"{what} must be a number like 1,250.50 (commas only between groups of three"
                f" digits), not {quoted(cleaned, 40)}"
            )
        if cleaned.lstrip("+-").lower() in _NOT_FINITE:
            raise UserError(f"{what} must be a finite number, not {quoted(cleaned, 40)}")
        if any(mark in cleaned.lower() for mark in "$€£_e"):
            raise UserError(
                f"{what} must be a number like 1250.50 (no currency sign, exponent or"
                f" underscore), not {quoted(cleaned, 40)}"
            )
        raise UserError(f"{what} must be a number like 12.50, not {quoted(cleaned, 40)}")
    try:
        value = Decimal(cleaned.replace(",", ""))
    except InvalidOperation:
        raise UserError(f"{what} must be a number like 12.50, not {quoted(cleaned, 40)}") from None
    if not value.is_finite():
        raise UserError(f"{what} must be a finite number, not {quoted(text.strip(), 40)}")
    return check_amount(value, what=what, allow_negative=allow_negative, allow_zero=allow_zero)


def check_amount(
    value: Decimal,
    *,
    what: str = "amount",
    allow_negative: bool = False,
    allow_zero: bool = True,
) -> Decimal:
    """Refuse an amount that cannot be money (not finite, over two decimals, too large)."""
    if not isinstance(value, Decimal) or not value.is_finite():
        raise UserError(f"{what} must be a finite number")
    # Size first: quantizing a huge exponent (1E+30) overflows the decimal context.
    if abs(value) > MAX_AMOUNT:
        raise UserError(f"{what} is too large (at most {MAX_AMOUNT:,})")
    if value != value.quantize(CENT, rounding=ROUND_HALF_UP):
        raise UserError(f"{what} has more than two decimals: {value}")
    if value < 0 and not allow_negative:
        raise UserError(f"{what} must not be negative")
    if value == 0 and not allow_zero:
        raise UserError(f"{what} must be more than zero")
    return value.quantize(CENT) + ZERO  # adding zero turns -0.00 into 0.00


def parse_rate(text: str, *, what: str = "rate") -> Decimal:
    """Read a percentage typed by a user ("10", "12.5%") as a fraction (0.10, 0.125)."""
    cleaned = text.strip().rstrip("%").strip()
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise UserError(
            f"{what} must be a percentage like 10 or 12.5, not {quoted(text.strip(), 40)}"
        ) from None
    if not value.is_finite() or value < 0 or value > 100:
        raise UserError(f"{what} must be between 0 and 100 percent")
    return value / 100


def json_money(amount: Decimal) -> str:
    """Format an amount for JSON: a plain string with two decimals ("110.00")."""
    return f"{round_cents(amount) + ZERO:.2f}"  # never "-0.00"


def check_currency(code: str) -> str:
    """Return a known ISO 4217 currency code in upper case, or refuse it."""
    upper = code.strip().upper()
    if upper not in KNOWN_CURRENCIES:
        raise UserError(f"unknown currency {quoted(code.strip(), 10)}; use a code like USD or EUR")
    return upper
