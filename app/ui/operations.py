"""The window's writes as operations: one writer thread, the result and what changed back.

`Operations.run(op, on_success, initiator=...)` runs `op()` on the one writer thread, as
one transaction, and hands its typed result to `on_success` on the GUI thread; then
`changed(changes, initiator)` says what the write touched, so each view decides what to
read again and the view that started it knows it did. A write that waits on the database
(another program holds the write lock) leaves the window responsive; after a moment
`waiting` says so, for the status bar.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from PySide6.QtCore import QEventLoop, QObject, QTimer, Signal

from app.core.changes import Changes
from app.core.errors import UserError
from app.models.database import Database

_log = logging.getLogger(__name__)
T = TypeVar("T")

#: After this long an unfinished write is shown as waiting.
WAIT_NOTICE_MS = 400


class Witness(Protocol):
    """Who must learn the state a write left behind (the live poll, so it sees no echo)."""

    def probe(self) -> Callable[[], object]:
        """On the GUI thread, as a write is submitted: a read to run inside it, at its end.

        Until `advance` answers it, the write is under way: what the witness reads
        meanwhile may already hold it.
        """

    def advance(self, state: object | None) -> None:
        """On the GUI thread: the state the write left (None if it failed)."""


@dataclass
class _Op:
    """A submitted operation and its callbacks."""

    fn: Callable[[], Any]
    on_success: Callable[[Any], None] | None
    on_failure: Callable[[Exception], None] | None
    initiator: object | None
    probe: Callable[[], object] | None
    one_transaction: bool
    announce: bool


@dataclass(frozen=True)
class _Outcome:
    """What came back from the writer thread."""

    result: Any
    error: Exception | None
    changes: Changes
    state: object


class Operations(QObject):
    """Runs the window's writes one after another on a writer thread of their own."""

    #: A write touched data: (Changes, the initiator given to `run`, or None).
    changed = Signal(object, object)
    #: True when a write has waited for a moment, False once no write waits any more.
    waiting = Signal(bool)
    #: An operation failed and had no handler: the error, for the window to word.
    failed = Signal(object)
    _finished = Signal(int, object)

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tallyhour-writer")
        self._ops: dict[int, _Op] = {}
        self._next_id = 0
        self._closed = False
        #: Changes handed over but not yet announced (they wait for the next paint).
        self._announcing = 0
        self.witness: Witness | None = None
        self.is_waiting = False
        self._wait_timer = QTimer(self)
        self._wait_timer.setSingleShot(True)
        self._wait_timer.setInterval(WAIT_NOTICE_MS)
        self._wait_timer.timeout.connect(self._still_running)
        self._finished.connect(self._on_finished)

    def run(
        self,
        op: Callable[[], T],
        on_success: Callable[[T], None] | None = None,
        *,
        initiator: object | None = None,
        on_failure: Callable[[Exception], None] | None = None,
        one_transaction: bool = True,
        announce: bool = True,
    ) -> None:
        """Run the write `op()` off the GUI thread, then `on_success(result)` and `changed`.

        With `one_transaction` every service call inside `op` joins one transaction;
        without it (a backup, a move of the database) each commits on its own. A failure
        goes to `on_failure`, else to `failed`. Without `announce` (bookkeeping no view
        shows, such as the timer's heartbeat) `changed` stays silent.
        """
        if self._closed:
            return
        self._next_id += 1
        probe = self.witness.probe() if self.witness is not None else None
        self._ops[self._next_id] = _Op(
            op, on_success, on_failure, initiator, probe, one_transaction, announce
        )
        self._pool.submit(self._execute, self._next_id)
        if not self._wait_timer.isActive() and not self.is_waiting:
            self._wait_timer.start()

    def wait(self, op: Callable[[], T], *, initiator: object | None = None) -> T:
        """Run `op` as `run` does and return its result (raising its error).

        The window's events go on meanwhile: for a modal dialog that needs the answer.
        """
        outcome: list[tuple[Any, Exception | None]] = []
        loop = QEventLoop()

        def done(result: Any) -> None:
            outcome.append((result, None))
            loop.quit()

        def failed(error: Exception) -> None:
            outcome.append((None, error))
            loop.quit()

        self.run(op, done, initiator=initiator, on_failure=failed)
        if self._closed:
            raise UserError("Tallyhour is closing: nothing was saved.")
        if not outcome:
            loop.exec()
        result, error = outcome[0]
        if error is not None:
            raise error
        return result  # type: ignore[no-any-return]

    def idle(self) -> bool:
        """Whether no operation is waiting to report back or to announce what it changed."""
        return not self._ops and not self._announcing

    def close(self) -> None:
        """Finish the operations under way, then refuse new ones (before the db closes)."""
        self._closed = True
        self._pool.shutdown(wait=True)
        self._ops.clear()

    def _execute(self, op_id: int) -> None:
        """On the writer thread: run one operation and note what it changed."""
        op = self._ops.get(op_id)
        if op is None:
            return
        fn, probe, whole = op.fn, op.probe, op.one_transaction
        del op
        result: Any = None
        error: Exception | None = None
        state: object = None
        with self.db.recording() as seen:
            try:
                if whole:
                    with self.db.write():
                        result = fn()
                        # Read inside the write: nobody else can change anything before it.
                        state = probe() if probe is not None else None
                else:
                    result = fn()
                    state = probe() if probe is not None else None
            except Exception as caught:
                if not isinstance(caught, UserError):
                    _log.error("an operation failed", exc_info=caught)
                error = caught.with_traceback(None)
        del fn, probe
        self._finished.emit(op_id, _Outcome(result, error, seen.changes, state))

    def _on_finished(self, op_id: int, outcome: object) -> None:
        """On the GUI thread: hand over the result, then say what changed."""
        assert isinstance(outcome, _Outcome)
        op = self._ops.pop(op_id, None)
        if not self._ops:
            self._wait_timer.stop()
            if self.is_waiting:
                self.is_waiting = False
                self.waiting.emit(False)
        if op is None:
            return
        if op.probe is not None and self.witness is not None:
            self.witness.advance(outcome.state)
        try:
            if outcome.error is not None:
                if op.on_failure is not None:
                    op.on_failure(outcome.error)
                else:
                    self.failed.emit(outcome.error)
            elif op.on_success is not None:
                op.on_success(outcome.result)
        finally:
            if outcome.changes and op.announce:
                # After the next paint: what started the operation shows its result first,
                # then the views read what changed.
                self._announcing += 1
                QTimer.singleShot(0, lambda: self._announce(outcome.changes, op.initiator))

    def _announce(self, changes: Changes, initiator: object) -> None:
        """Say what an operation changed."""
        self._announcing -= 1
        self.changed.emit(changes, initiator)

    def _still_running(self) -> None:
        """A write has not come back for a moment: it waits (say so)."""
        if self._ops and not self.is_waiting:
            self.is_waiting = True
            self.waiting.emit(True)
