"""Reading Upwork's fields: amounts, dates, transaction types and hourly descriptions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation

from app.core.instants import EARLIEST_YEAR, LATEST_YEAR
from app.core.money import CENT
from app.core.text import quoted
from app.importers.files import BadFile

_DATE_PATTERNS = ("%b %d, %Y", "%B %d, %Y", "%m/%d/%Y", "%Y-%m-%d", "%d %b %Y")
#: "Invoice for 09/01/2026-09/07/2026 - 12:30 hrs @ $40.00/hr"
_HOURLY = re.compile(
    r"(?P<first>\d{1,2}/\d{1,2}/\d{4})\s*-\s*(?P<last>\d{1,2}/\d{1,2}/\d{4})"
    r"\s*-\s*(?P<hours>\d+):(?P<minutes>\d{2})\s*hrs?\s*@\s*\$?(?P<rate>[\d,]+(?:\.\d{1,2})?)",
    re.IGNORECASE,
)
_REF = re.compile(r"Ref\.?\s*ID[:#\s]*(?P<ref>\d{4,})", re.IGNORECASE)
_CONTRACT_ID = re.compile(r"^(?P<title>.*?)\s*\((?P<id>[^()]*\d[^()]*)\)\s*$")

#: Transaction type words to statement line kinds, the first match wins.
_KINDS = (
    (("vat", "gst", "tax"), "vat"),
    (("withdrawal fee",), "withdrawal-fee"),
    (("withdrawal",), "withdrawal"),
    (("connect",), "connects"),
    (("membership",), "membership"),
    (("service fee", "marketplace fee", "fee"), "service-fee"),
    (("refund",), "refund"),
    (("bonus",), "bonus"),
    (("hourly",), "hourly"),
    (("fixed", "milestone"), "fixed"),
)


@dataclass(frozen=True)
class HourlyInvoice:
    """What an hourly invoice's description says: its period, hours and rate."""

    first_day: date
    seconds: int
    rate: Decimal


def statement_kind(type_text: str) -> str:
    """The statement line kind of an Upwork transaction type ("Service Fee" → service-fee)."""
    words = type_text.strip().lower()
    for needles, kind in _KINDS:
        if any(needle in words for needle in needles):
            return kind
    return "other"


def read_money(text: str, *, line: int) -> Decimal:
    """An amount as Upwork writes it: "$1,234.56", "-$12.50", "(12.50)" or "-12.5"."""
    raw = text.strip()
    negative = raw.startswith("-") or (raw.startswith("(") and raw.endswith(")"))
    cleaned = raw.strip("()").lstrip("-+").replace("$", "").replace(",", "").strip()
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise BadFile(f"line {line}: {quoted(raw, 30)} is not an amount") from None
    if not value.is_finite() or value != value.quantize(CENT) or value > Decimal("100000000"):
        raise BadFile(f"line {line}: {quoted(raw, 30)} is not an amount in cents")
    return -value.quantize(CENT) if negative else value.quantize(CENT)


def read_day(text: str, *, line: int) -> datetime:
    """A statement date ("Sep 8, 2026", "09/08/2026" or "2026-09-08") as 00:00 UTC."""
    raw = " ".join(text.split())
    for pattern in _DATE_PATTERNS:
        try:
            day = datetime.strptime(raw, pattern)
        except ValueError:
            continue
        if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
            raise BadFile(
                f"line {line}: the date {quoted(raw)} is outside {EARLIEST_YEAR}-{LATEST_YEAR}"
            )
        return day.replace(tzinfo=UTC)
    raise BadFile(f"line {line}: {quoted(raw, 30)} is not a date")


def hourly_invoice(description: str) -> HourlyInvoice | None:
    """The period, hours and rate of "Invoice for 09/01/2026-09/07/2026 - 12:30 hrs @ $40.00/hr"."""
    match = _HOURLY.search(description)
    if match is None:
        return None
    try:
        first = datetime.strptime(match["first"], "%m/%d/%Y").date()
    except ValueError:
        return None
    seconds = int(match["hours"]) * 3600 + int(match["minutes"]) * 60
    return HourlyInvoice(first, seconds, Decimal(match["rate"].replace(",", "")))


def referenced_id(description: str) -> str:
    """The Ref ID a fee row names ("Service Fee for Ref ID 123456789"), or ""."""
    match = _REF.search(description)
    return "" if match is None else match["ref"]


def contract_and_id(text: str) -> tuple[str, str]:
    """A contract title and the id in parentheses: "Build API (12345678)" → both parts."""
    match = _CONTRACT_ID.match(text.strip())
    if match is None or not match["title"]:
        return text.strip(), ""
    return match["title"].strip(), match["id"].strip()
