"""Gross, fee and net per contract and billing week, derived fresh from the entries.

Fees are never stored: every report replays all billings in ledger order,
so editing an old entry changes every later fee.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.clock import system_clock
from app.core.fees import BillingKind
from app.core.ledger import (
    Billing,
    ChargedBilling,
    ScheduleChange,
    lifetime_billings,
    lifetime_start,
    run_ledger,
)
from app.core.money import ZERO, from_cents, to_cents
from app.core.money_rules import (
    Terms,
    available_on_for_release,
    capped_seconds,
    contract_fee_rate,
    terms_at,
    terms_for_week,
    week_amount,
    week_amount_cents,
)
from app.core.weeks import BillingWeek
from app.models import Client, Contract, ContractSchedule, Milestone, WeekTotal
from app.models.database import Database
from app.services.schedules import all_schedules
from app.services.statements import statement_lifetime
from app.services.terms import load_terms
from app.services.usage import WeekUsage, week_usage

SINCE_ALWAYS = datetime(2000, 1, 1, tzinfo=UTC)

#: Milestone kinds and the billing kind each one is charged as.
MILESTONE_KINDS = {
    "milestone": BillingKind.FIXED,
    "bonus": BillingKind.BONUS,
    "refund": BillingKind.FIXED,
}


@dataclass(frozen=True)
class ContractFacts:
    """What billing needs to know about a contract."""

    id: int
    title: str
    client_id: int
    client_name: str
    kind: str
    rate: Decimal
    currency: str
    platform: str
    weekly_limit_seconds: int | None


@dataclass
class ContractWeek:
    """One contract's figures in one billing week."""

    contract: ContractFacts
    week: BillingWeek
    #: The currency of the week's terms (a contract's currency can change from a date).
    currency: str = "USD"
    tracked_seconds: int = 0
    billable_seconds: int = 0
    over_limit_seconds: int = 0
    gross: Decimal = ZERO
    fee: Decimal = ZERO
    #: The net of each payment in the week (tax is set aside per payment).
    payment_nets: list[Decimal] = field(default_factory=list)
    #: Milestone and bonus money released in the week, with the date each is available.
    releases: list[tuple[Decimal, date]] = field(default_factory=list)

    @property
    def net(self) -> Decimal:
        """Gross less the marketplace fee."""
        return self.gross - self.fee


@dataclass(frozen=True)
class Ledger:
    """Every billing of every client, charged in order, plus the week figures behind them."""

    contracts: dict[int, ContractFacts]
    charged: list[ChargedBilling]
    usage: dict[tuple[int, int], WeekUsage]
    #: Lifetime billings per (client, currency) before the replayed billings.
    lifetime_start: dict[tuple[int, str], Decimal]
    milestone_weeks: dict[str, BillingWeek]
    schedules: dict[int, list[ScheduleChange]]
    terms: dict[int, list[Terms]]
    #: The title of each milestone, bonus or refund billing, by billing key.
    titles: dict[str, str] = field(default_factory=dict)

    def title_of(self, billing: Billing) -> str:
        """The title of a milestone, bonus or refund billing ("" for an hourly week)."""
        return self.titles.get(billing.key, "")

    def contract_weeks(self, weeks: Iterable[BillingWeek]) -> list[ContractWeek]:
        """Per contract and week figures for the given weeks (contracts with activity only)."""
        wanted = {week.bucket: week for week in weeks}
        rows: dict[tuple[int, int, str], ContractWeek] = {}
        for (contract_id, bucket), used in self.usage.items():
            if bucket in wanted:
                row = self._row(rows, contract_id, wanted[bucket])
                row.tracked_seconds += used.tracked_seconds
                limit = terms_for_week(self.terms[contract_id], row.week).weekly_limit_seconds
                billable = capped_seconds(used.counted_seconds, limit)
                if self.contracts[contract_id].kind == "hourly":
                    row.billable_seconds = billable
                    row.over_limit_seconds = used.counted_seconds - billable
        for item in self.charged:
            week = billing_week(item.billing)
            if week.bucket not in wanted:
                continue
            row = self._row(rows, item.billing.contract_id, week, item.billing.currency)
            row.gross += item.billing.amount
            row.fee += item.result.fee
            row.payment_nets.append(item.result.net)
            if not item.billing.key.startswith("week:"):
                row.releases.append(
                    (item.billing.amount, available_on_for_release(item.billing.at))
                )
        return sorted(
            rows.values(),
            key=lambda r: (r.week, r.contract.client_name.casefold(), r.contract.title.casefold()),
        )

    def _row(
        self,
        rows: dict[tuple[int, int, str], ContractWeek],
        contract_id: int,
        week: BillingWeek,
        currency: str | None = None,
    ) -> ContractWeek:
        """The row of a contract, week and currency (default: the week's), made when needed."""
        currency = currency or terms_for_week(self.terms[contract_id], week).currency
        key = (contract_id, week.bucket, currency)
        if key not in rows:
            rows[key] = ContractWeek(
                contract=self.contracts[contract_id], week=week, currency=currency
            )
        return rows[key]


def hourly_week(billing: Billing) -> BillingWeek | None:
    """The billing week an hourly billing bills, or None for a milestone, bonus or refund."""
    if billing.key.startswith("week:"):
        return BillingWeek.from_bucket(int(billing.key.removeprefix("week:")))
    return None


def billing_week(billing: Billing) -> BillingWeek:
    """The billing week a billing belongs to (an hourly one is billed when its week ends)."""
    return hourly_week(billing) or BillingWeek.of(billing.at)


def available_on(billing: Billing) -> date:
    """The day a billing's money becomes available to withdraw."""
    week = hourly_week(billing)
    return week.available_on if week is not None else available_on_for_release(billing.at)


def build_ledger(
    session: Session, *, now: datetime, from_week: BillingWeek | None = None
) -> Ledger:
    """Charge billings in ledger order: all of history, or from `from_week` on.

    From a week on, lifetime billings before it are summed in SQL (`lifetime_before`) and
    only the later billings are replayed, which gives the same fees as a full replay.
    """
    first_bucket = None if from_week is None else from_week.bucket - 1
    usage = week_usage(session, now=now, first_bucket=first_bucket)
    released = select(
        Milestone.id,
        Milestone.contract_id,
        Milestone.released_at,
        Milestone.kind,
        Milestone.amount_cents,
        Milestone.title,
    ).where(Milestone.released_at.is_not(None))
    if from_week is not None:
        released = released.where(Milestone.released_at >= from_week.starts_at)
    milestones = session.execute(released).all()
    wanted = None
    if from_week is not None:
        wanted = {contract_id for contract_id, _ in usage} | {row[1] for row in milestones}
    contracts, schedules = _contract_facts(session, wanted)
    terms = load_terms(session, contracts)
    opening, opening_currencies = _opening_balances(session)
    contract_openings: dict[int, Decimal] = {}
    earlier: dict[tuple[int, str], Decimal] = {}
    if from_week is not None:
        for (contract_id, currency), (client_id, amount) in lifetime_before(
            session, from_week
        ).items():
            earlier[(client_id, currency)] = earlier.get((client_id, currency), ZERO) + amount
            contract_openings[contract_id] = contract_openings.get(contract_id, ZERO) + amount
    # Imported marketplace statements count toward lifetime billings, in their currency.
    for client_currency, amount in statement_lifetime(session).items():
        earlier[client_currency] = earlier.get(client_currency, ZERO) + amount
    billings = list(_hourly_billings(usage, contracts, terms))
    milestone_weeks: dict[str, BillingWeek] = {}
    titles: dict[str, str] = {}
    for milestone_id, contract_id, released_at, kind, cents, title in milestones:
        assert released_at is not None
        key = f"milestone:{milestone_id}"
        titles[key] = title
        billings.append(
            Billing(
                client_id=contracts[contract_id].client_id,
                contract_id=contract_id,
                at=released_at,
                kind=MILESTONE_KINDS[kind],
                amount=from_cents(cents),
                key=key,
                currency=terms_at(terms[contract_id], released_at).currency,
            )
        )
        milestone_weeks[key] = BillingWeek.of(released_at)
    charged = run_ledger(
        billings,
        opening_balances=opening,
        schedules=schedules,
        contract_openings=contract_openings,
        opening_currencies=opening_currencies,
        earlier=earlier,
    )
    start = lifetime_start(opening, opening_currencies, earlier)
    return Ledger(contracts, charged, usage, start, milestone_weeks, schedules, terms, titles)


def lifetime_before(
    session: Session, week: BillingWeek
) -> dict[tuple[int, str], tuple[int, Decimal]]:
    """Each (contract, currency)'s client and billings dated before `week` starts.

    Hourly weeks are billed when they end, so weeks up to two before `week` count; each is
    priced by `week_amount`, the same rule every report uses.
    """
    contracts = {
        cid: (client_id, kind)
        for cid, client_id, kind in session.execute(
            select(Contract.id, Contract.client_id, Contract.kind)
        )
    }
    terms = load_terms(session)
    totals: dict[tuple[int, str], tuple[int, Decimal]] = {}

    def add(contract_id: int, currency: str, amount: Decimal) -> None:
        client_id = contracts[contract_id][0]
        before = totals.get((contract_id, currency), (client_id, ZERO))[1]
        totals[(contract_id, currency)] = (client_id, before + amount)

    cents: dict[tuple[int, str], int] = {}
    for contract_id, bucket, counted in session.execute(
        select(WeekTotal.contract_id, WeekTotal.bucket, WeekTotal.counted_seconds).where(
            WeekTotal.bucket < week.bucket - 1
        )
    ):
        if contracts[contract_id][1] != "hourly":
            continue
        history = terms[contract_id]
        billed = history[0] if len(history) == 1 else None
        if billed is None:
            billed = terms_for_week(history, BillingWeek.from_bucket(bucket))
        key = (contract_id, billed.currency)
        cents[key] = cents.get(key, 0) + week_amount_cents(
            counted,
            rate_cents=to_cents(billed.rate),
            weekly_limit_seconds=billed.weekly_limit_seconds,
        )
    for (contract_id, currency), total in cents.items():
        add(contract_id, currency, from_cents(total))
    for contract_id, released_at, amount_cents in session.execute(
        select(Milestone.contract_id, Milestone.released_at, Milestone.amount_cents).where(
            Milestone.released_at < week.starts_at
        )
    ):
        if released_at is not None:
            currency = terms_at(terms[contract_id], released_at).currency
            add(contract_id, currency, from_cents(amount_cents))
    return totals


def _opening_balances(session: Session) -> tuple[dict[int, Decimal], dict[int, str]]:
    """Each client's lifetime billings from before Tallyhour, and their currency."""
    rows = session.execute(
        select(Client.id, Client.opening_balance_cents, Client.opening_balance_currency)
    ).all()
    return (
        {client_id: from_cents(cents) for client_id, cents, _ in rows},
        {client_id: currency for client_id, _, currency in rows},
    )


def _contract_facts(
    session: Session, wanted: set[int] | None = None
) -> tuple[dict[int, ContractFacts], dict[int, list[ScheduleChange]]]:
    """Billing facts and fee schedule changes of the wanted contracts (None: all).

    Plain column queries rather than ORM objects: this runs on every report refresh.
    """
    query = select(
        Contract.id,
        Contract.title,
        Contract.client_id,
        Client.name,
        Contract.kind,
        Contract.rate_cents,
        Contract.currency,
        Contract.platform,
        Contract.weekly_limit_seconds,
    ).join(Client, Client.id == Contract.client_id)
    changes = select(
        ContractSchedule.contract_id,
        ContractSchedule.effective_from,
        ContractSchedule.schedule_name,
        ContractSchedule.fee_rate,
    ).order_by(ContractSchedule.contract_id, ContractSchedule.effective_from)
    if wanted is not None:
        query = query.where(Contract.id.in_(wanted))
        changes = changes.where(ContractSchedule.contract_id.in_(wanted))
    schedules_by_name = all_schedules(session)
    contracts: dict[int, ContractFacts] = {}
    for cid, title, client_id, client, kind, rate, currency, platform, limit in session.execute(
        query
    ):
        contracts[cid] = ContractFacts(
            cid, title, client_id, client, kind, from_cents(rate), currency, platform, limit
        )
    schedules: dict[int, list[ScheduleChange]] = defaultdict(list)
    for contract_id, effective_from, name, fee_rate in session.execute(changes):
        if fee_rate is not None:
            own = contract_fee_rate(Decimal(fee_rate))
            schedules[contract_id].append(ScheduleChange(effective_from, own))
        elif name in schedules_by_name:
            schedules[contract_id].append(ScheduleChange(effective_from, schedules_by_name[name]))
    for contract_id in contracts:
        if not schedules[contract_id]:
            schedules[contract_id] = [ScheduleChange(SINCE_ALWAYS, schedules_by_name["direct"])]
    return contracts, dict(schedules)


def _hourly_billings(
    usage: dict[tuple[int, int], WeekUsage],
    contracts: dict[int, ContractFacts],
    terms: dict[int, list[Terms]],
) -> Iterable[Billing]:
    """One billing per hourly contract and week: billable time within the limit × rate."""
    for (contract_id, bucket), used in usage.items():
        facts = contracts[contract_id]
        if facts.kind != "hourly":
            continue
        week = BillingWeek.from_bucket(bucket)
        week_terms = terms_for_week(terms[contract_id], week)
        amount = week_amount(
            used.counted_seconds,
            rate=week_terms.rate,
            weekly_limit_seconds=week_terms.weekly_limit_seconds,
        )
        if amount == 0:
            continue
        yield Billing(
            client_id=facts.client_id,
            contract_id=contract_id,
            at=week.ends_at,
            kind=BillingKind.HOURLY,
            amount=amount,
            key=f"week:{bucket}",
            currency=week_terms.currency,
        )


@dataclass
class Totals:
    """Summed figures of several contract-weeks in one currency."""

    tracked_seconds: int = 0
    billable_seconds: int = 0
    gross: Decimal = ZERO
    fee: Decimal = ZERO

    @property
    def net(self) -> Decimal:
        """Gross less the marketplace fee."""
        return self.gross - self.fee

    def add(self, row: ContractWeek) -> None:
        """Add one contract-week."""
        self.tracked_seconds += row.tracked_seconds
        self.billable_seconds += row.billable_seconds
        self.gross += row.gross
        self.fee += row.fee


@dataclass(frozen=True)
class WeekReport:
    """One billing week: a row per contract and totals per currency."""

    week: BillingWeek
    rows: list[ContractWeek]
    by_currency: dict[str, Totals]
    tracked_seconds: int
    billable_seconds: int


def summarize(week: BillingWeek, rows: list[ContractWeek]) -> WeekReport:
    """Totals of a week's rows, per currency: amounts in different currencies never mix."""
    by_currency: dict[str, Totals] = defaultdict(Totals)
    for row in rows:
        by_currency[row.currency].add(row)
    return WeekReport(
        week=week,
        rows=rows,
        by_currency=dict(by_currency),
        tracked_seconds=sum(row.tracked_seconds for row in rows),
        billable_seconds=sum(row.billable_seconds for row in rows),
    )


def week_report(db: Database, week: BillingWeek, *, now: datetime | None = None) -> WeekReport:
    """Hours, billable hours, gross, fee and net per contract in one billing week."""
    now = now or system_clock()
    with db.read() as session:
        ledger = build_ledger(session, now=now, from_week=week)
    return summarize(week, ledger.contract_weeks([week]))


def earnings_report(
    db: Database, *, weeks: int = 12, now: datetime | None = None
) -> list[WeekReport]:
    """The last `weeks` billing weeks, oldest first, ending with the current one."""
    now = now or system_clock()
    current = BillingWeek.of(now)
    wanted = [BillingWeek.from_bucket(current.bucket - back) for back in range(weeks - 1, -1, -1)]
    with db.read() as session:
        ledger = build_ledger(session, now=now, from_week=wanted[0])
    rows = ledger.contract_weeks(wanted)
    by_week: dict[BillingWeek, list[ContractWeek]] = defaultdict(list)
    for row in rows:
        by_week[row.week].append(row)
    return [summarize(week, by_week[week]) for week in wanted]


def client_lifetime_billings(
    db: Database, *, now: datetime | None = None
) -> dict[tuple[int, str], Decimal]:
    """Lifetime billings per (client id, currency) as the fee tiers count them, today."""
    now = now or system_clock()
    with db.read() as session:
        ledger = build_ledger(session, now=now)
    return lifetime_billings(ledger.charged, ledger.lifetime_start)
