"""Helpers for the window tests: a movable clock, waiting for background work."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

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
    """Wait for the writes asked for so far: they run in order, so an empty one comes last."""
    window.ctx.wait(lambda: None)
