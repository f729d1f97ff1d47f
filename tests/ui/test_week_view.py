"""The week view: in-place edits (and refusals), delete with undo, split, manual time, weeks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import QDateTimeEdit, QLineEdit

from app.core.weeks import BillingWeek
from app.models import Timesheet
from app.services.entries import week_entries
from app.ui.context import AppContext
from app.ui.delegates import to_qt
from app.ui.dialogs.entry import ManualEntryDialog, SplitDialog
from app.ui.week_model import WeekColumn
from tests.ui.helpers import wait_idle, writes_done


def entries_now(db, clock):
    """The entries of the pinned week, as (start, end, memo)."""
    return [
        (e.start, e.end, e.memo) for e in week_entries(db, BillingWeek.of(clock()), now=clock())
    ]


def open_editor(qtbot, view, row, column):
    """Start editing a cell and return its editor."""
    index = view.model.index(row, column)
    view.table.setCurrentIndex(index)
    view.table.edit(index)
    editor = view.table.indexWidget(index) or view.table.focusWidget()
    qtbot.waitUntil(lambda: view.table.state() == view.table.State.EditingState)
    return view.table.focusWidget() or editor


def test_editing_an_end_in_place_saves_it_and_undo_reverts(qtbot, make_window, db, seeded, clock):
    window = make_window()
    view = window.week_view
    editor = open_editor(qtbot, view, 1, WeekColumn.END)
    assert isinstance(editor, QDateTimeEdit)
    editor.setDateTime(to_qt(datetime(2026, 3, 2, 12, 45)))
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.model.index(1, WeekColumn.END).data() == "12:45")
    assert entries_now(db, clock)[0][1] == datetime(2026, 3, 2, 12, 45, tzinfo=UTC)
    window.actions_by_name["undo"].trigger()
    writes_done(window)
    assert entries_now(db, clock)[0][1] == datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
    assert view.model.index(1, WeekColumn.END).data() == "12:00"


def test_an_overlapping_edit_is_refused_with_a_message_and_nothing_changes(
    qtbot, make_window, db, seeded, clock
):
    window = make_window()
    view = window.week_view
    before = entries_now(db, clock)
    editor = open_editor(qtbot, view, 7, WeekColumn.START)
    assert isinstance(editor, QDateTimeEdit)
    editor.setDateTime(to_qt(datetime(2026, 3, 4, 14, 0)))
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.banner.text() != "")
    assert "Not saved: overlaps the time on “API work”" in window.banner.text()
    assert "#" not in window.banner.text()
    assert window.banner.level.value == "error"
    assert entries_now(db, clock) == before
    assert view.model.index(7, WeekColumn.START).data() == "08:00"
    assert window.undo_stack.count() == 0


def test_editing_a_memo_in_place(qtbot, make_window, db, seeded, clock):
    window = make_window()
    editor = open_editor(qtbot, window.week_view, 3, WeekColumn.MEMO)
    assert isinstance(editor, QLineEdit)
    editor.setText("pairing on the importer")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: entries_now(db, clock)[1][2] == "pairing on the importer")
    writes_done(window)  # the saved entry has come back to the window
    status = window.week_view.model.index(3, WeekColumn.STATUS).data()
    assert status == "Manual"


def test_delete_then_undo_from_the_message(make_window, db, seeded, clock):
    window = make_window()
    view = window.week_view
    before = entries_now(db, clock)
    view.select_entry(seeded.entries[1])
    view.delete_selected()
    writes_done(window)
    assert len(entries_now(db, clock)) == len(before) - 1
    assert window.banner.action_text() == "Undo"
    assert "Deleted 4 h 00 min on API work" in window.banner.text()
    window.banner.trigger_action()
    writes_done(window)
    assert entries_now(db, clock) == before
    assert view.model.rowCount() == 8


def test_delete_undo_and_redo_through_the_edit_menu(make_window, db, seeded, clock):
    window = make_window()
    before = entries_now(db, clock)
    window.week_view.select_entry(seeded.entries[0])
    window.actions_by_name["delete"].trigger()
    writes_done(window)
    window.actions_by_name["undo"].trigger()
    writes_done(window)
    assert entries_now(db, clock) == before
    window.actions_by_name["redo"].trigger()
    writes_done(window)
    assert len(entries_now(db, clock)) == len(before) - 1
    window.actions_by_name["undo"].trigger()
    writes_done(window)
    assert entries_now(db, clock) == before


def test_a_locked_week_refuses_changes_with_the_services_message(
    qtbot, make_window, db, seeded, clock
):
    with db.write() as session:
        session.add(
            Timesheet(
                contract_id=seeded.upwork_id,
                week_start=BillingWeek.of(clock()).starts_at,
                status="approved",
                locked=True,
            )
        )
    window = make_window()
    view = window.week_view
    assert view.model.index(1, WeekColumn.STATUS).data().startswith("Locked")
    view.select_entry(seeded.entries[0])
    view.delete_selected()
    writes_done(window)
    assert "approved and locked" in window.banner.text()
    window.banner.withdraw(window.banner.text())
    view.model.setData(view.model.index(1, WeekColumn.MEMO), "changed")
    writes_done(window)
    assert "Not saved" in window.banner.text() and "approved and locked" in window.banner.text()
    assert len(entries_now(db, clock)) == 4


def test_split_dialog_cuts_an_entry_and_undo_joins_it(qtbot, make_window, db, seeded, clock):
    window = make_window()
    view = window.week_view
    entry = view.model.entry_at(1)
    dialog = SplitDialog(window, window.ctx, entry)
    qtbot.addWidget(dialog)
    dialog.at.setDateTime(to_qt(datetime(2026, 3, 2, 10, 30)))
    dialog.accept()
    first, second = dialog.saved
    assert (first.end, second.start) == (datetime(2026, 3, 2, 10, 30, tzinfo=UTC),) * 2


def test_split_from_the_window_is_undoable(make_window, monkeypatch, db, seeded, clock):
    window = make_window()
    view = window.week_view

    def split_at_half_past(parent, ctx, entry):
        dialog = SplitDialog(parent, ctx, entry)
        dialog.at.setDateTime(to_qt(datetime(2026, 3, 2, 10, 30)))
        return dialog.save()

    monkeypatch.setattr(SplitDialog, "ask", staticmethod(split_at_half_past))
    before = entries_now(db, clock)
    view.select_entry(seeded.entries[0])
    view.split_selected()
    assert len(entries_now(db, clock)) == len(before) + 1
    window.undo_stack.undo()
    writes_done(window)
    assert entries_now(db, clock) == before


def test_manual_entry_dialog_logs_time_and_shows_refusals_inline(qtbot, db, seeded, clock):
    from app.services.contracts import list_contracts

    ctx = AppContext(db, clock=clock, zone=UTC)
    dialog = ManualEntryDialog(None, ctx, list_contracts(db), contract_id=seeded.direct_id)
    qtbot.addWidget(dialog)
    dialog.day.setDate(datetime(2026, 3, 2).date())
    dialog.start.setTime(QTime(11, 0))
    dialog.end.setTime(QTime(13, 0))
    dialog.accept()
    assert dialog.error_text().startswith("Overlaps the time on “API work”")
    assert dialog.saved is None
    dialog.start.setTime(QTime(14, 0))
    assert dialog.error_text() == ""  # the field changed: the refusal no longer holds
    dialog.end.setTime(QTime(15, 30))
    dialog.memo.setText("client call")
    dialog.accept()
    assert dialog.saved.seconds == 5400 and dialog.saved.source == "manual"


def test_adding_time_from_the_window_selects_it_and_undo_removes_it(
    make_window, monkeypatch, db, seeded, clock
):
    from app.services.entries import log_entry

    window = make_window()
    start = datetime(2026, 3, 3, 15, 0, tzinfo=UTC)

    def add(_parent, ctx, *_args, **_kwargs):
        end = start + timedelta(hours=1)
        return ctx.wait(lambda: log_entry(db, seeded.direct_id, start, end, now=clock()))

    monkeypatch.setattr(ManualEntryDialog, "ask", staticmethod(add))
    window.actions_by_name["add_time"].trigger()
    writes_done(window)  # the week with the new entry is read off the GUI thread
    selected = window.week_view.selected_entry()
    assert selected is not None and selected.start == start
    window.actions_by_name["undo"].trigger()
    writes_done(window)
    assert len(entries_now(db, clock)) == 4


def test_week_navigation_shows_utc_bounds_and_local_start(qtbot, make_window, seeded):
    window = make_window(zone=ZoneInfo("Asia/Kolkata"))
    view = window.week_view
    assert view.title.text() == "This week · 2026-W10"
    assert "Mon 2 Mar 00:00 UTC – Mon 9 Mar 00:00 UTC" in view.bounds.text()
    assert "starts Mon 2 Mar 05:30 your time" in view.bounds.text()
    window.actions_by_name["previous_week"].trigger()
    assert view.title.text() == "Week 2026-W09"
    wait_idle(qtbot, window)
    assert view.model.rowCount() == 0 and view.empty.isVisibleTo(window)
    window.actions_by_name["next_week"].trigger()
    window.actions_by_name["next_week"].trigger()
    assert view.title.text() == "Week 2026-W11"
    window.actions_by_name["this_week"].trigger()
    assert view.week == BillingWeek.of(datetime(2026, 3, 5, tzinfo=UTC))


def test_the_delete_key_deletes_an_entry_only_from_the_table(qtbot, make_window, db, seeded, clock):
    window = make_window()
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.week_view.select_entry(seeded.entries[0])
    memo = window.timer_bar.memo
    memo.setFocus()
    memo.setText("typo")
    memo.setCursorPosition(0)
    qtbot.keyClick(memo, Qt.Key.Key_Delete)
    assert memo.text() == "ypo"
    assert len(entries_now(db, clock)) == 4
    window.week_view.table.setFocus()
    qtbot.keyClick(window.week_view.table, Qt.Key.Key_Delete)
    writes_done(window)
    assert len(entries_now(db, clock)) == 3
