"""The system tray icon: the running contract and its elapsed time; start/stop, show, quit.

It exists only where the desktop has a tray (`QSystemTrayIcon.isSystemTrayAvailable()`):
the window never hides into a tray that is not there.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from app.services.records import TimerStatus
from app.ui import formatting as fmt
from app.ui.icons import app_icon


def tray_available() -> bool:
    """Whether this desktop shows a system tray."""
    return QSystemTrayIcon.isSystemTrayAvailable()


def tray_text(status: TimerStatus, now: datetime) -> str:
    """The tray's tool tip: what runs and for how long."""
    if not status.running or status.started_at is None:
        return "Tallyhour — no timer running"
    elapsed = int((now - status.started_at).total_seconds())
    memo = f"\n{status.memo}" if status.memo else ""
    return f"Tallyhour — {status.contract}: {fmt.clock(elapsed)}{memo}"


class Tray(QObject):
    """The tray icon and its menu."""

    show_requested = Signal()
    toggle_requested = Signal()
    quit_requested = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.menu = QMenu()
        self.show_action = QAction("&Show Tallyhour", self)
        self.show_action.triggered.connect(self.show_requested)
        self.toggle_action = QAction("&Start timer", self)
        self.toggle_action.triggered.connect(self.toggle_requested)
        quit_action = QAction("&Quit", self)
        quit_action.triggered.connect(self.quit_requested)
        self.menu.addAction(self.show_action)
        self.menu.addAction(self.toggle_action)
        self.menu.addSeparator()
        self.menu.addAction(quit_action)
        self.icon = QSystemTrayIcon(app_icon(), self)
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._activated)
        self._running: bool | None = None
        self.told_about_tray = False

    def show(self) -> None:
        """Put the icon in the tray."""
        self.icon.show()

    def hide(self) -> None:
        """Take the icon out of the tray."""
        self.icon.hide()

    def update(self, status: TimerStatus, now: datetime) -> None:
        """Show the timer's state in the icon, tool tip and menu."""
        if status.running != self._running:
            self._running = status.running
            self.icon.setIcon(app_icon(running=status.running))
            self.toggle_action.setText("&Stop timer" if status.running else "&Start timer")
        self.icon.setToolTip(tray_text(status, now))

    def notify(self, title: str, text: str) -> None:
        """A short balloon message from the tray."""
        self.icon.showMessage(title, text, app_icon(running=True), 4_000)

    def tell_still_timing(self) -> None:
        """The window went to the tray while timing: say where it is, the first time only."""
        if not self.told_about_tray:
            self.told_about_tray = True
            self.notify("Tallyhour is still timing", "Click the tray icon to come back.")

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        """A click on the icon shows the window."""
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            self.show_requested.emit()
