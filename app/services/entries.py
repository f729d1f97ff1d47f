"""User actions on time entries: log manual time, edit, delete and undo, split, list.

Entries never overlap (one person, one stretch of time): every write checks that under
the database's write lock, so the check can use two indexed look-ups instead of a scan.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from app.core.clock import system_clock
from app.core.errors import Conflict, UserError
from app.core.instants import check_sane_year, whole_second
from app.core.text import clean_memo, quoted
from app.core.weeks import BillingWeek
from app.models import Contract, Invoice, TimeEntry, Timesheet
from app.models.database import Database
from app.models.queries import session_rows
from app.services.lookup import find_contract, find_entry
from app.services.plain_reads import BILLED_STATUSES, entries_overlapping
from app.services.records import EntryInfo
from app.services.week_totals import refresh_span

#: Longest manual entry; longer work is logged as several entries.
MAX_MANUAL = timedelta(hours=24)
#: Clock skew tolerated before a time counts as "in the future".
FUTURE_SLACK = timedelta(minutes=1)


def entry_info(entry: TimeEntry, now: datetime, *, locked: bool = False) -> EntryInfo:
    """The plain record of an entry row (its contract and client loaded)."""
    end = entry.end_at
    seconds = int(((end or now) - entry.start_at).total_seconds())
    return EntryInfo(
        id=entry.id,
        contract_id=entry.contract_id,
        contract_title=entry.contract.title,
        client_name=entry.contract.client.name,
        start=entry.start_at,
        end=end,
        seconds=max(seconds, 0),
        memo=entry.memo,
        source=entry.source,
        locked=locked,
    )


def describe_entry(entry: TimeEntry) -> str:
    """A short name of an entry for messages, as the user sees it: contract, local times, memo."""
    return describe_time(entry.contract.title, entry.start_at, entry.end_at, entry.memo)


def describe_time(title: str, start: datetime, end: datetime | None, memo: str) -> str:
    """A stretch of time in a message: its contract, its local day and times, its memo."""
    local = start.astimezone()
    until = "running" if end is None else end.astimezone().strftime("%H:%M")
    said = f", {quoted(memo, 40)}" if memo else ""
    return f"the time on {quoted(title)} ({local:%a %d %b %Y %H:%M}–{until}{said})"


def find_overlap(
    session: Session, start: datetime, end: datetime | None, *, exclude_id: int | None = None
) -> TimeEntry | None:
    """The entry that overlaps [start, end) (end None = open-ended), if any.

    Because entries never overlap, only the last entry starting before `start` and the
    first one starting inside the span can clash.
    """
    query = select(TimeEntry)
    if exclude_id is not None:
        query = query.where(TimeEntry.id != exclude_id)
    before = session.scalars(
        query.where(TimeEntry.start_at < start).order_by(TimeEntry.start_at.desc()).limit(1)
    ).first()
    if before is not None and (before.end_at is None or before.end_at > start):
        return before
    inside = query.where(TimeEntry.start_at >= start)
    if end is not None:
        inside = inside.where(TimeEntry.start_at < end)
    return session.scalars(inside.order_by(TimeEntry.start_at).limit(1)).first()


def refuse_overlap(
    session: Session, start: datetime, end: datetime | None, *, exclude_id: int | None = None
) -> None:
    """Raise a message naming the other entry if [start, end) overlaps one."""
    other = find_overlap(session, start, end, exclude_id=exclude_id)
    if other is not None:
        raise Conflict(f"overlaps {describe_entry(other)}")


def refuse_locked(session: Session, contract_id: int, start: datetime, end: datetime) -> None:
    """Raise if [start, end) holds billed time: an issued or paid invoice, an approved week."""
    invoice = session.scalars(
        select(Invoice).where(
            Invoice.contract_id == contract_id,
            Invoice.status.in_(BILLED_STATUSES),
            Invoice.period_start < max(end, start + timedelta(seconds=1)),
            Invoice.period_end > start,
        )
    ).first()
    if invoice is not None:
        raise Conflict(
            f"this time is billed on invoice {invoice.number} ({invoice.status}) and is locked;"
            " to change it, void the invoice (Documents → Invoices…, or"
            f" `tallyhour invoices void {invoice.number}`) or issue a credit note"
        )
    weeks = _weeks_touched(start, end)
    locked = session.scalars(
        select(Timesheet).where(
            Timesheet.contract_id == contract_id,
            Timesheet.locked.is_(True),
            Timesheet.week_start.in_([week.starts_at for week in weeks]),
        )
    ).first()
    if locked is not None:
        label = BillingWeek.of(locked.week_start).label
        raise Conflict(
            f"week {label} is approved and locked for this contract; unlock it first"
            " (Timesheet… → Unlock week, or `tallyhour sheet unlock`)"
        )


def check_span(start: datetime, end: datetime, now: datetime, *, manual: bool) -> None:
    """Refuse an end before its start, times in the future, and over-long manual entries."""
    check_sane_year(start, what="start")
    check_sane_year(end, what="end")
    if end <= start:
        raise UserError("end must be after start")
    if end > now + FUTURE_SLACK:
        raise UserError("end is in the future")
    if manual and end - start > MAX_MANUAL:
        raise UserError("a manual entry can be at most 24 hours; log longer work in parts")


def log_entry(
    db: Database,
    contract: str | int,
    start: datetime,
    end: datetime,
    *,
    memo: str = "",
    now: datetime | None = None,
) -> EntryInfo:
    """Add manual time (marked manual: not covered by hourly protection)."""
    now = now or system_clock()
    memo = clean_memo(memo)
    start, end = whole_second(start), whole_second(end)
    check_span(start, end, now, manual=True)
    with db.write() as session:
        owner = find_contract(session, contract)
        _refuse_ended(owner)
        refuse_locked(session, owner.id, start, end)
        refuse_overlap(session, start, end)
        entry = TimeEntry(
            contract=owner, start_at=start, end_at=end, memo=memo, source="manual", updated_at=now
        )
        session.add(entry)
        refresh_span(session, owner.id, start, end)
        return entry_info(entry, now)


def edit_entry(
    db: Database,
    entry_id: int,
    *,
    start: datetime | None = None,
    end: datetime | None = None,
    memo: str | None = None,
    contract: str | int | None = None,
    now: datetime | None = None,
) -> EntryInfo:
    """Change an entry's start, end, memo or contract (a running entry keeps no end)."""
    now = now or system_clock()
    memo = None if memo is None else clean_memo(memo)
    start = None if start is None else whole_second(start)
    end = None if end is None else whole_second(end)
    with db.write() as session:
        entry = find_entry(session, entry_id)
        old_end = entry.end_at or now
        refuse_locked(session, entry.contract_id, entry.start_at, old_end)
        new_start = start or entry.start_at
        if entry.end_at is None and end is not None:
            raise UserError("stop the timer to set its end")
        new_end = end or entry.end_at
        if new_end is None:
            check_sane_year(new_start, what="start")
            if new_start > now + FUTURE_SLACK:
                raise UserError("start is in the future")
        else:
            check_span(
                new_start,
                new_end,
                now,
                manual=entry.source != "timer" and (start is not None or end is not None),
            )
        target = entry.contract if contract is None else find_contract(session, contract)
        if target.id != entry.contract_id and target.kind != "hourly":
            raise UserError(
                f"{quoted(target.title)} is fixed-price: time cannot move onto it (it is paid by"
                " milestones, not by the hour)"
            )
        refuse_locked(session, target.id, new_start, new_end or now)
        refuse_overlap(session, new_start, new_end, exclude_id=entry.id)
        old = (entry.contract_id, entry.start_at, entry.end_at)
        entry.contract, entry.start_at, entry.end_at = target, new_start, new_end
        if memo is not None:
            entry.memo = memo
        entry.updated_at = now
        if old[2] is not None:
            refresh_span(session, old[0], old[1], old[2])
        if new_end is not None:
            refresh_span(session, target.id, new_start, new_end)
        return entry_info(entry, now)


def delete_entry(db: Database, entry_id: int, *, now: datetime | None = None) -> EntryInfo:
    """Delete an entry; returns what it was, so the deletion can be undone."""
    now = now or system_clock()
    with db.write() as session:
        entry = find_entry(session, entry_id)
        refuse_locked(session, entry.contract_id, entry.start_at, entry.end_at or now)
        info = entry_info(entry, now)
        session.delete(entry)
        if info.end is not None:
            refresh_span(session, info.contract_id, info.start, info.end)
        return info


def restore_entry(db: Database, info: EntryInfo, *, now: datetime | None = None) -> EntryInfo:
    """Put a deleted entry back as it was (the undo of `delete_entry`)."""
    now = now or system_clock()
    with db.write() as session:
        owner = find_contract(session, info.contract_id)
        refuse_locked(session, owner.id, info.start, info.end or now)
        refuse_overlap(session, info.start, info.end)
        entry = TimeEntry(
            contract=owner,
            start_at=info.start,
            end_at=info.end,
            memo=info.memo,
            source=info.source,
            updated_at=now,
        )
        session.add(entry)
        if info.end is not None:
            refresh_span(session, owner.id, info.start, info.end)
        return entry_info(entry, now)


def split_entry(
    db: Database, entry_id: int, at: datetime, *, now: datetime | None = None
) -> tuple[EntryInfo, EntryInfo]:
    """Cut a stopped entry in two at an instant strictly inside it; both keep the memo."""
    now = now or system_clock()
    at = whole_second(at)
    check_sane_year(at, what="split time")
    with db.write() as session:
        entry = find_entry(session, entry_id)
        if entry.end_at is None:
            raise UserError("stop the timer before splitting its entry")
        if not entry.start_at < at < entry.end_at:
            raise UserError("the split time must fall inside the entry")
        refuse_locked(session, entry.contract_id, entry.start_at, entry.end_at)
        second = TimeEntry(
            contract=entry.contract,
            start_at=at,
            end_at=entry.end_at,
            memo=entry.memo,
            source=entry.source,
            updated_at=now,
        )
        entry.end_at, entry.updated_at = at, now
        session.add(second)
        refresh_span(session, entry.contract_id, entry.start_at, second.end_at)
        return entry_info(entry, now), entry_info(second, now)


def list_entries(
    db: Database,
    *,
    start: datetime,
    end: datetime,
    contract: str | int | None = None,
    now: datetime | None = None,
) -> list[EntryInfo]:
    """Entries that overlap [start, end), oldest first, with their lock state.

    Plain SQL (`plain_reads`), not the ORM: a week's read stays a few indexed look-ups.
    """
    now = now or system_clock()
    with db.read() as session:
        contract_id = None if contract is None else find_contract(session, contract).id
        return entries_overlapping(session_rows(session), start, end, now, contract_id=contract_id)


def week_entries(
    db: Database,
    week: BillingWeek,
    *,
    contract: str | int | None = None,
    now: datetime | None = None,
) -> list[EntryInfo]:
    """Entries that overlap one billing week, oldest first."""
    return list_entries(db, start=week.starts_at, end=week.ends_at, contract=contract, now=now)


def entries_between(
    session: Session, start: datetime, end: datetime, *, contract_id: int | None = None
) -> list[TimeEntry]:
    """Rows overlapping [start, end): those starting inside plus the one running into it."""
    options = (joinedload(TimeEntry.contract).joinedload(Contract.client),)
    before = session.scalars(
        select(TimeEntry)
        .options(*options)
        .where(TimeEntry.start_at < start)
        .order_by(TimeEntry.start_at.desc())
        .limit(1)
    ).first()
    inside = (
        select(TimeEntry)
        .options(*options)
        .where(TimeEntry.start_at >= start, TimeEntry.start_at < end)
    )
    if contract_id is not None:
        inside = inside.where(TimeEntry.contract_id == contract_id)
    rows = list(session.scalars(inside.order_by(TimeEntry.start_at)))
    if (
        before is not None
        and (before.end_at is None or before.end_at > start)
        and (contract_id is None or before.contract_id == contract_id)
    ):
        rows.insert(0, before)
    return rows


def locked_weeks(session: Session, rows: Iterable[TimeEntry]) -> set[tuple[int, datetime]]:
    """(contract id, week start) pairs that are locked among the rows' weeks."""
    keys = {(row.contract_id, BillingWeek.of(row.start_at).starts_at) for row in rows}
    if not keys:
        return set()
    found = session.execute(
        select(Timesheet.contract_id, Timesheet.week_start).where(
            Timesheet.locked.is_(True),
            Timesheet.contract_id.in_({key[0] for key in keys}),
            Timesheet.week_start.in_({key[1] for key in keys}),
        )
    ).all()
    return {(row[0], row[1]) for row in found}


def _weeks_touched(start: datetime, end: datetime) -> list[BillingWeek]:
    """Every billing week that the half-open span [start, end) touches (at least one)."""
    weeks, week = [BillingWeek.of(start)], BillingWeek.of(start).next()
    while week.starts_at < end:
        weeks.append(week)
        week = week.next()
    return weeks


def _refuse_ended(contract: Contract) -> None:
    """Refuse new time on an ended contract."""
    if contract.status == "ended":
        raise UserError(f"contract {quoted(contract.title)} has ended; reopen it to add time")
