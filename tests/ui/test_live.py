"""One database, two faces: changes from the command line show up; gaps are asked about."""

from __future__ import annotations

import subprocess
import sys
from contextlib import closing
from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from app.core.errors import UserError
from app.services.entries import edit_entry
from app.services.opening import open_database
from app.services.plain_reads import timer_status
from app.services.timer import heartbeat, start_timer, stop_timer
from app.ui import recovery
from app.ui.week_model import WeekColumn
from tests.ui.helpers import wait_idle


def test_a_timer_started_elsewhere_shows_within_two_seconds(
    qtbot, make_window, db_url, seeded, clock
):
    window = make_window()
    other = open_database(db_url)  # another face of the same file, like the command line
    try:
        start_timer(other, "Site fixes", memo="from the terminal", now=clock())
        qtbot.waitUntil(lambda: window.timer_bar.status.running, timeout=2_000)
        assert window.timer_bar.selected_contract_id() == seeded.direct_id
        assert window.timer_bar.memo.text() == "from the terminal"
        qtbot.waitUntil(lambda: window.week_view.model.rowCount() == 9, timeout=2_000)
        wait_idle(qtbot, window)  # the adopted timer's first heartbeat is back before time moves
        clock.advance(minutes=20)
        stop_timer(other, now=clock())
        qtbot.waitUntil(lambda: not window.timer_bar.status.running, timeout=2_000)
    finally:
        other.dispose()


def test_the_tallyhour_command_starts_a_timer_the_window_shows(qtbot, make_window, db_url, seeded):
    window = make_window()
    command = Path(sys.executable).with_name("tallyhour")
    subprocess.run(
        [str(command), "--db", db_url, "start", "Site fixes", "--memo", "cli"],
        check=True,
        capture_output=True,
        timeout=60,
    )
    qtbot.waitUntil(lambda: window.timer_bar.status.running, timeout=2_000)
    assert window.timer_bar.status.contract == "Site fixes"


def test_an_edit_elsewhere_refreshes_the_week(qtbot, make_window, db_url, seeded, clock):
    window = make_window()
    other = open_database(db_url)
    try:
        edit_entry(other, seeded.entries[0], memo="edited in the terminal", now=clock())
    finally:
        other.dispose()
    memo = window.week_view.model.index(1, WeekColumn.MEMO)
    qtbot.waitUntil(lambda: memo.data() == "edited in the terminal", timeout=2_000)


def test_a_timer_nobody_watched_is_adopted_without_asking(qtbot, make_window, db, seeded, clock):
    start_timer(db, "API work", memo="started from the CLI", now=clock() - timedelta(hours=2))
    window = make_window()
    assert window.timer_bar.status.running
    qtbot.waitUntil(lambda: timer_status(db, now=clock()).heartbeat_at == clock(), timeout=2_000)
    assert window.timer_bar.elapsed.text() == "2:00:00"


def test_a_stale_heartbeat_at_start_asks_and_trims(qtbot, make_window, dialogs, db, seeded, clock):
    started = clock() - timedelta(hours=3)
    start_timer(db, "API work", memo="crash", now=started)
    heartbeat(db, now=started + timedelta(minutes=10))
    dialogs.replies["recovery"] = "trim"
    window = make_window()
    ((_parent, status, gap, now, _zone),) = dialogs.calls["recovery"]
    assert status.contract == "API work" and now == clock()
    assert gap == timedelta(hours=2, minutes=50)
    assert not window.timer_bar.status.running
    wait_idle(qtbot, window)  # the week read again after the answer, off the GUI thread
    last = window.week_view.model.entries()[-1].entry
    assert last.end == started + timedelta(minutes=10)


def test_a_refused_answer_at_start_shows_on_the_banner_and_the_window_starts(
    qtbot, make_window, dialogs, db, seeded, clock, monkeypatch
):
    started = clock() - timedelta(hours=3)
    start_timer(db, "API work", memo="crash", now=started)
    heartbeat(db, now=started + timedelta(minutes=10))
    dialogs.replies["recovery"] = "trim"

    def refuse(*_args, **_options):
        raise UserError("that week is approved and locked")

    monkeypatch.setattr(recovery, "resolve_gap", refuse)
    window = make_window()
    assert window.built and "That week is approved and locked" in window.banner.text()
    assert window.timer_bar.status.running  # nothing was changed: still timing, as before


def test_stop_now_ends_the_timer_at_the_pinned_time(qtbot, make_window, dialogs, db, seeded, clock):
    started = clock() - timedelta(hours=1)
    start_timer(db, "API work", memo="slept", now=started)
    heartbeat(db, now=started + timedelta(minutes=1))
    dialogs.replies["recovery"] = "stop"
    window = make_window()
    wait_idle(qtbot, window)  # the week read again after the answer, off the GUI thread
    assert window.week_view.model.entries()[-1].entry.end == clock()


def test_a_long_sleep_while_running_asks_the_same(qtbot, make_window, dialogs, db, seeded, clock):
    dialogs.replies["recovery"] = "keep"
    window = make_window()
    window.timer_bar.select_contract(seeded.direct_id)
    window.timer_bar.toggle()
    qtbot.waitUntil(lambda: timer_status(db, now=clock()).heartbeat_at is not None, timeout=3_000)
    clock.advance(hours=2)  # the laptop slept: no heartbeat for two hours
    qtbot.waitUntil(lambda: "recovery" in dialogs.calls, timeout=3_000)
    assert dialogs.calls["recovery"][0][2] == timedelta(hours=2)
    assert timer_status(db, now=clock()).running
    assert timer_status(db, now=clock()).heartbeat_at == clock()
    assert len(dialogs.calls["recovery"]) == 1


def test_a_reload_waits_while_a_cell_is_being_edited(qtbot, make_window, db_url, seeded, clock):
    window = make_window()
    view = window.week_view
    index = view.model.index(3, WeekColumn.MEMO)
    view.table.setCurrentIndex(index)
    view.table.edit(index)
    assert view.table.state() == view.table.State.EditingState
    other = open_database(db_url)
    try:
        edit_entry(other, seeded.entries[0], memo="changed elsewhere", now=clock())
    finally:
        other.dispose()
    qtbot.waitUntil(lambda: view._pending_refresh, timeout=2_000)
    assert view.table.state() == view.table.State.EditingState  # the user keeps typing
    editor = view.table.viewport().findChild(QLineEdit)
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the user is done: the editor closes
    qtbot.waitUntil(
        lambda: view.model.index(1, WeekColumn.MEMO).data() == "changed elsewhere", timeout=2_000
    )


def test_the_week_turns_at_monday_midnight_utc(qtbot, make_window, seeded, clock):
    window = make_window()
    clock.advance(days=4, hours=9)  # Monday 00:00 UTC
    qtbot.waitUntil(lambda: window.week_view.title.text() == "This week · 2026-W11", timeout=2_000)
    wait_idle(qtbot, window)
    assert window.week_view.model.rowCount() == 0


def test_a_database_that_stops_answering_shows_in_the_window_until_it_answers_again(
    qtbot, make_window, db, seeded
):
    """The folder goes away (a drive unplugged): a lasting banner, then recovery when back."""
    window = make_window()
    # The start-up backup first: one that loses the race gets its own message (a backup test).
    qtbot.waitUntil(lambda: not window.ctx.worker.pending("daily-backup"), timeout=10_000)
    folder = db.path.parent
    away = folder.with_name(folder.name + "-unplugged")
    folder.rename(away)
    try:
        qtbot.waitUntil(lambda: "Tallyhour keeps trying" in window.banner.text(), timeout=5_000)
        assert window.banner.level.name == "ERROR"
        qtbot.wait(2_500)  # polling goes on, and the message stays up
        assert "Tallyhour keeps trying" in window.banner.text()
    finally:
        away.rename(folder)
    qtbot.waitUntil(lambda: window.banner.text() == "The database answers again.", timeout=5_000)
    assert window.week_view.model.rowCount() > 0


def test_files_replaced_under_the_window_are_reopened_and_said(qtbot, make_window, db, seeded):
    """A restore by another process swaps the file: the window reconnects and tells the user."""
    import sqlite3

    window = make_window()
    copy = db.path.with_name("copy.sqlite")
    with closing(sqlite3.connect(db.path)) as source, closing(sqlite3.connect(copy)) as target:
        source.backup(target)
    copy.replace(db.path)
    qtbot.waitUntil(lambda: "reopened the file" in window.banner.text(), timeout=5_000)
    assert "replaced" in window.banner.text()
    assert window.banner.level.name == "WARNING"
