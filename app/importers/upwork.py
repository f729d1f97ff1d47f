"""Upwork: the Transaction History CSV, the newer Transactions CSV, the weekly summary CSV.

Which one a file is comes from its header. Every row becomes a statement line (money the
marketplace billed, charged, withheld or paid out), never a time entry.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP

from app.core.money import CENT
from app.core.text import quoted
from app.core.weeks import BillingWeek
from app.importers.files import BadFile, csv_rows, stable_id
from app.importers.records import ParsedFile, ReadOptions, StatementRecord
from app.importers.times import hours_to_seconds, read_hours
from app.importers.upwork_fields import (
    contract_and_id,
    hourly_invoice,
    read_day,
    read_money,
    referenced_id,
    statement_kind,
)

#: Kinds whose contract is fixed-price when the import creates it.
FIXED_KINDS = {"fixed"}
#: Kinds whose row names the row it belongs to ("Service Fee for Ref ID 123"): same contract and week.
LINKED_KINDS = ("service-fee", "vat", "refund")
#: Columns of the newer Transactions CSV, read by name (first present alias wins).
_COLUMNS = {
    "date": ("Date", "Transaction date", "Transaction Date"),
    "id": ("Transaction ID", "Ref ID", "Reference ID"),
    "ref": ("Ref ID", "Reference ID"),
    "type": ("Transaction Type", "Transaction type", "Type"),
    "description": ("Description", "Description 1", "Transaction summary", "Transaction Summary"),
    "team": ("Team", "Client team", "Client Team", "Client"),
    "contract": ("Contract title", "Contract Title", "Contract"),
    "amount": ("Amount $", "Amount", "Amount in USD"),
    "currency": ("Currency",),
}


def parse(text: str, options: ReadOptions) -> ParsedFile:
    """Read whichever Upwork export the header names."""
    header, rows = csv_rows(text)
    names = set(header)
    if {"Contract", "Hours", "Amount"} <= names and "Ref ID" not in names:
        return _weekly_summary(header, rows)
    if {"Type", "Amount", "Team"} <= names or {"Transaction Type", "Amount $"} <= names:
        return _transactions(header, rows)
    raise BadFile(
        "not an Upwork export: expected the Transaction History, Transactions or weekly"
        " summary CSV header"
    )


def _transactions(header: list[str], rows: Iterator[tuple[int, dict[str, str]]]) -> ParsedFile:
    """The Transaction History (13 columns) or the newer Transactions CSV (19 columns)."""
    column = {
        key: next((a for a in aliases if a in header), "") for key, aliases in _COLUMNS.items()
    }
    if not column["date"]:
        raise BadFile("not an Upwork transactions CSV: no Date column")
    parsed = ParsedFile("upwork")
    by_ref: dict[str, StatementRecord] = {}
    seen: Counter[str] = Counter()
    for line, row in rows:

        def get(key: str, row: dict[str, str] = row) -> str:
            return row.get(column[key], "").strip() if column[key] else ""

        kind = statement_kind(get("type"))
        at = read_day(get("date"), line=line)
        amount = read_money(get("amount"), line=line)
        description = get("description")
        invoice = hourly_invoice(description) if kind == "hourly" else None
        charged = by_ref.get(referenced_id(description)) if kind in LINKED_KINDS else None
        project = get("contract") or get("team")
        team = get("team")
        if charged is not None:
            project, team = charged.project, charged.client
        elif kind in ("withdrawal", "withdrawal-fee", "connects", "membership", "other"):
            project = ""
        week = BillingWeek.of(at)
        if invoice is not None:
            first = invoice.first_day
            week = BillingWeek.of(datetime(first.year, first.month, first.day, tzinfo=UTC))
        elif charged is not None:
            week = charged.week
        own_id = get("id") or _occurrence_id(seen, get("date"), get("type"), description, amount)
        record = StatementRecord(
            line=line,
            source_id=own_id,
            kind=kind,
            amount=amount,
            currency=(get("currency") or "USD").upper(),
            at=at,
            week=week,
            project=project,
            client=team,
            contract_kind="fixed" if kind in FIXED_KINDS else "hourly",
            seconds=None if invoice is None else invoice.seconds,
            rate=None if invoice is None else invoice.rate,
            description=description,
            reference=get("ref"),
        )
        parsed.statement_lines.append(record)
        if record.reference:
            by_ref[record.reference] = record
    _link_fees_to_later_rows(parsed, by_ref)
    return parsed


def _link_fees_to_later_rows(parsed: ParsedFile, by_ref: dict[str, StatementRecord]) -> None:
    """Fees and refunds listed before the row they name (the file is newest first) join it too."""
    for index, record in enumerate(parsed.statement_lines):
        if record.kind not in LINKED_KINDS:
            continue
        charged = by_ref.get(referenced_id(record.description))
        if charged is not None and charged is not record:
            parsed.statement_lines[index] = replace(
                record, project=charged.project, client=charged.client, week=charged.week
            )


def _weekly_summary(header: list[str], rows: Iterator[tuple[int, dict[str, str]]]) -> ParsedFile:
    """The weekly summary / earnings-by-contract CSV: one row per contract and week."""
    for name in ("Date", "Contract", "Hours", "Amount"):
        if name not in header:
            raise BadFile(f"not an Upwork weekly summary: no column {quoted(name)}")
    parsed = ParsedFile("upwork")
    seen: Counter[str] = Counter()
    for line, row in rows:
        at = read_day(row["Date"], line=line)
        title, contract_id = contract_and_id(row["Contract"])
        if not title:
            raise BadFile(f"line {line}: the row names no contract")
        hours = read_hours(row["Hours"], line=line)
        amount = read_money(row["Amount"], line=line)
        kind = statement_kind(row.get("Payment type", "") or "Hourly")
        seconds = hours_to_seconds(hours) if kind == "hourly" or hours else None
        rate = (amount / hours).quantize(CENT, rounding=ROUND_HALF_UP) if hours else None
        parsed.statement_lines.append(
            StatementRecord(
                line=line,
                source_id=_occurrence_id(
                    seen, "weekly", row["Date"], row["Contract"], kind, amount, hours
                ),
                kind=kind,
                amount=amount,
                currency="USD",
                at=at,
                week=BillingWeek.of(at),
                project=title,
                client="",
                contract_kind="fixed" if kind in FIXED_KINDS else "hourly",
                seconds=seconds,
                rate=rate,
                description=row["Contract"].strip(),
                reference=contract_id,
            )
        )
    return parsed


def _occurrence_id(seen: Counter[str], *parts: object) -> str:
    """A stable id for a row without one: its fields, and which repeat of them it is."""
    key = stable_id(*parts)
    seen[key] += 1
    return f"{key}-{seen[key]}"
