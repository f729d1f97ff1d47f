"""Read-models for the window: contracts at a glance, a contract's hours, change detection.

`contract_overview` replays the whole ledger (run it off the GUI thread); the others are
a few indexed look-ups, cheap enough to run every second.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from decimal import Decimal

from sqlalchemy import BigInteger, func, select, type_coerce
from sqlalchemy.orm import Session, selectinload

from app.core.changes import Changes
from app.core.clock import system_clock
from app.core.fees import Basis, FeeSchedule, next_tier_distance
from app.core.instants import local_day_bounds, to_local
from app.core.ledger import lifetime_billings
from app.core.money import ZERO
from app.core.money_rules import (
    EntryBilling,
    EntrySpan,
    bill_week,
    hourly_rate,
    terms_for_week,
)
from app.core.weeks import BillingWeek
from app.models import Client, Contract, Setting, TimeEntry, Timesheet
from app.models.database import Database
from app.models.queries import CONTRACT_KINDS_SQL, session_rows
from app.services.contracts import contract_info
from app.services.earnings import billing_week, build_ledger
from app.services.entries import entries_between, week_entries
from app.services.records import ContractInfo, EntryInfo, TimerStatus
from app.services.schedules import all_schedules
from app.services.terms import load_terms
from app.services.timer import timer_status


@dataclass(frozen=True)
class ContractOverview:
    """One contract with this week's hours, lifetime billings and the next fee tier."""

    contract: ContractInfo
    week_seconds: int
    #: Lifetime billings counted by the contract's fee tiers (client or contract basis).
    lifetime: Decimal
    #: Billing still needed until the fee rate changes; None on a flat or last tier.
    next_tier_in: Decimal | None
    next_tier_rate: Decimal | None
    #: Net of every payment in the contract's currency (after the marketplace fee), in
    #: billing weeks that have ended.
    net: Decimal = ZERO
    #: Every second tracked on the contract in billing weeks that have ended.
    tracked_seconds: int = 0

    @property
    def effective_hourly(self) -> Decimal | None:
        """Net per hour tracked (fixed price too: released milestones over the hours spent)."""
        return hourly_rate(self.net, self.tracked_seconds)


def contract_overview(db: Database, *, now: datetime | None = None) -> list[ContractOverview]:
    """Every contract with its figures (replays the ledger: run it off the GUI thread)."""
    now = now or system_clock()
    bucket = BillingWeek.of(now).bucket
    with db.read() as session:
        ledger = build_ledger(session, now=now)
        schedules = all_schedules(session)
        contracts = _contracts(session, now)
    by_client = lifetime_billings(ledger.charged, ledger.lifetime_start)
    by_contract: dict[int, Decimal] = {}
    net: dict[tuple[int, str], Decimal] = {}
    for item in ledger.charged:
        key = item.billing.contract_id
        by_contract[key] = by_contract.get(key, ZERO) + item.billing.amount
        if billing_week(item.billing).bucket < bucket:
            owner = (key, item.billing.currency)
            net[owner] = net.get(owner, ZERO) + item.result.net
    # The effective rate counts weeks that have ended: this week's (a running timer's) time
    # counts once its week is over, so the rate holds still while a timer runs.
    tracked: dict[int, int] = {}
    for (contract_id, week_bucket), usage in ledger.usage.items():
        if week_bucket < bucket:
            tracked[contract_id] = tracked.get(contract_id, 0) + usage.tracked_seconds
    rows = []
    for info in contracts:
        used = ledger.usage.get((info.id, bucket))
        schedule = schedules.get(info.fee_schedule)
        lifetime = (
            by_contract.get(info.id, ZERO)
            if schedule is not None and schedule.basis is Basis.CONTRACT
            else by_client.get((info.client_id, info.currency), ZERO)
        )
        distance = _distance(schedule, lifetime)
        rows.append(
            ContractOverview(
                contract=info,
                week_seconds=0 if used is None else used.tracked_seconds,
                lifetime=lifetime,
                next_tier_in=None if distance is None else distance[0],
                next_tier_rate=None if distance is None else distance[1],
                net=net.get((info.id, info.currency), ZERO),
                tracked_seconds=tracked.get(info.id, 0),
            )
        )
    return rows


def _contracts(session: Session, now: datetime) -> list[ContractInfo]:
    """All contracts, active first, then by title."""
    order = {"active": 0, "paused": 1, "ended": 2}
    rows = sorted(
        session.scalars(
            select(Contract).options(
                selectinload(Contract.client), selectinload(Contract.schedules)
            )
        ).all(),
        key=lambda c: (order.get(c.status, 3), c.title_key),
    )
    return [contract_info(row, now) for row in rows]


def _distance(schedule: FeeSchedule | None, lifetime: Decimal) -> tuple[Decimal, Decimal] | None:
    """The distance to the next tier under a schedule (None for unknown schedules)."""
    return None if schedule is None else next_tier_distance(schedule, lifetime)


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
        limit = terms_for_week(load_terms(session, [contract_id])[contract_id], week)
        limit_seconds = limit.weekly_limit_seconds
        rows = entries_between(session, start, end, contract_id=contract_id)
        spans = [(row.start_at, row.end_at) for row in rows]
    running = any(span_end is None for _, span_end in spans)
    return ContractHours(
        contract_id=contract_id,
        at=now,
        day=day,
        today_seconds=_overlap(spans, day_start, day_end, now),
        week_seconds=_overlap(spans, week.starts_at, week.ends_at, now),
        weekly_limit_seconds=limit_seconds,
        running=running,
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


def status_key(status: TimerStatus) -> tuple[object, ...]:
    """What makes two statuses differ on screen (not the elapsed time or heartbeat)."""
    return (status.running, status.entry_id, status.contract_id, status.memo, status.started_at)


def poll_state(db: Database, week: BillingWeek, *, now: datetime | None = None) -> PollState:
    """The timer status and fingerprints of entries, contracts, clients, locks and settings.

    Entries are fingerprinted by their count and highest id overall, plus every row of the
    shown week (an indexed range of a few dozen rows), so an edit made elsewhere to the
    week on screen is seen; contracts, clients, locks and settings are small tables,
    hashed whole.
    """
    now = now or system_clock()
    status = timer_status(db, now=now)
    start = type_coerce(TimeEntry.start_at, BigInteger)
    week_start, week_end = int(week.starts_at.timestamp()), int(week.ends_at.timestamp())
    with db.read() as session:
        parts: list[tuple[str, Changes, object]] = [
            (
                "entries",
                Changes.ENTRIES,
                (
                    # Two statements: SQLite answers each alone from the b-tree, not by a scan.
                    session.scalar(select(func.count()).select_from(TimeEntry)),
                    session.scalar(select(func.max(TimeEntry.id))),
                ),
            ),
            (
                _WEEK_ROWS,
                Changes.ENTRIES,
                session.execute(
                    select(
                        TimeEntry.id,
                        TimeEntry.contract_id,
                        start,
                        type_coerce(TimeEntry.end_at, BigInteger),
                        TimeEntry.memo,
                        TimeEntry.source,
                    )
                    .where(start >= week_start, start < week_end)
                    .order_by(start)
                ).all(),
            ),
            (
                "contracts",
                Changes.CONTRACTS,
                session.execute(
                    select(
                        Contract.id,
                        Contract.title,
                        Contract.status,
                        Contract.rate_cents,
                        Contract.weekly_limit_seconds,
                        Contract.client_id,
                        Contract.currency,
                    ).order_by(Contract.id)
                ).all(),
            ),
            (
                "clients",
                Changes.CLIENTS,
                session.execute(
                    select(Client.id, Client.name, Client.opening_balance_cents).order_by(Client.id)
                ).all(),
            ),
            (
                "timesheets",
                Changes.TIMESHEETS,
                session.execute(
                    select(Timesheet.id, Timesheet.locked, Timesheet.status).order_by(Timesheet.id)
                ).all(),
            ),
            (
                "settings",
                Changes.SETTINGS,
                session.execute(select(Setting.key, Setting.value).order_by(Setting.key)).all(),
            ),
        ]
    stamps = tuple(
        (part, kind, hashlib.sha1(repr(rows).encode(), usedforsecurity=False).hexdigest())
        for part, kind, rows in parts
    )
    return PollState(status=status, week=week, stamps=stamps)


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
    entries = week_entries(db, week, now=now)
    ids = {entry.contract_id for entry in entries}
    with db.read() as session:
        kinds = {
            cid: (kind, platform)
            for cid, kind, platform in session_rows(session)(CONTRACT_KINDS_SQL, {})
            if cid in ids
        }
        terms = {cid: terms_for_week(rows, week) for cid, rows in load_terms(session, ids).items()}
    billed: dict[int, EntryBilling] = {}
    low, high = _epoch(week.starts_at), _epoch(week.ends_at)
    for contract_id, (kind, _platform) in kinds.items():
        if kind != "hourly":
            continue
        spans = [
            EntrySpan(
                entry_id=entry.id,
                start=max(_epoch(entry.start), low),
                end=max(min(_epoch(entry.end or now), high), max(_epoch(entry.start), low)),
                source=entry.source,
                memo=entry.memo,
                entry_start=_epoch(entry.start),
                entry_end=_epoch(entry.end or now),
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


def _epoch(instant: datetime) -> int:
    """Epoch seconds of an aware instant."""
    return int(instant.timestamp() // 1)
