"""The timer: one running entry at a time across all contracts, committed at start.

A running timer is a row whose end is NULL, written before `start_timer` returns, so a
crash, kill or power cut loses nothing. While a window watches it, the window writes a
heartbeat; a heartbeat long in the past means the app died or the machine slept.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from app.core.clock import system_clock
from app.core.errors import UserError
from app.core.instants import check_sane_year, whole_second
from app.core.text import clean_memo, quoted
from app.models import Contract, TimeEntry
from app.models.database import Database
from app.services.entries import (
    FUTURE_SLACK,
    entry_info,
    refuse_locked,
    refuse_overlap,
)
from app.services.lookup import find_contract
from app.services.plain_reads import stale_gap, timer_status
from app.services.records import EntryInfo, TimerChange, TimerStatus
from app.services.week_totals import refresh_span

#: How far back a timer may start; older work is a manual entry (`tallyhour log`), so no
#: forgotten `--at` makes one timer silently cover days or years.
#: A timer started longer ago than this is said out loud: it may be past work meant for `log`.
MAX_BACKDATE = timedelta(hours=24)


def running_entry(session: Session) -> TimeEntry | None:
    """The running entry's row, if a timer runs."""
    return session.scalars(
        select(TimeEntry)
        .options(joinedload(TimeEntry.contract).joinedload(Contract.client))
        .where(TimeEntry.end_at.is_(None))
    ).first()


def start_timer(
    db: Database,
    contract: str | int,
    *,
    memo: str = "",
    at: datetime | None = None,
    now: datetime | None = None,
) -> TimerChange:
    """Start timing a contract; a timer already running stops at the same instant."""
    now = now or system_clock()
    at = whole_second(at or now)
    memo = clean_memo(memo)
    check_sane_year(at, what="start")
    if at > now + FUTURE_SLACK:
        raise UserError("start is in the future")
    with db.write() as session:
        owner = find_contract(session, contract)
        if owner.status == "ended":
            raise UserError(f"contract {quoted(owner.title)} has ended; reopen it to track time")
        stopped, discarded = _stop_running(session, at, now)
        # A timer never runs through an approved week, so stopping it always works.
        refuse_locked(session, owner.id, at, max(now, at + timedelta(seconds=1)))
        refuse_overlap(session, at, None)
        entry = TimeEntry(
            contract=owner, start_at=at, end_at=None, memo=memo, source="timer", updated_at=now
        )
        session.add(entry)
        session.flush()
        return TimerChange(
            started=entry_info(entry, now),
            stopped=stopped,
            discarded=discarded,
            long_ago=at < now - MAX_BACKDATE,
        )


def stop_timer(
    db: Database, *, at: datetime | None = None, now: datetime | None = None
) -> TimerChange:
    """Stop the running timer at `at` (default now)."""
    now = now or system_clock()
    at = whole_second(at or now)
    check_sane_year(at, what="stop")
    if at > now + FUTURE_SLACK:
        raise UserError("stop time is in the future")
    with db.write() as session:
        if running_entry(session) is None:
            raise UserError("no timer is running")
        stopped, discarded = _stop_running(session, at, now)
        return TimerChange(started=None, stopped=stopped, discarded=discarded)


def drop_idle_time(
    db: Database, since: datetime, *, back: datetime | None = None, now: datetime | None = None
) -> TimerChange:
    """Take away time the user was not there: stop when they left, go on from their return.

    The running entry ends at `since`; a new one on the same contract and memo starts at
    `back` (default now).
    """
    now = now or system_clock()
    since, back = whole_second(since), whole_second(back or now)
    if not since < back <= now + FUTURE_SLACK:
        raise UserError("the time away must end after it starts, and not in the future")
    with db.write() as session:
        entry = running_entry(session)
        if entry is None:
            raise UserError("no timer is running")
        owner, memo = entry.contract, entry.memo
        stopped, discarded = _stop_running(session, max(since, entry.start_at), now)
        refuse_locked(session, owner.id, back, back + timedelta(seconds=1))
        refuse_overlap(session, back, None)
        resumed = TimeEntry(
            contract=owner, start_at=back, end_at=None, memo=memo, source="timer", updated_at=now
        )
        session.add(resumed)
        session.flush()
        return TimerChange(started=entry_info(resumed, now), stopped=stopped, discarded=discarded)


def set_running_memo(db: Database, memo: str, *, now: datetime | None = None) -> EntryInfo:
    """Change the memo of the running timer."""
    now = now or system_clock()
    memo = clean_memo(memo)
    with db.write() as session:
        entry = running_entry(session)
        if entry is None:
            raise UserError("no timer is running")
        entry.memo, entry.updated_at = memo, now
        return entry_info(entry, now)


@dataclass(frozen=True)
class Heartbeat:
    """The outcome of one heartbeat: the previous one tells how long the app was away."""

    running: bool
    previous: datetime | None


def heartbeat(db: Database, *, now: datetime | None = None) -> Heartbeat:
    """Record that a window is watching the running timer now."""
    now = now or system_clock()
    with db.write() as session:
        entry = running_entry(session)
        if entry is None:
            return Heartbeat(running=False, previous=None)
        previous = entry.heartbeat_at
        # A clock that jumped back must not move the last sign of life back, nor before
        # the start: a later "trim" would cut away work that was really done.
        entry.heartbeat_at = max(now, previous or entry.start_at)
        return Heartbeat(running=True, previous=previous)


def keep_watched(db: Database, *, now: datetime | None = None) -> TimerStatus:
    """Heartbeat unless the timer went unwatched too long (that gap is asked about first).

    Returns the status after it: with the heartbeat, the timer is watched now.
    """
    now = now or system_clock()
    status = timer_status(db, now=now)
    if status.running and stale_gap(status, now) is None:
        heartbeat(db, now=now)
        return timer_status(db, now=now)
    return status


def release_heartbeat(db: Database) -> None:
    """Say no window watches the timer any more (the window closed normally)."""
    with db.write() as session:
        entry = running_entry(session)
        if entry is not None:
            entry.heartbeat_at = None


def resolve_gap(db: Database, choice: str, *, now: datetime | None = None) -> TimerStatus:
    """Act on a stale timer: "keep" all the time, "trim" at the last heartbeat, or "stop" now."""
    now = now or system_clock()
    if choice not in ("keep", "trim", "stop"):
        raise UserError("choose keep, trim or stop")
    with db.write() as session:
        entry = running_entry(session)
        if entry is None:
            raise UserError("no timer is running")
        if choice == "keep":
            entry.heartbeat_at = max(now, entry.start_at)
        else:
            end = entry.heartbeat_at if choice == "trim" and entry.heartbeat_at else now
            if end < entry.start_at:
                # Stopping "now" would drop the whole entry: the clock must be wrong.
                raise UserError(
                    "the clock reads a time before this timer started; check the computer's"
                    " clock, or keep the timer running"
                )
            _stop_entry(session, entry, whole_second(end), now)
    return timer_status(db, now=now)


def _stop_running(session: Session, at: datetime, now: datetime) -> tuple[EntryInfo | None, bool]:
    """Stop the running entry at `at`, if one runs; returns it and whether it was dropped."""
    entry = running_entry(session)
    if entry is None:
        return None, False
    if at < entry.start_at:
        raise UserError("the running timer started after that time")
    return _stop_entry(session, entry, at, now)


def _stop_entry(
    session: Session, entry: TimeEntry, at: datetime, now: datetime
) -> tuple[EntryInfo, bool]:
    """Give a running entry its end; an entry under one second long is dropped."""
    refuse_locked(session, entry.contract_id, entry.start_at, max(at, entry.start_at))
    if at == entry.start_at:
        info = entry_info(entry, now)
        session.delete(entry)
        session.flush()
        return info, True
    entry.end_at, entry.heartbeat_at, entry.updated_at = at, None, now
    refresh_span(session, entry.contract_id, entry.start_at, at)
    return entry_info(entry, now), False
