"""Costs that reduce take-home: Connects, a membership, tax on the marketplace's fee, others.

A cost is typed by the user (the `costs` table) or is a line of an imported statement
(Connects, membership, VAT/GST). Both are listed, each with its source; the money rules
decide which count, so one cost is never subtracted twice (`uncounted_costs`). Tax on
fees can also be worked out from the fee-tax rate (`CostBook.worked_out_fee_tax`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.clock import system_clock
from app.core.errors import NotFound, UserError
from app.core.instants import check_sane_year
from app.core.money import ZERO, check_amount, check_currency, from_cents, to_cents
from app.core.money_rules import (
    CONNECT_CURRENCY,
    COST_KINDS,
    STATEMENT,
    STATEMENT_COST_KINDS,
    TYPED,
    CostRecord,
    connects_cost,
    fee_tax_on_payments,
    fee_tax_recorded,
    uncounted_costs,
)
from app.core.text import clean_note, quoted
from app.models import Cost, StatementLine
from app.models.database import Database
from app.services.lookup import MAX_ID
from app.services.settings import load_settings

#: The largest number of Connects one cost may record.
MAX_CONNECTS = 100_000


@dataclass(frozen=True)
class CostLine:
    """One cost as listed: typed or from a statement, and whether it counts (and why not)."""

    id: int
    source: str
    kind: str
    at: datetime
    amount: Decimal
    currency: str
    count: int | None
    note: str
    contract_id: int | None = None
    counted: bool = True
    why_not_counted: str = ""

    def record(self) -> CostRecord:
        """The cost as the money rules see it."""
        return CostRecord(self.source, self.id, self.kind, self.at, self.amount, self.currency)


@dataclass(frozen=True)
class CostBook:
    """The costs of a span of billing weeks and the fee-tax rate, for take-home."""

    fee_tax_rate: Decimal
    #: The costs that count (typed and statement lines), oldest first.
    lines: tuple[CostLine, ...]
    #: (billing week, currency) pairs whose tax on fees is recorded, so not worked out.
    recorded_fee_tax: frozenset[tuple[int, str]]

    def worked_out_fee_tax(self, bucket: int, currency: str, fees: Iterable[Decimal]) -> Decimal:
        """The tax on the fees of a week's payments, unless that week's is recorded."""
        if (bucket, currency) in self.recorded_fee_tax:
            return ZERO
        return fee_tax_on_payments(fees, self.fee_tax_rate)


def add_cost(
    db: Database,
    *,
    kind: str,
    amount: Decimal | None = None,
    count: int | None = None,
    currency: str | None = None,
    at: datetime | None = None,
    note: str = "",
    now: datetime | None = None,
) -> CostLine:
    """Record a cost: an amount, or a number of Connects priced at Upwork's price."""
    at = at or now or system_clock()
    check_sane_year(at, what="cost date")
    if kind not in COST_KINDS:
        raise UserError(f"unknown kind of cost {quoted(kind, 20)}; use {', '.join(COST_KINDS)}")
    if (amount is None) == (count is None):
        raise UserError("give the cost as an amount or as a number of Connects, not both")
    if count is not None:
        if kind != "connects":
            raise UserError("a number (--count) is for Connects; give other costs as an amount")
        if not 1 <= count <= MAX_CONNECTS:
            raise UserError(f"the number of Connects must be between 1 and {MAX_CONNECTS:,}")
        if currency is not None and check_currency(currency) != CONNECT_CURRENCY:
            raise UserError(
                f"Connects are priced in {CONNECT_CURRENCY}; give an amount for another currency"
            )
        amount, currency = connects_cost(count), CONNECT_CURRENCY
    assert amount is not None
    amount = check_amount(amount, what="cost", allow_zero=False)
    code = check_currency(currency or "USD")
    text = clean_note(note, what="note")
    with db.write() as session:
        row = Cost(
            at=at,
            kind=kind,
            description=text,
            amount_cents=to_cents(amount),
            currency=code,
            quantity=count,
        )
        session.add(row)
        session.flush()
        return _typed_line(row)


def delete_cost(db: Database, cost_id: int) -> CostLine:
    """Remove a typed cost (one recorded by mistake); statement lines stay as imported."""
    with db.write() as session:
        row = session.get(Cost, cost_id) if 1 <= cost_id <= MAX_ID else None
        if row is None:
            raise NotFound(f"no typed cost #{cost_id} (tallyhour cost list shows them)")
        line = _typed_line(row)
        session.delete(row)
        return line


def list_costs(
    db: Database, *, start: datetime | None = None, end: datetime | None = None
) -> list[CostLine]:
    """Typed costs and statement costs in [start, end), newest first, each saying if it counts."""
    with db.read() as session:
        lines = read_cost_lines(session, start=start, end=end)
    return sorted(lines, key=lambda line: (line.at, line.source, line.id), reverse=True)


def read_cost_lines(
    session: Session, *, start: datetime | None = None, end: datetime | None = None
) -> list[CostLine]:
    """Every cost in [start, end), oldest first, marked counted or not by the money rules.

    Costs are paired within a UTC day and a billing week, so a span of whole billing
    weeks decides each of its costs as the whole history would.
    """
    typed = select(Cost)
    statement = select(StatementLine).where(StatementLine.kind.in_(STATEMENT_COST_KINDS))
    if start is not None:
        typed, statement = typed.where(Cost.at >= start), statement.where(StatementLine.at >= start)
    if end is not None:
        typed, statement = typed.where(Cost.at < end), statement.where(StatementLine.at < end)
    lines = [_typed_line(row) for row in session.scalars(typed)]
    lines += [_statement_line(row) for row in session.scalars(statement)]
    skipped = uncounted_costs([line.record() for line in lines])
    marked = [
        replace(line, counted=False, why_not_counted=skipped[key])
        if (key := (line.source, line.id)) in skipped
        else line
        for line in lines
    ]
    return sorted(marked, key=lambda line: (line.at, line.source, line.id))


def read_cost_book(
    session: Session, *, start: datetime | None = None, end: datetime | None = None
) -> CostBook:
    """The costs that count in [start, end) (whole billing weeks; None: unbounded), the fee-tax rate."""
    counted = tuple(line for line in read_cost_lines(session, start=start, end=end) if line.counted)
    return CostBook(
        fee_tax_rate=load_settings(session).fee_tax_fraction,
        lines=counted,
        recorded_fee_tax=fee_tax_recorded(line.record() for line in counted),
    )


def _typed_line(row: Cost) -> CostLine:
    """A typed cost as a plain line."""
    return CostLine(
        id=row.id,
        source=TYPED,
        kind=row.kind,
        at=row.at,
        amount=from_cents(row.amount_cents),
        currency=row.currency,
        count=row.quantity,
        note=row.description,
    )


def _statement_line(row: StatementLine) -> CostLine:
    """A statement's Connects, membership or VAT line as a cost (money out is positive)."""
    return CostLine(
        id=row.id,
        source=STATEMENT,
        kind=STATEMENT_COST_KINDS[row.kind],
        at=row.at,
        amount=-from_cents(row.amount_cents),
        currency=row.currency,
        count=None,
        note=row.description,
        contract_id=row.contract_id,
    )
