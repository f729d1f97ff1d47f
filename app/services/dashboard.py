"""The weekly earnings dashboard: one service behind the window's dashboard and `earnings`.

Everything is for one currency at a time (amounts in different currencies are never
added together); the other currencies with earnings are listed so the user can switch.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select

from app.core.clock import system_clock
from app.core.fees import next_tier_distance
from app.core.ledger import lifetime_billings, schedule_in_force
from app.core.money import ZERO, from_cents
from app.core.money_rules import hourly_rate, kept_amount, resolve_schedule, tax_on_payments
from app.core.weeks import BillingWeek
from app.models import Withdrawal
from app.models.database import Database
from app.services.balance import read_books
from app.services.costs import CostBook, read_cost_book
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
    withdrawal_fees: Decimal = ZERO
    #: Connects, membership, tax on fees and other costs.
    costs: Decimal = ZERO

    @property
    def net(self) -> Decimal:
        """Gross less the marketplace fee."""
        return self.gross - self.fee

    @property
    def take_home(self) -> Decimal:
        """Net less the tax set aside, withdrawal fees and costs (the one formula)."""
        return kept_amount(
            net=self.net, tax=self.tax, withdrawal_fees=self.withdrawal_fees, costs=self.costs
        )

    @property
    def effective_hourly(self) -> Decimal | None:
        """Take-home per hour tracked, or None without hours."""
        return hourly_rate(self.take_home, self.tracked_seconds)

    @property
    def net_hourly(self) -> Decimal | None:
        """Net (after the marketplace fee) per hour tracked, or None without hours."""
        return hourly_rate(self.net, self.tracked_seconds)

    def merge(self, other: Earnings) -> None:
        """Add another set of figures (already taxed per payment) to these."""
        self.tracked_seconds += other.tracked_seconds
        self.billable_seconds += other.billable_seconds
        self.gross += other.gross
        self.fee += other.fee
        self.tax += other.tax
        self.withdrawal_fees += other.withdrawal_fees
        self.costs += other.costs

    def add(self, row: ContractWeek, tax_rate: Decimal, fee_tax: Decimal = ZERO) -> None:
        """Add one contract-week, setting tax aside on the net of each of its payments."""
        self.tracked_seconds += row.tracked_seconds
        self.billable_seconds += row.billable_seconds
        self.gross += row.gross
        self.fee += row.fee
        self.tax += tax_on_payments(row.payment_nets, tax_rate)
        self.costs += fee_tax


@dataclass(frozen=True)
class Outgoing:
    """Money out that is not a fee of a payment: a withdrawal's fee or a recorded cost."""

    bucket: int
    currency: str
    #: The contract it belongs to (a statement line of it), or None (yours, not a contract's).
    contract: ContractFacts | None
    withdrawal_fee: Decimal = ZERO
    cost: Decimal = ZERO


@dataclass(frozen=True)
class Pricing:
    """What turns contract-weeks into take-home: the tax rate, costs and withdrawals."""

    tax_rate: Decimal
    costs: CostBook
    outgoings: tuple[Outgoing, ...] = ()

    def add_row(self, money: Earnings, row: ContractWeek) -> None:
        """Add a contract-week with its tax set aside and the tax on its fees."""
        fee_tax = self.costs.worked_out_fee_tax(row.week.bucket, row.currency, row.payment_fees)
        money.add(row, self.tax_rate, fee_tax)

    def add_outgoings(
        self,
        money: Earnings,
        weeks: set[int],
        currency: str,
        belongs: Callable[[ContractFacts | None], bool],
    ) -> None:
        """Add the withdrawal fees and costs of some weeks that `belongs` accepts."""
        for item in self.outgoings:
            if item.bucket in weeks and item.currency == currency and belongs(item.contract):
                money.withdrawal_fees += item.withdrawal_fee
                money.costs += item.cost


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
    #: What can be withdrawn now in the currency (all history, less withdrawals and fees).
    withdrawable: Decimal = ZERO
    #: The tax on the marketplace's fee, as a fraction (worked out per payment).
    fee_tax_rate: Decimal = ZERO

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
    end = max(last, current).ends_at
    with db.read() as session:
        settings = load_settings(session)
        # The balance needs every payment's net: one replay of the whole history serves both.
        ledger = build_ledger(session, now=now)
        withdrawals = session.scalars(
            select(Withdrawal).where(Withdrawal.at >= first.starts_at, Withdrawal.at < end)
        ).all()
        cost_book = read_cost_book(session, start=first.starts_at, end=end)
        books = read_books(session, now=now, ledger=ledger)
    all_rows = ledger.contract_weeks(
        BillingWeek.from_bucket(bucket) for bucket in range(first.bucket, current.bucket + 1)
    )
    currencies = tuple(sorted({row.currency for row in all_rows} | {settings.home_currency}))
    currency = filters.currency or _main_currency(
        [row for row in all_rows if _passes(row.contract, filters)], settings.home_currency
    )
    rows = [row for row in all_rows if _wanted(row, filters, currency)]
    pending = _pending(ledger, filters, currency, now)
    pricing = Pricing(settings.tax_fraction, cost_book, _outgoings(ledger, cost_book, withdrawals))
    unfiltered = filters.client_id is None and filters.contract_id is None
    unfiltered = unfiltered and filters.platform is None

    def belongs(contract: ContractFacts | None) -> bool:
        """Whether money out counts in the filtered view (one of no contract: unfiltered only)."""
        return unfiltered if contract is None else _passes(contract, filters)

    this_year = {
        bucket
        for bucket in range(first.bucket, current.bucket + 1)
        if BillingWeek.from_bucket(bucket).monday.year == now.year
    }
    fees = [w for w in withdrawals if w.currency == currency and w.at >= shown[0].starts_at]
    fees = [w for w in fees if w.at < last.ends_at]
    this_week = _sum((r for r in rows if r.week == current), pricing)
    pricing.add_outgoings(this_week, {current.bucket}, currency, belongs)
    year_to_date = _sum((r for r in rows if r.week.monday.year == now.year), pricing)
    pricing.add_outgoings(year_to_date, this_year, currency, belongs)
    return Dashboard(
        currency=currency,
        currencies=currencies,
        tax_rate=settings.tax_fraction,
        weeks=_week_points(shown, rows, pricing, currency, belongs),
        this_week=this_week,
        contracts=_contract_lines(rows, shown, current, pricing, currency),
        clients=_client_lines(ledger, rows, shown, pricing, now, currency),
        pending=pending,
        withdrawals_in_range=len(fees),
        withdrawal_fees=sum((from_cents(w.fee_cents) for w in fees), ZERO),
        available=_available(ledger, filters, currency, shown, now),
        pending_total=sum((payout.net for payout in pending), ZERO),
        withdrawn=sum((from_cents(w.amount_cents) for w in fees), ZERO),
        year_to_date=year_to_date,
        withdrawable=books.balance(currency, now).withdrawable,
        fee_tax_rate=cost_book.fee_tax_rate,
    )


def _outgoings(
    ledger: Ledger, costs: CostBook, withdrawals: Iterable[Withdrawal]
) -> tuple[Outgoing, ...]:
    """Withdrawal fees and counted costs, each in its billing week and currency."""
    items = [
        Outgoing(
            BillingWeek.of(w.at).bucket, w.currency, None, withdrawal_fee=from_cents(w.fee_cents)
        )
        for w in withdrawals
    ]
    items += [
        Outgoing(
            BillingWeek.of(line.at).bucket,
            line.currency,
            None if line.contract_id is None else ledger.contracts.get(line.contract_id),
            cost=line.amount,
        )
        for line in costs.lines
    ]
    return tuple(items)


def _wanted(row: ContractWeek, filters: Filters, currency: str) -> bool:
    """Whether a contract-week is in the currency and passes the filters."""
    return row.currency == currency and _passes(row.contract, filters)


def _main_currency(rows: list[ContractWeek], home: str) -> str:
    """The home currency, unless all recent earnings are in one other currency."""
    seen = {row.currency for row in rows if row.gross}
    return seen.pop() if len(seen) == 1 else home


def _sum(rows: Iterable[ContractWeek], pricing: Pricing) -> Earnings:
    """Add up contract-weeks into one Earnings."""
    total = Earnings()
    for row in rows:
        pricing.add_row(total, row)
    return total


def _week_points(
    shown: list[BillingWeek],
    rows: list[ContractWeek],
    pricing: Pricing,
    currency: str,
    belongs: Callable[[ContractFacts | None], bool],
) -> list[WeekPoint]:
    """One point per shown week, oldest first (empty weeks included), with money out."""
    by_week: dict[BillingWeek, Earnings] = {week: Earnings() for week in shown}
    for row in rows:
        if row.week in by_week:
            pricing.add_row(by_week[row.week], row)
    for week, money in by_week.items():
        pricing.add_outgoings(money, {week.bucket}, currency, belongs)
    return [WeekPoint(week, money, week.available_on) for week, money in by_week.items()]


def _contract_lines(
    rows: list[ContractWeek],
    shown: list[BillingWeek],
    current: BillingWeek,
    pricing: Pricing,
    currency: str,
) -> list[ContractLine]:
    """Per contract over the shown weeks (with its own costs), biggest gross first."""
    weeks = set(shown)
    money: dict[int, Earnings] = defaultdict(Earnings)
    this_week: dict[int, int] = defaultdict(int)
    facts = {}
    for row in rows:
        facts[row.contract.id] = row.contract
        if row.week in weeks:
            pricing.add_row(money[row.contract.id], row)
        if row.week == current:
            this_week[row.contract.id] += row.tracked_seconds
    buckets = {week.bucket for week in shown}
    for cid, earned in money.items():
        pricing.add_outgoings(earned, buckets, currency, _of_contract(cid))
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


def _of_contract(contract_id: int) -> Callable[[ContractFacts | None], bool]:
    """Whether money out belongs to one contract."""
    return lambda facts: facts is not None and facts.id == contract_id


def _of_client(client_id: int) -> Callable[[ContractFacts | None], bool]:
    """Whether money out belongs to one of a client's contracts."""
    return lambda facts: facts is not None and facts.client_id == client_id


def _client_lines(
    ledger: Ledger,
    rows: list[ContractWeek],
    shown: list[BillingWeek],
    pricing: Pricing,
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
            pricing.add_row(money[client_id], row)
        if client_id not in latest or row.week >= latest[client_id][0]:
            latest[client_id] = (row.week, row.contract.id)
    lifetime = lifetime_billings(ledger.charged, ledger.lifetime_start)
    buckets = {week.bucket for week in shown}
    for owner, earned in money.items():
        pricing.add_outgoings(earned, buckets, currency, _of_client(owner))
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
        cost_book = read_cost_book(session)
        withdrawals = session.scalars(select(Withdrawal)).all()
    pricing = Pricing(tax_rate, cost_book, _outgoings(ledger, cost_book, withdrawals))
    weeks = {bucket for _, bucket in ledger.usage} | {
        week.bucket for week in ledger.milestone_weeks.values()
    }
    weeks |= {item.bucket for item in pricing.outgoings}
    totals: dict[tuple[int, str], Earnings] = defaultdict(Earnings)
    for row in ledger.contract_weeks(BillingWeek.from_bucket(bucket) for bucket in weeks):
        pricing.add_row(totals[(row.week.monday.year, row.currency)], row)
    for item in pricing.outgoings:
        year = BillingWeek.from_bucket(item.bucket).monday.year
        totals[(year, item.currency)].withdrawal_fees += item.withdrawal_fee
        totals[(year, item.currency)].costs += item.cost
    return [YearLine(year, currency, money) for (year, currency), money in sorted(totals.items())]
