"""What every part of the window works with: one `AppContext` instead of loose parameters.

It holds the database, the clock and the display zone; runs writes (`run`, `wait`) and
slow reads (`query`) off the GUI thread; says what changed (`changed(changes,
initiator)`, from this window's operations and, with no initiator, from other programs
seen by the live poll); and carries messages for the banner (`notify`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import tzinfo
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal

from app.core.changes import Changes
from app.core.clock import Clock, system_clock
from app.models.database import Database
from app.ui.banner import Level
from app.ui.operations import Operations
from app.ui.worker import Worker, describe_error

T = TypeVar("T")


class AppContext(QObject):
    """The database, the time, the zone, the background threads and the change signal."""

    #: Data changed: (Changes, the initiator of the operation, or None from elsewhere).
    changed = Signal(object, object)
    #: A message for the banner: (text, Level, action or None).
    message = Signal(str, object, object)

    def __init__(
        self,
        db: Database,
        *,
        clock: Clock = system_clock,
        zone: tzinfo | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.db, self.clock, self.zone = db, clock, zone
        self.worker = Worker(self)
        self.operations = Operations(db, self)
        self.operations.changed.connect(self.changed)
        self.operations.failed.connect(self._operation_failed)
        self.worker.error.connect(lambda text: self.notify(text, Level.ERROR))

    def run(
        self,
        op: Callable[[], T],
        on_success: Callable[[T], None] | None = None,
        *,
        initiator: object | None = None,
        on_failure: Callable[[Exception], None] | None = None,
        one_transaction: bool = True,
    ) -> None:
        """Run a write off the GUI thread (see `Operations.run`)."""
        self.operations.run(
            op,
            on_success,
            initiator=initiator,
            on_failure=on_failure,
            one_transaction=one_transaction,
        )

    def wait(self, op: Callable[[], T], *, initiator: object | None = None) -> T:
        """Run a write and return its result, the window staying live (for modal dialogs)."""
        return self.operations.wait(op, initiator=initiator)

    def query(
        self,
        fn: Callable[[], T],
        on_done: Callable[[T], None],
        *,
        key: str | None = None,
        on_error: Callable[[Exception], None] | None = None,
    ) -> None:
        """Run a slow read off the GUI thread; with a `key` only the newest one reports."""
        self.worker.submit(fn, on_done, on_error, key=key)

    def notify(self, text: str, level: Level = Level.INFO, action: Any = None) -> None:
        """Show a message on the banner."""
        self.message.emit(text, level, action)

    def announce(self, changes: Changes) -> None:
        """Tell every view that data changed elsewhere (no initiator)."""
        if changes:
            self.changed.emit(changes, None)

    def idle(self) -> bool:
        """Whether no write and no read is under way."""
        return self.operations.idle() and self.worker.idle()

    def close(self) -> None:
        """Finish the writes under way and stop the background threads."""
        self.operations.close()
        self.worker.close()

    def _operation_failed(self, error: object) -> None:
        """An operation without its own handler failed: say why on the banner."""
        assert isinstance(error, Exception)
        self.notify(describe_error(error, self.db.url), Level.ERROR)
