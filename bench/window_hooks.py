"""What the window probe adds to the main window once `tallyhour` has imported it.

Kept apart from `bench.window_probe` so the probe loads nothing (Qt included) before
`tallyhour` does: the order of imports is part of what the cold start measures.
"""

from __future__ import annotations

import statistics
import time
from types import ModuleType
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

from bench.measure import print_painted


class FirstPaint(QObject):
    """Calls back on the first paint of a widget that shows data."""

    def __init__(self, window: Any, then: Any, at_once: Any = None) -> None:
        super().__init__(window)
        self.window, self.then, self.at_once, self.done = window, then, at_once, False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Quit (or go on) after the week table painted with its rows."""
        if (
            not self.done
            and event.type() == QEvent.Type.Paint
            and self.window.week_view.model.rowCount() > 0
        ):
            self.done = True
            if self.at_once is not None:
                self.at_once()
            QTimer.singleShot(0, self.then)
        return False


def resident_mb() -> float:
    """This process's resident memory (VmRSS) in MB."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def visit_every_view(window: Any) -> None:
    """Open the contracts and earnings views, wait for their data, then report memory."""
    steps = [
        lambda: window.tabs.setCurrentWidget(window.contracts_view),
        window.show_earnings,
        lambda: window.tabs.setCurrentWidget(window.week_view),
    ]

    def next_step() -> None:
        if not steps:
            QTimer.singleShot(300, report)
            return
        steps.pop(0)()
        QTimer.singleShot(50, settled)

    def settled() -> None:
        board = (
            window.dashboard_view if window.tabs.currentWidget() is window.earnings_page else None
        )
        if board is not None and (board.board is None or board.busy()):
            QTimer.singleShot(20, settled)
            return
        next_step()

    def report() -> None:
        print(f"rss_mb {resident_mb():.1f}", flush=True)
        QApplication.quit()

    next_step()


class ClickToRepaint(QObject):
    """Clicks the timer button and times each click until the button paints its new caption."""

    CLICKS = 10

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window, self.bar = window, window.timer_bar
        self.times: dict[str, list[float]] = {"Start": [], "Stop": []}
        self.clicked_at: float | None = None
        self.caption = ""
        self.bar.button.installEventFilter(self)

    def begin(self) -> None:
        """Pick the first contract, then click."""
        self.bar.picker.setCurrentIndex(0)
        QTimer.singleShot(200, self.click)

    def click(self) -> None:
        """Click Start or Stop, whichever the button offers."""
        if min(len(values) for values in self.times.values()) >= self.CLICKS:
            self.report()
            return
        self.caption = self.bar.button.text()
        self.clicked_at = time.perf_counter()
        self.bar.button.click()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The button painted: a new caption ends the measured click."""
        if (
            self.clicked_at is not None
            and event.type() == QEvent.Type.Paint
            and self.bar.button.text() != self.caption
        ):
            elapsed = (time.perf_counter() - self.clicked_at) * 1000
            self.clicked_at = None
            kind = "Stop" if "Stop" in self.caption else "Start"
            self.times[kind].append(elapsed)
            QTimer.singleShot(100, self.click)  # let the views' refreshes settle first
        return False

    def report(self) -> None:
        """Print the medians and quit."""
        start, stop = (statistics.median(self.times[kind]) for kind in ("Start", "Stop"))
        print(f"start_ms {start:.2f} stop_ms {stop:.2f}", flush=True)
        QApplication.quit()


def install(mode: str, main_window: ModuleType) -> None:
    """Hook the window so the probe knows when the data is on screen.

    `ready` watches the week table from the moment the window is built, so it sees the
    first paint with entries whenever the window does it (before or after `start_up`);
    `memory` waits for `start_up` to finish, then opens every view; `toggle` waits for it
    too, then clicks Start and Stop.
    """
    if mode == "ready":
        original_init = main_window.MainWindow.__init__

        def init(window: Any, *args: Any, **options: Any) -> None:
            original_init(window, *args, **options)
            viewport = window.week_view.table.viewport()
            viewport.installEventFilter(FirstPaint(window, QApplication.quit, print_painted))

        original_start_up = main_window.MainWindow.start_up

        def start_up(window: Any) -> None:
            # What the window does after its first paint is not part of the first paint.
            if not any(f.done for f in window.findChildren(FirstPaint)):
                original_start_up(window)

        main_window.MainWindow.__init__ = init  # type: ignore[method-assign]
        main_window.MainWindow.start_up = start_up  # type: ignore[method-assign]
        return
    original = main_window.MainWindow.start_up

    def start_up(window: Any) -> None:
        original(window)
        if mode == "toggle":
            then = ClickToRepaint(window).begin
        else:
            then = lambda: visit_every_view(window)  # noqa: E731
        window.week_view.table.viewport().installEventFilter(FirstPaint(window, then))
        window.week_view.table.viewport().update()

    main_window.MainWindow.start_up = start_up  # type: ignore[method-assign]
