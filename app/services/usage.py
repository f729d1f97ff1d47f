"""Tracked time per contract and billing week, read from the `week_totals` table.

The table holds stopped entries; the running timer's time up to `now` is added here,
so a report never reads every entry.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from app.models.queries import session_rows
from app.services.ledger_reads import UNBOUNDED, UsageKey, WeekUsage, read_terms, read_usage

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

__all__ = ["UsageKey", "WeekUsage", "week_usage"]


def week_usage(
    session: Session,
    *,
    now: datetime,
    first_bucket: int | None = None,
    end_bucket: int | None = None,
) -> dict[UsageKey, WeekUsage]:
    """Time per (contract, bucket) for buckets in [first_bucket, end_bucket) (None: open)."""
    rows = session_rows(session)
    return read_usage(
        rows,
        read_terms(rows),
        now=now,
        first_bucket=UNBOUNDED[0] if first_bucket is None else first_bucket,
        last_bucket=UNBOUNDED[1] if end_bucket is None else end_bucket - 1,
    )
