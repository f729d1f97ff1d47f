"""The weekly earnings dashboard: one service behind the window's dashboard and `earnings`.

Everything is for one currency at a time (amounts in different currencies are never
added together); the other currencies with earnings are listed so the user can switch.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select

from app.core.clock import system_clock
from app.core.fees import next_tier_distance
from app.core.ledger import lifetime_billings, schedule_in_force
from app.core.money import ZERO, from_cents
from app.core.money_rules import hourly_rate, resolve_schedule, tax_on_payments
from app.core.weeks import BillingWeek
from app.models import Withdrawal
from app.models.database import Database
from app.services.earnings import (
    ContractFacts,
    ContractWeek,
    Ledger,
    available_on,
    billing_week,
    build_ledger,
    hourly_week,
)
from app.services.settings import load_settings

#: How far back money can still be on its way (hourly weeks take 16 days after Monday).
PENDING_WEEKS = 3


@dataclass(frozen=True)
class Filters:
    """What the dashboard is narrowed to; None means everything."""

    weeks: int = 12
    client_id: int | None = None
    contract_id: int | None = None
    platform: str | None = None
    currency: str | None = None
    #: The last week shown (default: the current billing week).
    last_week: BillingWeek | None = None


@dataclass
class Earnings:
    """Hours and money of some billings, from gross down to take-home."""

    tracked_seconds: int = 0
    billable_seconds: int = 0
    gross: Decimal = ZERO
    fee: Decimal = ZERO
    tax: Decimal = ZERO

    @property
    def net(self) -> Decimal:
        """Gross less the marketplace fee."""
        return self.gross - self.fee

    @property
    def take_home(self) -> Decimal:
        """Net less the tax set aside."""
        return self.net - self.tax

    @property
    def effective_hourly(self) -> Decimal | None:
        """Take-home per hour tracked, or None without hours."""
        return hourly_rate(self.take_home, self.tracked_seconds)

    def merge(self, other: Earnings) -> None:
        """Add another set of figures (already taxed per payment) to these."""
        self.tracked_seconds += other.tracked_seconds
        self.billable_seconds += other.billable_seconds
        self.gross += other.gross
        self.fee += other.fee
        self.tax += other.tax

    def add(self, row: ContractWeek, tax_rate: Decimal) -> None:
        """Add one contract-week, setting tax aside on the net of each of its payments."""
        self.tracked_seconds += row.tracked_seconds
        self.billable_seconds += row.billable_seconds
        self.gross += row.gross
        self.fee += row.fee
        self.tax += tax_on_payments(row.payment_nets, tax_rate)


@dataclass(frozen=True)
class WeekPoint:
    """One bar of the chart: a billing week's money and hours."""

    week: BillingWeek
    money: Earnings
    available_on: date


@dataclass(frozen=True)
class ContractLine:
    """A contract's figures over the shown weeks (and this week's hours against its limit)."""

    contract_id: int
    title: str
    client: str
    platform: str
    money: Earnings
    this_week_seconds: int
    weekly_limit_seconds: int | None


@dataclass(frozen=True)
class ClientLine:
    """A client's figures over the shown weeks, lifetime billings and the next fee tier."""

    client_id: int
    name: str
    money: Earnings
    lifetime: Decimal
    #: (amount until the rate drops, the next rate), or None on the last tier / flat fees.
    next_tier: tuple[Decimal, Decimal] | None


@dataclass(frozen=True)
class Payout:
    """Money earned but not yet available to withdraw, and the day it will be."""

    label: str
    net: Decimal
    available_on: date
    contract_title: str
    #: The billing week of hourly money; None for a milestone, bonus or refund.
    week: BillingWeek | None


@dataclass(frozen=True)
class Dashboard:
    """Everything the dashboard shows, for one currency."""

    currency: str
    currencies: tuple[str, ...]
    tax_rate: Decimal
    weeks: list[WeekPoint]
    this_week: Earnings
    contracts: list[ContractLine]
    clients: list[ClientLine]
    pending: list[Payout]
    withdrawals_in_range: int
    withdrawal_fees: Decimal
    #: Net of the shown weeks that is already available to withdraw, and that still pending.
    available: Decimal = ZERO
    pending_total: Decimal = ZERO
    withdrawn: Decimal = ZERO
    year_to_date: Earnings = field(default_factory=Earnings)

    def shown_total(self) -> Earnings:
        """The shown weeks added up."""
        total = Earnings()
        for point in self.weeks:
            total.merge(point.money)
        return total


def dashboard(
    db: Database, filters: Filters = Filters(), *, now: datetime | None = None
) -> Dashboard:
    """Build the dashboard for the last `filters.weeks` billing weeks."""
    now = now or system_clock()
    last = filters.last_week or BillingWeek.of(now)
    shown = [
        BillingWeek.from_bucket(last.bucket - back) for back in range(filters.weeks - 1, -1, -1)
    ]
    current = BillingWeek.of(now)
    year_start = BillingWeek.of(datetime(now.year, 1, 4, tzinfo=now.tzinfo))
    first = min(shown[0], current.previous().previous().previous(), year_start)
    with db.read() as session:
        settings = load_settings(session)
        ledger = build_ledger(session, now=now, from_week=first)
        withdrawals = session.scalars(
            select(Withdrawal).where(
                Withdrawal.at >= shown[0].starts_at, Withdrawal.at < last.ends_at
            )
        ).all()
    tax_rate = settings.tax_fraction
    all_rows = ledger.contract_weeks(
        BillingWeek.from_bucket(bucket) for bucket in range(first.bucket, current.bucket + 1)
    )
    currencies = tuple(sorted({row.currency for row in all_rows} | {settings.home_currency}))
    currency = filters.currency or _main_currency(
        [row for row in all_rows if _passes(row.contract, filters)], settings.home_currency
    )
    rows = [row for row in all_rows if _wanted(row, filters, currency)]
    pending = _pending(ledger, filters, currency, now)
    fees = [w for w in withdrawals if w.currency == currency]
    return Dashboard(
        currency=currency,
        currencies=currencies,
        tax_rate=tax_rate,
        weeks=_week_points(shown, rows, tax_rate),
        this_week=_sum((r for r in rows if r.week == current), tax_rate),
        contracts=_contract_lines(rows, shown, current, tax_rate),
        clients=_client_lines(ledger, rows, shown, tax_rate, now, currency),
        pending=pending,
        withdrawals_in_range=len(fees),
        withdrawal_fees=sum((from_cents(w.fee_cents) for w in fees), ZERO),
        available=_available(ledger, filters, currency, shown, now),
        pending_total=sum((payout.net for payout in pending), ZERO),
        withdrawn=sum((from_cents(w.amount_cents) for w in fees), ZERO),
        year_to_date=_sum((r for r in rows if r.week.monday.year == now.year), tax_rate=tax_rate),
    )


def _wanted(row: ContractWeek, filters: Filters, currency: str) -> bool:
    """Whether a contract-week is in the currency and passes the filters."""
    return row.currency == currency and _passes(row.contract, filters)


def _main_currency(rows: list[ContractWeek], home: str) -> str:
    """The home currency, unless all recent earnings are in one other currency."""
    seen = {row.currency for row in rows if row.gross}
    return seen.pop() if len(seen) == 1 else home


def _sum(rows: Iterable[ContractWeek], tax_rate: Decimal) -> Earnings:
    """Add up contract-weeks into one Earnings."""
    total = Earnings()
    for row in rows:
        total.add(row, tax_rate)
    return total


def _week_points(
    shown: list[BillingWeek], rows: list[ContractWeek], tax_rate: Decimal
) -> list[WeekPoint]:
    """One point per shown week, oldest first (empty weeks included)."""
    by_week: dict[BillingWeek, Earnings] = {week: Earnings() for week in shown}
    for row in rows:
        if row.week in by_week:
            by_week[row.week].add(row, tax_rate)
    return [WeekPoint(week, money, week.available_on) for week, money in by_week.items()]


def _contract_lines(
    rows: list[ContractWeek], shown: list[BillingWeek], current: BillingWeek, tax_rate: Decimal
) -> list[ContractLine]:
    """Per contract over the shown weeks, biggest gross first."""
    weeks = set(shown)
    money: dict[int, Earnings] = defaultdict(Earnings)
    this_week: dict[int, int] = defaultdict(int)
    facts = {}
    for row in rows:
        facts[row.contract.id] = row.contract
        if row.week in weeks:
            money[row.contract.id].add(row, tax_rate)
        if row.week == current:
            this_week[row.contract.id] += row.tracked_seconds
    lines = [
        ContractLine(
            contract_id=cid,
            title=facts[cid].title,
            client=facts[cid].client_name,
            platform=facts[cid].platform,
            money=money[cid],
            this_week_seconds=this_week[cid],
            weekly_limit_seconds=facts[cid].weekly_limit_seconds,
        )
        for cid in money
    ]
    return sorted(lines, key=lambda line: (-line.money.gross, line.title.casefold()))


def _client_lines(
    ledger: Ledger,
    rows: list[ContractWeek],
    shown: list[BillingWeek],
    tax_rate: Decimal,
    now: datetime,
    currency: str,
) -> list[ClientLine]:
    """Per client over the shown weeks, with lifetime billings (in `currency`) and next tier."""
    weeks = set(shown)
    money: dict[int, Earnings] = defaultdict(Earnings)
    names: dict[int, str] = {}
    latest: dict[int, tuple[BillingWeek, int]] = {}
    for row in rows:
        client_id = row.contract.client_id
        names[client_id] = row.contract.client_name
        if row.week in weeks:
            money[client_id].add(row, tax_rate)
        if client_id not in latest or row.week >= latest[client_id][0]:
            latest[client_id] = (row.week, row.contract.id)
    lifetime = lifetime_billings(ledger.charged, ledger.lifetime_start)
    lines = []
    for client_id in money:
        schedule = resolve_schedule(
            schedule_in_force(ledger.schedules[latest[client_id][1]], now), now
        )
        total = lifetime.get((client_id, currency), ZERO)
        lines.append(
            ClientLine(
                client_id=client_id,
                name=names[client_id],
                money=money[client_id],
                lifetime=total,
                next_tier=next_tier_distance(schedule, total),
            )
        )
    return sorted(lines, key=lambda line: (-line.money.gross, line.name.casefold()))


def _pending(ledger: Ledger, filters: Filters, currency: str, now: datetime) -> list[Payout]:
    """Billings whose money is not available yet, soonest first."""
    today = now.date()
    payouts = []
    for item in ledger.charged:
        billing = item.billing
        facts = ledger.contracts[billing.contract_id]
        if billing.currency != currency or not _passes(facts, filters):
            continue
        available = available_on(billing)
        if available > today:
            week = hourly_week(billing)
            what = f"week {week.label}" if week else ledger.title_of(billing) or "payment"
            label = f"{facts.title}, {what}"
            payouts.append(Payout(label, item.result.net, available, facts.title, week))
    return sorted(payouts, key=lambda payout: (payout.available_on, payout.label))


def _available(
    ledger: Ledger, filters: Filters, currency: str, shown: list[BillingWeek], now: datetime
) -> Decimal:
    """Net of the shown weeks' billings whose money is available by today."""
    weeks = set(shown)
    total = ZERO
    for item in ledger.charged:
        facts = ledger.contracts[item.billing.contract_id]
        if item.billing.currency != currency or not _passes(facts, filters):
            continue
        if billing_week(item.billing) in weeks and available_on(item.billing) <= now.date():
            total += item.result.net
    return total


def _passes(facts: ContractFacts, filters: Filters) -> bool:
    """Whether a contract passes the client, contract and platform filters."""
    return (
        (filters.client_id is None or facts.client_id == filters.client_id)
        and (filters.contract_id is None or facts.id == filters.contract_id)
        and (filters.platform is None or facts.platform == filters.platform)
    )


@dataclass(frozen=True)
class YearLine:
    """One calendar year's hours and money in one currency."""

    year: int
    currency: str
    money: Earnings


def yearly_totals(db: Database, *, now: datetime | None = None) -> list[YearLine]:
    """All-time totals per year and currency (a week counts in the year of its Monday)."""
    now = now or system_clock()
    with db.read() as session:
        tax_rate = load_settings(session).tax_fraction
        ledger = build_ledger(session, now=now)
    weeks = {bucket for _, bucket in ledger.usage} | {
        week.bucket for week in ledger.milestone_weeks.values()
    }
    totals: dict[tuple[int, str], Earnings] = defaultdict(Earnings)
    for row in ledger.contract_weeks(BillingWeek.from_bucket(bucket) for bucket in weeks):
        totals[(row.week.monday.year, row.currency)].add(row, tax_rate)
    return [YearLine(year, currency, money) for (year, currency), money in sorted(totals.items())]
