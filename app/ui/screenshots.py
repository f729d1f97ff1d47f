"""Screenshots of the main views for the README, made from the demo data with a pinned clock.

Run headless: `QT_QPA_PLATFORM=offscreen python -m app.ui.screenshots docs`.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

#: The pinned "now" of every screenshot: a Thursday afternoon in billing week 2026-W10.
NOW = datetime(2026, 3, 5, 15, 20, tzinfo=UTC)
ZONE = ZoneInfo("Europe/Berlin")
SIZE = (1100, 700)


def _settle(app: object, done: Callable[[], bool]) -> None:
    """Process events until `done()` (background work reported) or five seconds pass."""
    import time

    from PySide6.QtWidgets import QApplication

    assert isinstance(app, QApplication)
    deadline = time.monotonic() + 5
    while not done() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    app.processEvents()


def _dark_palette() -> object:
    """A dark palette, to check the window reads well in dark mode too."""
    from PySide6.QtGui import QColor, QPalette

    palette = QPalette()
    for role, color in (
        (QPalette.ColorRole.Window, "#1f2328"),
        (QPalette.ColorRole.WindowText, "#e6edf3"),
        (QPalette.ColorRole.Base, "#161b22"),
        (QPalette.ColorRole.AlternateBase, "#21262d"),
        (QPalette.ColorRole.Text, "#e6edf3"),
        (QPalette.ColorRole.Button, "#2d333b"),
        (QPalette.ColorRole.ButtonText, "#e6edf3"),
        (QPalette.ColorRole.Highlight, "#1f6feb"),
        (QPalette.ColorRole.HighlightedText, "#ffffff"),
        (QPalette.ColorRole.PlaceholderText, "#8b949e"),
        (QPalette.ColorRole.Light, "#3d444d"),
        (QPalette.ColorRole.Midlight, "#30363d"),
        (QPalette.ColorRole.Mid, "#3d444d"),
        (QPalette.ColorRole.Dark, "#0d1117"),
        (QPalette.ColorRole.Shadow, "#010409"),
        (QPalette.ColorRole.ToolTipBase, "#2d333b"),
        (QPalette.ColorRole.ToolTipText, "#e6edf3"),
    ):
        palette.setColor(role, QColor(color))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, QColor("#8b949e"))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor("#8b949e"))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor("#6e7681"))
    return palette


def make_screenshots(out: Path) -> list[Path]:
    """Build the demo database, open the window on it and save PNGs of the main views."""
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QApplication

    from app.core.clock import fixed_clock
    from app.services.contracts import list_contracts
    from app.services.demo import create_demo_database
    from app.services.opening import open_database
    from app.services.plain_reads import timer_status
    from app.services.timer import start_timer, stop_timer
    from app.ui import formatting
    from app.ui.dialogs.settings import SettingsDialog
    from app.ui.main_window import MainWindow

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setStyle("Fusion")
    formatting.set_locale("en_US")
    out.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="tallyhour-shots-") as folder:
        path = Path(folder) / "demo.sqlite"
        create_demo_database(path, now=NOW)
        db = open_database(f"sqlite:///{path}")
        try:
            if timer_status(db, now=NOW).running:
                stop_timer(db, now=NOW - timedelta(hours=1, minutes=30))
            hourly = [
                c for c in list_contracts(db) if c.kind == "hourly" and c.platform == "upwork"
            ]
            start_timer(
                db,
                hourly[0].id,
                memo="Rate limiter for the public API",
                at=NOW - timedelta(minutes=47, seconds=12),
                now=NOW,
            )
            for dark in (False, True):
                app.setPalette(_dark_palette() if dark else QPalette())  # type: ignore[arg-type]
                window = MainWindow(db, clock=fixed_clock(NOW), zone=ZONE, use_tray=False)
                window.resize(*SIZE)
                window.show()
                window.start_up()
                _settle(app, lambda w=window: w.worker.idle())  # type: ignore[misc]
                suffix = "-dark" if dark else ""
                saved.append(_save(window, out / f"window-week{suffix}.png"))
                if not dark:
                    window.tabs.setCurrentWidget(window.contracts_view)
                    _settle(app, lambda w=window: w.worker.idle())  # type: ignore[misc]
                    saved.append(_save(window, out / "window-contracts.png"))
                    settings = SettingsDialog(window, window.ctx)
                    settings.show()
                    app.processEvents()
                    saved.append(_save(settings, out / "settings.png"))
                    settings.close()
                    saved += _first_day_shots(window, out)
                window.shutdown()
                window.close()
                window.deleteLater()
                app.processEvents()
        finally:
            db.dispose()
    return saved


def _first_day_shots(window: object, out: Path) -> list[Path]:
    """The welcome form listing its problems, Add time with a typed span, a memo search."""
    from PySide6.QtWidgets import QApplication

    from app.services.contracts import list_contracts
    from app.services.search import search_entries
    from app.ui.dialogs.entry import ManualEntryDialog
    from app.ui.dialogs.onboarding import OnboardingDialog
    from app.ui.entry_tools import SearchResults
    from app.ui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    clock = window.clock
    welcome = OnboardingDialog(window, window.ctx)
    welcome.your_name.setText("Sam Rivera")
    welcome.client.setText("Acme Ltd")
    welcome.rate.setText("45,50")
    welcome.limit.setText("30h")
    welcome.show()
    welcome.accept()  # refused: it lists what to fix, top to bottom, and saves nothing
    add = ManualEntryDialog(
        window,
        window.ctx,
        list_contracts(window.db),
        contract_id=window.timer_bar.selected_contract_id(),
    )
    add.typed.setText("9-10:30")
    add.apply_typed()
    add.memo.setText("Call with the client about the export")
    add.show()
    found = search_entries(window.db, "code review", now=clock())
    results = SearchResults(window, "code review", found, ZONE)
    results.show()
    QApplication.processEvents()
    shots = [
        _save(welcome, out / "welcome.png"),
        _save(add, out / "add-time.png"),
        _save(results, out / "search.png"),
    ]
    welcome.close()
    add.close()
    results.close()
    return shots


def _save(widget: object, path: Path) -> Path:
    """Grab a widget into a PNG file."""
    from PySide6.QtWidgets import QWidget

    assert isinstance(widget, QWidget)
    if not widget.grab().save(str(path)):
        raise OSError(f"could not write {path}")
    return path


def main(argv: list[str] | None = None) -> int:
    """Write the screenshots into the folder given (default: docs)."""
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0] if args else "docs")
    for path in make_screenshots(out):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
