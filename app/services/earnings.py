"""Gross, fee and net per contract and billing week, derived fresh from the entries.

Fees are never stored: reports replay billings in ledger order, so editing an old entry
changes every later fee. A report of some weeks replays only their billings, from lifetime
billings before them summed in SQL (the same fees as replaying all of history).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from app.core.clock import system_clock
from app.core.fees import BillingKind
from app.core.instants import from_epoch, to_epoch
from app.core.ledger import (
    Billing,
    ChargedBilling,
    ScheduleChange,
    lifetime_billings,
    lifetime_start,
    run_ledger,
)
from app.core.money import ZERO, from_cents
from app.core.money_rules import (
    UPWORK_FIVE_PERCENT_UNTIL,
    UPWORK_FLAT_FROM,
    Terms,
    available_on_for_release,
    capped_seconds,
    terms_at,
    terms_for_week,
    week_amount,
)
from app.core.weeks import BillingWeek, bucket_of, bucket_start
from app.models.queries import RELEASED_SQL, Rows, session_rows
from app.services.ledger_reads import (
    UNBOUNDED,
    WeekUsage,
    billed_before,
    read_contract_facts,
    read_openings,
    read_running,
    read_terms,
    read_usage,
    statement_lifetime_of,
)
from app.services.ledger_reads import (
    ContractFacts as ContractFacts,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.models.database import Database

#: Milestone kinds and the billing kind each one is charged as.
MILESTONE_KINDS = {
    "milestone": BillingKind.FIXED,
    "bonus": BillingKind.BONUS,
    "refund": BillingKind.FIXED,
}


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
    #: The fee of each payment in the week (tax on fees is worked out per payment).
    payment_fees: list[Decimal] = field(default_factory=list)
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
            row.payment_fees.append(item.result.fee)
            if hourly_week(item.billing) is None:
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


#: How the key of an hourly billing starts; the week's bucket follows ("week:2940").
_WEEK_KEY = "week:"


def hourly_key(bucket: int) -> str:
    """The key of the hourly billing of the week with this bucket."""
    return f"{_WEEK_KEY}{bucket}"


def hourly_week(billing: Billing) -> BillingWeek | None:
    """The billing week an hourly billing bills, or None for a milestone, bonus or refund."""
    if billing.key.startswith(_WEEK_KEY):
        return BillingWeek.from_bucket(int(billing.key.removeprefix(_WEEK_KEY)))
    return None


def billing_week(billing: Billing) -> BillingWeek:
    """The billing week a billing belongs to (an hourly one is billed when its week ends)."""
    return hourly_week(billing) or BillingWeek.of(billing.at)


def available_on(billing: Billing) -> date:
    """The day a billing's money becomes available to withdraw."""
    week = hourly_week(billing)
    return week.available_on if week is not None else available_on_for_release(billing.at)


def build_ledger(
    session: Session,
    *,
    now: datetime,
    from_week: BillingWeek | None = None,
    to_week: BillingWeek | None = None,
) -> Ledger:
    """Charge billings in ledger order: all of history, or those of some weeks (see `read_ledger`)."""
    return read_ledger(session_rows(session), now=now, from_week=from_week, to_week=to_week)


def read_ledger(
    rows: Rows,
    *,
    now: datetime,
    from_week: BillingWeek | None = None,
    to_week: BillingWeek | None = None,
) -> Ledger:
    """Charge billings in ledger order: all of history, or from `from_week` to `to_week`.

    From a week on, lifetime billings before it are summed in SQL (`billed_before`) and
    only the billings from its start to the end of `to_week` (None: all later ones) are
    replayed, which gives those weeks the same fees as a full replay: the work is bounded
    by the weeks asked for, not by the length of the history. `rows` runs plain SQL, so
    the same code reads through SQLAlchemy (`build_ledger`) and through sqlite3.
    """
    terms = read_terms(rows)
    running = read_running(rows)
    start = None if from_week is None else to_epoch(from_week.starts_at)
    if start is not None and running is not None:
        # The running timer's time is not summed in SQL: replay from its first week on.
        start = min(start, bucket_start(bucket_of(running[1]) + 1))
    end = None if to_week is None else to_epoch(to_week.ends_at)
    # Hourly weeks are billed when they end: replay those billed in [start, end].
    usage = read_usage(
        rows,
        terms,
        now=now,
        first_bucket=UNBOUNDED[0] if start is None else bucket_of(start - 1),
        last_bucket=UNBOUNDED[1] if end is None else bucket_of(end) - 1,
    )
    milestones = list(
        rows(
            RELEASED_SQL,
            {
                "start": UNBOUNDED[0] if start is None else start,
                "end": UNBOUNDED[1] if end is None else end,
            },
        )
    )
    every_contract, every_schedule = read_contract_facts(rows)
    contracts, schedules = every_contract, every_schedule
    if from_week is not None:
        wanted = {contract_id for contract_id, _ in usage} | {row[1] for row in milestones}
        contracts = {cid: facts for cid, facts in every_contract.items() if cid in wanted}
        schedules = {cid: changes for cid, changes in every_schedule.items() if cid in wanted}
    opening, opening_currencies = read_openings(rows)
    # Imported marketplace statements count toward lifetime billings, in their currency.
    statements = statement_lifetime_of(rows)
    earlier = dict(statements)
    contract_openings: dict[int, Decimal] = {}
    switch_lifetime = None
    if start is not None:
        for (contract_id, currency), cents in billed_before(
            rows, start, every_contract, terms
        ).items():
            owner = (every_contract[contract_id].client_id, currency)
            earlier[owner] = earlier.get(owner, ZERO) + from_cents(cents)
            contract_openings[contract_id] = contract_openings.get(contract_id, ZERO) + from_cents(
                cents
            )
        if to_epoch(UPWORK_FLAT_FROM) < start < to_epoch(UPWORK_FIVE_PERCENT_UNTIL):
            # The replay starts after Upwork's switch: it needs the lifetime at the switch.
            switch_lifetime = lifetime_start(opening, opening_currencies, statements)
            before = billed_before(rows, to_epoch(UPWORK_FLAT_FROM), every_contract, terms)
            for (contract_id, currency), cents in before.items():
                owner = (every_contract[contract_id].client_id, currency)
                switch_lifetime[owner] = switch_lifetime.get(owner, ZERO) + from_cents(cents)
    terms = {cid: history for cid, history in terms.items() if cid in contracts}
    billings = list(_hourly_billings(usage, contracts, terms))
    milestone_weeks: dict[str, BillingWeek] = {}
    titles: dict[str, str] = {}
    for milestone_id, contract_id, released, kind, cents, title in milestones:
        released_at = from_epoch(int(released))
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
        lifetime_at_switch=switch_lifetime,
    )
    first_lifetime = lifetime_start(opening, opening_currencies, earlier)
    return Ledger(
        contracts, charged, usage, first_lifetime, milestone_weeks, schedules, terms, titles
    )


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
            key=hourly_key(bucket),
            currency=week_terms.currency,
            # A schedule switch from the next Monday must not re-price this week.
            schedule_at=week.ends_at - timedelta(microseconds=1),
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
        return read_week_report(session_rows(session), week, now=now)


def read_week_report(rows: Rows, week: BillingWeek, *, now: datetime) -> WeekReport:
    """The week report from plain SQL (`week_report` and the quick command line use it)."""
    ledger = read_ledger(rows, now=now, from_week=week, to_week=week)
    return summarize(week, ledger.contract_weeks([week]))


def earnings_report(
    db: Database, *, weeks: int = 12, now: datetime | None = None
) -> list[WeekReport]:
    """The last `weeks` billing weeks, oldest first, ending with the current one."""
    now = now or system_clock()
    current = BillingWeek.of(now)
    wanted = [BillingWeek.from_bucket(current.bucket - back) for back in range(weeks - 1, -1, -1)]
    with db.read() as session:
        ledger = build_ledger(session, now=now, from_week=wanted[0], to_week=wanted[-1])
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
