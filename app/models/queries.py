"""Plain SQL shared by the full read paths (through SQLAlchemy) and the quick ones (sqlite3).

Each statement runs unchanged on SQLite and PostgreSQL: instants are integer epoch
seconds, money integer cents, and parameters are named (`:name`), a style both
SQLAlchemy's `text()` and the standard library's sqlite3 accept. Importing this module
loads nothing but the standard library.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

#: Runs one statement with named parameters and gives its rows as tuples.
Rows = Callable[[str, Mapping[str, Any]], Iterable[Sequence[Any]]]

#: The running entry (at most one: a unique index on `end_at IS NULL`) and its contract's title.
RUNNING_ENTRY_SQL = (
    "SELECT e.id, e.contract_id, c.title, e.memo, e.start_at, e.heartbeat_at"
    " FROM time_entries e JOIN contracts c ON c.id = e.contract_id"
    " WHERE e.end_at IS NULL LIMIT 1"
)

#: An entry with its contract's title and client's name (the columns of `ENTRY_ROWS`).
_ENTRY_SELECT = (
    "SELECT e.id, e.contract_id, c.title, cl.name, e.start_at, e.end_at, e.memo, e.source"
    " FROM time_entries e JOIN contracts c ON c.id = e.contract_id"
    " JOIN clients cl ON cl.id = c.client_id"
)
#: The columns the entry statements give, in order.
ENTRY_ROWS = ("id", "contract_id", "title", "client", "start_at", "end_at", "memo", "source")

#: The last entry that starts before :start (it may run into the range).
ENTRY_BEFORE_SQL = f"{_ENTRY_SELECT} WHERE e.start_at < :start ORDER BY e.start_at DESC LIMIT 1"

#: Entries starting in [:start, :end), oldest first.
ENTRIES_INSIDE_SQL = f"{_ENTRY_SELECT} WHERE e.start_at >= :start AND e.start_at < :end"

#: Locked weeks (contract, week start) with :first <= week start <= :last.
LOCKED_WEEKS_SQL = (
    "SELECT contract_id, week_start FROM timesheets"
    " WHERE locked AND week_start >= :first AND week_start <= :last"
)

#: Invoices whose period overlaps [:start, :end), with their status.
INVOICE_PERIODS_SQL = (
    "SELECT contract_id, status, period_start, period_end FROM invoices"
    " WHERE period_start IS NOT NULL AND period_end IS NOT NULL"
    " AND period_start < :end AND period_end > :start"
)

#: The window's poll fingerprints these: the entries' count and highest id (two statements,
#: each answered from the b-tree) and every row of the small tables.
ENTRY_COUNT_SQL = "SELECT COUNT(*) FROM time_entries"
NEWEST_ENTRY_SQL = "SELECT MAX(id) FROM time_entries"
CONTRACT_ROWS_SQL = (
    "SELECT id, title, status, rate_cents, weekly_limit_seconds, client_id, currency"
    " FROM contracts ORDER BY id"
)
CLIENT_ROWS_SQL = "SELECT id, name, opening_balance_cents FROM clients ORDER BY id"
TIMESHEET_ROWS_SQL = "SELECT id, locked, status FROM timesheets ORDER BY id"
SETTING_ROWS_SQL = "SELECT key, value FROM settings ORDER BY key"

#: Every row of the entries starting in [:start, :end), as the poll fingerprints them.
POLL_WEEK_SQL = (
    "SELECT id, contract_id, start_at, end_at, memo, source FROM time_entries"
    " WHERE start_at >= :start AND start_at < :end ORDER BY start_at, id"
)

#: Every contract's kind and platform.
CONTRACT_KINDS_SQL = "SELECT id, kind, platform FROM contracts"

#: Every contract's billing facts with its client's name.
CONTRACTS_SQL = (
    "SELECT c.id, c.title, c.client_id, cl.name, c.kind, c.rate_cents, c.currency,"
    " c.platform, c.weekly_limit_seconds"
    " FROM contracts c JOIN clients cl ON cl.id = c.client_id"
)


def contract_columns_sql(contract_ids: Collection[int] | None = None) -> str:
    """Every contract's own term columns (its terms if it has no term rows); or `contract_ids`'.

    The ids, integers, are written into the statement as literals.
    """
    return (
        "SELECT id, created_at, rate_cents, weekly_limit_seconds, rounding_seconds, currency"
        " FROM contracts" + _only("id", contract_ids)
    )


def terms_sql(contract_ids: Collection[int] | None = None) -> str:
    """Every effective-dated term row, oldest first per contract; only `contract_ids`' if given."""
    return (
        "SELECT contract_id, effective_from, rate_cents, weekly_limit_seconds, rounding_seconds,"
        " currency FROM contract_terms"
        + _only("contract_id", contract_ids)
        + " ORDER BY contract_id, effective_from, id"
    )


def _only(column: str, ids: Collection[int] | None) -> str:
    """A WHERE clause keeping rows whose `column` is one of `ids` (none: every row)."""
    if ids is None:
        return ""
    listed = ", ".join(str(int(value)) for value in sorted(ids))
    return f" WHERE {column} IN ({listed or 'NULL'})"


#: Every fee schedule change, oldest first per contract.
SCHEDULE_CHANGES_SQL = (
    "SELECT contract_id, effective_from, schedule_name, fee_rate FROM contract_schedules"
    " ORDER BY contract_id, effective_from, id"
)

#: The user's own fee schedules, by name.
CUSTOM_SCHEDULES_SQL = "SELECT name, spec FROM fee_schedules ORDER BY name"

#: Each client's lifetime billings from before Tallyhour, and their currency.
OPENING_BALANCES_SQL = "SELECT id, opening_balance_cents, opening_balance_currency FROM clients"

#: Tracked and counted time per contract and billing week in [:first, :last].
WEEK_TOTALS_SQL = (
    "SELECT contract_id, bucket, tracked_seconds, counted_seconds FROM week_totals"
    " WHERE bucket >= :first AND bucket <= :last"
)

#: Released milestones, bonuses and refunds with :start <= released_at <= :end.
RELEASED_SQL = (
    "SELECT id, contract_id, released_at, kind, amount_cents, title FROM milestones"
    " WHERE released_at IS NOT NULL AND released_at >= :start AND released_at <= :end"
)

#: Released money before :before, for the lifetime sums.
RELEASED_BEFORE_SQL = (
    "SELECT contract_id, released_at, amount_cents FROM milestones"
    " WHERE released_at IS NOT NULL AND released_at < :before"
)

#: Billings on imported statements per (client, currency), except in a contract's billing
#: week where Tallyhour has billings of its own (tracked time or a released milestone).
STATEMENT_LIFETIME_SQL = (
    "SELECT c.client_id, s.currency, SUM(s.amount_cents)"
    " FROM statement_lines s JOIN contracts c ON c.id = s.contract_id"
    " WHERE s.kind IN ('hourly', 'fixed', 'bonus', 'refund')"
    " AND NOT EXISTS (SELECT 1 FROM week_totals w"
    " WHERE w.contract_id = s.contract_id AND w.bucket = s.bucket)"
    " AND NOT EXISTS (SELECT 1 FROM milestones m"
    " WHERE m.contract_id = s.contract_id AND m.released_at IS NOT NULL"
    " AND m.released_at >= s.bucket * 604800 + 345600"
    " AND m.released_at < s.bucket * 604800 + 950400)"
    " GROUP BY c.client_id, s.currency"
)


def hourly_sums_sql(ranges: Sequence[tuple[int, int, int, int, int]]) -> str:
    """The billed cents of each (contract, first bucket, end bucket, rate cents, cap) range.

    A week bills its counted seconds capped at `cap` (negative: no cap) times the rate,
    rounded half-up to the cent, the same integer rule as `week_amount_cents`; the query
    sums those per range (rows: range number, cents). The ranges are integers this code
    computed, written into the statement as literals.
    """
    values = ", ".join(
        f"({number}, {int(contract)}, {int(first)}, {int(end)}, {int(rate)}, {int(cap)})"
        for number, (contract, first, end, rate, cap) in enumerate(ranges)
    )
    return (
        f"WITH ranges(n, contract_id, first_bucket, end_bucket, rate_cents, cap) AS (VALUES {values})"
        " SELECT r.n, SUM((CASE WHEN r.cap >= 0 AND w.counted_seconds > r.cap THEN r.cap"
        " ELSE w.counted_seconds END * r.rate_cents + 1800) / 3600)"
        " FROM ranges r JOIN week_totals w ON w.contract_id = r.contract_id"
        " AND w.bucket >= r.first_bucket AND w.bucket < r.end_bucket"
        " GROUP BY r.n"
    )


def session_rows(session: Session) -> Rows:
    """Run these statements in an open session, flushing pending changes first (as the ORM does)."""
    from sqlalchemy import text

    def rows(sql: str, params: Mapping[str, Any]) -> Iterable[Sequence[Any]]:
        if session.autoflush:
            session.flush()
        return session.execute(text(sql), dict(params))

    return rows
