"""Writes are operations: off the GUI thread, one transaction, one change signal, no echo."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt, QTimer
from sqlalchemy import event

from app.core.changes import Changes
from app.core.errors import UserError
from app.models.database import Database
from app.services.entries import edit_entry
from app.services.plain_reads import timer_status
from app.services.settings import update_settings
from app.ui.storage_status import WAITING_TEXT
from tests.ui.helpers import wait_idle


@dataclass
class Transactions:
    """Transactions begun on the database, by kind and thread."""

    begun: list[tuple[str, str]] = field(default_factory=list)

    def writes(self) -> list[str]:
        """The threads that began a write transaction."""
        return [thread for kind, thread in self.begun if kind == "write"]

    def reads(self) -> list[str]:
        """The threads that began a read transaction."""
        return [thread for kind, thread in self.begun if kind == "read"]


@pytest.fixture
def transactions(db: Database) -> Iterator[Transactions]:
    """Counts every transaction the window begins from now on."""
    seen = Transactions()

    def begin(connection) -> None:
        writing = connection.get_execution_options().get("tallyhour_write", False)
        seen.begun.append(("write" if writing else "read", threading.current_thread().name))

    event.listen(db.engine, "begin", begin)
    yield seen
    event.remove(db.engine, "begin", begin)


def _settled(qtbot, window) -> None:
    """Let the start-up reads and the first polls finish."""
    wait_idle(qtbot, window)
    window.live.poll_now()
    wait_idle(qtbot, window)


def test_one_start_click_is_one_write_off_the_gui_thread_and_a_few_reads(
    qtbot, make_window, db, seeded, clock, transactions
):
    window = make_window()
    _settled(qtbot, window)
    window.timer_bar.select_contract(seeded.direct_id)
    refreshes: list[Changes] = []
    window.live.data_changed.connect(refreshes.append)
    transactions.begun.clear()
    qtbot.mouseClick(window.timer_bar.button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    assert transactions.writes() == ["tallyhour-writer_0"]
    assert len(transactions.reads()) <= 3, transactions.begun
    assert timer_status(db, now=clock()).running
    assert "Stop" in window.timer_bar.button.text()
    # The poll sees the window's own write as nothing new: no second refresh.
    heard: list[object] = []
    window.ctx.changed.connect(lambda *args: heard.append(args))
    for _ in range(3):
        window.live.poll_now()
        wait_idle(qtbot, window)
    assert refreshes == [] and heard == []


def _poll_before_results_arrive(qtbot, window, monkeypatch) -> None:
    """Each write's result waits until a poll begun after the write committed has answered.

    That is the order a busy machine can give: the write commits on the writer thread,
    the poll reads it on the read worker and answers before the write's own result
    reaches the GUI thread.
    """
    operations = window.ctx.operations
    original = type(operations)._on_finished

    def finished_after_a_poll(self, op_id: int, outcome: object) -> None:
        window.live.poll_now()
        qtbot.waitUntil(lambda: not window.ctx.worker.pending("poll"))
        original(self, op_id, outcome)

    monkeypatch.setattr(type(operations), "_on_finished", finished_after_a_poll)
    operations._finished.disconnect()
    operations._finished.connect(operations._on_finished)


def test_a_poll_answering_before_the_windows_own_write_is_no_echo(
    qtbot, make_window, seeded, monkeypatch
):
    window = make_window()
    _settled(qtbot, window)
    window.timer_bar.select_contract(seeded.direct_id)
    statuses: list[object] = []
    window.live.status_changed.connect(statuses.append)
    heard: list[object] = []
    window.live.data_changed.connect(heard.append)
    _poll_before_results_arrive(qtbot, window, monkeypatch)
    for _ in range(2):
        qtbot.mouseClick(window.timer_bar.button, Qt.MouseButton.LeftButton)
        wait_idle(qtbot, window)
    window.live.poll_now()
    wait_idle(qtbot, window)
    assert statuses == [] and heard == []
    assert "Start" in window.timer_bar.button.text()


def test_a_heartbeat_is_a_quiet_write_on_the_writer_and_a_stop_after_it_stays(
    qtbot, make_window, seeded, transactions
):
    window = make_window()
    _settled(qtbot, window)
    window.timer_bar.select_contract(seeded.direct_id)
    window.timer_bar.toggle()
    wait_idle(qtbot, window)
    assert window.live.status.running
    statuses: list[object] = []
    window.live.status_changed.connect(statuses.append)
    heard: list[tuple[object, object]] = []
    window.ctx.changed.connect(lambda changes, initiator: heard.append((changes, initiator)))
    transactions.begun.clear()
    window.live.beat_now()
    window.live.beat_now()  # one heartbeat waits at a time
    window.timer_bar.toggle()  # Stop, queued behind the heartbeat on the one writer
    wait_idle(qtbot, window)
    assert transactions.writes() == ["tallyhour-writer_0", "tallyhour-writer_0"]
    assert statuses == []
    assert len(heard) == 1  # the Stop's; the heartbeat announces nothing
    assert "Start" in window.timer_bar.button.text()
    assert not window.live.status.running


def test_the_gui_thread_never_begins_a_write_for_start_and_stop(
    qtbot, make_window, seeded, clock, transactions
):
    window = make_window()
    _settled(qtbot, window)
    window.timer_bar.select_contract(seeded.direct_id)
    transactions.begun.clear()
    window.timer_bar.toggle()
    wait_idle(qtbot, window)
    clock.advance(minutes=20)
    window.timer_bar.toggle()
    wait_idle(qtbot, window)
    assert "Start" in window.timer_bar.button.text()
    assert "20 min recorded" in window.banner.text()
    assert "MainThread" not in transactions.writes()
    assert len(transactions.writes()) == 2


def test_a_change_from_another_program_reaches_the_views_without_an_initiator(
    qtbot, make_window, db, seeded, clock
):
    window = make_window()
    _settled(qtbot, window)
    heard: list[tuple[Changes, object]] = []
    window.ctx.changed.connect(lambda changes, initiator: heard.append((changes, initiator)))
    edit_entry(db, seeded.entries[0], memo="changed by a script", now=clock())
    window.live.poll_now()
    wait_idle(qtbot, window)
    assert heard == [(Changes.ENTRIES, None)]
    memos = [item.entry.memo for item in window.week_view.model.entries()]
    assert "changed by a script" in memos


def test_an_operation_hands_back_its_result_and_then_what_changed(qtbot, make_window, db, seeded):
    window = make_window()
    _settled(qtbot, window)
    order: list[object] = []
    window.ctx.changed.connect(lambda changes, initiator: order.append((changes, initiator)))
    marker = object()

    def op() -> str:
        edit_entry(db, seeded.entries[0], memo="one", now=window.clock())
        return "done"

    window.ctx.run(op, order.append, initiator=marker)
    wait_idle(qtbot, window)
    assert order == ["done", (Changes.ENTRIES | Changes.TIMER, marker)]


def test_a_refused_operation_changes_nothing_and_says_why(qtbot, make_window, db, seeded):
    window = make_window()
    _settled(qtbot, window)
    heard: list[object] = []
    window.ctx.changed.connect(lambda *args: heard.append(args))

    def op() -> None:
        edit_entry(db, seeded.entries[0], memo="half done", now=window.clock())
        raise UserError("that cannot be done")

    window.ctx.run(op)
    wait_idle(qtbot, window)
    assert heard == []
    assert window.banner.text() == "That cannot be done"
    memos = [item.entry.memo for item in window.week_view.model.entries()]
    assert "half done" not in memos


HOLD_LOCK = """
import sqlite3, sys, time
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
connection.execute("COMMIT")
"""


def test_a_start_waiting_on_another_programs_lock_keeps_the_window_live(
    qtbot, make_window, db, seeded, clock
):
    window = make_window()
    _settled(qtbot, window)
    window.timer_bar.select_contract(seeded.direct_id)
    assert db.path is not None
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(db.path), "10"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        ticks: list[int] = []
        ticker = QTimer()
        ticker.timeout.connect(lambda: ticks.append(1))
        ticker.start(100)
        qtbot.mouseClick(window.timer_bar.button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: window.statusBar().currentMessage() == WAITING_TEXT, timeout=3_000)
        ticked = len(ticks)
        qtbot.wait(2_000)
        assert len(ticks) > ticked + 5  # the GUI thread kept running its timers meanwhile
        assert not window.ctx.idle() and holder.poll() is None  # still waiting on the lock
        qtbot.waitUntil(window.ctx.operations.idle, timeout=25_000)
        ticker.stop()
    finally:
        holder.wait(timeout=30)
    assert timer_status(db, now=clock()).running
    assert window.statusBar().currentMessage() == ""


def test_saving_settings_updates_the_dashboards_take_home_without_a_refresh(
    qtbot, make_window, db, seeded
):
    from app.ui.dialogs.settings import SettingsDialog

    update_settings(db, tax_rate="0")
    window = make_window()
    window.show_earnings()
    figures = window.dashboard_view.this_week.figures
    qtbot.waitUntil(lambda: figures.text("Take-home") != "—", timeout=10_000)
    wait_idle(qtbot, window)
    assert figures.text("Tax set aside") == "$0.00"
    before = parse_money(figures.text("Take-home"))
    dialog = SettingsDialog(window, window.ctx)
    qtbot.addWidget(dialog)
    dialog.tax_rate.setText("25")
    dialog.accept()
    assert dialog.error_text() == ""
    qtbot.waitUntil(lambda: figures.text("Tax set aside") != "$0.00", timeout=10_000)
    wait_idle(qtbot, window)
    tax = parse_money(figures.text("Tax set aside"))
    assert tax > 0
    assert parse_money(figures.text("Take-home")) == before - tax


def parse_money(text: str) -> Decimal:
    """A dollar amount as shown ("$1,234.50")."""
    return Decimal(text.replace("$", "").replace(",", ""))


def test_one_start_with_the_earnings_open_builds_the_dashboard_once(
    qtbot, make_window, seeded, monkeypatch
):
    import app.services.dashboard as dashboard_service
    import app.ui.dashboard.view as dashboard_view

    window = make_window()
    window.show_earnings()
    qtbot.waitUntil(lambda: window.dashboard_view.board is not None, timeout=10_000)
    _settled(qtbot, window)
    loads: list[str] = []
    ledgers: list[str] = []
    load, build = dashboard_view.load, dashboard_service.build_ledger
    monkeypatch.setattr(dashboard_view, "load", lambda *a: loads.append("load") or load(*a))
    monkeypatch.setattr(
        dashboard_service,
        "build_ledger",
        lambda *a, **k: ledgers.append("ledger") or build(*a, **k),
    )
    window.timer_bar.select_contract(seeded.direct_id)
    qtbot.mouseClick(window.timer_bar.button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    for _ in range(3):  # the poll sees the window's own write as nothing new
        window.live.poll_now()
        wait_idle(qtbot, window)
    assert "Stop" in window.timer_bar.button.text()
    assert loads == ["load"]
    assert ledgers == ["ledger"]


def test_undoing_a_split_is_one_write_transaction_on_the_writer(
    qtbot, make_window, db, seeded, clock, transactions, monkeypatch
):
    from datetime import UTC, datetime

    from app.core.weeks import BillingWeek
    from app.services.entries import week_entries
    from app.ui.delegates import to_qt
    from app.ui.dialogs.entry import SplitDialog

    def split_at_half_past(parent, ctx, entry):
        dialog = SplitDialog(parent, ctx, entry)
        dialog.at.setDateTime(to_qt(datetime(2026, 3, 2, 10, 30)))
        return dialog.save()

    def count() -> int:
        return len(week_entries(db, BillingWeek.of(datetime(2026, 3, 2, tzinfo=UTC)), now=clock()))

    window = make_window()
    _settled(qtbot, window)
    monkeypatch.setattr(SplitDialog, "ask", staticmethod(split_at_half_past))
    before = count()
    window.week_view.select_entry(seeded.entries[0])
    window.week_view.split_selected()
    wait_idle(qtbot, window)
    assert count() == before + 1
    transactions.begun.clear()
    window.undo_stack.undo()
    wait_idle(qtbot, window)
    assert transactions.writes() == ["tallyhour-writer_0"]
    assert count() == before
