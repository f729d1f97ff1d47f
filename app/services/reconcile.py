"""Reconciling the marketplace's statement with Tallyhour's own records, week by week.

Per contract and billing week: the hours tracked and the hours the statement billed, the
gross Tallyhour expects and the gross billed, the fee Tallyhour's schedule expects and the
fee charged, and a status saying which of them differ.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.clock import system_clock
from app.core.errors import UserError
from app.core.fees import Basis, FeeSchedule, Tier, schedule_to_dict
from app.core.money import ZERO, from_cents
from app.core.weeks import BillingWeek
from app.models import Client, Contract, ContractSchedule, CustomFeeSchedule, StatementLine
from app.models.database import Database
from app.services.earnings import ContractWeek, build_ledger
from app.services.lookup import find_contract

#: Every status a reconciled week can have.
STATUSES = (
    "refunded",
    "untracked",
    "unbilled",
    "over-limit",
    "short-paid",
    "fee-differs",
    "match",
)
#: Statement kinds that bill the client, and the ones that are the marketplace's fee.
BILLED_KINDS = ("hourly", "fixed", "bonus")
FEE_KINDS = ("service-fee",)


@dataclass
class StatementWeek:
    """What the statement says about one contract's week."""

    seconds: int = 0
    gross: Decimal = ZERO
    fee: Decimal = ZERO
    refunded: Decimal = ZERO
    has_fee_lines: bool = False


@dataclass(frozen=True)
class ReconcileRow:
    """One contract's billing week, Tallyhour against the statement."""

    contract_id: int
    contract: str
    client: str
    currency: str
    week: BillingWeek
    tracked_seconds: int
    billable_seconds: int
    statement_seconds: int
    expected_gross: Decimal
    statement_gross: Decimal
    expected_fee: Decimal
    statement_fee: Decimal
    refunded: Decimal
    status: str


@dataclass(frozen=True)
class FeeDrift:
    """A contract whose charged fee differs from its schedule: the rate actually charged."""

    contract_id: int
    contract: str
    charged_rate: Decimal
    since: BillingWeek
    weeks: int


@dataclass(frozen=True)
class Reconciliation:
    """Every reconciled week, oldest first, and the contracts whose fees drifted."""

    rows: list[ReconcileRow]
    drifts: list[FeeDrift] = field(default_factory=list)


def reconcile(
    db: Database,
    *,
    contract: str | int | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    now: datetime | None = None,
) -> Reconciliation:
    """Compare the imported statement with tracked time per contract and week in [start, end)."""
    now = now or system_clock()
    with db.read() as session:
        only = None if contract is None else find_contract(session, contract).id
        statement = _statement_weeks(session, only)
        if not statement:
            return Reconciliation([])
        ledger = build_ledger(session, now=now)
        names = {
            cid: (title, client, currency)
            for cid, title, client, currency in session.execute(
                select(Contract.id, Contract.title, Client.name, Contract.currency).join(
                    Client, Client.id == Contract.client_id
                )
            )
        }
    last_bucket = max(bucket for _, bucket in statement)
    first_of: dict[int, int] = {}
    for cid, bucket in statement:
        first_of[cid] = min(bucket, first_of.get(cid, bucket))
    keys = set(statement)
    for cid, bucket in ledger.usage:
        if cid in first_of and first_of[cid] <= bucket <= last_bucket:
            keys.add((cid, bucket))
    weeks = [BillingWeek.from_bucket(bucket) for bucket in sorted({b for _, b in keys})]
    ours = {(row.contract.id, row.week.bucket): row for row in ledger.contract_weeks(weeks)}
    rows = []
    for cid, bucket in sorted(keys, key=lambda key: (key[1], names[key[0]][0].casefold())):
        week = BillingWeek.from_bucket(bucket)
        if (start is not None and week.ends_at <= start) or (
            end is not None and week.starts_at >= end
        ):
            continue
        rows.append(
            _row(cid, week, names[cid], ours.get((cid, bucket)), statement.get((cid, bucket)))
        )
    return Reconciliation(rows, _drifts(rows))


def _statement_weeks(session: Session, only: int | None) -> dict[tuple[int, int], StatementWeek]:
    """The statement's hours, gross, fee and refunds per (contract, bucket)."""
    query = select(
        StatementLine.contract_id,
        StatementLine.bucket,
        StatementLine.kind,
        StatementLine.amount_cents,
        StatementLine.seconds,
    ).where(StatementLine.contract_id.is_not(None))
    if only is not None:
        query = query.where(StatementLine.contract_id == only)
    weeks: dict[tuple[int, int], StatementWeek] = defaultdict(StatementWeek)
    for cid, bucket, kind, cents, seconds in session.execute(query):
        if cid is None or kind not in (*BILLED_KINDS, *FEE_KINDS, "refund"):
            continue
        week = weeks[(cid, bucket)]
        amount = from_cents(cents)
        if kind in BILLED_KINDS:
            week.gross += amount
            week.seconds += seconds or 0
        elif kind == "refund":
            week.refunded += -amount
        else:
            week.fee += -amount
            week.has_fee_lines = True
    return dict(weeks)


def _row(
    cid: int,
    week: BillingWeek,
    names: tuple[str, str, str],
    ours: ContractWeek | None,
    theirs: StatementWeek | None,
) -> ReconcileRow:
    """One compared week with its status."""
    theirs = theirs or StatementWeek()
    tracked = ours.tracked_seconds if ours else 0
    billable = ours.billable_seconds if ours else 0
    over = ours.over_limit_seconds if ours else 0
    gross, fee = (ours.gross, ours.fee) if ours else (ZERO, ZERO)
    if theirs.refunded:
        status = "refunded"
    elif theirs.gross > gross and (tracked == 0 or theirs.seconds > tracked):
        status = "untracked"
    elif gross > 0 and theirs.gross == 0:
        status = "unbilled"
    elif theirs.gross < gross:
        status = "short-paid"
    elif over > 0:
        status = "over-limit"
    elif theirs.has_fee_lines and theirs.fee != fee:
        status = "fee-differs"
    elif theirs.gross > gross:
        status = "untracked"
    else:
        status = "match"
    title, client, currency = names
    return ReconcileRow(
        cid, title, client, currency, week, tracked, billable, theirs.seconds,
        gross, theirs.gross, fee, theirs.fee, theirs.refunded, status,
    )  # fmt: skip


def _drifts(rows: list[ReconcileRow]) -> list[FeeDrift]:
    """Contracts with weeks whose fee differs: the rate the statement charged on them."""
    by_contract: dict[int, list[ReconcileRow]] = defaultdict(list)
    for row in rows:
        if row.status == "fee-differs" and row.statement_gross > 0:
            by_contract[row.contract_id].append(row)
    drifts = []
    for cid, weeks in by_contract.items():
        gross = sum((row.statement_gross for row in weeks), ZERO)
        fee = sum((row.statement_fee for row in weeks), ZERO)
        # A percentage to a tenth of a percent: what an offer's fee looks like (12.5%).
        rate = (fee / gross).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)
        drifts.append(FeeDrift(cid, weeks[0].contract, rate, weeks[0].week, len(weeks)))
    return drifts


def adopt_charged_fee_rate(
    db: Database, contract: str | int, *, now: datetime | None = None
) -> FeeDrift:
    """Charge a contract the flat fee rate its statement shows, from the first week it did."""
    now = now or system_clock()
    drift = next(iter(reconcile(db, contract=contract, now=now).drifts), None)
    if drift is None:
        raise UserError("the statement's fees match this contract's schedule: nothing to change")
    percent = (drift.charged_rate * 100).normalize()
    schedule = FeeSchedule(
        f"charged-{percent:f}pct",
        (Tier(None, drift.charged_rate),),
        Basis.FLAT,
        description=f"Flat {percent:f}%: the fee Upwork charged, read from a statement.",
    )
    with db.write() as session:
        if (
            session.scalars(
                select(CustomFeeSchedule).where(CustomFeeSchedule.name == schedule.name)
            ).first()
            is None
        ):
            session.add(
                CustomFeeSchedule(
                    name=schedule.name, spec=json.dumps(schedule_to_dict(schedule)), updated_at=now
                )
            )
        owner = find_contract(session, drift.contract_id)
        since = drift.since.starts_at
        for change in owner.schedules:
            if change.effective_from == since:
                change.schedule_name = schedule.name
                break
        else:
            owner.schedules.append(
                ContractSchedule(effective_from=since, schedule_name=schedule.name)
            )
    return drift
