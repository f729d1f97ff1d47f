"""The week tab reads its sheet off the GUI thread: the newest read shows, a slow one says so."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from sqlalchemy.exc import OperationalError

from app.core.weeks import BillingWeek
from app.services.entries import edit_entry, log_entry
from app.services.opening import open_database
from app.services.plain_reads import week_sheet
from app.ui import week_reads
from app.ui.banner import Level
from app.ui.week_model import WeekColumn
from app.ui.week_parts import LOADING_TEXT
from tests.ui.helpers import wait_idle


def replace_reads(
    monkeypatch: pytest.MonkeyPatch, before: Callable[[BillingWeek], None]
) -> list[tuple[str, BillingWeek]]:
    """Read the week through `before(week)` first; returns the (thread, week) of each finished read."""
    finished: list[tuple[str, BillingWeek]] = []

    def read(db: Any, week: BillingWeek, *, now: Any) -> Any:
        before(week)
        sheet = week_sheet(db, week, now=now)
        finished.append((threading.current_thread().name, week))
        return sheet

    monkeypatch.setattr(week_reads, "week_sheet", read)
    return finished


def test_the_week_is_read_on_a_worker_thread_not_the_gui_thread(
    qtbot, make_window, seeded, monkeypatch
):
    window = make_window()
    view = window.week_view
    this_week = view.week
    finished = replace_reads(monkeypatch, lambda _week: None)
    view.previous_week()
    assert view.shown_week == this_week  # nothing read yet on the GUI thread
    wait_idle(qtbot, window)
    view.refresh()
    wait_idle(qtbot, window)
    assert [week for _thread, week in finished] == [this_week.previous()] * 2
    assert all(thread.startswith("tallyhour-worker") for thread, _week in finished), finished
    assert view.shown_week == this_week.previous() and view.model.rowCount() == 0


def test_of_two_quick_week_switches_only_the_last_week_asked_for_shows(
    qtbot, make_window, db, seeded, clock, monkeypatch
):
    two_weeks_ago = BillingWeek.of(clock()).previous().previous()
    start = two_weeks_ago.starts_at + timedelta(days=1, hours=9)
    old = log_entry(db, seeded.direct_id, start, start + timedelta(hours=2), now=clock())
    window = make_window()
    window.live.stop()  # only the week's own reads on the worker
    view = window.week_view
    last_week = view.week.previous()
    last_shown = threading.Event()

    def hold_last_week(week: BillingWeek) -> None:
        if week == last_week:
            assert last_shown.wait(5), "the second read was never shown"

    finished = replace_reads(monkeypatch, hold_last_week)
    view.previous_week()  # its read waits until the next one is on screen
    view.previous_week()
    qtbot.waitUntil(lambda: view.shown_week == two_weeks_ago, timeout=5_000)
    assert view.model.row_of(old.id) >= 0
    last_shown.set()
    wait_idle(qtbot, window)
    assert [week for _thread, week in finished] == [two_weeks_ago, last_week]
    assert view.week == view.shown_week == two_weeks_ago and view.model.row_of(old.id) >= 0
    assert view.title.text() == f"Week {two_weeks_ago.label}"


def test_a_slow_read_says_it_is_loading_and_a_fast_one_does_not(
    qtbot, make_window, seeded, monkeypatch
):
    window = make_window()
    view = window.week_view
    states: list[bool] = []
    view.reads.loading.connect(states.append)
    totals = view.header.totals.text()
    release = threading.Event()

    def slow_when_held(_week: BillingWeek) -> None:
        if not release.is_set():
            assert release.wait(5), "the slow read was never released"

    replace_reads(monkeypatch, lambda _week: None)
    view.refresh()  # fast: answered well within the delay
    wait_idle(qtbot, window)
    assert states == [] and view.header.totals.text() == totals
    replace_reads(monkeypatch, slow_when_held)
    view.refresh()
    assert not view.reads.is_loading()  # not at once: a fast read would flicker
    qtbot.waitUntil(view.reads.is_loading, timeout=2_000)
    assert view.header.totals.text() == LOADING_TEXT and not view.header.totals.isEnabled()
    release.set()
    qtbot.waitUntil(lambda: not view.reads.is_loading(), timeout=5_000)
    assert states == [True, False]
    assert view.header.totals.text() == totals and view.header.totals.isEnabled()


def test_a_failing_read_shows_the_storage_problem_on_the_banner(
    qtbot, make_window, seeded, monkeypatch
):
    window = make_window()
    view = window.week_view

    def fail(_week: BillingWeek) -> None:
        raise OperationalError("SELECT 1", {}, sqlite3.OperationalError("disk I/O error"))

    replace_reads(monkeypatch, fail)
    view.next_week()
    qtbot.waitUntil(lambda: "Tallyhour keeps trying" in window.banner.text(), timeout=5_000)
    text = window.banner.text()
    assert window.banner.level is Level.ERROR and text[0].isupper()
    assert "Traceback" not in text and "SELECT" not in text and "\n" not in text
    assert not view.reads.is_loading() and view.shown_week == view.week.previous()


def test_a_failing_read_from_a_bug_is_one_sentence_on_the_banner(
    qtbot, make_window, seeded, monkeypatch
):
    window = make_window()

    def fail(_week: BillingWeek) -> None:
        raise ValueError("a bug in the read")

    replace_reads(monkeypatch, fail)
    window.week_view.refresh()
    qtbot.waitUntil(lambda: "This is a bug" in window.banner.text(), timeout=5_000)
    assert window.banner.level is Level.ERROR
    assert window.banner.text().startswith("Something went wrong (ValueError).")


def test_a_sheet_arriving_while_a_cell_is_edited_shows_once_the_editor_closes(
    qtbot, make_window, db_url, seeded, clock, monkeypatch
):
    window = make_window()
    window.live.stop()  # the change below reaches the week by its own refresh only
    view = window.week_view
    other = open_database(db_url)
    try:
        edit_entry(other, seeded.entries[0], memo="changed elsewhere", now=clock())
    finally:
        other.dispose()
    release = threading.Event()
    replace_reads(monkeypatch, lambda _week: assert_released(release))
    view.refresh()
    index = view.model.index(3, WeekColumn.MEMO)
    view.table.setCurrentIndex(index)
    view.table.edit(index)
    assert view.table.state() == view.table.State.EditingState
    release.set()
    wait_idle(qtbot, window)  # the sheet arrived while the user types
    assert view.model.index(1, WeekColumn.MEMO).data() == "schema"
    assert view.table.state() == view.table.State.EditingState
    editor = view.table.viewport().findChild(QLineEdit)
    qtbot.keyClick(editor, Qt.Key.Key_Escape)  # the user gives up: the editor closes
    qtbot.waitUntil(
        lambda: view.model.index(1, WeekColumn.MEMO).data() == "changed elsewhere", timeout=2_000
    )


def assert_released(release: threading.Event) -> None:
    """Wait (on the worker) until the test lets the read go on."""
    assert release.wait(5), "the read was never released"


def test_the_first_paint_reads_the_week_at_once(make_window, seeded, monkeypatch):
    """`run_window` shows this week's entries before anything else loads: no waiting."""
    window = make_window(start=False)
    view = window.week_view
    finished = replace_reads(monkeypatch, lambda _week: None)
    assert view.shown_week is None and view.model.rowCount() == 0
    view.load_now()
    assert finished == [("MainThread", view.week)]
    assert view.shown_week == view.week and view.model.row_of(seeded.entries[0]) >= 0
    assert "Total <b>11:00</b> h" in view.header.totals.text()
