"""Contracts at a glance: each contract's week, lifetime billings, next fee tier and net.

`contract_overview` replays the whole ledger: run it off the GUI thread. The window's
quick reads (the week sheet, a contract's hours, the poll) are in `plain_reads`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.core.clock import system_clock
from app.core.fees import Basis, FeeSchedule, next_tier_distance
from app.core.ledger import lifetime_billings
from app.core.money import ZERO
from app.core.money_rules import hourly_rate
from app.core.weeks import BillingWeek
from app.models import Contract
from app.models.database import Database
from app.services.contracts import contract_info
from app.services.earnings import billing_week, build_ledger
from app.services.records import ContractInfo
from app.services.schedules import all_schedules


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
