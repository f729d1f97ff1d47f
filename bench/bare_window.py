"""The cold-start baseline: a bare PySide6 window in a process that also imports SQLAlchemy.

It quits after its first paint, as the window probe does after the week's first paint.
"""

from __future__ import annotations

import sys

import sqlalchemy.orm  # noqa: F401 - the baseline pays for the same ORM import
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow


class QuitOnFirstPaint(QObject):
    """Quits the application once the widget it watches has painted."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Quit after the first paint."""
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, QApplication.quit)
        return False


if __name__ == "__main__":
    app = QApplication(sys.argv)
    window = QMainWindow()
    label = QLabel("Tallyhour")
    watcher = QuitOnFirstPaint(label)
    label.installEventFilter(watcher)
    window.setCentralWidget(label)
    window.resize(1100, 720)
    window.show()
    sys.exit(app.exec())
