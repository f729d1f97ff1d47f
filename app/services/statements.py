"""Imported marketplace statement lines: the costs they record, and the lifetime they add."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.money import from_cents
from app.core.money_rules import STATEMENT_COST_KINDS
from app.models import StatementLine
from app.models.database import Database
from app.models.queries import session_rows
from app.services.ledger_reads import statement_lifetime_of

#: Statement lines that are money the client paid: they count toward lifetime billings.
BILLING_KINDS = ("hourly", "fixed", "bonus", "refund")
#: Statement lines that are the freelancer's costs of doing business there.
COST_KINDS = tuple(STATEMENT_COST_KINDS)


@dataclass(frozen=True)
class StatementCost:
    """A cost the marketplace charged (Connects, membership, VAT on its fee), as positive money."""

    id: int
    kind: str
    at: datetime
    amount: Decimal
    currency: str
    contract_id: int | None
    description: str


def statement_costs(
    db: Database, *, start: datetime | None = None, end: datetime | None = None
) -> list[StatementCost]:
    """Connects, membership and VAT lines in [start, end), oldest first, as costs."""
    query = select(StatementLine).where(StatementLine.kind.in_(COST_KINDS))
    if start is not None:
        query = query.where(StatementLine.at >= start)
    if end is not None:
        query = query.where(StatementLine.at < end)
    with db.read() as session:
        return [
            StatementCost(
                id=line.id,
                kind=line.kind,
                at=line.at,
                # A cost is money out (negative on the statement); a credit back stays negative.
                amount=-from_cents(line.amount_cents),
                currency=line.currency,
                contract_id=line.contract_id,
                description=line.description,
            )
            for line in session.scalars(query.order_by(StatementLine.at, StatementLine.id))
        ]


def statement_lifetime(session: Session) -> dict[tuple[int, str], Decimal]:
    """Billings on imported statements per (client id, currency), for the fee tiers.

    A statement line counts unless Tallyhour has billings of its own for that contract and
    billing week (tracked time or a released milestone): then those count, never both.
    """
    return statement_lifetime_of(session_rows(session))
