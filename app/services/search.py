"""Finding entries by their memo across every week (newest first)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.core.clock import system_clock
from app.core.errors import UserError
from app.core.weeks import BillingWeek
from app.models import Contract, TimeEntry
from app.models.database import Database
from app.services.entries import entry_info, locked_weeks
from app.services.lookup import find_contract
from app.services.records import EntryInfo

#: How many matches a search returns at most; the newest come first.
SEARCH_LIMIT = 500


def search_entries(
    db: Database,
    text: str,
    *,
    contract: str | int | None = None,
    limit: int = SEARCH_LIMIT,
    now: datetime | None = None,
) -> list[EntryInfo]:
    """Entries whose memo contains `text` (ignoring case), newest first, across all weeks."""
    now = now or system_clock()
    wanted = " ".join(str(text).split())
    if not wanted:
        raise UserError("type some words of a memo to search for")
    if len(wanted) > 200:
        raise UserError("search for at most 200 characters")
    escaped = wanted.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    with db.read() as session:
        query = (
            select(TimeEntry)
            .options(joinedload(TimeEntry.contract).joinedload(Contract.client))
            .where(TimeEntry.memo.ilike(f"%{escaped}%", escape="\\"))
        )
        if contract is not None:
            query = query.where(TimeEntry.contract_id == find_contract(session, contract).id)
        rows = list(session.scalars(query.order_by(TimeEntry.start_at.desc()).limit(limit)))
        locked = locked_weeks(session, rows)
        return [
            entry_info(
                row,
                now,
                locked=(row.contract_id, BillingWeek.of(row.start_at).starts_at) in locked,
            )
            for row in rows
        ]
