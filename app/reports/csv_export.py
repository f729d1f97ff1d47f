"""CSV exports of time entries and invoices: UTF-8, a header row, ISO 8601 times with offset.

Text is data: the csv module quotes commas, quotes and line breaks, so no memo can break
a row. A text cell that a spreadsheet would run as a formula (starting with =, +, -, @)
gets a leading apostrophe, the usual guard against formula injection.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.instants import hours_text
from app.core.money import json_money
from app.core.weeks import BillingWeek
from app.reports.files import write_atomically

if TYPE_CHECKING:
    from app.services.invoices import InvoiceInfo
    from app.services.payments_ledger import LedgerLine
    from app.services.records import EntryInfo

ENTRY_HEADERS = (
    "id",
    "contract",
    "client",
    "billing_week",
    "start",
    "end",
    "seconds",
    "hours",
    "source",
    "manual",
    "locked",
    "memo",
)
INVOICE_HEADERS = (
    "number",
    "status",
    "contract",
    "client",
    "currency",
    "issue_date",
    "due_date",
    "paid_on",
    "period_start",
    "period_end",
    "lines",
    "subtotal",
    "tax_rate",
    "tax",
    "total",
    "created_at",
)
PAYMENT_HEADERS = (
    "date",
    "type",
    "contract",
    "client",
    "currency",
    "gross",
    "fee",
    "fee_rate",
    "net",
    "tax_set_aside",
    "available_on",
    "detail",
    "title",
)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(text: str) -> str:
    """Text for a CSV cell: lone surrogates replaced, formula-like text defused."""
    clean = "".join("\ufffd" if 0xD800 <= ord(char) <= 0xDFFF else char for char in text)
    return "'" + clean if clean.startswith(_FORMULA_STARTS) else clean


def instant_text(instant: datetime | None, zone: tzinfo | None = None) -> str:
    """An instant as ISO 8601 in local time with its offset; empty when missing."""
    return "" if instant is None else instant.astimezone(zone).isoformat()


def day_iso(day: date | None) -> str:
    """A date as ISO 8601; empty when missing."""
    return "" if day is None else day.isoformat()


def entry_rows(entries: Iterable[EntryInfo], zone: tzinfo | None = None) -> list[list[str]]:
    """The cells of the entries export, in header order."""
    return [
        [
            str(e.id),
            safe_text(e.contract_title),
            safe_text(e.client_name),
            BillingWeek.of(e.start).label,
            instant_text(e.start, zone),
            instant_text(e.end, zone),
            str(e.seconds),
            hours_text(e.seconds),
            e.source,
            "yes" if e.manual else "no",
            "yes" if e.locked else "no",
            safe_text(e.memo),
        ]
        for e in entries
    ]


def invoice_rows(invoices: Iterable[InvoiceInfo], zone: tzinfo | None = None) -> list[list[str]]:
    """The cells of the invoices export, in header order."""
    return [
        [
            safe_text(i.number or ""),
            i.status,
            safe_text(i.contract_title),
            safe_text(i.client_name),
            i.currency,
            day_iso(i.issue_date),
            day_iso(i.due_date),
            day_iso(i.paid_on),
            instant_text(i.period_start, zone),
            instant_text(i.period_end, zone),
            str(len(i.lines)),
            json_money(i.subtotal),
            f"{i.tax_rate.normalize():f}",
            json_money(i.tax),
            json_money(i.total),
            instant_text(i.created_at, zone),
        ]
        for i in invoices
    ]


def write_csv(out: Path, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> Path:
    """Write a header row and the rows to `out` as UTF-8 CSV (replaced atomically)."""

    def write(path: str) -> None:
        """Write the rows to the temporary file."""
        with open(path, "w", encoding="utf-8", errors="replace", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(headers)
            writer.writerows(rows)

    return write_atomically(out, write)


def write_entries_csv(out: Path, entries: Iterable[EntryInfo], zone: tzinfo | None = None) -> Path:
    """Export time entries."""
    return write_csv(out, ENTRY_HEADERS, entry_rows(entries, zone))


def write_payments_csv(out: Path, lines: Iterable[LedgerLine]) -> Path:
    """Export the payments ledger: payments, refunds and withdrawals with fees and tax."""
    rows = [
        [
            line.on.isoformat(),
            line.kind,
            safe_text(line.contract),
            safe_text(line.client),
            line.currency,
            json_money(line.gross),
            json_money(line.fee),
            "" if line.fee_rate is None else f"{line.fee_rate:f}",
            json_money(line.net),
            json_money(line.tax),
            day_iso(line.available_on),
            safe_text(line.what),
            safe_text(line.title),
        ]
        for line in lines
    ]
    return write_csv(out, PAYMENT_HEADERS, rows)


def write_invoices_csv(
    out: Path, invoices: Iterable[InvoiceInfo], zone: tzinfo | None = None
) -> Path:
    """Export invoices (one row each, totals as printed)."""
    return write_csv(out, INVOICE_HEADERS, invoice_rows(invoices, zone))
