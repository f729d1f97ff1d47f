"""Daily rolling backups while the window is open, taken off the GUI thread."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from app.core.clock import Clock
from app.models.database import Database
from app.services.backup import backup_if_due
from app.ui.worker import Worker

#: How often the window asks whether a daily backup is due.
CHECK_EVERY_MS = 60 * 60 * 1000
_KEY = "daily-backup"


class AutoBackup(QObject):
    """Checks at start and every hour; backs the database up once a day, keeps the last N."""

    #: A backup was written (its path), or failed (the message).
    written = Signal(object)
    failed = Signal(str)

    def __init__(
        self, db: Database, clock: Clock, worker: Worker, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.db, self.clock, self.worker = db, clock, worker
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.check_now)

    def start(self) -> None:
        """Check now and then every hour."""
        self.check_now()
        self.timer.start()

    def stop(self) -> None:
        """Stop checking."""
        self.timer.stop()

    def check_now(self) -> None:
        """Take a backup in the background if the newest one is a day old."""
        if self.db.path is None or self.worker.pending(_KEY):
            return
        db, now = self.db, self.clock()
        self.worker.submit(lambda: backup_if_due(db, now=now), self._done, self._failed, key=_KEY)

    def _done(self, path: object) -> None:
        """Report a new backup file."""
        if isinstance(path, Path):
            self.written.emit(path)

    def _failed(self, error: Exception) -> None:
        """Report a backup that could not be taken."""
        self.failed.emit(f"The daily backup failed: {error}")
