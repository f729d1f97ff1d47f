"""The cold-start baseline: a bare PySide6 window in a process that also imports SQLAlchemy.

It prints when it first painted and quits, as the window probe does after the week's
first paint.
"""

from __future__ import annotations

import sys

import sqlalchemy.orm  # noqa: F401 - the baseline pays for the same ORM import
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

from bench.measure import print_painted


class QuitOnFirstPaint(QObject):
    """Quits the application once the widget it watches has painted."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Say so and quit after the first paint."""
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            print_painted()
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
