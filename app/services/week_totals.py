"""Keeping the `week_totals` table equal to what the entries say.

Every service that writes a stopped entry calls `refresh_span` for the time it touched,
inside the same transaction, so the table is never stale. `rebuild_week_totals`
recomputes it from scratch (after bulk imports, or to repair).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.core.instants import from_epoch, to_epoch
from app.core.money_rules import Terms, counted_part, terms_for_week
from app.core.weeks import BillingWeek, bucket_of, bucket_start, split_by_week
from app.models import TimeEntry, WeekTotal
from app.services.terms import load_terms

Totals = dict[tuple[int, int], list[int]]  # (contract, bucket) -> [tracked, counted, count]


def refresh_span(session: Session, contract_id: int, start: datetime, end: datetime | None) -> None:
    """Recompute a contract's totals for every billing week that [start, end) touches."""
    stop = to_epoch(end) if end is not None else to_epoch(start) + 1
    first, last = bucket_of(to_epoch(start)), bucket_of(max(stop - 1, to_epoch(start)))
    for bucket in range(first, last + 1):
        refresh_week(session, contract_id, bucket)


def refresh_week(session: Session, contract_id: int, bucket: int) -> None:
    """Recompute one contract's totals for one billing week from its entries."""
    session.flush()
    terms = load_terms(session, [contract_id])[contract_id]
    step = terms_for_week(terms, BillingWeek.from_bucket(bucket)).rounding_seconds
    week_start, week_end = bucket_start(bucket), bucket_start(bucket + 1)
    tracked = counted = count = 0
    for start, end in _stopped_spans(session, contract_id, week_start, week_end):
        part_start, part_end = max(start, week_start), min(end, week_end)
        if part_end > part_start:
            tracked += part_end - part_start
            counted += counted_part(part_start, part_end, start, end, step)
            count += 1
    row = session.get(WeekTotal, (contract_id, bucket))
    if count == 0:
        if row is not None:
            session.delete(row)
        return
    if row is None:
        row = WeekTotal(contract_id=contract_id, bucket=bucket)
        session.add(row)
    row.tracked_seconds, row.counted_seconds, row.entry_count = tracked, counted, count


def rebuild_week_totals(session: Session, *, contract_id: int | None = None) -> int:
    """Recompute the table (or one contract's rows) from every stopped entry; returns rows."""
    session.flush()
    query = select(TimeEntry.contract_id, TimeEntry.start_at, TimeEntry.end_at).where(
        TimeEntry.end_at.is_not(None)
    )
    wipe = delete(WeekTotal)
    if contract_id is not None:
        query = query.where(TimeEntry.contract_id == contract_id)
        wipe = wipe.where(WeekTotal.contract_id == contract_id)
    terms = load_terms(session, None if contract_id is None else [contract_id])
    totals = totals_from_spans(
        (cid, to_epoch(start), to_epoch(end), rounding_at_end(terms[cid], end))
        for cid, start, end in session.execute(query)
        if end is not None
    )
    session.execute(wipe)
    session.add_all(
        WeekTotal(
            contract_id=cid,
            bucket=bucket,
            tracked_seconds=tracked,
            counted_seconds=counted,
            entry_count=count,
        )
        for (cid, bucket), (tracked, counted, count) in totals.items()
    )
    session.flush()
    return len(totals)


def totals_from_spans(spans: Iterable[tuple[int, int, int, int]]) -> Totals:
    """Sum (contract, start, end, rounding step) spans per contract and billing week."""
    totals: Totals = defaultdict(lambda: [0, 0, 0])
    for contract_id, start, end, step in spans:
        for bucket, part_start, part_end in split_by_week(start, end):
            total = totals[(contract_id, bucket)]
            total[0] += part_end - part_start
            total[1] += counted_part(part_start, part_end, start, end, step)
            total[2] += 1
    return dict(totals)


def rounding_at_end(terms: list[Terms], end: datetime) -> int:
    """The rounding step of an entry: that of the billing week it ends in."""
    return terms_for_week(terms, BillingWeek.of(end - timedelta(microseconds=1))).rounding_seconds


def read_week_totals(session: Session) -> Totals:
    """The whole table as a dict, for checks."""
    return {
        (row.contract_id, row.bucket): [row.tracked_seconds, row.counted_seconds, row.entry_count]
        for row in session.scalars(select(WeekTotal))
    }


def _stopped_spans(
    session: Session, contract_id: int, week_start: int, week_end: int
) -> list[tuple[int, int]]:
    """Epoch spans of a contract's stopped entries that overlap [week_start, week_end)."""
    begin, finish = from_epoch(week_start), from_epoch(week_end)
    inside = session.execute(
        select(TimeEntry.start_at, TimeEntry.end_at).where(
            TimeEntry.contract_id == contract_id,
            TimeEntry.start_at >= begin,
            TimeEntry.start_at < finish,
            TimeEntry.end_at.is_not(None),
        )
    ).all()
    spans = [(to_epoch(start), to_epoch(end)) for start, end in inside if end is not None]
    # Entries never overlap, so at most the one entry just before the week runs into it.
    before = session.execute(
        select(TimeEntry.contract_id, TimeEntry.start_at, TimeEntry.end_at)
        .where(TimeEntry.start_at < begin)
        .order_by(TimeEntry.start_at.desc())
        .limit(1)
    ).first()
    if before is not None:
        owner, start, end = before
        if owner == contract_id and end is not None and end > begin:
            spans.append((to_epoch(start), to_epoch(end)))
    return spans
