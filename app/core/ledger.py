"""Fees derived from billings in date order, with lifetime billings tracked per client.

Fees are never stored as truth: replaying every billing of a client in ledger order gives
each one its fee. Lifetime billings advance on every billing (all kinds, refunds subtract)
whatever schedule charged it, so a client billed under a flat schedule still builds up the
lifetime a tiered schedule would read. Lifetime is not clamped at zero: an over-refund
leaves it negative, and the first tier's rate covers that stretch (see `fees`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from app.core.errors import UserError
from app.core.fees import Basis, BillingKind, FeeSchedule
from app.core.money import ZERO
from app.core.money_rules import FeeResult, charge_fee
from app.core.weeks import require_aware


@dataclass(frozen=True)
class Billing:
    """One payment (or refund, when negative) on a contract at an aware instant."""

    client_id: int
    contract_id: int
    at: datetime
    kind: BillingKind
    amount: Decimal
    key: str
    currency: str = "USD"

    def __post_init__(self) -> None:
        require_aware(self.at)


@dataclass(frozen=True)
class ScheduleChange:
    """A fee schedule that applies to a contract's billings from an instant on."""

    effective_from: datetime
    schedule: FeeSchedule

    def __post_init__(self) -> None:
        require_aware(self.effective_from)


@dataclass(frozen=True)
class ChargedBilling:
    """A billing with the schedule that charged it and the resulting fee."""

    billing: Billing
    schedule_name: str
    result: FeeResult


def ledger_order(billing: Billing) -> tuple[datetime, int, str]:
    """The sort key of the ledger: time, then contract, then source key (stable ties)."""
    return billing.at, billing.contract_id, billing.key


def schedule_in_force(changes: Sequence[ScheduleChange], at: datetime) -> FeeSchedule:
    """The latest schedule effective at or before `at`; the first one for earlier billings."""
    if not changes:
        raise UserError("a contract needs a fee schedule")
    ordered = sorted(changes, key=lambda change: change.effective_from)
    current = ordered[0].schedule
    for change in ordered:
        if change.effective_from > at:
            break
        current = change.schedule
    return current


def run_ledger(
    billings: Iterable[Billing],
    *,
    opening_balances: Mapping[int, Decimal],
    schedules: Mapping[int, Sequence[ScheduleChange]],
    contract_openings: Mapping[int, Decimal] | None = None,
) -> list[ChargedBilling]:
    """Charge every billing its fee, in ledger order, from lifetime billings before it.

    `contract_openings` gives each contract's lifetime before these billings (default 0),
    so a ledger can start part-way through history from totals summed elsewhere.
    """
    by_client: dict[int, Decimal] = {}
    by_contract: dict[int, Decimal] = dict(contract_openings or {})
    charged: list[ChargedBilling] = []
    for billing in sorted(billings, key=ledger_order):
        changes = schedules.get(billing.contract_id)
        if not changes:
            raise UserError(f"contract {billing.contract_id} has no fee schedule")
        schedule = schedule_in_force(changes, billing.at)
        client_prior = by_client.get(
            billing.client_id, opening_balances.get(billing.client_id, ZERO)
        )
        contract_prior = by_contract.get(billing.contract_id, ZERO)
        prior = contract_prior if schedule.basis is Basis.CONTRACT else client_prior
        result = charge_fee(schedule, prior=prior, amount=billing.amount, kind=billing.kind)
        by_client[billing.client_id] = client_prior + billing.amount
        by_contract[billing.contract_id] = contract_prior + billing.amount
        charged.append(ChargedBilling(billing, schedule.name, result))
    return charged


def lifetime_by_client(
    charged: Iterable[ChargedBilling], opening_balances: Mapping[int, Decimal]
) -> dict[int, Decimal]:
    """Each client's lifetime billings: opening balance plus every billing (refunds subtract)."""
    totals = dict(opening_balances)
    for item in charged:
        client_id = item.billing.client_id
        totals[client_id] = totals.get(client_id, ZERO) + item.billing.amount
    return totals


def charged_by_key(charged: Iterable[ChargedBilling]) -> dict[tuple[int, str], ChargedBilling]:
    """Index charged billings by (contract id, source key) for lookups."""
    return {(item.billing.contract_id, item.billing.key): item for item in charged}
