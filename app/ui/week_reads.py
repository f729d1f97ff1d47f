"""Reading the week tab's sheet off the GUI thread: only the newest read shows, a slow one says so.

`SheetReads.read(week)` runs `week_sheet` on the window's read worker and hands the sheet
back on the GUI thread by `arrived`, unless a newer read was asked for meanwhile (the user
clicked Next twice: the first week never shows). A read still under way after
`LOADING_DELAY_MS` turns `loading` on until the newest read is answered, so a fast read
never flickers a "Loading…" on screen.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from app.core.weeks import BillingWeek
from app.services.plain_reads import WeekSheet, week_sheet
from app.ui.context import AppContext

#: The worker key of the week's reads: a newer read drops the result of an older one.
SHEET_KEY = "week-sheet"

#: How long a read may take before the week says it is loading (a fast read shows nothing).
LOADING_DELAY_MS = 200


class SheetReads(QObject):
    """The week tab's reads of its sheet: asked on the GUI thread, run on the read worker."""

    #: The newest read's sheet (a `WeekSheet`), on the GUI thread.
    arrived = Signal(object)
    #: The newest read failed (the exception), on the GUI thread.
    failed = Signal(object)
    #: A read has been under way longer than `LOADING_DELAY_MS` (True), or is answered (False).
    loading = Signal(bool)

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._asked = self._answered = 0
        self._loading = False
        self._delay = QTimer(self)
        self._delay.setSingleShot(True)
        self._delay.setInterval(LOADING_DELAY_MS)
        self._delay.timeout.connect(lambda: self._set_loading(True))

    def read(self, week: BillingWeek) -> None:
        """Read a week's sheet off the GUI thread; a read asked for earlier no longer shows."""
        db, now = self.ctx.db, self.ctx.clock()
        serial = self._ask()
        if not self._delay.isActive() and not self._loading:
            self._delay.start()
        job = self.ctx.worker.submit(
            lambda: week_sheet(db, week, now=now),
            lambda sheet: self._done(serial, sheet),
            lambda error: self._failed(serial, error),
            key=SHEET_KEY,
        )
        if job < 0:  # the window is closing: no answer will come
            self._answer(serial)

    def read_now(self, week: BillingWeek) -> WeekSheet:
        """Read a week's sheet on this thread (the first paint); reads under way are dropped.

        A failure is raised to the caller.
        """
        serial = self._ask()
        try:
            return week_sheet(self.ctx.db, week, now=self.ctx.clock())
        finally:
            self._answer(serial)

    def busy(self) -> bool:
        """Whether the newest read has not been answered yet."""
        return self._answered != self._asked

    def is_loading(self) -> bool:
        """Whether the week says it is loading (a read has taken longer than the delay)."""
        return self._loading

    def _ask(self) -> int:
        """Number a new read: the answers of the reads before it will be dropped."""
        self._asked += 1
        return self._asked

    def _answer(self, serial: int) -> bool:
        """Take the answer of a read; False if a newer read overtook it."""
        if serial != self._asked:
            return False
        self._answered = serial
        self._delay.stop()
        self._set_loading(False)
        return True

    def _done(self, serial: int, sheet: object) -> None:
        """A read's sheet arrived from the worker: pass it on if it is the newest."""
        if self._answer(serial):
            self.arrived.emit(sheet)

    def _failed(self, serial: int, error: Exception) -> None:
        """A read failed on the worker: pass the error on if it was the newest."""
        if self._answer(serial):
            self.failed.emit(error)

    def _set_loading(self, loading: bool) -> None:
        """Turn the loading state on or off, saying so only when it changes."""
        if loading != self._loading:
            self._loading = loading
            self.loading.emit(loading)
