"""Reads in plain SQL, loading no ORM classes: the week sheet, the timer, a contract's hours.

Also the fingerprints the window polls every second. The window's first paint reads
through here before any mapper is set up (the table classes load with the first write),
and each read stays a few indexed look-ups. Importing this module loads no SQLAlchemy.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from app.core.changes import Changes
from app.core.clock import system_clock
from app.core.instants import from_epoch, local_day_bounds, to_epoch, to_local
from app.core.money_rules import EntryBilling, EntrySpan, bill_week, terms_for_week
from app.core.weeks import BillingWeek
from app.models.queries import (
    CLIENT_ROWS_SQL,
    CONTRACT_KINDS_SQL,
    CONTRACT_ROWS_SQL,
    ENTRIES_INSIDE_SQL,
    ENTRY_BEFORE_SQL,
    ENTRY_COUNT_SQL,
    ENTRY_ROWS,
    INVOICE_PERIODS_SQL,
    LOCKED_WEEKS_SQL,
    NEWEST_ENTRY_SQL,
    POLL_WEEK_SQL,
    RUNNING_ENTRY_SQL,
    SETTING_ROWS_SQL,
    TIMESHEET_ROWS_SQL,
    Rows,
    session_rows,
)
from app.services.ledger_reads import read_terms
from app.services.records import EntryInfo, TimerStatus, running_status

if TYPE_CHECKING:
    from app.models.database import Database

#: Invoice statuses whose time is billed and locked (a draft can change; a void one is gone).
BILLED_STATUSES = ("issued", "paid")
#: A watched timer without a heartbeat for this long went unwatched (the laptop slept).
STALE_AFTER = timedelta(minutes=5)

_CONTRACT, _START, _END = (ENTRY_ROWS.index(name) for name in ("contract_id", "start_at", "end_at"))


# -- the timer -------------------------------------------------------------------------


def timer_status(db: Database, *, now: datetime | None = None) -> TimerStatus:
    """What runs now, since when, and for how long."""
    now = now or system_clock()
    with db.read() as session:
        row = next(iter(session_rows(session)(RUNNING_ENTRY_SQL, {})), None)
    return running_status(row, now)


def stale_gap(status: TimerStatus, now: datetime) -> timedelta | None:
    """How long a watched timer went without a heartbeat, if longer than `STALE_AFTER`."""
    if not status.running or status.heartbeat_at is None:
        return None
    gap = now - status.heartbeat_at
    return gap if gap > STALE_AFTER else None


# -- entries ---------------------------------------------------------------------------


def entries_overlapping(
    rows: Rows, start: datetime, end: datetime, now: datetime, *, contract_id: int | None = None
) -> list[EntryInfo]:
    """Entries that overlap [start, end), oldest first, with their lock state.

    An entry is locked when its billing week is locked or an issued or paid invoice bills it.
    """
    found = _entry_rows_between(rows, start, end, contract_id)
    if not found:
        return []
    locked = _locked_week_starts(rows, found)
    invoiced = _billed_periods(rows, found, now)
    infos = []
    for row in found:
        entry = _entry_record(row, now)
        week_start = to_epoch(BillingWeek.of(entry.start).starts_at)
        entry_end = entry.end or now
        billed = any(
            low < entry_end and high > entry.start
            for low, high in invoiced.get(entry.contract_id, ())
        )
        infos.append(replace(entry, locked=(entry.contract_id, week_start) in locked or billed))
    return infos


def _entry_rows_between(
    rows: Rows, start: datetime, end: datetime, contract_id: int | None
) -> list[Sequence[Any]]:
    """Rows overlapping [start, end): those starting inside plus the one running into it."""
    low, high = to_epoch(start), to_epoch(end)
    inside_sql = ENTRIES_INSIDE_SQL
    params: dict[str, Any] = {"start": low, "end": high}
    if contract_id is not None:
        inside_sql += " AND e.contract_id = :contract"
        params["contract"] = contract_id
    found = list(rows(inside_sql + " ORDER BY e.start_at", params))
    before = next(iter(rows(ENTRY_BEFORE_SQL, {"start": low})), None)
    if before is not None:
        runs_in = before[_END] is None or before[_END] > low
        if runs_in and (contract_id is None or before[_CONTRACT] == contract_id):
            found.insert(0, before)
    return found


def _entry_record(row: Sequence[Any], now: datetime) -> EntryInfo:
    """The plain record of an entry row (in `ENTRY_ROWS` order), not yet marked locked."""
    entry_id, contract_id, title, client, start_at, end_at, memo, source = row
    start = from_epoch(int(start_at))
    end = None if end_at is None else from_epoch(int(end_at))
    return EntryInfo(
        id=entry_id,
        contract_id=contract_id,
        contract_title=title,
        client_name=client,
        start=start,
        end=end,
        seconds=max(int(((end or now) - start).total_seconds()), 0),
        memo=memo,
        source=source,
        locked=False,
    )


def _locked_week_starts(rows: Rows, found: list[Sequence[Any]]) -> set[tuple[int, int]]:
    """(contract id, week start epoch) of the locked weeks among the rows' weeks."""
    starts = [to_epoch(BillingWeek.of(from_epoch(int(row[_START]))).starts_at) for row in found]
    return {
        (contract_id, int(week_start))
        for contract_id, week_start in rows(
            LOCKED_WEEKS_SQL, {"first": min(starts), "last": max(starts)}
        )
    }


def _billed_periods(
    rows: Rows, found: list[Sequence[Any]], now: datetime
) -> dict[int, list[tuple[datetime, datetime]]]:
    """Periods of issued or paid invoices that overlap the rows, per contract."""
    low = min(int(row[_START]) for row in found)
    high = max(to_epoch(now) if row[_END] is None else int(row[_END]) for row in found)
    spans: dict[int, list[tuple[datetime, datetime]]] = {}
    for contract_id, status, start, end in rows(INVOICE_PERIODS_SQL, {"start": low, "end": high}):
        if status in BILLED_STATUSES:
            spans.setdefault(contract_id, []).append((from_epoch(int(start)), from_epoch(int(end))))
    return spans


# -- the week sheet --------------------------------------------------------------------


@dataclass(frozen=True)
class WeekSheetEntry:
    """An entry of the shown week with how it is billed (None on fixed-price contracts)."""

    entry: EntryInfo
    billing: EntryBilling | None
    platform: str = "direct"

    @property
    def over_limit_seconds(self) -> int:
        """Seconds of this entry past the contract's weekly limit."""
        return 0 if self.billing is None else self.billing.over_limit_seconds

    @property
    def protected(self) -> bool:
        """Whether hourly protection covers the entry (tracked live, memo, within limit)."""
        return self.billing is not None and self.billing.protected


@dataclass(frozen=True)
class WeekSheet:
    """One billing week's entries, oldest first, each with its billing flags."""

    week: BillingWeek
    entries: list[WeekSheetEntry]
    at: datetime


def week_sheet(db: Database, week: BillingWeek, *, now: datetime | None = None) -> WeekSheet:
    """The entries of a billing week and, per hourly contract, which are over its limit."""
    now = now or system_clock()
    with db.read() as session:
        rows = session_rows(session)
        entries = entries_overlapping(rows, week.starts_at, week.ends_at, now)
        ids = {entry.contract_id for entry in entries}
        kinds = {
            cid: (kind, platform)
            for cid, kind, platform in rows(CONTRACT_KINDS_SQL, {})
            if cid in ids
        }
        terms = {
            cid: terms_for_week(history, week) for cid, history in read_terms(rows, ids).items()
        }
    billed: dict[int, EntryBilling] = {}
    low, high = to_epoch(week.starts_at), to_epoch(week.ends_at)
    for contract_id, (kind, _platform) in kinds.items():
        if kind != "hourly":
            continue
        spans = [
            EntrySpan(
                entry_id=entry.id,
                start=max(to_epoch(entry.start), low),
                end=max(min(to_epoch(entry.end or now), high), max(to_epoch(entry.start), low)),
                source=entry.source,
                memo=entry.memo,
                entry_start=to_epoch(entry.start),
                entry_end=to_epoch(entry.end or now),
            )
            for entry in entries
            if entry.contract_id == contract_id
        ]
        bill = bill_week(
            spans,
            rate=terms[contract_id].rate,
            weekly_limit_seconds=terms[contract_id].weekly_limit_seconds,
            rounding_seconds=terms[contract_id].rounding_seconds,
        )
        billed.update({item.entry_id: item for item in bill.entries})
    return WeekSheet(
        week=week,
        entries=[
            WeekSheetEntry(entry, billed.get(entry.id), kinds[entry.contract_id][1])
            for entry in entries
        ],
        at=now,
    )


# -- a contract's hours ----------------------------------------------------------------


@dataclass(frozen=True)
class ContractHours:
    """Time on one contract today (local day) and this billing week, as of `at`."""

    contract_id: int
    at: datetime
    day: date
    today_seconds: int
    week_seconds: int
    weekly_limit_seconds: int | None
    #: Whether the running timer is on this contract (its time grows after `at`).
    running: bool


def contract_hours(
    db: Database, contract_id: int, *, now: datetime | None = None, zone: tzinfo | None = None
) -> ContractHours:
    """Today's and this week's tracked time on one contract (a few indexed rows)."""
    now = now or system_clock()
    day = to_local(now, zone).date()
    day_start, day_end = local_day_bounds(day, zone)
    week = BillingWeek.of(now)
    start, end = min(day_start, week.starts_at), max(day_end, week.ends_at)
    with db.read() as session:
        rows = session_rows(session)
        terms = read_terms(rows, [contract_id])[contract_id]
        found = _entry_rows_between(rows, start, end, contract_id)
    spans = [
        (from_epoch(int(row[_START])), None if row[_END] is None else from_epoch(int(row[_END])))
        for row in found
    ]
    return ContractHours(
        contract_id=contract_id,
        at=now,
        day=day,
        today_seconds=_overlap(spans, day_start, day_end, now),
        week_seconds=_overlap(spans, week.starts_at, week.ends_at, now),
        weekly_limit_seconds=terms_for_week(terms, week).weekly_limit_seconds,
        running=any(span_end is None for _, span_end in spans),
    )


def _overlap(
    spans: list[tuple[datetime, datetime | None]], low: datetime, high: datetime, now: datetime
) -> int:
    """Seconds of the spans (open ones run to `now`) inside [low, high)."""
    total = 0
    for start, end in spans:
        clipped = min(end or now, high) - max(start, low)
        total += max(int(clipped.total_seconds()), 0)
    return total


# -- what the window polls -------------------------------------------------------------


@dataclass(frozen=True)
class PollState:
    """What the window checks every second: the timer and fingerprints of the data."""

    status: TimerStatus
    #: The week whose entries were fingerprinted.
    week: BillingWeek
    #: (what was read, its kind of data, its fingerprint): a moved fingerprint is a change.
    stamps: tuple[tuple[str, Changes, str], ...]

    @property
    def stamp(self) -> str:
        """One fingerprint of everything watched."""
        return "/".join(digest for _part, _kind, digest in self.stamps)

    def changes_since(self, earlier: PollState) -> Changes:
        """The kinds of data that changed between `earlier` and this state.

        The shown week's rows are compared only when both states read the same week.
        """
        before = {part: digest for part, _kind, digest in earlier.stamps}
        found = Changes.NOTHING
        for part, kind, digest in self.stamps:
            if part == _WEEK_ROWS and earlier.week != self.week:
                continue
            if before.get(part) != digest:
                found |= kind
        if status_key(self.status) != status_key(earlier.status):
            found |= Changes.TIMER
        return found


#: The part of the poll that reads the shown week's entries.
_WEEK_ROWS = "week rows"

#: What the poll fingerprints besides the shown week: (part, its kind of data, statements).
_POLLED = (
    ("entries", Changes.ENTRIES, (ENTRY_COUNT_SQL, NEWEST_ENTRY_SQL)),
    ("contracts", Changes.CONTRACTS, (CONTRACT_ROWS_SQL,)),
    ("clients", Changes.CLIENTS, (CLIENT_ROWS_SQL,)),
    ("timesheets", Changes.TIMESHEETS, (TIMESHEET_ROWS_SQL,)),
    ("settings", Changes.SETTINGS, (SETTING_ROWS_SQL,)),
)


def status_key(status: TimerStatus) -> tuple[object, ...]:
    """What makes two statuses differ on screen (not the elapsed time or heartbeat)."""
    return (status.running, status.entry_id, status.contract_id, status.memo, status.started_at)


def poll_state(db: Database, week: BillingWeek, *, now: datetime | None = None) -> PollState:
    """The timer status and fingerprints of entries, contracts, clients, locks and settings.

    Entries are fingerprinted by their count and highest id overall, plus every row of the
    shown week (an indexed range of a few dozen rows), so an edit made elsewhere to the
    week on screen is seen; contracts, clients, locks and settings are small tables,
    hashed whole. One read transaction sees them all at one instant.
    """
    now = now or system_clock()
    span = {"start": to_epoch(week.starts_at), "end": to_epoch(week.ends_at)}
    with db.read() as session:
        rows = session_rows(session)
        status = running_status(next(iter(rows(RUNNING_ENTRY_SQL, {})), None), now)
        parts = [(_WEEK_ROWS, Changes.ENTRIES, [tuple(row) for row in rows(POLL_WEEK_SQL, span)])]
        parts.extend(
            (part, kind, [tuple(row) for sql in statements for row in rows(sql, {})])
            for part, kind, statements in _POLLED
        )
    stamps = tuple(
        (part, kind, hashlib.sha1(repr(found).encode(), usedforsecurity=False).hexdigest())
        for part, kind, found in parts
    )
    return PollState(status=status, week=week, stamps=stamps)
