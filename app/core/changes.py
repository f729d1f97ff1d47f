"""What a write touched, named the way the window thinks about it.

Every write reports a `Changes` value; each view reads it and decides whether what it
shows could have changed. The database collects the tables a transaction wrote and
`of_tables` names them here, in one place, so services never report anything themselves.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import Flag, auto


class Changes(Flag):
    """Kinds of data a write changed; combine them with `|`, test them with `&` or `in`."""

    NOTHING = 0
    ENTRIES = auto()
    #: The running timer: started, stopped, switched, its memo or heartbeat.
    TIMER = auto()
    CONTRACTS = auto()
    CLIENTS = auto()
    #: Payments, milestones, withdrawals and costs: anything the earnings add up.
    MONEY = auto()
    SETTINGS = auto()
    TIMESHEETS = auto()
    INVOICES = auto()
    STATEMENTS = auto()
    #: Whatever a write to an unknown table (or another program) could have changed.
    EVERYTHING = (
        ENTRIES
        | TIMER
        | CONTRACTS
        | CLIENTS
        | MONEY
        | SETTINGS
        | TIMESHEETS
        | INVOICES
        | STATEMENTS
    )

    def touches(self, other: Changes) -> bool:
        """Whether this and `other` share a kind (a view asks: did anything I show change?)."""
        return bool(self & other)

    @classmethod
    def of_tables(cls, names: Iterable[str]) -> Changes:
        """The kinds of data behind the tables a transaction wrote."""
        found = cls.NOTHING
        for name in names:
            found |= TABLE_CHANGES.get(name, cls.EVERYTHING)
        return found


#: Each table's kind of data. A time entry may be the running timer, so it is both; the
#: week totals are derived from entries.
TABLE_CHANGES: dict[str, Changes] = {
    "time_entries": Changes.ENTRIES | Changes.TIMER,
    "week_totals": Changes.ENTRIES,
    "contracts": Changes.CONTRACTS,
    "contract_terms": Changes.CONTRACTS,
    "contract_schedules": Changes.CONTRACTS,
    "fee_schedules": Changes.CONTRACTS,
    "reviews": Changes.CONTRACTS,
    "clients": Changes.CLIENTS,
    "milestones": Changes.MONEY,
    "withdrawals": Changes.MONEY,
    "costs": Changes.MONEY,
    "settings": Changes.SETTINGS,
    "timesheets": Changes.TIMESHEETS,
    "invoices": Changes.INVOICES,
    "invoice_lines": Changes.INVOICES,
    "statement_lines": Changes.STATEMENTS,
    "alembic_version": Changes.NOTHING,
}
