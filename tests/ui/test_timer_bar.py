"""The timer bar: start and stop by click and by shortcut, the live clock, the warnings."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from app.services.entries import list_entries
from app.services.plain_reads import timer_status
from tests.ui.helpers import wait_idle


def test_start_and_stop_by_clicks(qtbot, make_window, db, seeded, clock):
    window = make_window()
    bar = window.timer_bar
    bar.select_contract(seeded.direct_id)
    bar.memo.setText("fix the footer")
    qtbot.mouseClick(bar.button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    status = timer_status(db, now=clock())
    assert status.running and status.contract == "Site fixes" and status.memo == "fix the footer"
    assert "Stop" in bar.button.text()
    clock.advance(minutes=45)
    bar.tick()
    assert bar.elapsed.text() == "0:45:00"
    qtbot.mouseClick(bar.button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    assert not timer_status(db, now=clock()).running
    assert "Start" in bar.button.text()
    assert "45 min recorded" in window.banner.text()


@pytest.mark.parametrize("keys", ["Ctrl+Space", "Ctrl+Return"])
def test_start_and_stop_by_shortcut(qtbot, make_window, db, seeded, clock, keys):
    window = make_window()
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.timer_bar.select_contract(seeded.direct_id)
    key = Qt.Key.Key_Space if keys == "Ctrl+Space" else Qt.Key.Key_Return
    qtbot.keyClick(window.timer_bar.memo, key, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, window)
    assert timer_status(db, now=clock()).running
    clock.advance(minutes=5)
    qtbot.keyClick(window.week_view.table, key, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, window)
    assert not timer_status(db, now=clock()).running


def test_enter_in_the_memo_starts_the_timer(qtbot, make_window, db, seeded, clock):
    window = make_window()
    window.timer_bar.select_contract(seeded.direct_id)
    qtbot.keyClicks(window.timer_bar.memo, "invoice layout")
    qtbot.keyClick(window.timer_bar.memo, Qt.Key.Key_Return)
    wait_idle(qtbot, window)
    status = timer_status(db, now=clock())
    assert status.running and status.memo == "invoice layout"


def test_starting_without_memo_on_a_marketplace_warns_until_a_memo_is_typed(
    qtbot, make_window, db, seeded, clock
):
    window = make_window()
    bar = window.timer_bar
    bar.select_contract(seeded.upwork_id)
    bar.memo.clear()
    bar.toggle()
    wait_idle(qtbot, window)
    assert bar.warning.isVisibleTo(window)
    assert "hourly protection" in bar.warning.text()
    assert "hourly protection" in window.banner.text()
    bar.memo.setText("rate limiter")
    bar.memo.editingFinished.emit()
    wait_idle(qtbot, window)
    assert timer_status(db, now=clock()).memo == "rate limiter"
    assert not bar.warning.isVisibleTo(window)


def test_a_direct_contract_needs_no_memo(qtbot, make_window, seeded):
    window = make_window()
    window.timer_bar.select_contract(seeded.direct_id)
    window.timer_bar.toggle()
    wait_idle(qtbot, window)
    assert not window.timer_bar.warning.isVisibleTo(window)


def test_hours_against_the_weekly_limit(make_window, seeded):
    window = make_window()
    bar = window.timer_bar
    bar.select_contract(seeded.upwork_id)
    # 11 h this week against a 10 h limit, 2 h of it today (Thursday 08:00-10:00).
    assert "Today 2:00" in bar.hours.text()
    assert "This week 11:00 of 10:00 h" in bar.hours.text()
    assert "limit reached" in bar.hours.text()
    bar.select_contract(seeded.direct_id)
    assert "limit" not in bar.hours.text()


def test_switching_contract_while_running(qtbot, make_window, db, seeded, clock):
    window = make_window()
    bar = window.timer_bar
    bar.select_contract(seeded.upwork_id)
    bar.memo.setText("docs")
    bar.toggle()
    wait_idle(qtbot, window)
    clock.advance(minutes=10)
    bar.select_contract(seeded.direct_id)
    assert "Switch" in bar.button.text()
    bar.toggle()
    wait_idle(qtbot, window)
    status = timer_status(db, now=clock())
    assert status.running and status.contract_id == seeded.direct_id


def test_typing_a_contract_name_picks_it(qtbot, make_window, seeded):
    window = make_window()
    bar = window.timer_bar
    bar.picker.setEditText("Site fixes — Bolt GmbH")
    assert bar.selected_contract_id() == seeded.direct_id
    bar.picker.setEditText("nonsense")
    assert bar.selected_contract_id() is None
    bar.toggle()
    wait_idle(qtbot, window)
    assert "Pick a contract" in window.banner.text()


def test_reloading_the_same_contracts_keeps_what_the_user_types(make_window, seeded):
    window = make_window()
    bar = window.timer_bar
    bar.picker.setEditText("Site")
    window.reload_contracts()
    assert bar.picker.currentText() == "Site"


def test_hours_warn_near_the_weekly_limit(make_window, db, seeded):
    from datetime import UTC, datetime
    from decimal import Decimal

    from app.services.contracts import edit_contract

    since = datetime(2020, 1, 1, tzinfo=UTC)  # the limit applies to the week on screen too
    edit_contract(db, seeded.upwork_id, weekly_limit_hours=Decimal(12), effective_from=since)
    window = make_window()
    window.timer_bar.select_contract(seeded.upwork_id)
    assert "This week 11:00 of 12:00 h — 1:00 left" in window.timer_bar.hours.text()


def test_switching_contracts_keeps_each_entrys_own_memo(qtbot, make_window, db, seeded, clock):
    window = make_window()
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    bar = window.timer_bar
    bar.select_contract(seeded.direct_id)
    bar.memo.setText("b")
    bar.toggle()
    wait_idle(qtbot, window)
    first = timer_status(db, now=clock()).entry_id
    clock.advance(minutes=20)
    bar.select_contract(seeded.upwork_id)
    bar.memo.setFocus()
    qtbot.waitUntil(bar.memo.hasFocus)
    bar.memo.selectAll()
    qtbot.keyClicks(bar.memo, "a")
    assert "Switch" in bar.button.text()
    qtbot.mouseClick(bar.button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    status = timer_status(db, now=clock())
    assert status.running and status.contract == "API work" and status.memo == "a"
    span = {"start": clock() - timedelta(days=1), "end": clock() + timedelta(days=1)}
    old = next(e for e in list_entries(db, **span) if e.id == first)
    assert old.memo == "b" and old.end is not None
