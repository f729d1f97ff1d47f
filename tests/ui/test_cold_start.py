"""The window paints this week's entries first, then reads the rest (`run_window`)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import NOW

#: Opens the window on a database at a pinned instant, records what happens in what order.
START_AND_WATCH = """
import json, sys
from datetime import datetime
import app.core.clock as clock_module
PINNED = datetime.fromisoformat(sys.argv[2])
clock_module.system_clock = lambda: PINNED
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
from app.ui import main_window
from app.ui.app import run_window

app = QApplication(sys.argv[:1])
events = []

class Paints(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            events.append(["paint", self.parent().week_view.model.rowCount()])
        return False

built, started = main_window.MainWindow.__init__, main_window.MainWindow.start_up

def init(window, *args, **options):
    built(window, *args, **options)
    window.week_view.table.viewport().installEventFilter(Paints(window))
    QTimer.singleShot(1500, window.close)

def start_up(window):
    events.append(["start_up", window.week_view.model.rowCount()])
    started(window)
    events.append(["started", window.timer_bar.picker.count()])

main_window.MainWindow.__init__ = init
main_window.MainWindow.start_up = start_up
code = run_window(sys.argv[1])
print(json.dumps({"code": code, "events": events}))
"""


def test_the_week_is_painted_with_its_entries_before_the_rest_loads(db_url, seeded):
    result = subprocess.run(
        [sys.executable, "-c", START_AND_WATCH, db_url, NOW.isoformat()],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    events = report["events"]
    names = [name for name, _ in events]
    assert report["code"] == 0
    assert "start_up" in names and "started" in names, events
    first_with_rows = next(i for i, (name, rows) in enumerate(events) if name == "paint" and rows)
    assert first_with_rows < names.index("start_up"), events
    assert events[names.index("started")][1] > 0, "the timer's picker got the contracts"
