"""Keeping Python's cyclic garbage collector on the GUI thread while worker threads run."""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QTimer


class GuiThreadCollector(QObject):
    """Runs Python's cyclic garbage collector on the GUI thread only.

    With worker threads, automatic collection may start in whichever thread allocates
    at the wrong moment and free Qt objects there, which crashes. So automatic
    collection is switched off and this timer collects the generations that are due,
    from the GUI thread's event loop.
    """

    INTERVAL_MS = 1_000

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.collect_due)
        self._timer.start(self.INTERVAL_MS)

    def collect_due(self) -> None:
        """Collect each generation whose allocation count passed its threshold."""
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if counts[generation] > self._thresholds[generation]:
                gc.collect(generation)
                return


_collector: GuiThreadCollector | None = None


def collect_on_gui_thread() -> None:
    """Install the GUI-thread collector once per application (call it on the GUI thread)."""
    global _collector
    app = QCoreApplication.instance()
    if _collector is not None or app is None:
        return
    _collector = GuiThreadCollector(app)
