"""Starting the desktop window."""

from __future__ import annotations

import sys


def run_window(db_url: str | None, *, demo: bool = False) -> int:
    """Open the main window on the database and run until it closes; returns the exit code."""
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    from app.services.opening import open_database
    from app.services.timer import timer_status

    app = QApplication.instance() or QApplication(sys.argv)
    db = open_database(db_url)
    window = QMainWindow()
    window.setWindowTitle("Tallyhour")
    status = timer_status(db)
    text = f"Running: {status.contract}" if status.running else "No timer running"
    window.setCentralWidget(QLabel(text))
    window.resize(900, 600)
    window.show()
    return int(app.exec())
