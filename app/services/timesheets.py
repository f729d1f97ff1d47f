"""User actions on weekly timesheets: build and print one, send, approve, dispute, unlock.

A timesheet is one contract's billing week. Its status moves draft → sent → approved or
disputed (with the client's note); a client who approves on paper or by a reply approves
a draft as well. Approving locks the week: entries of that contract in it can no longer
change (`entries.refuse_locked`) until the freelancer unlocks it. Unlocking undoes the
approval (the client approved the old content): the sheet is sent again if it had been
sent, else a draft.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from app.core.clock import system_clock
from app.core.errors import Conflict, UserError
from app.core.money_rules import terms_for_week
from app.core.text import clean_note, quoted
from app.core.weeks import BillingWeek
from app.models import Client, Contract, TimeEntry, Timesheet
from app.models.database import Database
from app.reports.files import check_output_path
from app.reports.timesheet_data import Party, SheetContract, SheetEntry, TimesheetData
from app.reports.timesheet_data import build_timesheet as build_data
from app.reports.timesheet_data import document_id as sheet_document_id
from app.services.entries import entries_between
from app.services.lookup import find_contract
from app.services.settings import Settings, load_settings
from app.services.terms import load_terms

STATUSES = ("draft", "sent", "approved", "disputed")


@dataclass(frozen=True)
class TimesheetInfo:
    """Where one contract's weekly timesheet stands."""

    contract_id: int
    contract_title: str
    week: BillingWeek
    document_id: str
    status: str
    locked: bool
    sent_at: datetime | None
    decided_at: datetime | None
    client_note: str


@dataclass(frozen=True)
class TimesheetFile:
    """A timesheet PDF that was written, and what it says."""

    path: Path
    document_id: str
    fingerprint: str
    pages: int
    status: str
    tracked_seconds: int
    billable_seconds: int
    amount: Decimal
    currency: str


def get_timesheet(db: Database, contract: str | int, week: BillingWeek) -> TimesheetInfo:
    """The timesheet's status (draft when nothing was recorded yet)."""
    with db.read() as session:
        owner = find_contract(session, contract)
        row = _find_row(session, owner.id, week)
        return _info(owner, week, row)


def list_timesheets(db: Database, *, contract: str | int | None = None) -> list[TimesheetInfo]:
    """Timesheets that were sent, approved or disputed, newest week first."""
    with db.read() as session:
        query = select(Timesheet, Contract).join(Contract, Contract.id == Timesheet.contract_id)
        if contract is not None:
            query = query.where(Timesheet.contract_id == find_contract(session, contract).id)
        rows = session.execute(query.order_by(Timesheet.week_start.desc(), Contract.title_key))
        return [_info(owner, BillingWeek.of(sheet.week_start), sheet) for sheet, owner in rows]


def mark_sent(
    db: Database, contract: str | int, week: BillingWeek, *, now: datetime | None = None
) -> TimesheetInfo:
    """Record that the timesheet went to the client (again, after a dispute)."""
    now = now or system_clock()
    with db.write() as session:
        owner = _hourly(session, contract)
        row = _ensure_row(session, owner.id, week)
        if row.status == "approved":
            raise Conflict(f"the timesheet of {week.label} is already approved")
        row.status, row.sent_at = "sent", now
        return _info(owner, week, row)


def approve_timesheet(
    db: Database,
    contract: str | int,
    week: BillingWeek,
    *,
    note: str = "",
    now: datetime | None = None,
) -> TimesheetInfo:
    """The client approved the week: record it and lock the week's entries."""
    now = now or system_clock()
    note = clean_note(note, what="client note")
    with db.write() as session:
        owner = _hourly(session, contract)
        row = _ensure_row(session, owner.id, week)
        if row.status == "approved":
            raise Conflict(f"the timesheet of {week.label} is already approved")
        _refuse_running_timer(session, owner, week)
        row.status, row.decided_at, row.locked = "approved", now, True
        if note:
            row.client_note = note
        return _info(owner, week, row)


def dispute_timesheet(
    db: Database, contract: str | int, week: BillingWeek, *, note: str, now: datetime | None = None
) -> TimesheetInfo:
    """The client disputed the week; their note says why."""
    now = now or system_clock()
    note = clean_note(note, what="client note")
    if not note:
        raise UserError("say what the client disputes (a note is needed)")
    with db.write() as session:
        owner = _hourly(session, contract)
        row = _ensure_row(session, owner.id, week)
        if row.status == "approved":
            raise Conflict(
                f"the timesheet of {week.label} is approved; unlock it before recording a dispute"
            )
        row.status, row.decided_at, row.client_note = "disputed", now, note
        return _info(owner, week, row)


def unlock_timesheet(db: Database, contract: str | int, week: BillingWeek) -> TimesheetInfo:
    """Unlock an approved week so its entries can change; it goes back to sent (or draft)."""
    with db.write() as session:
        owner = find_contract(session, contract)
        row = _find_row(session, owner.id, week)
        if row is None or not row.locked:
            raise UserError(f"the timesheet of {week.label} is not locked")
        row.locked, row.decided_at = False, None
        row.status = "sent" if row.sent_at is not None else "draft"
        return _info(owner, week, row)


def timesheet_data(
    db: Database,
    contract: str | int,
    week: BillingWeek,
    *,
    zone: tzinfo | None = None,
    now: datetime | None = None,
) -> TimesheetData:
    """The rows and totals of one contract's week (a running timer counts up to now)."""
    now = now or system_clock()
    with db.read() as session:
        owner = _hourly(session, contract)
        rows = entries_between(session, week.starts_at, week.ends_at, contract_id=owner.id)
        entries = [
            SheetEntry(
                entry_id=row.id,
                start=row.start_at,
                end=row.end_at or max(now, row.start_at),
                source=row.source,
                memo=row.memo,
                running=row.end_at is None,
            )
            for row in rows
        ]
        header = _sheet_contract(owner, load_settings(session), week)
    return build_data(header, week, entries, zone=zone)


def timesheet_pdf(
    db: Database,
    contract: str | int,
    week: BillingWeek,
    out_path: Path,
    *,
    zone: tzinfo | None = None,
    now: datetime | None = None,
) -> TimesheetFile:
    """Write the week's timesheet PDF for the client; returns what was written."""
    from app.reports.timesheet_pdf import draw_timesheet

    out_path = check_output_path(db, out_path)
    data = timesheet_data(db, contract, week, zone=zone, now=now)
    pages = draw_timesheet(data, out_path)
    status = get_timesheet(db, data.contract.contract_id, week).status
    return TimesheetFile(
        path=out_path,
        document_id=data.document_id,
        fingerprint=data.fingerprint,
        pages=pages,
        status=status,
        tracked_seconds=data.tracked_seconds,
        billable_seconds=data.billable_seconds,
        amount=data.amount,
        currency=data.contract.currency,
    )


def _refuse_running_timer(session: Session, contract: Contract, week: BillingWeek) -> None:
    """Refuse to lock a week a timer of the contract runs in: it could never be stopped."""
    running = session.scalars(
        select(TimeEntry).where(
            TimeEntry.contract_id == contract.id,
            TimeEntry.end_at.is_(None),
            TimeEntry.start_at < week.ends_at,
        )
    ).first()
    if running is not None:
        raise Conflict(
            f"a timer is running on {quoted(contract.title)} in {week.label}: stop it first, then"
            " approve (an approved week is locked, so the timer could not stop inside it)"
        )


def seller_party(settings: Settings) -> Party:
    """The freelancer as printed on documents, from the profile in the settings."""
    details = [*settings.address.splitlines(), settings.email]
    if settings.tax_id.strip():
        details.append(f"Tax ID: {settings.tax_id.strip()}")
    return Party(settings.name.strip(), tuple(line for line in details if line.strip()))


def client_party(client: Client) -> Party:
    """A client as printed on documents: name, address lines, e-mail."""
    details = [*client.address.splitlines(), client.email]
    return Party(client.name, tuple(line for line in details if line.strip()))


def _sheet_contract(contract: Contract, settings: Settings, week: BillingWeek) -> SheetContract:
    """The contract facts a timesheet prints: the terms the week is billed by."""
    session = object_session(contract)
    assert session is not None
    terms = terms_for_week(load_terms(session, [contract.id])[contract.id], week)
    return SheetContract(
        contract_id=contract.id,
        title=contract.title,
        freelancer=seller_party(settings),
        client=client_party(contract.client),
        currency=terms.currency,
        rate=terms.rate,
        weekly_limit_seconds=terms.weekly_limit_seconds,
        rounding_seconds=terms.rounding_seconds,
    )


def _hourly(session: Session, ref: str | int) -> Contract:
    """The contract, refused unless it is hourly (timesheets bill hours)."""
    contract = find_contract(session, ref)
    if contract.kind != "hourly":
        raise UserError(
            f"{quoted(contract.title)} is fixed-price; timesheets are for hourly contracts"
        )
    return contract


def _find_row(session: Session, contract_id: int, week: BillingWeek) -> Timesheet | None:
    """The timesheet row of a contract and week, if one was recorded."""
    return session.scalars(
        select(Timesheet).where(
            Timesheet.contract_id == contract_id, Timesheet.week_start == week.starts_at
        )
    ).first()


def _ensure_row(session: Session, contract_id: int, week: BillingWeek) -> Timesheet:
    """The timesheet row of a contract and week, made as a draft when missing."""
    row = _find_row(session, contract_id, week)
    if row is None:
        row = Timesheet(
            contract_id=contract_id,
            week_start=week.starts_at,
            status="draft",
            client_note="",
            locked=False,
        )
        session.add(row)
        session.flush()
    return row


def _info(contract: Contract, week: BillingWeek, row: Timesheet | None) -> TimesheetInfo:
    """The plain record of a timesheet row (None: a draft nobody touched yet)."""
    return TimesheetInfo(
        contract_id=contract.id,
        contract_title=contract.title,
        week=week,
        document_id=sheet_document_id(contract.id, week),
        status="draft" if row is None else row.status,
        locked=False if row is None else row.locked,
        sent_at=None if row is None else row.sent_at,
        decided_at=None if row is None else row.decided_at,
        client_note="" if row is None else row.client_note,
    )
