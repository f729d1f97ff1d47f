"""The window as a whole: closing with a running timer, the tray, onboarding, the overview."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from app.services.clients import list_clients
from app.services.contracts import list_contracts
from app.services.plain_reads import timer_status
from app.services.settings import get_settings, update_settings
from app.services.timer import heartbeat
from app.ui import closing, main_window
from app.ui.dialogs.onboarding import OnboardingDialog
from app.ui.tray import tray_text
from tests.ui.helpers import wait_idle, writes_done


def start_running(window, contract_id):
    """Start the timer from the window's bar, and wait until it runs."""
    window.timer_bar.select_contract(contract_id)
    window.timer_bar.memo.setText("work")
    window.timer_bar.toggle()
    writes_done(window)


def test_the_window_is_titled_and_shows_its_tabs(qtbot, make_window, seeded):
    window = make_window()
    assert window.windowTitle() == "Tallyhour"
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == [
        "&Week",
        "&Contracts",
        "&Earnings",
    ]
    qtbot.waitUntil(lambda: window.contracts_view.model.rowCount() == 2, timeout=5_000)
    titles = {window.timer_bar.picker.itemText(i) for i in range(window.timer_bar.picker.count())}
    assert titles == {"API work — Acme Ltd", "Site fixes — Bolt GmbH"}


def test_closing_without_a_tray_asks_once_and_quits_leaving_the_timer_running(
    qtbot, make_window, dialogs, db, seeded, clock
):
    window = make_window()
    start_running(window, seeded.direct_id)
    heartbeat(db, now=clock())
    dialogs.replies["close"] = closing.CloseChoice(closing.QUIT, remember=True)
    with qtbot.waitSignal(window.quit_requested):
        assert window.close()
    ((_parent, contract),) = [call[:2] for call in dialogs.calls["close"]]
    assert contract == "Site fixes"
    assert get_settings(db).close_action == "quit"
    status = timer_status(db, now=clock())
    assert status.running and status.heartbeat_at is None  # adopted silently next time


def test_the_close_dialog_is_not_offered_the_tray_when_there_is_none(make_window, dialogs, seeded):
    captured = {}

    def answer(parent, contract, *, tray):
        captured["tray"] = tray
        return closing.CloseChoice(closing.CANCEL, remember=False)

    dialogs.replies["close"] = answer
    window = make_window()
    start_running(window, seeded.direct_id)
    assert not window.close()
    assert captured == {"tray": False}
    assert not window.closed


def test_a_remembered_tray_choice_without_a_tray_just_quits(make_window, dialogs, db, seeded):
    update_settings(db, close_action="tray")
    window = make_window(use_tray=True)  # asked for a tray, but this desktop has none
    start_running(window, seeded.direct_id)
    assert window.close()
    assert "close" not in dialogs.calls
    assert window.closed


@pytest.mark.qt_log_ignore("systemTrayWindowChanged")
def test_with_a_tray_closing_hides_the_window_and_keeps_timing(
    qtbot, monkeypatch, make_window, dialogs, db, seeded, clock
):
    monkeypatch.setattr(main_window, "tray_available", lambda: True)
    window = make_window(use_tray=True)
    window.show()
    start_running(window, seeded.direct_id)
    dialogs.replies["close"] = closing.CloseChoice(closing.TRAY, remember=True)
    assert not window.close()
    assert not window.isVisible() and not window.closed
    assert timer_status(db, now=clock()).running
    assert get_settings(db).close_action == "tray"
    window.tray.update(window.timer_bar.status, clock())
    assert window.tray.icon.toolTip() == "Tallyhour — Site fixes: 0:00:00\nwork"
    assert window.tray.toggle_action.text() == "&Stop timer"
    window.tray.toggle_requested.emit()
    wait_idle(qtbot, window)
    assert not timer_status(db, now=clock()).running
    window.tray.quit_requested.emit()
    assert window.closed


def test_stop_and_quit_stops_the_timer(make_window, dialogs, db, seeded, clock):
    window = make_window()
    start_running(window, seeded.direct_id)
    clock.advance(minutes=30)
    dialogs.replies["close"] = closing.CloseChoice(closing.STOP_AND_QUIT, remember=False)
    assert window.close()
    assert not timer_status(db, now=clock()).running
    assert get_settings(db).close_action == "ask"


def test_closing_while_idle_asks_nothing(make_window, dialogs, seeded):
    window = make_window()
    assert window.close()
    assert "close" not in dialogs.calls


def test_tray_text_names_the_contract_and_the_elapsed_time(seeded, db, clock):
    from app.services.timer import start_timer

    start_timer(db, "API work", memo="", now=clock())
    status = timer_status(db, now=clock())
    assert tray_text(status, clock().replace(hour=16, minute=1)) == "Tallyhour — API work: 1:01:00"


def test_first_run_onboarding_creates_the_first_client_and_contract(
    qtbot, make_window, dialogs, db, clock
):
    def fill(parent, ctx_):
        dialog = OnboardingDialog(parent, ctx_)
        qtbot.addWidget(dialog)
        dialog.your_name.setText("Sam Rivera")
        dialog.client.setText("Acme Ltd")
        dialog.title.setText("Website")
        dialog.rate.setText("0")
        dialog.accept()
        assert "Hourly rate must be more than zero" in dialog.error_text()
        dialog.rate.setText("45")
        dialog.limit.setText("30")
        dialog.accept()
        return dialog.saved

    dialogs.replies["onboarding"] = fill
    window = make_window()
    assert len(dialogs.calls["onboarding"]) == 1
    assert [c.name for c in list_clients(db)] == ["Acme Ltd"]
    (contract,) = list_contracts(db, now=clock())
    assert (contract.title, contract.platform, contract.fee_schedule) == (
        "Website",
        "upwork",
        "upwork-2023",
    )
    assert contract.weekly_limit_seconds == 30 * 3600
    settings = get_settings(db)
    assert settings.onboarded and settings.name == "Sam Rivera"
    assert window.timer_bar.selected_contract_id() == contract.id
    assert window.banner.text() == (
        "All set: “Website” is picked; type a memo and press Ctrl+Space to start."
    )


def test_onboarding_is_not_offered_once_there_are_contracts(make_window, dialogs, seeded):
    make_window()
    assert "onboarding" not in dialogs.calls


def test_background_work_reports_back_on_the_gui_thread(qtbot, make_window, seeded):
    window = make_window()
    wait_idle(qtbot, window)
    results = []
    window.ctx.worker.submit(lambda: datetime(2026, 1, 1).year, results.append)
    qtbot.waitUntil(lambda: results == [2026])
    errors = []
    window.ctx.worker.submit(lambda: 1 / 0, results.append, errors.append)
    qtbot.waitUntil(lambda: len(errors) == 1)
    assert isinstance(errors[0], ZeroDivisionError)


def test_backup_and_restore_from_the_file_menu(
    qtbot, monkeypatch, make_window, db, seeded, tmp_path
):
    from app.services.clients import add_client
    from app.ui import file_actions

    window = make_window()
    target = tmp_path / "backup.sqlite"
    monkeypatch.setattr(file_actions, "choose_backup_target", lambda parent, db, now: target)
    window.actions_by_name["backup"].trigger()
    qtbot.waitUntil(lambda: "Backed up to" in window.banner.text(), timeout=5_000)
    add_client(db, "Added after the backup")
    monkeypatch.setattr(file_actions, "choose_backup_source", lambda parent, db: target)
    monkeypatch.setattr(file_actions, "confirm_restore", lambda parent, source: True)
    window.actions_by_name["restore"].trigger()
    qtbot.waitUntil(lambda: "Restored backup.sqlite" in window.banner.text(), timeout=5_000)
    assert [c.name for c in list_clients(db)] == ["Acme Ltd", "Bolt GmbH"]
    assert window.live.running()


def test_tab_moves_from_contract_to_memo_to_the_button(qtbot, make_window, seeded):
    window = make_window()
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    bar = window.timer_bar
    window.actions_by_name["find"].trigger()
    assert bar.picker.hasFocus() or bar.picker.lineEdit().hasFocus()
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Tab)
    assert bar.memo.hasFocus()
    qtbot.keyClick(bar.memo, Qt.Key.Key_Tab)
    assert bar.button.hasFocus()


RUN_AND_CLOSE = """
import json
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel
from app.ui.app import run_window
from app.ui.main_window import MainWindow

app = QApplication(sys.argv[:1])
seen = []

def close_the_window():
    windows = [w for w in app.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
    seen.extend((w.windowTitle(), str(w.db.path)) for w in windows)
    for window in windows:
        window.close()

QTimer.singleShot(int(sys.argv[3]), close_the_window)
code = run_window(sys.argv[1] or None, demo=sys.argv[2] == "demo")
print(json.dumps({"code": code, "seen": seen}))
"""


@pytest.mark.parametrize(
    ("demo", "close_after_ms"),
    # At 0 ms the window closes while it first paints, before the event loop runs.
    [(False, 1500), (True, 1500), (False, 0), (True, 0)],
)
def test_run_window_opens_and_closes(db_url, seeded, demo, close_after_ms):
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    result = subprocess.run(
        [sys.executable, "-c", RUN_AND_CLOSE, db_url, "demo" if demo else "", str(close_after_ms)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    ((title, path),) = report["seen"]
    assert report["code"] == 0
    if demo:
        assert title == "Demo data — Tallyhour"
        assert not Path(path).exists()  # the sample data was temporary
    else:
        assert title == "Tallyhour" and db_url.endswith(path)


def test_the_contracts_tab_filters_and_ends_a_contract(qtbot, monkeypatch, make_window, db, seeded):
    from app.ui.dialogs.end_contract import EndContractDialog

    window = make_window()
    view = window.contracts_view
    window.tabs.setCurrentWidget(view)
    qtbot.waitUntil(lambda: view.model.rowCount() == 2, timeout=5_000)
    view.filter.setText("bolt")
    assert view.proxy.rowCount() == 1
    view.table.selectRow(0)
    assert view.selected_contract().title == "Site fixes"

    def end(parent, ctx_, contract):
        dialog = EndContractDialog(parent, ctx_, contract)
        dialog.stars_received.setValue(5.0)
        return dialog.save()

    monkeypatch.setattr(EndContractDialog, "ask", staticmethod(end))
    with qtbot.waitSignal(view.loaded, timeout=5_000):
        window.actions_by_name["end_contract"].trigger()
    assert "Ended Site fixes" in window.banner.text()
    assert view.model.index(1, 5).data() == "Ended"
    picker = window.timer_bar.picker
    assert [picker.itemText(i) for i in range(picker.count())] == ["API work — Acme Ltd"]


@pytest.mark.qt_log_ignore(r"QRhiGles2: Failed to create (temporary )?context")
def test_the_earnings_tab_loads_when_opened_and_after_a_stop(qtbot, make_window, seeded, clock):
    from decimal import Decimal

    window = make_window()
    assert not window.earnings_page.built  # not even built while the tab is hidden
    dashboard = window.dashboard_view
    assert dashboard.board is None
    with qtbot.waitSignal(dashboard.refreshed, timeout=10_000):
        window.show_earnings()
    # 11 h tracked against a 10 h limit at 50.00; lifetime 400.00 before: 100 at 20% + 400 at 10%
    assert dashboard.board.this_week.gross == Decimal("500.00")
    assert dashboard.board.this_week.fee == Decimal("60.00")
    with qtbot.waitSignal(dashboard.refreshed, timeout=10_000):
        window.timer_bar.select_contract(seeded.direct_id)
        window.timer_bar.memo.setText("fix header")
        window.timer_bar.toggle()
        wait_idle(qtbot, window)
        clock.advance(minutes=30)
        window.timer_bar.toggle()
        wait_idle(qtbot, window)
    assert dashboard.board.this_week.gross == Decimal("540.00")  # + 0.5 h at 80.00, no fee


def test_the_open_window_takes_a_daily_backup(qtbot, make_window, seeded, db, clock):
    folder = db.path.parent / "backups" / db.path.stem
    window = make_window()
    qtbot.waitUntil(lambda: len(list(folder.glob("tallyhour-daily-*.sqlite"))) == 1, timeout=10_000)
    window.backups.check_now()  # the same day: nothing new
    qtbot.waitUntil(lambda: not window.ctx.worker.pending("daily-backup"), timeout=10_000)
    assert len(list(folder.glob("tallyhour-daily-*.sqlite"))) == 1
    clock.advance(days=1, minutes=1)
    window.backups.check_now()
    qtbot.waitUntil(lambda: len(list(folder.glob("tallyhour-daily-*.sqlite"))) == 2, timeout=10_000)


def test_messages_show_user_text_as_typed(make_window, seeded):
    window = make_window()
    window.notify("Refused: contract '<b>R&D</b> &amp;' is locked")
    label = window.banner.findChild(QLabel)
    assert label.textFormat() == Qt.TextFormat.PlainText
    assert label.text() == "Refused: contract '<b>R&D</b> &amp;' is locked"


def test_an_error_escaping_a_slot_shows_in_the_banner_not_on_stderr(
    qtbot, make_window, seeded, monkeypatch, capsys
):
    import sqlite3
    import sys

    from sqlalchemy.exc import OperationalError

    from app.ui.app import report_uncaught_errors

    window = make_window()
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    report_uncaught_errors(window)
    bug = ValueError("a bug")
    sys.excepthook(ValueError, bug, None)
    assert window.banner.level.name == "ERROR" and "a bug" in window.banner.text()
    failure = OperationalError("SELECT 1", {}, sqlite3.OperationalError("disk I/O error"))
    sys.excepthook(OperationalError, failure, None)
    assert "Tallyhour keeps trying" in window.banner.text()
    assert capsys.readouterr().err == ""


def test_a_hidden_contracts_tab_reads_again_only_once_it_is_shown(qtbot, make_window, seeded):
    window = make_window()
    view = window.contracts_view
    qtbot.waitUntil(lambda: view.model.rowCount() == 2 and not view.busy(), timeout=5_000)
    loads: list[None] = []
    view.loaded.connect(lambda: loads.append(None))
    window.timer_bar.picker.setCurrentIndex(0)
    for _click in range(2):  # Start, then Stop: each writes an entry
        window.timer_bar.toggle()
        qtbot.waitUntil(window.ctx.idle, timeout=5_000)
    qtbot.wait(200)
    assert loads == [] and not view.busy()  # nobody looked: nothing was rebuilt
    with qtbot.waitSignal(view.loaded, timeout=5_000):
        window.tabs.setCurrentWidget(view)
    assert len(loads) == 1
    window.tabs.setCurrentWidget(window.week_view)
    window.tabs.setCurrentWidget(view)  # nothing changed since: no second read
    qtbot.wait(200)
    assert len(loads) == 1
