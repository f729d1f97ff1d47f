"""Starting the desktop window: the application, the database (or the demo), the main window."""

from __future__ import annotations

import gc
import shutil
import sys
import tempfile
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from app.core.clock import system_clock

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow


def demo_database_path() -> Path:
    """A fresh sample database in a temporary folder (the user's data is never touched)."""
    from app.services.demo import create_demo_database

    path = Path(tempfile.mkdtemp(prefix="tallyhour-demo-")) / "demo.sqlite"
    create_demo_database(path, now=system_clock())
    return path


def run_window(db_url: str | None, *, demo: bool = False) -> int:
    """Open the main window on the database and run until it closes; returns the exit code."""
    # Automatic garbage collection stays off for the window's whole life: a collection
    # started on a worker thread could free Qt objects there, which crashes, so the
    # GUI-thread collector (installed below) collects instead. Switched off from the start,
    # no collection runs over the objects start-up builds (they live on anyway).
    gc.disable()
    from app.core.errors import UserError
    from app.services.opening import open_database

    # The database first: SQLAlchemy imports faster before PySide6's import hooks load.
    try:
        db = open_database(f"sqlite:///{demo_database_path()}" if demo else db_url)
    except UserError as error:
        sys.stderr.write(f"tallyhour: {error}\n")
        gc.enable()
        return 2

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from app.ui.main_window import MainWindow
    from app.ui.qtcompat import collect_on_gui_thread
    from app.ui.tray import tray_available

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
    app.setApplicationName("Tallyhour")
    app.setApplicationDisplayName("Tallyhour")
    app.setDesktopFileName("tallyhour")
    collect_on_gui_thread()
    window = MainWindow(db, demo=demo)
    # With a tray the app lives on while the window hides in it; it quits on request.
    app.setQuitOnLastWindowClosed(not tray_available())
    window.quit_requested.connect(app.quit)
    report_uncaught_errors(window)
    window.show()
    # The first paint needs only this week's entries; the rest (contracts, the recovery
    # question, polling, backups) loads once the window is on screen.
    with window.storage.reporting():
        window.week_view.load_now()
    app.processEvents()  # paint it now, before the rest is read
    gc.freeze()  # what start-up built lives as long as the app: later collections skip it
    QTimer.singleShot(0, window.start_up)
    try:
        if window.closed:  # closed while it first painted: its quit came before the loop
            return 0
        return int(app.exec())
    finally:
        window.shutdown()
        window.deleteLater()
        db.dispose()
        if demo and db.path is not None:
            shutil.rmtree(db.path.parent, ignore_errors=True)  # the sample data was temporary


def report_uncaught_errors(window: MainWindow) -> None:
    """Show an error that escaped a slot in the window's banner (and log it), not on stderr."""
    import logging

    from app.models.database import is_storage_failure
    from app.ui.banner import Level
    from app.ui.worker import describe_error

    def hook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        logging.getLogger("app").error("uncaught error", exc_info=(kind, error, trace))
        if not isinstance(error, Exception):
            sys.__excepthook__(kind, error, trace)
        elif is_storage_failure(error):
            window.storage.failed(describe_error(error))
        else:
            window.notify(describe_error(error), Level.ERROR)

    sys.excepthook = hook
