"""User actions on invoices: create a draft, issue, mark paid, void, delete, list, print.

Status: draft → issued (locked) → paid or void. A number is given only at issue, inside
the write transaction that holds the database's write lock: the next sequence after the
highest ever given, so numbers are gapless; a voided invoice keeps its number and drafts
never had one, so no number is ever reused. Lines are stored as printed (see
`reports.invoice_data`): the PDF reprints the stored figures, never recomputes them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, tzinfo
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from app.core.clock import system_clock
from app.core.errors import Conflict, NotFound, UserError
from app.core.money import ZERO, from_cents, to_cents
from app.core.money_rules import terms_for_week
from app.core.text import clean_note, quoted
from app.core.weeks import BillingWeek
from app.models import Contract, Invoice, InvoiceLine, Milestone
from app.models.database import Database
from app.reports.files import check_output_path
from app.reports.invoice_data import (
    TIME_LABEL,
    InvoiceDocument,
    InvoiceTotals,
    LineDraft,
    MilestoneItem,
    bill_period,
    check_tax_rate,
    hour_lines,
    invoice_totals,
    milestone_lines,
    party_from_json,
    party_to_json,
    period_text,
)
from app.reports.timesheet_data import SheetEntry
from app.services.entries import entries_between
from app.services.lookup import MAX_ID, find_contract
from app.services.payments import milestone_invoice
from app.services.settings import check_invoice_prefix, load_settings, missing_seller_details
from app.services.terms import load_terms
from app.services.timesheets import client_party, seller_party


@dataclass(frozen=True)
class InvoiceInfo(InvoiceDocument):
    """An invoice as stored: what it prints, plus its id, contract, client and period."""

    id: int
    contract_id: int
    client_name: str
    period_start: datetime | None
    period_end: datetime | None
    created_at: datetime
    #: When it was last e-mailed to the client.
    sent_at: datetime | None = None


@dataclass(frozen=True)
class InvoiceFile:
    """An invoice PDF that was written."""

    path: Path
    invoice: InvoiceInfo
    pages: int


def create_invoice(
    db: Database,
    contract: str | int,
    *,
    period: tuple[datetime, datetime] | None = None,
    week: BillingWeek | None = None,
    milestones: Sequence[int] | None = None,
    group_by: str = "day",
    tax_rate: Decimal = ZERO,
    notes: str = "",
    zone: tzinfo | None = None,
    issue: bool = False,
    now: datetime | None = None,
) -> InvoiceInfo:
    """A draft invoice from a billing week, a period [start, end) or milestones of a contract.

    With `issue` it is issued in the same transaction: a refusal leaves no draft behind.
    """
    now = now or system_clock()
    if sum(source is not None for source in (period, week, milestones)) != 1:
        raise UserError("invoice either a week, a period (from and to) or milestones")
    if week is not None:
        period = (week.starts_at, week.ends_at)
    tax_rate = check_tax_rate(tax_rate)
    notes = clean_note(notes, what="notes")
    with db.write() as session:
        owner = find_contract(session, contract)
        settings = load_settings(session)
        billed: list[int | None] = []
        if period is not None:
            lines = _time_lines(session, owner, period, group_by=group_by, zone=zone)
            billed = [None] * len(lines)
        else:
            lines = _milestone_lines(session, owner, milestones or ())
            billed = list(dict.fromkeys(milestones or ()))
        totals = invoice_totals(lines, tax_rate)
        invoice = Invoice(
            contract_id=owner.id,
            status="draft",
            currency=owner.currency,
            period_start=None if period is None else period[0],
            period_end=None if period is None else period[1],
            tax_rate=f"{tax_rate.normalize():f}",
            subtotal_cents=to_cents(totals.subtotal),
            tax_cents=to_cents(totals.tax),
            total_cents=to_cents(totals.total),
            terms=settings.invoice_terms,
            notes=notes,
            created_at=now,
            seller=party_to_json(seller_party(settings)),
            buyer=party_to_json(client_party(owner.client)),
        )
        invoice.lines = [
            InvoiceLine(
                position=position,
                description=line.description,
                quantity=f"{line.quantity:f}",
                unit_price_cents=to_cents(line.unit_price),
                amount_cents=to_cents(line.amount),
                milestone_id=milestone_id,
            )
            for position, (line, milestone_id) in enumerate(
                zip(lines, billed, strict=True), start=1
            )
        ]
        session.add(invoice)
        session.flush()
        if issue:
            _issue(session, invoice, owner, now.astimezone().date())
        return _info(invoice, owner)


def refuse_without_seller(missing: list[str]) -> None:
    """Refuse to number an invoice that would not say who it is from."""
    if missing:
        how = " and ".join(f"tallyhour config set {key} TEXT" for key in missing)
        raise UserError(
            f"an issued invoice must say who it is from: set your {' and '.join(missing)}"
            f" first ({how}, or Edit → Settings → Profile)"
        )


def issue_invoice(
    db: Database,
    ref: str | int,
    *,
    issue_date: date | None = None,
    now: datetime | None = None,
) -> InvoiceInfo:
    """Give a draft the next number and its dates; from now on it cannot change."""
    now = now or system_clock()
    issue_date = issue_date or now.astimezone().date()
    with db.write() as session:
        invoice, owner = _find(session, ref)
        _require(invoice, "draft", "issued")
        _issue(session, invoice, owner, issue_date)
        return _info(invoice, owner)


def _issue(session: Session, invoice: Invoice, owner: Contract, issue_date: date) -> None:
    """Give a draft the next number, its dates and today's parties (in the caller's write)."""
    settings = load_settings(session)
    refuse_without_seller(missing_seller_details(settings))
    prefix = check_invoice_prefix(settings.invoice_prefix)
    sequence = (session.scalar(select(func.max(Invoice.sequence))) or 0) + 1
    number = prefix.replace("{year}", f"{issue_date.year:04d}") + f"{sequence:04d}"
    if len(number) > 40:
        raise UserError("the invoice number is too long; shorten the prefix")
    if session.scalar(select(Invoice.id).where(Invoice.number == number)) is not None:
        raise Conflict(f"invoice number {number} is already taken; change the prefix")
    invoice.sequence, invoice.number, invoice.status = sequence, number, "issued"
    invoice.issue_date = issue_date
    invoice.due_date = issue_date + timedelta(days=settings.invoice_due_days)
    # Freeze who the invoice is from and to, as they are today.
    invoice.seller = party_to_json(seller_party(settings))
    invoice.buyer = party_to_json(client_party(owner.client))


def mark_invoice_paid(
    db: Database, ref: str | int, *, paid_on: date | None = None, now: datetime | None = None
) -> InvoiceInfo:
    """Record that an issued invoice was paid (on a date, default today)."""
    paid_on = paid_on or (now or system_clock()).astimezone().date()
    with db.write() as session:
        invoice, owner = _find(session, ref)
        _require(invoice, "issued", "marked paid")
        if invoice.issue_date is not None and paid_on < invoice.issue_date:
            raise UserError(f"{invoice.number} was issued on {invoice.issue_date}, after {paid_on}")
        invoice.status, invoice.paid_on = "paid", paid_on
        return _info(invoice, owner)


def mark_invoice_sent(db: Database, ref: str | int, *, now: datetime | None = None) -> InvoiceInfo:
    """Record when an invoice went to the client (after its e-mail was delivered)."""
    now = now or system_clock()
    with db.write() as session:
        invoice, owner = _find(session, ref)
        invoice.sent_at = now
        return _info(invoice, owner)


def unmark_invoice_paid(db: Database, ref: str | int) -> InvoiceInfo:
    """Take back "paid" (recorded by mistake): the invoice is issued and unpaid again."""
    with db.write() as session:
        invoice, owner = _find(session, ref)
        _require(invoice, "paid", "marked unpaid")
        invoice.status, invoice.paid_on = "issued", None
        return _info(invoice, owner)


def void_invoice(db: Database, ref: str | int) -> InvoiceInfo:
    """Cancel an issued invoice; it keeps its number, which is never given again."""
    with db.write() as session:
        invoice, owner = _find(session, ref)
        if invoice.status == "draft":
            raise UserError("a draft has no number yet: delete it instead of voiding it")
        _require(invoice, "issued", "voided")
        invoice.status = "void"
        return _info(invoice, owner)


def delete_invoice(db: Database, ref: str | int) -> InvoiceInfo:
    """Delete a draft (issued invoices are kept: void them instead)."""
    with db.write() as session:
        invoice, owner = _find(session, ref)
        if invoice.status != "draft":
            raise Conflict(
                f"invoice {invoice.number} is {invoice.status}; only drafts can be deleted"
            )
        info = _info(invoice, owner)
        session.delete(invoice)
        return info


def get_invoice(db: Database, ref: str | int) -> InvoiceInfo:
    """One invoice by id or number."""
    with db.read() as session:
        return _info(*_find(session, ref))


def list_invoices(
    db: Database, *, contract: str | int | None = None, status: str | None = None
) -> list[InvoiceInfo]:
    """Invoices, numbered ones in number order, then drafts by creation."""
    with db.read() as session:
        query = (
            select(Invoice, Contract)
            .join(Contract, Contract.id == Invoice.contract_id)
            .options(selectinload(Invoice.lines), selectinload(Contract.client))
        )
        if contract is not None:
            query = query.where(Invoice.contract_id == find_contract(session, contract).id)
        if status is not None:
            query = query.where(Invoice.status == status)
        query = query.order_by(Invoice.sequence.is_(None), Invoice.sequence, Invoice.id)
        return [_info(invoice, owner) for invoice, owner in session.execute(query)]


def invoice_pdf(
    db: Database, ref: str | int, out_path: Path, *, zone: tzinfo | None = None
) -> InvoiceFile:
    """Write an invoice's PDF from its stored lines and figures."""
    from app.reports.invoice_pdf import draw_invoice

    out_path = check_output_path(db, out_path)
    info = get_invoice(db, ref)
    # The period is shown in the reader's zone; everything else prints as stored.
    document = replace(info, period=period_text(info.period_start, info.period_end, zone))
    pages = draw_invoice(document, out_path)
    return InvoiceFile(path=out_path, invoice=info, pages=pages)


def _time_lines(
    session: Session,
    contract: Contract,
    period: tuple[datetime, datetime],
    *,
    group_by: str,
    zone: tzinfo | None,
) -> list[LineDraft]:
    """Lines of the contract's billable hours in the period (stopped entries only)."""
    start, end = period
    if end <= start:
        raise UserError("the invoice period must end after it starts")
    if contract.kind != "hourly":
        raise UserError(f"{quoted(contract.title)} is fixed-price: invoice its milestones instead")
    _refuse_invoiced(session, contract, start, end)
    # Whole billing weeks: earlier time in the first week uses up its weekly limit.
    last = BillingWeek.of(end - timedelta(seconds=1))
    rows = entries_between(
        session, BillingWeek.of(start).starts_at, last.ends_at, contract_id=contract.id
    )
    entries = [
        SheetEntry(row.id, row.start_at, row.end_at, row.source, row.memo)
        for row in rows
        if row.end_at is not None
    ]
    terms = load_terms(session, [contract.id])[contract.id]
    parts = bill_period(
        entries,
        start=start,
        end=end,
        weekly_limit_seconds=contract.weekly_limit_seconds,
        rounding_seconds=contract.rounding_seconds,
        terms=terms,
    )
    rates = {
        part.bucket: terms_for_week(terms, BillingWeek.from_bucket(part.bucket)).rate
        for part in parts
    }
    rate = from_cents(contract.rate_cents)
    lines = hour_lines(parts, rate=rate, rates=rates, group_by=group_by, zone=zone)
    if not lines:
        raise UserError(
            f"no billable time on {quoted(contract.title)} in {period_text(start, end, zone)}"
        )
    return lines


def _milestone_lines(session: Session, contract: Contract, ids: Sequence[int]) -> list[LineDraft]:
    """One line per chosen milestone or bonus of the contract."""
    if not ids:
        raise UserError("name at least one milestone to invoice")
    items = []
    for milestone_id in dict.fromkeys(ids):
        row = session.get(Milestone, milestone_id)
        if row is None or row.contract_id != contract.id:
            raise NotFound(f"{quoted(contract.title)} has no milestone #{milestone_id}")
        if row.kind == "refund" or row.status == "cancelled":
            raise UserError(f"{quoted(row.title)} is a {row.kind} ({row.status}): not billable")
        on_invoice = milestone_invoice(session, milestone_id)
        if on_invoice is not None:
            raise Conflict(f"{row.kind} {quoted(row.title)} is already on invoice {on_invoice}")
        items.append(MilestoneItem(row.id, row.title, row.kind, from_cents(row.amount_cents)))
    return milestone_lines(items)


def _refuse_invoiced(session: Session, contract: Contract, start: datetime, end: datetime) -> None:
    """Refuse billing time twice: another live invoice of the contract covers part of it."""
    other = session.scalars(
        select(Invoice).where(
            Invoice.contract_id == contract.id,
            Invoice.status != "void",
            Invoice.period_start < end,
            Invoice.period_end > start,
        )
    ).first()
    if other is not None:
        name = other.number or f"draft #{other.id}"
        raise Conflict(
            f"{period_text(start, end)} is already billed on invoice {name} ({other.status});"
            " void or delete it first, or print it again with `tallyhour invoices pdf`"
        )


def _find(session: Session, ref: str | int) -> tuple[Invoice, Contract]:
    """An invoice by id or number (case-insensitive), with its contract."""
    invoice = None
    text = str(ref).strip()
    if text.isascii() and text.isdigit() and 1 <= int(text) <= MAX_ID:
        invoice = session.get(Invoice, int(text))
    if invoice is None and text:
        invoice = session.scalars(
            select(Invoice).where(func.lower(Invoice.number) == text.lower())
        ).first()
    if invoice is None:
        raise NotFound(f"no invoice {quoted(text, 40)}; see `tallyhour invoices list`")
    contract = session.get(Contract, invoice.contract_id)
    assert contract is not None
    return invoice, contract


def _require(invoice: Invoice, status: str, action: str) -> None:
    """Refuse a status change the invoice's status does not allow."""
    if invoice.status != status:
        name = invoice.number or f"draft #{invoice.id}"
        raise Conflict(f"invoice {name} is {invoice.status}; it must be {status} to be {action}")


def _info(invoice: Invoice, contract: Contract) -> InvoiceInfo:
    """The plain record of an invoice row."""
    subtotal, tax = from_cents(invoice.subtotal_cents), from_cents(invoice.tax_cents)
    return InvoiceInfo(
        id=invoice.id,
        number=invoice.number,
        status=invoice.status,
        contract_id=contract.id,
        contract_title=contract.title,
        client_name=contract.client.name,
        currency=invoice.currency,
        issue_date=invoice.issue_date,
        due_date=invoice.due_date,
        paid_on=invoice.paid_on,
        period_start=invoice.period_start,
        period_end=invoice.period_end,
        period=period_text(invoice.period_start, invoice.period_end),
        quantity_label="Qty" if invoice.period_start is None else TIME_LABEL,
        tax_rate=Decimal(invoice.tax_rate),
        totals=InvoiceTotals(subtotal, tax, from_cents(invoice.total_cents)),
        terms=invoice.terms,
        notes=invoice.notes,
        seller=party_from_json(invoice.seller),
        buyer=party_from_json(invoice.buyer),
        created_at=invoice.created_at,
        sent_at=invoice.sent_at,
        lines=tuple(
            LineDraft(
                description=line.description,
                quantity=Decimal(line.quantity),
                unit_price=from_cents(line.unit_price_cents),
                amount=from_cents(line.amount_cents),
            )
            for line in invoice.lines
        ),
    )
