"""The money that can be withdrawn, per currency: earned and available, less withdrawals."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.clock import system_clock
from app.core.money import ZERO, from_cents
from app.core.money_rules import Credit, MoneyOut, credit_day, withdrawable_at
from app.models import Withdrawal
from app.models.database import Database
from app.services.earnings import Ledger, available_on, build_ledger


@dataclass(frozen=True)
class Balance:
    """One currency's money: withdrawable now, still on its way, and withdrawn so far."""

    currency: str
    withdrawable: Decimal
    pending: Decimal
    withdrawn: Decimal
    fees: Decimal


@dataclass(frozen=True)
class Books:
    """Every payment as a credit and every withdrawal, per currency."""

    credits: dict[str, list[Credit]]
    withdrawals: dict[str, list[MoneyOut]]

    def balance(self, currency: str, at: datetime) -> Balance:
        """A currency's balance at an instant."""
        credits = self.credits.get(currency, [])
        out = [w for w in self.withdrawals.get(currency, []) if w.at <= at]
        now = withdrawable_at(credits, out, at)
        earned = sum((c.net for c in credits), ZERO)
        return Balance(
            currency=currency,
            withdrawable=now,
            pending=earned - sum((w.total for w in out), ZERO) - now,
            withdrawn=sum((w.amount for w in out), ZERO),
            fees=sum((w.fee for w in out), ZERO),
        )


def read_books(session: Session, *, now: datetime, ledger: Ledger | None = None) -> Books:
    """Credits from every payment charged by `now` (this week's too) and every withdrawal.

    `ledger` is the whole history's, when the caller has built it already.
    """
    ledger = ledger or build_ledger(session, now=now)
    credits: dict[str, list[Credit]] = defaultdict(list)
    for item in ledger.charged:
        billing = item.billing
        credits[billing.currency].append(
            credit_day(available_on(billing), item.result.net, billing.at)
        )
    withdrawals: dict[str, list[MoneyOut]] = defaultdict(list)
    for at, amount, fee, currency in session.execute(
        select(Withdrawal.at, Withdrawal.amount_cents, Withdrawal.fee_cents, Withdrawal.currency)
    ):
        withdrawals[currency].append(MoneyOut(at, from_cents(amount), from_cents(fee)))
    return Books(dict(credits), dict(withdrawals))


def balances(db: Database, *, now: datetime | None = None) -> list[Balance]:
    """The balance of every currency ever earned or withdrawn, at `now`, by currency code."""
    now = now or system_clock()
    with db.read() as session:
        books = read_books(session, now=now)
    currencies = sorted(set(books.credits) | set(books.withdrawals))
    return [books.balance(currency, now) for currency in currencies]


def balance_of(db: Database, currency: str, *, now: datetime | None = None) -> Balance:
    """One currency's balance at `now` (zero when it was never earned)."""
    now = now or system_clock()
    with db.read() as session:
        return read_books(session, now=now).balance(currency, now)
