"""Tracked time per contract and billing week, aggregated in the database.

Portable integer SQL on epoch seconds (same on SQLite and PostgreSQL): the bucket of an
entry is `(start - 345600) / 604800`; its part inside that week is counted in SQL, and
the rare entries that run past the week's end are split in Python.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import BigInteger, Integer, Select, and_, case, func, select, type_coerce
from sqlalchemy.orm import Session

from app.core.billing import round_up_seconds
from app.core.instants import from_epoch, to_epoch
from app.core.weeks import FIRST_MONDAY, WEEK_SECONDS, bucket_start, split_by_week
from app.models import Contract, TimeEntry


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
    now_s = to_epoch(now)
    start = type_coerce(TimeEntry.start_at, BigInteger)
    end = func.coalesce(type_coerce(TimeEntry.end_at, BigInteger), now_s)
    bucket = (start - FIRST_MONDAY) // WEEK_SECONDS
    bucket_end = bucket * WEEK_SECONDS + (FIRST_MONDAY + WEEK_SECONDS)
    clipped = case((end < bucket_end, end), else_=bucket_end) - start
    step = type_coerce(Contract.rounding_seconds, Integer)
    counted = case((step > 0, (clipped + step - 1) // step * step), else_=clipped)
    bounds = [end > start]
    if first_bucket is not None:
        bounds.append(start >= bucket_start(first_bucket))
    if end_bucket is not None:
        bounds.append(start < bucket_start(end_bucket))
    rows = session.execute(
        select(TimeEntry.contract_id, bucket, func.sum(clipped), func.sum(counted))
        .join(Contract, Contract.id == TimeEntry.contract_id)
        .where(and_(*bounds))
        .group_by(TimeEntry.contract_id, bucket)
    ).all()
    usage: dict[UsageKey, WeekUsage] = defaultdict(WeekUsage)
    for contract_id, week, tracked, rounded in rows:
        item = usage[(int(contract_id), int(week))]
        item.tracked_seconds += int(tracked)
        item.counted_seconds += int(rounded)
    crossing = _span_columns().where(and_(*bounds), end > bucket_end)
    _add_spill_over(
        session, usage, crossing, now_s=now_s, first_bucket=first_bucket, end_bucket=end_bucket
    )
    return dict(usage)


def _add_spill_over(
    session: Session,
    usage: dict[UsageKey, WeekUsage],
    crossing: Select[int, int, int | None, int],
    *,
    now_s: int,
    first_bucket: int | None,
    end_bucket: int | None,
) -> None:
    """Add the parts of entries that run past their first week into the later weeks."""
    spans: list[tuple[int, int, int | None, int]] = [
        (c, s, e, r) for c, s, e, r in session.execute(crossing)
    ]
    if first_bucket is not None:
        # The one entry (entries never overlap) that started before the range may run into it.
        before = session.execute(
            _span_columns()
            .where(TimeEntry.start_at < from_epoch(bucket_start(first_bucket)))
            .order_by(TimeEntry.start_at.desc())
            .limit(1)
        ).first()
        if before is not None:
            contract_id, start_s, end_s, step = before
            spans.append((contract_id, start_s, end_s, step))
    for contract_id, start_s, end_s, step in spans:
        stop = now_s if end_s is None else int(end_s)
        for week, part_start, part_end in split_by_week(int(start_s), stop)[1:]:
            if first_bucket is not None and week < first_bucket:
                continue
            if end_bucket is not None and week >= end_bucket:
                continue
            item = usage.setdefault((int(contract_id), week), WeekUsage())
            item.tracked_seconds += part_end - part_start
            item.counted_seconds += round_up_seconds(part_end - part_start, int(step))


def _span_columns() -> Select[int, int, int | None, int]:
    """Contract, start and end (epoch seconds) and rounding step of entries."""
    return select(
        TimeEntry.contract_id,
        type_coerce(TimeEntry.start_at, BigInteger),
        type_coerce(TimeEntry.end_at, BigInteger),
        Contract.rounding_seconds,
    ).join(Contract, Contract.id == TimeEntry.contract_id)
