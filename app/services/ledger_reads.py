"""The ledger's inputs, read with the plain SQL of `app.models.queries`.

Every function takes `rows` (a way to run that SQL), so the same code reads through
SQLAlchemy (`session_rows`) and through the standard library's sqlite3 (the quick command
line paths). Importing this module loads no SQLAlchemy.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

from app.core.fees import PRESETS, schedule_from_dict
from app.core.instants import from_epoch, to_epoch
from app.core.ledger import ScheduleChange
from app.core.money import from_cents, to_cents
from app.core.money_rules import Terms, contract_fee_rate, counted_part, terms_at, terms_for_week
from app.core.weeks import BillingWeek, bucket_of, split_by_week
from app.models.queries import (
    CONTRACTS_SQL,
    CUSTOM_SCHEDULES_SQL,
    OPENING_BALANCES_SQL,
    RELEASED_BEFORE_SQL,
    RUNNING_ENTRY_SQL,
    SCHEDULE_CHANGES_SQL,
    STATEMENT_LIFETIME_SQL,
    WEEK_TOTALS_SQL,
    Rows,
    contract_columns_sql,
    hourly_sums_sql,
    terms_sql,
)

#: Schedules of contracts without a schedule row apply since before any work.
SINCE_ALWAYS = datetime(2000, 1, 1, tzinfo=UTC)
#: Bucket bounds that stand for "no bound" (every billing week of supported years is inside).
UNBOUNDED = (-(2**31) + 1, 2**31 - 1)


@dataclass
class WeekUsage:
    """Time on one contract in one billing week: as tracked and after per-entry rounding."""

    tracked_seconds: int = 0
    counted_seconds: int = 0


UsageKey = tuple[int, int]  # (contract id, bucket)


def read_usage(
    rows: Rows,
    terms: Mapping[int, list[Terms]],
    *,
    now: datetime,
    first_bucket: int = UNBOUNDED[0],
    last_bucket: int = UNBOUNDED[1],
) -> dict[UsageKey, WeekUsage]:
    """Time per (contract, bucket) for buckets in [first_bucket, last_bucket], running timer too."""
    usage = {
        (contract_id, bucket): WeekUsage(tracked, counted)
        for contract_id, bucket, tracked, counted in rows(
            WEEK_TOTALS_SQL, {"first": first_bucket, "last": last_bucket}
        )
    }
    running = read_running(rows)
    if running is not None:
        add_running(usage, running, terms, now, first_bucket, last_bucket)
    return usage


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


def billed_before(
    rows: Rows,
    before: int,
    contracts: Mapping[int, ContractFacts],
    terms: Mapping[int, list[Terms]],
) -> dict[tuple[int, str], int]:
    """Each (contract, currency)'s billings dated before the epoch second `before`, in cents.

    Summed in SQL rather than replayed: hourly weeks billed before it (a week is billed
    when it ends), each priced by `week_amount_cents` under the terms of that week, plus
    released money, in the currency of the terms at its release.
    """
    end_bucket = bucket_of(before - 1)  # weeks billed before `before`: buckets below this
    ranges: list[tuple[int, int, int, int, int]] = []
    currencies: list[tuple[int, str]] = []
    for contract_id, facts in contracts.items():
        if facts.kind != "hourly":
            continue
        for first, end, billed in term_buckets(terms[contract_id]):
            end = min(end, end_bucket)
            if first < end:
                cap = -1 if billed.weekly_limit_seconds is None else billed.weekly_limit_seconds
                ranges.append((contract_id, first, end, to_cents(billed.rate), cap))
                currencies.append((contract_id, billed.currency))
    totals: dict[tuple[int, str], int] = {}
    if ranges:
        for number, cents in rows(hourly_sums_sql(ranges), {}):
            key = currencies[int(number)]
            totals[key] = totals.get(key, 0) + int(cents)
    for contract_id, released, cents in rows(RELEASED_BEFORE_SQL, {"before": before}):
        currency = terms_at(terms[contract_id], from_epoch(int(released))).currency
        key = (contract_id, currency)
        totals[key] = totals.get(key, 0) + int(cents)
    return totals


def term_buckets(history: Sequence[Terms]) -> list[tuple[int, int, Terms]]:
    """The billing weeks [first, end) each of a contract's terms bills (see `terms_for_week`).

    A week is billed by the latest terms in force before it ends, so terms from an instant
    bill from the week containing it; the first terms also bill every earlier week.
    """
    ordered = sorted(history, key=lambda t: t.effective_from)
    starts = [UNBOUNDED[0]] + [bucket_of(to_epoch(t.effective_from)) for t in ordered[1:]]
    ends = [*starts[1:], UNBOUNDED[1]]
    return [(first, end, t) for first, end, t in zip(starts, ends, ordered, strict=True)]


def statement_lifetime_of(rows: Rows) -> dict[tuple[int, str], Decimal]:
    """Billings on imported statements per (client id, currency), for the fee tiers.

    A statement line counts unless Tallyhour has billings of its own for that contract and
    billing week (tracked time or a released milestone): then those count, never both.
    """
    return {
        (client_id, currency): from_cents(int(cents))
        for client_id, currency, cents in rows(STATEMENT_LIFETIME_SQL, {})
    }


def read_running(rows: Rows) -> tuple[int, int] | None:
    """The running entry's contract and start (epoch seconds), if a timer runs."""
    for _id, contract_id, _title, _memo, start, _heartbeat in rows(RUNNING_ENTRY_SQL, {}):
        return contract_id, int(start)
    return None


def add_running(
    usage: dict[tuple[int, int], WeekUsage],
    running: tuple[int, int],
    terms: Mapping[int, list[Terms]],
    now: datetime,
    first_bucket: int,
    last_bucket: int,
) -> None:
    """Add the running timer's time so far (it is not in the table until it stops)."""
    contract_id, begin = running
    step = terms_for_week(terms[contract_id], BillingWeek.of(now)).rounding_seconds
    end = to_epoch(now)
    for bucket, part_start, part_end in split_by_week(begin, end):
        if first_bucket <= bucket <= last_bucket:
            item = usage.setdefault((contract_id, bucket), WeekUsage())
            item.tracked_seconds += part_end - part_start
            item.counted_seconds += counted_part(part_start, part_end, begin, end, step)


def read_terms(rows: Rows, contract_ids: Collection[int] | None = None) -> dict[int, list[Terms]]:
    """Every contract's terms (only `contract_ids`' when given), oldest first.

    A contract without term rows has one set of terms: its own columns, from its creation.
    """
    terms: dict[int, list[Terms]] = defaultdict(list)
    for cid, at, rate, limit, step, currency in rows(terms_sql(contract_ids), {}):
        terms[cid].append(Terms(from_epoch(int(at)), from_cents(rate), limit, step, currency))
    for cid, at, rate, limit, step, currency in rows(contract_columns_sql(contract_ids), {}):
        if cid not in terms:
            terms[cid].append(Terms(from_epoch(int(at)), from_cents(rate), limit, step, currency))
    return dict(terms)


def read_openings(rows: Rows) -> tuple[dict[int, Decimal], dict[int, str]]:
    """Each client's lifetime billings from before Tallyhour, and their currency."""
    found = list(rows(OPENING_BALANCES_SQL, {}))
    return (
        {client_id: from_cents(cents) for client_id, cents, _ in found},
        {client_id: currency for client_id, _, currency in found},
    )


def read_contract_facts(
    rows: Rows,
) -> tuple[dict[int, ContractFacts], dict[int, list[ScheduleChange]]]:
    """Every contract's billing facts and fee schedule changes."""
    schedules_by_name = dict(PRESETS)
    for name, spec in rows(CUSTOM_SCHEDULES_SQL, {}):
        schedules_by_name[name] = schedule_from_dict(json.loads(spec))
    contracts: dict[int, ContractFacts] = {}
    for cid, title, client_id, client, kind, rate, currency, platform, limit in rows(
        CONTRACTS_SQL, {}
    ):
        contracts[cid] = ContractFacts(
            cid, title, client_id, client, kind, from_cents(rate), currency, platform, limit
        )
    schedules: dict[int, list[ScheduleChange]] = defaultdict(list)
    for contract_id, effective_from, name, fee_rate in rows(SCHEDULE_CHANGES_SQL, {}):
        if contract_id not in contracts:
            continue
        at = from_epoch(int(effective_from))
        if fee_rate is not None:
            own = contract_fee_rate(Decimal(fee_rate))
            schedules[contract_id].append(ScheduleChange(at, own))
        elif name in schedules_by_name:
            schedules[contract_id].append(ScheduleChange(at, schedules_by_name[name]))
    for contract_id in contracts:
        if not schedules[contract_id]:
            schedules[contract_id] = [ScheduleChange(SINCE_ALWAYS, schedules_by_name["direct"])]
    return contracts, dict(schedules)
