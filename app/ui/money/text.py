"""Words and numbers of the money dialogs: tiers, kinds, methods, totals (no widgets)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from app.core.fees import Basis, BillingKind, FeeSchedule, Tier, percent_text
from app.core.money import ZERO, json_money
from app.services.balance import Balance
from app.services.costs import CostLine
from app.services.payments import MilestoneInfo, WithdrawalInfo
from app.ui import formatting as fmt

#: Milestone kinds as the dialogs name them.
KIND_NAMES = {"milestone": "Milestone", "bonus": "Bonus", "refund": "Refund"}

#: Withdrawal methods as people call them; a method added elsewhere shows its own name.
METHOD_NAMES = {
    "ach": "ACH (US bank)",
    "local-bank": "Local bank",
    "wire": "Wire transfer",
    "paypal": "PayPal",
}

#: Kinds of cost and where a cost comes from, as the dialogs name them.
COST_KIND_NAMES = {
    "connects": "Connects",
    "membership": "Membership",
    "fee-tax": "Tax on the fee",
    "other": "Other",
}
COST_SOURCE_NAMES = {"typed": "Typed", "statement": "Statement"}

BASIS_NAMES = {
    Basis.CLIENT: "Lifetime with the client",
    Basis.CONTRACT: "Lifetime of the contract",
    Basis.FLAT: "Flat (one rate)",
}

#: Payment kinds the take-home calculator offers.
PAYMENT_KINDS = {
    BillingKind.HOURLY: "Hourly week",
    BillingKind.FIXED: "Fixed-price milestone",
    BillingKind.BONUS: "Bonus",
}


def kind_name(kind: str) -> str:
    """A milestone kind for the screen."""
    return KIND_NAMES.get(kind, kind.capitalize())


def method_name(method: str) -> str:
    """A withdrawal method for the screen."""
    return METHOD_NAMES.get(method, method)


def cost_kind_name(kind: str) -> str:
    """A kind of cost for the screen."""
    return COST_KIND_NAMES.get(kind, kind.capitalize())


def cost_source_name(source: str) -> str:
    """Where a cost comes from, for the screen."""
    return COST_SOURCE_NAMES.get(source, source.capitalize())


def basis_name(basis: Basis) -> str:
    """What a schedule's tiers count, in words."""
    return BASIS_NAMES[basis]


def tiers_text(tiers: tuple[Tier, ...]) -> str:
    """Tiers as people read them: "20% to 500.00 · 10% to 10,000.00 · 5% above"."""
    if len(tiers) == 1:
        return fmt.percent(tiers[0].rate)
    parts = []
    for tier in tiers:
        rate = fmt.percent(tier.rate)
        parts.append(
            f"{rate} above" if tier.up_to is None else f"{rate} to {fmt.amount(tier.up_to)}"
        )
    return " · ".join(parts)


def tiers_input(schedule: FeeSchedule) -> str:
    """Tiers as typed into the editor, read back by `parse_tiers`: "20%:500.00, 5%"."""
    return ", ".join(
        percent_text(tier.rate)
        if tier.up_to is None
        else f"{percent_text(tier.rate)}:{json_money(tier.up_to)}"
        for tier in schedule.tiers
    )


def minimum_applies_to_all(schedule: FeeSchedule) -> bool:
    """Whether a schedule's minimum fee applies to every kind of payment."""
    return schedule.minimum_applies_to == frozenset(BillingKind)


def minimum_text(schedule: FeeSchedule) -> str:
    """The minimum fee and what it applies to ("5.00 on fixed price"), or "—"."""
    if schedule.minimum_fee == 0 or not schedule.minimum_applies_to:
        return "—"
    scope = "on all payments" if minimum_applies_to_all(schedule) else "on fixed price"
    return f"{fmt.amount(schedule.minimum_fee)} {scope}"


def milestone_totals(rows: list[MilestoneInfo], currency: str) -> str:
    """What was released and what waits ("Released $500.00 · not yet released $250.00")."""
    paid = sum((r.amount for r in rows if r.released_at is not None), ZERO)
    waiting = sum((r.amount for r in rows if r.released_at is None), ZERO)
    return f"Released {fmt.money(paid, currency)} · not yet released {fmt.money(waiting, currency)}"


def withdrawal_totals(rows: list[WithdrawalInfo]) -> str:
    """Withdrawn amounts and fees paid, per currency ("Withdrawn $1,000.00, fees $0.99")."""
    withdrawn: dict[str, Decimal] = defaultdict(lambda: ZERO)
    fees: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for row in rows:
        withdrawn[row.currency] += row.amount
        fees[row.currency] += row.fee
    return " · ".join(
        f"Withdrawn {fmt.money(withdrawn[c], c)}, fees {fmt.money(fees[c], c)}"
        for c in sorted(withdrawn)
    )


def cost_totals(rows: list[CostLine]) -> str:
    """What the counted costs add up to, per currency ("Costs that count: $31.99")."""
    spent: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for row in rows:
        if row.counted:
            spent[row.currency] += row.amount
    if not spent:
        return "No cost counts: each one is also on a statement."
    return "Costs that count: " + ", ".join(fmt.money(spent[c], c) for c in sorted(spent))


def balance_text(balance: Balance) -> str:
    """A currency's balance ("Available to withdraw now: $425.00 · $120.00 on its way")."""
    currency = balance.currency
    text = f"Available to withdraw now: {fmt.money(balance.withdrawable, currency)}"
    if balance.pending:
        text += f" · {fmt.money(balance.pending, currency)} on its way"
    return text
