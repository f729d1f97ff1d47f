"""Guards that keep a long-running PySide6 window alive: a refcount defect, threaded GC.

PySide6 6.12.0 hands Python borrowed references to its singletons in several places:
`SignalInstance.emit()` returns a borrowed `True`, an empty QVariant comes back as a
borrowed `None` (`QModelIndex.data()`, `QComboBox.itemData()`), and the return value of a
callable run by `QTimer.singleShot` or `QThreadPool.start` is released twice. Each one
takes a reference Python never owned; on CPython before 3.12, where these objects are
not immortal, the count reaches zero within minutes of a live window and the process
aborts ("deallocating None"). PySide6 6.11.3 does not do this.

`guard_singletons()` probes for the defect and, only where it shows, gives `None`,
`True` and `False` a very large reference count: what CPython 3.12 does for every
interpreter ("immortal objects"). Elsewhere it changes nothing. The real fix is a
PySide6 release without the defect (or Python 3.12+).
"""

from __future__ import annotations

import ctypes
import gc
import sys

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QObject,
    QStringListModel,
    QTimer,
    Signal,
)

#: References added to each singleton: enough for decades of leaks at thousands a second.
_RESERVE = 1 << 40
_PROBES = 16


class _Probe(QObject):
    """A private object to emit on while probing."""

    ping = Signal()


def _ignore() -> None:
    """A receiver for the probe's signal."""


def _leaks() -> bool:
    """Whether emitting or reading an empty QVariant loses references to True or None."""
    probe = _Probe()
    probe.ping.connect(_ignore)
    model = QStringListModel(["probe"])
    empty: QModelIndex = model.index(0, 0)
    true_before, none_before = sys.getrefcount(True), sys.getrefcount(None)
    for _ in range(_PROBES):
        probe.ping.emit()
        empty.data(1000)  # an unused role: an empty QVariant, i.e. None
    lost = max(true_before - sys.getrefcount(True), none_before - sys.getrefcount(None))
    return lost >= _PROBES


def _immortal_by_design() -> bool:
    """Whether this interpreter already makes None, True and False immortal."""
    return sys.implementation.name != "cpython" or sys.version_info >= (3, 12)


def _reserve(value: object) -> None:
    """Add `_RESERVE` references to a singleton (CPython: `ob_refcnt` opens the object)."""
    refcount = ctypes.c_ssize_t.from_address(id(value))
    refcount.value += _RESERVE


_guarded = False


def guard_singletons() -> bool:
    """Protect None, True and False if this PySide6 leaks them; True if it did so."""
    global _guarded
    if _guarded or _immortal_by_design() or not _leaks():
        return _guarded
    for value in (None, True, False):
        _reserve(value)
    _guarded = True
    return True


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
