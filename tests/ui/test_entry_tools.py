"""Continue an entry with one click, search memos across weeks, export CSV from the window."""

from __future__ import annotations

import csv
from datetime import timedelta

from PySide6.QtCore import Qt

from app.core.weeks import BillingWeek
from app.services.entries import list_entries, log_entry
from app.services.plain_reads import timer_status
from app.ui import entry_tools
from app.ui.entry_tools import SearchResults
from tests.ui.helpers import wait_idle


def test_continue_starts_the_selected_entrys_contract_and_memo(
    qtbot, make_window, db, seeded, clock
):
    window = make_window()
    view = window.week_view
    view.select_entry(seeded.entries[0])  # "schema" on API work
    qtbot.mouseClick(view.buttons.continue_, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    status = timer_status(db, now=clock())
    assert status.running and status.contract == "API work" and status.memo == "schema"
    assert window.timer_bar.memo.text() == "schema"


def test_continue_while_another_timer_runs_switches_and_keeps_both_memos(
    qtbot, make_window, db, seeded, clock
):
    window = make_window()
    bar = window.timer_bar
    bar.select_contract(seeded.direct_id)
    bar.memo.setText("footer")
    bar.toggle()
    wait_idle(qtbot, window)
    clock.advance(minutes=30)
    window.week_view.select_entry(seeded.entries[2])  # "deploy"
    window.actions_by_name["continue"].trigger()
    wait_idle(qtbot, window)
    status = timer_status(db, now=clock())
    assert status.contract == "API work" and status.memo == "deploy"
    span = {"start": clock() - timedelta(hours=1), "end": clock() + timedelta(hours=1)}
    memos = [(e.contract_title, e.memo) for e in list_entries(db, **span)]
    assert ("Site fixes", "footer") in memos


def test_continue_without_a_selection_says_what_to_do(make_window, db, seeded, clock):
    window = make_window()
    window.week_view.table.clearSelection()
    window.actions_by_name["continue"].trigger()
    assert not timer_status(db, now=clock()).running
    assert window.banner.text().startswith("Select the entry to continue")


def test_searching_memos_finds_other_weeks_and_shows_the_one_picked(
    qtbot, make_window, db, seeded, clock, dialogs, monkeypatch
):
    long_ago = BillingWeek.of(clock()).starts_at - timedelta(weeks=5, hours=-9)
    old = log_entry(
        db,
        seeded.direct_id,
        long_ago,
        long_ago + timedelta(hours=1),
        memo="Deploy the <b>old</b> site",
        now=clock(),
    )
    seen = []

    def pick(parent, text, found, zone):
        dialog = SearchResults(parent, text, found, zone)
        qtbot.addWidget(dialog)
        seen.append([dialog.table.item(r, 3).text() for r in range(dialog.table.rowCount())])
        dialog.table.selectRow(1)
        dialog.accept()
        return dialog.picked

    dialogs.replace(monkeypatch, SearchResults, "search")
    dialogs.replies["search"] = pick
    window = make_window()
    search = window.week_view.buttons.search
    qtbot.keyClicks(search, "deploy")
    qtbot.keyClick(search, Qt.Key.Key_Return)
    assert seen == [["deploy", "Deploy the <b>old</b> site"]]
    assert window.week_view.week == BillingWeek.of(long_ago)
    wait_idle(qtbot, window)  # the picked week is read off the GUI thread
    assert window.week_view.selected_entry().id == old.id


def test_export_csv_writes_every_entry(
    qtbot, make_window, db, seeded, clock, tmp_path, monkeypatch
):
    target = tmp_path / "mine"
    monkeypatch.setattr(
        entry_tools, "choose_csv_target", lambda _parent, _db: target.with_suffix(".csv")
    )
    window = make_window()
    window.actions_by_name["export_csv"].trigger()
    wait_idle(qtbot, window)
    with target.with_suffix(".csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert len(rows) == 1 + 4  # a header and the four seeded entries
    assert window.banner.text().startswith("Exported 4 entries to")
