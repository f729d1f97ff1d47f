"""Keeping the window live: poll the timer and data fingerprints, heartbeat, tick the clocks.

The database has two faces (this window and the command line), so the window polls a
cheap status every second off the GUI thread and reports only what changed, as the same
`Changes` the window's own operations report. Each operation reads the fingerprints
inside its own transaction and hands them here (`probe`, `advance`), and what a poll or
heartbeat read while one of the window's writes was under way is set aside, so the
window's own writes are never mistaken for changes from elsewhere. Clocks are redrawn from the start
time on every tick; ticks are never counted.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal

from app.core.changes import Changes
from app.core.weeks import BillingWeek
from app.services.plain_reads import PollState, poll_state, stale_gap, status_key
from app.services.records import TimerStatus
from app.ui.context import AppContext
from app.ui.worker import describe_error

POLL_MS = 1_000
HEARTBEAT_MS = 30_000
TICK_MS = 500
_POLL = "poll"


class LiveSync(QObject):
    """Timers of the window: 1 s poll, 30 s heartbeat, a fast tick for the clocks."""

    #: The timer started, stopped, switched or its memo changed (from anywhere).
    status_changed = Signal(object)
    #: Another program changed data: the `Changes` seen.
    data_changed = Signal(object)
    #: The running timer went unwatched: (status, gap).
    gap_found = Signal(object, object)
    #: Redraw the clocks.
    tick = Signal()
    #: The database cannot be read (a message saying what to do); polling goes on.
    storage_failed = Signal(str)
    #: The database answers again after a failure.
    storage_recovered = Signal()
    #: The database's files changed under the window and it reconnected (the reason).
    storage_reopened = Signal(str)

    def __init__(
        self, ctx: AppContext, week: Callable[[], BillingWeek], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.db, self.clock, self.worker, self.week = ctx.db, ctx.clock, ctx.worker, week
        self.operations = ctx.operations
        self.status = TimerStatus(running=False)
        self._state: PollState | None = None
        #: Moves as each of the window's writes begins and ends: a poll or heartbeat begun
        #: before then answers for an older state.
        self._generation = 0
        #: The window's writes under way (submitted, not yet advanced).
        self._writes = 0
        #: A heartbeat is waiting on the writer (never queue a second one).
        self._beating = False
        self.failing = False
        self._timers: list[QTimer] = []
        for interval, slot in (
            (POLL_MS, self.poll_now),
            (HEARTBEAT_MS, self.beat_now),
            (TICK_MS, self._tick),
        ):
            timer = QTimer(self)
            timer.setInterval(interval)
            timer.timeout.connect(slot)
            self._timers.append(timer)

    def start(self, status: TimerStatus) -> None:
        """Begin polling from a known status; adopt a timer that no window watches.

        The fingerprint is taken here, on the GUI thread (a few indexed reads), so call
        this *before* loading what the window shows: any change after it is then seen.
        """
        self.status = status
        self._state = poll_state(self.db, self.week(), now=self.clock())
        for timer in self._timers:
            timer.start()
        if status.running and status.heartbeat_at is None:
            self.beat_now()

    def stop(self) -> None:
        """Stop every timer (before the window closes)."""
        for timer in self._timers:
            timer.stop()

    def running(self) -> bool:
        """Whether polling is on."""
        return any(timer.isActive() for timer in self._timers)

    def _tick(self) -> None:
        """Ask the window to redraw its clocks."""
        self.tick.emit()

    def set_status(self, status: TimerStatus) -> None:
        """Take a status learnt elsewhere (after this window's own action)."""
        self.status = status

    def probe(self) -> Callable[[], object]:
        """The poll's read for the shown week, for a write of this window to run at its end.

        From now until `advance`, polls and heartbeats may see the write half-reported
        (committed, its result not yet shown): their answers are set aside.
        """
        self._writes += 1
        self._generation += 1
        db, week, now = self.db, self.week(), self.clock()
        return lambda: poll_state(db, week, now=now)

    def advance(self, state: object | None) -> None:
        """Take the state this window's own write left (no change to report); None: it failed."""
        self._writes -= 1
        self._generation += 1
        if state is None:
            return
        assert isinstance(state, PollState)
        if self._state is not None:
            self._state = state
            self.status = state.status

    def _current(self, generation: int) -> bool:
        """Whether an answer read at `generation` can be trusted (no own write since)."""
        return generation == self._generation and not self._writes

    def poll_now(self) -> None:
        """Ask the database what changed (off the GUI thread)."""
        if self.worker.pending(_POLL):
            return
        db, week, now, generation = self.db, self.week(), self.clock(), self._generation
        self.worker.submit(
            lambda: poll_state(db, week, now=now),
            lambda state: self._on_poll(state, generation, now),
            self._failed,
            key=_POLL,
        )

    def beat_now(self) -> None:
        """Tell the database a window watches the running timer (a write: on the writer).

        No view shows a heartbeat, so it announces nothing; the poll's state it leaves
        comes back through `advance` like every write's.
        """
        if not self.status.running or self._beating:
            return
        from app.services.timer import keep_watched  # a write: the ORM loads with the first

        self._beating = True
        db, now = self.db, self.clock()
        self.operations.run(
            lambda: keep_watched(db, now=now),
            lambda status: self._on_beat(status, now),
            on_failure=self._beat_failed,
            announce=False,
        )

    def _on_poll(self, state: object, generation: int, now: datetime) -> None:
        """React to a poll: new data, a changed timer, an unwatched gap."""
        assert isinstance(state, PollState)
        self._healthy()
        if not self._current(generation):
            return  # read around this window's own write: the next poll is up to date
        earlier, self._state = self._state, state
        if earlier is not None:
            # A new status is reported below, by `status_changed`.
            changes = state.changes_since(earlier) & ~Changes.TIMER
            if changes:
                self.data_changed.emit(changes)
        self._take(state.status, now)

    def _on_beat(self, status: TimerStatus, now: datetime) -> None:
        """A heartbeat answered with the status it saw (inside its own write: current)."""
        self._beating = False
        self._healthy()
        self._take(status, now)

    def _beat_failed(self, error: Exception) -> None:
        """A heartbeat could not be written: reported as a failed poll is."""
        self._beating = False
        self._failed(error)

    def _failed(self, error: Exception) -> None:
        """A poll or heartbeat failed: say so once, and keep trying."""
        self._report_reopened()
        message = describe_error(error, self.db.url)
        if not self.failing:
            self.failing = True
            self.storage_failed.emit(message)

    def _healthy(self) -> None:
        """A poll or heartbeat worked: end a failure, report a reconnection."""
        self._report_reopened()
        if self.failing:
            self.failing = False
            self.storage_recovered.emit()

    def _report_reopened(self) -> None:
        """Tell the window the database was reopened under it, if it was."""
        for reason in self.db.take_notices():
            self.storage_reopened.emit(reason)

    def _take(self, status: TimerStatus, now: datetime) -> None:
        """Compare a status read at `now` with the known one and report what matters.

        A gap is judged at the instant of the read: a status read before the clock moved
        on cannot tell whether a heartbeat came since.
        """
        changed = status_key(status) != status_key(self.status)
        adopted = status.running and status.heartbeat_at is None
        self.status = status
        if changed:
            self.status_changed.emit(status)
        if adopted:
            self.beat_now()
            return
        gap = stale_gap(status, now)
        if gap is not None:
            self.gap_found.emit(status, gap)
