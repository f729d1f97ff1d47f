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
from app.core.money_rules import (
    UPWORK_FLAT_FROM,
    FeeResult,
    OpenPayment,
    charge_fee,
    minimum_applies,
    refund_against,
    resolve_schedule,
)
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
    #: The instant whose fee schedule charges it (None: `at`). An hourly week is billed at
    #: its end but charged, like its terms, by the schedule of its last instant.
    schedule_at: datetime | None = None

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
    opening_currencies: Mapping[int, str] | None = None,
    earlier: Mapping[tuple[int, str], Decimal] | None = None,
    lifetime_at_switch: Mapping[tuple[int, str], Decimal] | None = None,
) -> list[ChargedBilling]:
    """Charge every billing its fee, in ledger order, from lifetime billings before it.

    Lifetime billings with a client are counted per currency: a client's opening balance
    counts for billings in its currency (`opening_currencies`, default USD) only.
    `contract_openings` and `earlier` give each contract's and each (client, currency)'s
    billings before these (default 0), so a ledger can start part-way through history
    from totals summed elsewhere. A ledger that starts after Upwork's switch to a flat fee
    gets each (client, currency)'s lifetime billings on the day of the switch in
    `lifetime_at_switch` (default: counted as the billings pass the switch).
    A refund under a minimum fee undoes its contract's latest payments (`refund_against`).
    """
    by_client = lifetime_start(opening_balances, opening_currencies, earlier)
    at_switch: dict[tuple[int, str], Decimal] = {}
    by_contract: dict[int, Decimal] = dict(contract_openings or {})
    charged: list[ChargedBilling] = []
    paid: dict[tuple[int, str], list[OpenPayment]] = {}
    for billing in sorted(billings, key=ledger_order):
        changes = schedules.get(billing.contract_id)
        if not changes:
            raise UserError(f"contract {billing.contract_id} has no fee schedule")
        key = (billing.client_id, billing.currency)
        client_prior = by_client.get(key, ZERO)
        if billing.at >= UPWORK_FLAT_FROM and key not in at_switch:
            at_switch[key] = (
                client_prior if lifetime_at_switch is None else lifetime_at_switch.get(key, ZERO)
            )
        schedule = resolve_schedule(
            schedule_in_force(changes, billing.schedule_at or billing.at),
            billing.at,
            at_switch.get(key),
        )
        contract_prior = by_contract.get(billing.contract_id, ZERO)
        prior = contract_prior if schedule.basis is Basis.CONTRACT else client_prior
        payments = paid.setdefault((billing.contract_id, billing.currency), [])
        if billing.amount < 0 and minimum_applies(schedule, billing.kind):
            result = refund_against(
                payments, schedule, prior=prior, amount=billing.amount, kind=billing.kind
            )
        else:
            result = charge_fee(schedule, prior=prior, amount=billing.amount, kind=billing.kind)
        if billing.amount > 0:
            payments.append(OpenPayment(schedule, billing.kind, result, billing.amount))
        by_client[key] = client_prior + billing.amount
        by_contract[billing.contract_id] = contract_prior + billing.amount
        charged.append(ChargedBilling(billing, schedule.name, result))
    return charged


def lifetime_start(
    opening_balances: Mapping[int, Decimal],
    opening_currencies: Mapping[int, str] | None = None,
    earlier: Mapping[tuple[int, str], Decimal] | None = None,
) -> dict[tuple[int, str], Decimal]:
    """Lifetime billings per (client, currency) before a ledger's billings.

    Each opening balance counts in its currency (default USD), plus billings summed `earlier`.
    """
    totals: dict[tuple[int, str], Decimal] = {}
    for client_id, amount in opening_balances.items():
        key = (client_id, (opening_currencies or {}).get(client_id, "USD"))
        totals[key] = amount
    for key, amount in (earlier or {}).items():
        totals[key] = totals.get(key, ZERO) + amount
    return totals


def lifetime_billings(
    charged: Iterable[ChargedBilling], start: Mapping[tuple[int, str], Decimal]
) -> dict[tuple[int, str], Decimal]:
    """Lifetime billings per (client, currency), the totals the fee tiers count.

    Where they started (`lifetime_start`) plus every billing in that currency (refunds
    subtract). Importers and reconciliation read lifetime billings through this function.
    """
    totals = dict(start)
    for item in charged:
        key = (item.billing.client_id, item.billing.currency)
        totals[key] = totals.get(key, ZERO) + item.billing.amount
    return totals


def charged_by_key(charged: Iterable[ChargedBilling]) -> dict[tuple[int, str], ChargedBilling]:
    """Index charged billings by (contract id, source key) for lookups."""
    return {(item.billing.contract_id, item.billing.key): item for item in charged}
