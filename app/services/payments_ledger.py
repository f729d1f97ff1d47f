"""Every payment and withdrawal as a bookkeeper needs it, for `export payments`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select

from app.core.clock import system_clock
from app.core.money import ZERO, from_cents
from app.core.money_rules import tax_set_aside
from app.models import Withdrawal
from app.models.database import Database
from app.services.earnings import available_on, billing_week, build_ledger, hourly_week
from app.services.settings import load_settings

#: Effective fee rates are shown with four decimals (12.5% is 0.1250).
RATE_STEP = Decimal("0.0001")


@dataclass(frozen=True)
class LedgerLine:
    """One payment (or refund) or withdrawal, with its fee, tax set-aside and date."""

    kind: str
    on: date
    contract: str
    client: str
    currency: str
    gross: Decimal
    fee: Decimal
    fee_rate: Decimal | None
    net: Decimal
    tax: Decimal
    available_on: date | None
    what: str
    #: The title of a milestone, bonus or refund ("" for hourly weeks and withdrawals).
    title: str = ""


def payments_ledger(db: Database, *, now: datetime | None = None) -> list[LedgerLine]:
    """Every billing charged its fee and tax set-aside, and every withdrawal, by date."""
    now = now or system_clock()
    with db.read() as session:
        tax_rate = load_settings(session).tax_fraction
        ledger = build_ledger(session, now=now)
        withdrawals = session.scalars(select(Withdrawal).order_by(Withdrawal.at)).all()
        moved = [
            (w.at, from_cents(w.amount_cents), from_cents(w.fee_cents), w.currency, w.method)
            for w in withdrawals
        ]
    lines = []
    for item in ledger.charged:
        billing, result = item.billing, item.result
        facts = ledger.contracts[billing.contract_id]
        week = hourly_week(billing)
        rate = None if billing.amount == 0 else (result.fee / billing.amount)
        lines.append(
            LedgerLine(
                kind="refund" if billing.amount < 0 else billing.kind.value,
                on=billing_week(billing).ends_at.date() if week else billing.at.date(),
                contract=facts.title,
                client=facts.client_name,
                currency=billing.currency,
                gross=billing.amount,
                fee=result.fee,
                fee_rate=None if rate is None else rate.quantize(RATE_STEP, ROUND_HALF_UP),
                net=result.net,
                tax=tax_set_aside(result.net, tax_rate),
                available_on=available_on(billing),
                what=f"week {week.label}" if week else item.schedule_name,
                title=ledger.title_of(billing),
            )
        )
    for at, amount, fee, currency, method in moved:
        lines.append(
            LedgerLine(
                kind="withdrawal",
                on=at.date(),
                contract="",
                client="",
                currency=currency,
                gross=-amount,
                fee=fee,
                fee_rate=None,
                net=-amount - fee,
                tax=ZERO,
                available_on=None,
                what=method,
            )
        )
    return sorted(lines, key=lambda line: (line.on, line.kind != "withdrawal", line.contract))
