"""The window's first paint loads no ORM table classes; the rest of the window comes after it.

Run in a fresh process, as `tallyhour` starts: what a process has imported is the point.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta
from decimal import Decimal

from app.core.clock import system_clock
from app.services.clients import add_client
from app.services.contracts import add_contract
from app.services.entries import log_entry
from app.services.opening import open_database

#: Opens the window as `run_window` does, paints it, then starts it up; prints what it saw.
WINDOW = """
import json, sys
from PySide6.QtWidgets import QApplication
from app.services.opening import open_database

db = open_database(sys.argv[1])
app = QApplication([])
from app.ui.main_window import MainWindow

window = MainWindow(db, use_tray=False)
window.show()
window.week_view.load_now()
app.processEvents()
seen = {
    "rows": window.week_view.model.rowCount(),
    "menus": [action.text() for action in window.menuBar().actions()],
    "tabs": [window.tabs.tabText(i) for i in range(window.tabs.count())],
    "tables_at_paint": "app.models.tables" in sys.modules,
    "bar_height_at_paint": window.menuBar().height(),
}
window.start_up()
app.processEvents()
seen.update(
    tables_after=("app.models.tables" in sys.modules),
    contracts_tab=(window.tabs.widget(1) is window.contracts_view),
    tabs_after=[window.tabs.tabText(i) for i in range(window.tabs.count())],
    picker=window.timer_bar.picker.count(),
    actions=len(window.actions_by_name),
    money=len(window.menus.menus["money"].actions()),
    bar_height_after=window.menuBar().height(),
)
window.shutdown()
print(json.dumps(seen))
"""


def test_the_first_paint_needs_no_orm_and_the_rest_follows(tmp_path):
    url = f"sqlite:///{tmp_path / 'first.sqlite'}"
    db = open_database(url)
    try:
        now = system_clock()
        add_client(db, "Acme", now=now)
        add_contract(db, "Site", client="Acme", hourly_rate=Decimal("50"), now=now)
        log_entry(db, "Site", now - timedelta(hours=2), now - timedelta(hours=1), memo="<b>&")
    finally:
        db.dispose()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", WINDOW, url], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["rows"] >= 1  # the week shows its entry at the first paint
    assert seen["tables_at_paint"] is False
    titles = ["&File", "&Edit", "&Timer", "&Contracts", "D&ocuments", "&View", "&Money", "&Help"]
    assert seen["menus"] == titles  # the menu bar is whole from the first paint
    assert seen["tabs"] == seen["tabs_after"] == ["&Week", "&Contracts", "&Earnings"]
    assert seen["bar_height_at_paint"] == seen["bar_height_after"] > 0  # nothing moves
    assert seen["tables_after"] is True  # the check above can tell
    assert seen["contracts_tab"] is True
    assert seen["picker"] == 1
    assert seen["actions"] > 30 and seen["money"] >= 6
