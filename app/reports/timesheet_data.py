"""The weekly timesheet's rows and totals, built by a pure function from plain inputs.

It is the document a client approves: entries per local day, durations, the weekly
limit, rate and amount due. It never carries the freelancer's fee or take-home: there
is no field for them here, so the drawing code cannot print them by mistake.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from decimal import Decimal

from app.core.instants import to_epoch
from app.core.money import json_money
from app.core.money_rules import EntrySpan, bill_week
from app.core.weeks import BillingWeek
from app.reports.printed import printable

FINGERPRINT_LENGTH = 12


@dataclass(frozen=True)
class Party:
    """Who a document is from or for: a name and the lines printed under it."""

    name: str
    details: tuple[str, ...] = ()


@dataclass(frozen=True)
class SheetContract:
    """What the timesheet needs to know about the contract and the two parties."""

    contract_id: int
    title: str
    freelancer: Party
    client: Party
    currency: str
    rate: Decimal
    weekly_limit_seconds: int | None
    rounding_seconds: int = 0


@dataclass(frozen=True)
class SheetEntry:
    """One time entry as stored: aware start and end (a running one ends now)."""

    entry_id: int
    start: datetime
    end: datetime
    source: str
    memo: str
    running: bool = False


@dataclass(frozen=True)
class SheetRow:
    """One printed entry: local start and end of its part inside the week, memo as printed."""

    entry_id: int
    start: datetime
    end: datetime
    seconds: int
    counted_seconds: int
    over_limit_seconds: int
    memo: str
    manual: bool
    running: bool
    #: The entry began before the week or runs past its end; only the part inside counts.
    clipped: bool


@dataclass(frozen=True)
class SheetDay:
    """One local calendar day with its entries and total time."""

    day: date
    rows: tuple[SheetRow, ...]
    seconds: int


@dataclass(frozen=True)
class TimesheetData:
    """Everything printed on one contract's weekly timesheet."""

    document_id: str
    fingerprint: str
    contract: SheetContract
    week: BillingWeek
    local_starts_at: datetime
    local_ends_at: datetime
    days: tuple[SheetDay, ...]
    tracked_seconds: int
    counted_seconds: int
    billable_seconds: int
    over_limit_seconds: int
    amount: Decimal

    @property
    def show_seconds(self) -> bool:
        """Whether durations need seconds to add up exactly on paper."""
        return any(row.seconds % 60 or row.counted_seconds % 60 for row in self.rows)

    @property
    def rows(self) -> tuple[SheetRow, ...]:
        """Every entry row, in order."""
        return tuple(row for day in self.days for row in day.rows)


def document_id(contract_id: int, week: BillingWeek) -> str:
    """The timesheet's stable name, e.g. "TS-3-2026-W10"."""
    return f"TS-{contract_id}-{week.label}"


def build_timesheet(
    contract: SheetContract,
    week: BillingWeek,
    entries: Sequence[SheetEntry],
    *,
    zone: tzinfo | None = None,
) -> TimesheetData:
    """Rows per local day and the week's totals; entries are clipped to the week."""
    spans: list[EntrySpan] = []
    inside: dict[int, SheetEntry] = {}
    for entry in entries:
        start, end = max(entry.start, week.starts_at), min(entry.end, week.ends_at)
        if end <= start:
            continue
        spans.append(
            EntrySpan(
                entry.entry_id,
                to_epoch(start),
                to_epoch(end),
                entry.source,
                entry.memo,
                entry_start=to_epoch(entry.start),
                entry_end=to_epoch(entry.end),
            )
        )
        inside[entry.entry_id] = entry
    bill = bill_week(
        spans,
        rate=contract.rate,
        weekly_limit_seconds=contract.weekly_limit_seconds,
        rounding_seconds=contract.rounding_seconds,
    )
    by_day: dict[date, list[SheetRow]] = {}
    for billed in bill.entries:
        entry = inside[billed.entry_id]
        start = max(entry.start, week.starts_at).astimezone(zone)
        end = min(entry.end, week.ends_at).astimezone(zone)
        row = SheetRow(
            entry_id=entry.entry_id,
            start=start,
            end=end,
            seconds=billed.seconds,
            counted_seconds=billed.counted_seconds,
            over_limit_seconds=billed.over_limit_seconds,
            memo=printable(entry.memo),
            manual=billed.manual,
            running=entry.running,
            clipped=entry.start < week.starts_at or entry.end > week.ends_at,
        )
        by_day.setdefault(start.date(), []).append(row)
    days = tuple(
        SheetDay(day=day, rows=tuple(rows), seconds=sum(r.seconds for r in rows))
        for day, rows in sorted(by_day.items())
    )
    name = document_id(contract.contract_id, week)
    return TimesheetData(
        document_id=name,
        fingerprint=_fingerprint(name, contract, week, entries, bill.amount),
        contract=contract,
        week=week,
        local_starts_at=week.starts_at.astimezone(zone),
        local_ends_at=week.ends_at.astimezone(zone),
        days=days,
        tracked_seconds=bill.tracked_seconds,
        counted_seconds=bill.counted_seconds,
        billable_seconds=bill.billable_seconds,
        over_limit_seconds=bill.over_limit_seconds,
        amount=bill.amount,
    )


def _fingerprint(
    name: str,
    contract: SheetContract,
    week: BillingWeek,
    entries: Sequence[SheetEntry],
    amount: Decimal,
) -> str:
    """The first hex digits of a SHA-256 over the canonical content (not the display zone)."""
    content = {
        "document": name,
        "contract": contract.title,
        "freelancer": [contract.freelancer.name, *contract.freelancer.details],
        "client": [contract.client.name, *contract.client.details],
        "week": week.label,
        "currency": contract.currency,
        "rate": json_money(contract.rate),
        "weekly_limit_seconds": contract.weekly_limit_seconds,
        "rounding_seconds": contract.rounding_seconds,
        "entries": sorted(
            [
                e.entry_id,
                to_epoch(max(e.start, week.starts_at).astimezone(UTC)),
                to_epoch(min(e.end, week.ends_at).astimezone(UTC)),
                e.source,
                e.memo,
            ]
            for e in entries
            if min(e.end, week.ends_at) > max(e.start, week.starts_at)
        ),
        "amount": json_money(amount),
    }
    canonical = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()[
        :FINGERPRINT_LENGTH
    ]
