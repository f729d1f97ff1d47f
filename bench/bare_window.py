"""The cold-start baseline: a bare PySide6 window in a process that also imports SQLAlchemy."""

from __future__ import annotations

import sys

import sqlalchemy.orm  # noqa: F401 - the baseline pays for the same ORM import
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

if __name__ == "__main__":
    app = QApplication(sys.argv)
    window = QMainWindow()
    window.setCentralWidget(QLabel("Tallyhour"))
    window.resize(1100, 720)
    window.show()
    QTimer.singleShot(0, app.quit)
    sys.exit(app.exec())
