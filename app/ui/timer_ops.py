"""The timer's operations: each writes, then reads the status and hours inside its transaction.

An operation is built on the GUI thread (it captures the clock and what is typed) and run
on the writer thread by `AppContext.run`; its `TimerState` is all the bar needs to show.
The write services are imported as an operation is built: they load the ORM's table
classes, which the window's first paint does without.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from app.services.plain_reads import ContractHours, contract_hours, timer_status
from app.services.records import TimerChange, TimerStatus
from app.ui.context import AppContext

#: An operation for `AppContext.run` that leaves the timer in a known state.
TimerOp = Callable[[], "TimerState"]


@dataclass(frozen=True)
class TimerState:
    """What a timer operation leaves: what it did, the status, the picked contract's hours."""

    change: TimerChange | None
    status: TimerStatus
    hours: ContractHours | None


def start_op(ctx: AppContext, contract_id: int, memo: str) -> TimerOp:
    """Start (or switch to) `contract_id` with `memo`."""
    from app.services.timer import start_timer  # writes load the ORM, after the first paint

    db, now = ctx.db, ctx.clock()
    return _then_state(
        ctx, lambda: start_timer(db, contract_id, memo=memo, now=now), contract_id, now
    )


def stop_op(ctx: AppContext, picked: int | None, *, at: datetime | None = None) -> TimerOp:
    """Stop the running timer (at `at`, default now); `picked` is the contract whose hours show."""
    from app.services.timer import stop_timer

    db, now = ctx.db, ctx.clock()
    return _then_state(ctx, lambda: stop_timer(db, at=at, now=now), picked, now)


def memo_op(ctx: AppContext, memo: str, picked: int | None) -> TimerOp:
    """Give the running timer a new memo."""
    from app.services.timer import set_running_memo

    db, now = ctx.db, ctx.clock()

    def save() -> None:
        set_running_memo(db, memo, now=now)

    return _then_state(ctx, save, picked, now)


def _then_state(
    ctx: AppContext, action: Callable[[], TimerChange | None], picked: int | None, now: datetime
) -> TimerOp:
    """An operation running `action`, then reading the status and `picked`'s hours."""
    db, zone = ctx.db, ctx.zone

    def op() -> TimerState:
        change = action()
        hours = None if picked is None else contract_hours(db, picked, now=now, zone=zone)
        return TimerState(change, timer_status(db, now=now), hours)

    return op
