"""Tracked time per contract and billing week, read from the `week_totals` table.

The table holds stopped entries; the running timer's time up to `now` is added here,
so a report never reads every entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.instants import to_epoch
from app.core.money_rules import counted_part, terms_for_week
from app.core.weeks import BillingWeek, split_by_week
from app.models import TimeEntry, WeekTotal
from app.services.terms import load_terms


@dataclass
class WeekUsage:
    """Time on one contract in one billing week: as tracked and after per-entry rounding."""

    tracked_seconds: int = 0
    counted_seconds: int = 0


UsageKey = tuple[int, int]  # (contract id, bucket)


def week_usage(
    session: Session,
    *,
    now: datetime,
    first_bucket: int | None = None,
    end_bucket: int | None = None,
) -> dict[UsageKey, WeekUsage]:
    """Time per (contract, bucket) for buckets in [first_bucket, end_bucket) (None: open)."""
    query = select(
        WeekTotal.contract_id,
        WeekTotal.bucket,
        WeekTotal.tracked_seconds,
        WeekTotal.counted_seconds,
    )
    if first_bucket is not None:
        query = query.where(WeekTotal.bucket >= first_bucket)
    if end_bucket is not None:
        query = query.where(WeekTotal.bucket < end_bucket)
    usage = {
        (contract_id, bucket): WeekUsage(tracked, counted)
        for contract_id, bucket, tracked, counted in session.execute(query)
    }
    _add_running(session, usage, now, first_bucket, end_bucket)
    return usage


def _add_running(
    session: Session,
    usage: dict[UsageKey, WeekUsage],
    now: datetime,
    first_bucket: int | None,
    end_bucket: int | None,
) -> None:
    """Add the running timer's time so far (it is not in the table until it stops)."""
    running = session.execute(
        select(TimeEntry.contract_id, TimeEntry.start_at).where(TimeEntry.end_at.is_(None))
    ).first()
    if running is None:
        return
    contract_id, start = running
    terms = load_terms(session, [contract_id])[contract_id]
    step = terms_for_week(terms, BillingWeek.of(now)).rounding_seconds
    begin, end = to_epoch(start), to_epoch(now)
    for bucket, part_start, part_end in split_by_week(begin, end):
        if first_bucket is not None and bucket < first_bucket:
            continue
        if end_bucket is not None and bucket >= end_bucket:
            continue
        item = usage.setdefault((contract_id, bucket), WeekUsage())
        item.tracked_seconds += part_end - part_start
        item.counted_seconds += counted_part(part_start, part_end, begin, end, step)
