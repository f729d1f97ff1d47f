"""Telling the user, in the window, when the database stops answering or changes under it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Protocol

from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QLabel, QStatusBar

from app.models.database import Database, is_storage_failure
from app.ui.banner import Level, MessageBanner
from app.ui.live import LiveSync
from app.ui.worker import describe_error

#: The status bar while a write waits for the database.
WAITING_TEXT = "Saving: waiting for the database (another program is writing to it)…"


def database_label(db: Database) -> QLabel:
    """Where the data lives, for the status bar (the whole path or URL as its tooltip)."""
    where = str(db.path) if db.path is not None else db.display_url
    label = QLabel(f"Database: {db.path.name if db.path is not None else where}")
    label.setToolTip(where)
    label.setEnabled(False)
    return label


def show_waiting(status_bar: QStatusBar, waiting: bool) -> None:
    """A write waits on the database (another program is writing): say so meanwhile."""
    if waiting:
        status_bar.showMessage(WAITING_TEXT)
    elif status_bar.currentMessage() == WAITING_TEXT:
        status_bar.clearMessage()


class FailingReads(Protocol):
    """A view that reads off the GUI thread and says when the database failed a read."""

    #: The database failed a read: one sentence saying how.
    storage_failed: SignalInstance


class StorageStatus:
    """Keeps a database problem on the banner until it is over, then says so."""

    def __init__(
        self,
        banner: MessageBanner,
        refresh: Callable[[], None],
        live: LiveSync,
        *readers: FailingReads,
    ) -> None:
        """Report the live poll's failures, and those of `readers` (views reading on a worker)."""
        self.banner, self.refresh, self.url = banner, refresh, live.db.url
        self.problem = ""
        live.storage_failed.connect(self.failed)
        for reader in readers:
            reader.storage_failed.connect(self.failed)
        live.storage_recovered.connect(self.recovered)
        live.storage_reopened.connect(self.reopened)

    @contextmanager
    def reporting(self) -> Iterator[None]:
        """Run reads on the GUI thread; a failing database goes to the banner, not a traceback."""
        try:
            yield
        except Exception as error:
            if not is_storage_failure(error):
                raise
            self.failed(describe_error(error, self.url))  # the poll says when it is back

    def failed(self, text: str) -> None:
        """The database stopped answering: say so until it answers again."""
        self.problem = (
            f"{text.rstrip('.')}. Tallyhour keeps trying; what you change now may not be saved."
        )
        self.banner.show_message(self.problem, Level.ERROR, timeout_ms=0)

    def recovered(self) -> None:
        """The database answers again after a failure: show its data again."""
        if self.problem and self.banner.text() == self.problem:
            self.banner.show_message("The database answers again.", Level.INFO)
        self.problem = ""
        self.refresh()

    def reopened(self, reason: str) -> None:
        """The database's files changed under the window; it reconnected to the new ones."""
        self.banner.show_message(
            f"The database changed under Tallyhour ({reason}), so it reopened the file."
            " Check that your latest changes are there.",
            Level.WARNING,
            timeout_ms=0,
        )
        self.refresh()
