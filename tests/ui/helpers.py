"""Helpers for the window tests: a movable clock, waiting for background work."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QApplication

from app.ui.main_window import MainWindow


@dataclass
class MovableClock:
    """A clock the test moves by hand."""

    now: datetime

    def __call__(self) -> datetime:
        """The pinned instant."""
        return self.now

    def advance(self, **delta: float) -> datetime:
        """Move time forward."""
        self.now += timedelta(**delta)
        return self.now


def wait_idle(qtbot: Any, window: MainWindow) -> None:
    """Wait until every operation and background read has reported back."""
    qtbot.waitUntil(window.ctx.idle, timeout=5_000)


def writes_done(window: MainWindow) -> None:
    """Wait for the writes asked for so far and for the views to read what they changed.

    The writes run in order, so an empty one comes last; what they changed is announced
    after the next paint, and the views' reads report back after that.
    """
    window.ctx.wait(lambda: None)
    deadline = time.monotonic() + 10
    while not window.ctx.idle():
        assert time.monotonic() < deadline, "the window's reads did not report back in 10 s"
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
