"""Take-home: what is left of a gross amount after the marketplace fee, tax and withdrawals."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from app.core.errors import UserError
from app.core.money import ZERO, round_cents

#: Default withdrawal fee per method (Upwork's published fees; users may edit them).
WITHDRAWAL_METHODS: dict[str, Decimal] = {
    "ach": Decimal("0.00"),
    "local-bank": Decimal("0.99"),
    "wire": Decimal("30.00"),
    "paypal": Decimal("2.00"),
}


@dataclass(frozen=True)
class TakeHome:
    """Gross to take-home, step by step, with the effective hourly rate it works out to."""

    gross: Decimal
    fee: Decimal
    net: Decimal
    tax: Decimal
    withdrawal_fees: Decimal
    take_home: Decimal
    hours_seconds: int
    effective_hourly: Decimal | None


def take_home(
    *,
    gross: Decimal,
    fee: Decimal,
    tax_rate: Decimal,
    withdrawal_fees: Decimal = ZERO,
    seconds: int = 0,
) -> TakeHome:
    """What the freelancer keeps of `gross`, and per hour of `seconds` worked (None if none)."""
    if not Decimal(0) <= tax_rate <= Decimal(1):
        raise UserError("the tax set-aside must be between 0% and 100%")
    if seconds < 0:
        raise UserError("the time worked must not be negative")
    net = gross - fee
    tax = round_cents(net * tax_rate) if net > 0 else ZERO
    kept = net - tax - withdrawal_fees
    hourly = None if seconds == 0 else round_cents(kept * 3600 / seconds)
    return TakeHome(
        gross=gross,
        fee=fee,
        net=net,
        tax=tax,
        withdrawal_fees=withdrawal_fees,
        take_home=kept,
        hours_seconds=seconds,
        effective_hourly=hourly,
    )
