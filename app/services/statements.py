"""Imported marketplace statement lines: the costs they record, and the lifetime they add."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.instants import to_epoch
from app.core.money import from_cents
from app.core.weeks import bucket_of
from app.models import Contract, Milestone, StatementLine, WeekTotal
from app.models.database import Database

#: Statement lines that are money the client paid: they count toward lifetime billings.
BILLING_KINDS = ("hourly", "fixed", "bonus", "refund")
#: Statement lines that are the freelancer's costs of doing business there.
COST_KINDS = ("connects", "membership", "vat")


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
    own = {
        (cid, bucket)
        for cid, bucket in session.execute(select(WeekTotal.contract_id, WeekTotal.bucket))
    }
    for contract_id, released_at in session.execute(
        select(Milestone.contract_id, Milestone.released_at).where(
            Milestone.released_at.is_not(None)
        )
    ):
        if released_at is not None:
            own.add((contract_id, bucket_of(to_epoch(released_at))))
    rows = session.execute(
        select(
            StatementLine.contract_id,
            StatementLine.bucket,
            Contract.client_id,
            StatementLine.currency,
            StatementLine.amount_cents,
        )
        .join(Contract, Contract.id == StatementLine.contract_id)
        .where(StatementLine.kind.in_(BILLING_KINDS))
    )
    totals: dict[tuple[int, str], int] = defaultdict(int)
    for line_contract, bucket, client_id, currency, cents in rows:
        if line_contract is not None and (line_contract, bucket) not in own:
            totals[(client_id, currency)] += cents
    return {key: from_cents(cents) for key, cents in totals.items()}
