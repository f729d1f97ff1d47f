"""A screenshot of the dashboard on the demo data, light or dark, for the README.

Run headless: `QT_QPA_PLATFORM=offscreen python -m app.ui.dashboard.screenshot docs/dashboard.png`
(add `--dark` for the dark palette). The clock is pinned like the window's screenshots.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

WIDTH = 1100


def make_screenshot(out: Path, *, dark: bool = False) -> Path:
    """Build the demo database, show the dashboard on it at full height and save a PNG."""
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QApplication, QScrollArea

    from app.core.clock import fixed_clock
    from app.services.demo import create_demo_database
    from app.services.opening import open_database
    from app.ui import formatting
    from app.ui.dashboard import DashboardView
    from app.ui.screenshots import NOW, _dark_palette

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setStyle("Fusion")
    if dark:
        palette = _dark_palette()
        assert isinstance(palette, QPalette)
        app.setPalette(palette)
    formatting.set_locale("en_US")
    with tempfile.TemporaryDirectory(prefix="tallyhour-dashboard-") as folder:
        path = Path(folder) / "demo.sqlite"
        create_demo_database(path, now=NOW)
        db = open_database(f"sqlite:///{path}")
        view = DashboardView(db, fixed_clock(NOW))
        try:
            view.resize(WIDTH, 800)
            view.show()
            view.refresh()
            deadline = time.monotonic() + 10
            while view.loaded is None and time.monotonic() < deadline:
                app.processEvents()
                time.sleep(0.01)
            scroll = view.findChild(QScrollArea)
            assert scroll is not None
            for _ in range(3):  # grow until nothing is left to scroll
                view.resize(WIDTH, view.height() + scroll.verticalScrollBar().maximum())
                for _ in range(5):
                    app.processEvents()
                    time.sleep(0.02)
            out.parent.mkdir(parents=True, exist_ok=True)
            if not view.grab().save(str(out)):
                raise OSError(f"could not write {out}")
        finally:
            view.shutdown()
            view.close()
            view.deleteLater()
            app.processEvents()
            db.dispose()
    return out


def main(argv: list[str] | None = None) -> int:
    """Write the screenshot to the path given (default: docs/dashboard.png)."""
    args = sys.argv[1:] if argv is None else argv
    dark = "--dark" in args
    paths = [arg for arg in args if arg != "--dark"]
    print(make_screenshot(Path(paths[0] if paths else "docs/dashboard.png"), dark=dark))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
