"""User actions on money that is not hourly time: milestones, bonuses, refunds, withdrawals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.clock import system_clock
from app.core.errors import NotFound, UserError
from app.core.instants import check_sane_year
from app.core.ledger import lifetime_billings
from app.core.money import ZERO, check_amount, check_currency, from_cents, to_cents
from app.core.money_rules import MoneyOut, check_withdrawal, terms_at
from app.core.text import clean_name, quoted
from app.models import Contract, Invoice, InvoiceLine, Milestone, Withdrawal
from app.models.database import Database
from app.services.balance import read_books
from app.services.earnings import build_ledger
from app.services.lookup import MAX_ID, find_contract
from app.services.settings import load_settings
from app.services.terms import load_terms


@dataclass(frozen=True)
class MilestoneInfo:
    """A milestone, bonus or refund and where it stands."""

    id: int
    contract_id: int
    contract_title: str
    title: str
    kind: str
    amount: Decimal
    status: str
    released_at: datetime | None
    #: The live invoice that bills it ("INV-2026-0003" or "draft #4"), if any.
    invoice: str | None = None


@dataclass(frozen=True)
class WithdrawalInfo:
    """Money moved to the bank, and what moving it cost."""

    id: int
    at: datetime
    amount: Decimal
    fee: Decimal
    currency: str
    method: str
    #: What is left to withdraw in its currency just after it (when it was recorded).
    left: Decimal | None = None


def add_milestone(
    db: Database,
    contract: str | int,
    title: str,
    *,
    amount: Decimal,
    kind: str = "milestone",
    now: datetime | None = None,
) -> MilestoneInfo:
    """Add a funded milestone (or a bonus or refund) to a contract."""
    now = now or system_clock()
    title = clean_name(title, what="milestone title")
    if kind not in ("milestone", "bonus", "refund"):
        raise UserError("kind must be milestone, bonus or refund")
    amount = check_amount(amount, what="amount", allow_zero=False)
    cents = to_cents(amount) * (-1 if kind == "refund" else 1)
    with db.write() as session:
        owner = find_contract(session, contract)
        if kind == "milestone" and owner.kind != "fixed":
            raise UserError(
                f"{quoted(owner.title)} is hourly; milestones belong to fixed-price contracts"
            )
        row = Milestone(
            contract_id=owner.id,
            title=title,
            kind=kind,
            amount_cents=cents,
            status="funded",
            created_at=now,
        )
        session.add(row)
        session.flush()
        return MilestoneInfo(
            row.id, owner.id, owner.title, title, kind, from_cents(cents), row.status, None
        )


def release_milestone(
    db: Database, milestone_id: int, *, at: datetime | None = None, now: datetime | None = None
) -> MilestoneInfo:
    """Record that the client released (paid) a milestone; it counts as billed at `at`."""
    now = now or system_clock()
    at = at or now
    check_sane_year(at, what="release time")
    if at > now:
        raise UserError("release time is in the future")
    with db.write() as session:
        row = session.get(Milestone, milestone_id)
        if row is None:
            raise NotFound(f"no milestone #{milestone_id}")
        if row.released_at is not None:
            raise UserError(f"{row.kind} {quoted(row.title)} was already released")
        if row.status == "cancelled":
            raise UserError(f"{row.kind} {quoted(row.title)} was cancelled")
        owner = find_contract(session, row.contract_id)
        if row.kind == "refund":
            _refuse_refund_beyond_billed(session, owner, -from_cents(row.amount_cents), at)
        row.released_at, row.status = at, "paid"
        return MilestoneInfo(
            row.id,
            owner.id,
            owner.title,
            row.title,
            row.kind,
            from_cents(row.amount_cents),
            row.status,
            at,
        )


def _refuse_refund_beyond_billed(
    session: Session, contract: Contract, refund: Decimal, at: datetime
) -> None:
    """Refuse a refund larger than what was billed with the client, in its currency, by `at`."""
    currency = terms_at(load_terms(session, [contract.id])[contract.id], at).currency
    ledger = build_ledger(session, now=at)
    billed_by_then = [item for item in ledger.charged if item.billing.at <= at]
    billed = lifetime_billings(billed_by_then, ledger.lifetime_start).get(
        (contract.client_id, currency), ZERO
    )
    if refund > billed:
        raise UserError(
            f"a refund of {refund:.2f} {currency} is more than the {max(billed, ZERO):.2f}"
            f" {currency} billed with {quoted(contract.client.name)} by then"
        )


def cancel_milestone(db: Database, milestone_id: int) -> MilestoneInfo:
    """Cancel a milestone the client never paid (typed by mistake, or dropped)."""
    with db.write() as session:
        row = session.get(Milestone, milestone_id) if 1 <= milestone_id <= MAX_ID else None
        if row is None:
            raise NotFound(f"no milestone #{milestone_id}")
        if row.released_at is not None:
            raise UserError(f"{row.kind} {quoted(row.title)} was released: record a refund instead")
        invoice = milestone_invoice(session, milestone_id)
        if invoice is not None:
            raise UserError(
                f"{row.kind} {quoted(row.title)} is on invoice {invoice}; void it first"
            )
        row.status = "cancelled"
        owner = find_contract(session, row.contract_id)
        return MilestoneInfo(
            row.id,
            owner.id,
            owner.title,
            row.title,
            row.kind,
            from_cents(row.amount_cents),
            row.status,
            None,
        )


def list_milestones(db: Database, contract: str | int | None = None) -> list[MilestoneInfo]:
    """Milestones, bonuses and refunds, newest first."""
    with db.read() as session:
        query = select(Milestone).order_by(Milestone.created_at.desc(), Milestone.id.desc())
        if contract is not None:
            query = query.where(Milestone.contract_id == find_contract(session, contract).id)
        rows = session.scalars(query).all()
        titles = {row.contract_id: find_contract(session, row.contract_id).title for row in rows}
        return [
            MilestoneInfo(
                r.id,
                r.contract_id,
                titles[r.contract_id],
                r.title,
                r.kind,
                from_cents(r.amount_cents),
                r.status,
                r.released_at,
                milestone_invoice(session, r.id),
            )
            for r in rows
        ]


def milestone_invoice(session: Session, milestone_id: int) -> str | None:
    """The number (or "draft #id") of the live invoice that bills a milestone, if any."""
    row = session.execute(
        select(Invoice.id, Invoice.number)
        .join(InvoiceLine, InvoiceLine.invoice_id == Invoice.id)
        .where(InvoiceLine.milestone_id == milestone_id, Invoice.status != "void")
    ).first()
    if row is None:
        return None
    return row[1] or f"draft #{row[0]}"


def withdraw(
    db: Database,
    amount: Decimal,
    *,
    method: str,
    currency: str = "USD",
    at: datetime | None = None,
    now: datetime | None = None,
) -> WithdrawalInfo:
    """Record a withdrawal; its fee (from the settings) is charged on top of the amount.

    The amount and its fee must fit the money available in its currency at its instant
    (and leave every later withdrawal covered); a currency never earned is refused.
    """
    now = now or system_clock()
    at = at or now
    check_sane_year(at, what="withdrawal time")
    if at > now:
        raise UserError("withdrawal time is in the future")
    amount = check_amount(amount, what="amount", allow_zero=False)
    currency = check_currency(currency)
    with db.write() as session:
        fee = load_settings(session).withdrawal_fee(method)
        if fee >= amount:
            raise UserError(
                f"the {method} fee ({fee:.2f}) would cost as much as the amount withdrawn"
            )
        books = read_books(session, now=now)
        if currency not in books.credits:
            raise UserError(f"nothing was ever earned in {currency}: there is nothing to withdraw")
        left = check_withdrawal(
            books.credits[currency],
            books.withdrawals.get(currency, []),
            MoneyOut(at, amount, fee),
            currency,
        )
        row = Withdrawal(
            at=at,
            amount_cents=to_cents(amount),
            fee_cents=to_cents(fee),
            currency=currency,
            method=method,
        )
        session.add(row)
        session.flush()
        return WithdrawalInfo(row.id, at, amount, fee, currency, method, left)


def delete_withdrawal(db: Database, withdrawal_id: int) -> WithdrawalInfo:
    """Remove a withdrawal recorded by mistake; returns what it was."""
    with db.write() as session:
        row = session.get(Withdrawal, withdrawal_id) if 1 <= withdrawal_id <= MAX_ID else None
        if row is None:
            raise NotFound(f"no withdrawal #{withdrawal_id}")
        info = WithdrawalInfo(
            row.id,
            row.at,
            from_cents(row.amount_cents),
            from_cents(row.fee_cents),
            row.currency,
            row.method,
        )
        session.delete(row)
        return info


def list_withdrawals(db: Database) -> list[WithdrawalInfo]:
    """All withdrawals, newest first."""
    with db.read() as session:
        rows = session.scalars(select(Withdrawal).order_by(Withdrawal.at.desc())).all()
        return [
            WithdrawalInfo(
                r.id,
                r.at,
                from_cents(r.amount_cents),
                from_cents(r.fee_cents),
                r.currency,
                r.method,
            )
            for r in rows
        ]
