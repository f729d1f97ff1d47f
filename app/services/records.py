"""Plain data that services hand to the window and the command line (never ORM objects)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class ClientInfo:
    """A client as shown in lists."""

    id: int
    name: str
    email: str
    address: str
    notes: str
    opening_balance: Decimal
    payment_verified: bool


@dataclass(frozen=True)
class ContractInfo:
    """A contract as shown in lists and pickers."""

    id: int
    title: str
    client_id: int
    client_name: str
    kind: str
    rate: Decimal
    currency: str
    platform: str
    fee_schedule: str
    weekly_limit_seconds: int | None
    rounding_seconds: int
    status: str
    started_on: date | None
    ended_on: date | None
    notes: str


@dataclass(frozen=True)
class EntryInfo:
    """One time entry; `end` is None while its timer runs (then `seconds` runs to now)."""

    id: int
    contract_id: int
    contract_title: str
    client_name: str
    start: datetime
    end: datetime | None
    seconds: int
    memo: str
    source: str
    locked: bool = False

    @property
    def running(self) -> bool:
        """Whether this entry's timer is still running."""
        return self.end is None

    @property
    def manual(self) -> bool:
        """Whether the entry was typed in rather than tracked live."""
        return self.source != "timer"

    @property
    def imported(self) -> bool:
        """Whether the entry came from another tracker's export (never protected)."""
        return self.source == "import"


@dataclass(frozen=True)
class TimerStatus:
    """Whether a timer runs, on what, since when."""

    running: bool
    entry_id: int | None = None
    contract_id: int | None = None
    contract: str | None = None
    memo: str = ""
    started_at: datetime | None = None
    elapsed_seconds: int = 0
    heartbeat_at: datetime | None = None


def running_status(row: Sequence[Any] | None, now: datetime) -> TimerStatus:
    """The timer's status from the running entry's row (`RUNNING_ENTRY_SQL`), or none running."""
    if row is None:
        return TimerStatus(running=False)
    entry_id, contract_id, title, memo, start, heartbeat = row
    started_at = datetime.fromtimestamp(int(start), UTC)
    return TimerStatus(
        running=True,
        entry_id=entry_id,
        contract_id=contract_id,
        contract=title,
        memo=memo,
        started_at=started_at,
        elapsed_seconds=max(int((now - started_at).total_seconds()), 0),
        heartbeat_at=None if heartbeat is None else datetime.fromtimestamp(int(heartbeat), UTC),
    )


@dataclass(frozen=True)
class TimerChange:
    """What a start or stop did: the entry started and the one it stopped, if any."""

    started: EntryInfo | None
    stopped: EntryInfo | None
    #: True when the stopped entry lasted under a second and was dropped.
    discarded: bool = False
    #: True when the started timer began more than a day ago (a script's past work?).
    long_ago: bool = False
