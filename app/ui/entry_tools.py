"""Week view helpers a Toggl or Harvest user expects: Continue, search memos, export CSV."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import UserError
from app.core.text import counted
from app.core.weeks import BillingWeek
from app.models.database import Database
from app.services.exports import Exported, export_entries
from app.services.records import EntryInfo
from app.services.search import SEARCH_LIMIT, search_entries
from app.ui import formatting as fmt
from app.ui.banner import Level
from app.ui.context import AppContext
from app.ui.file_dialogs import ask_save_path

if TYPE_CHECKING:
    from datetime import tzinfo

    from app.ui.timer_bar import TimerBar
    from app.ui.week_view import WeekView


class EntryTools(QObject):
    """Continue an entry, search memos, export entries: the week view's tools with the timer."""

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget,
        week: WeekView,
        timer_bar: TimerBar,
        show_week_tab: Callable[[], None],
    ) -> None:
        super().__init__(parent)
        self.ctx, self.parent_widget, self.week, self.timer_bar = ctx, parent, week, timer_bar
        self.show_week_tab = show_week_tab
        buttons = week.buttons
        buttons.continue_.clicked.connect(lambda: self.continue_selected())
        buttons.search.returnPressed.connect(lambda: self.search_memos(buttons.search.text()))

    def continue_selected(self) -> None:
        """Start the timer on the selected entry's contract with its memo (one click)."""
        entry = self.week.selected_entry()
        if entry is None:
            self.ctx.notify("Select the entry to continue in the table first.", Level.INFO)
            return
        bar = self.timer_bar
        if bar.status.running and bar.status.entry_id == entry.id:
            self.ctx.notify("That entry is the one running.", Level.INFO)
            return
        bar.select_contract(entry.contract_id)
        if bar.selected_contract_id() != entry.contract_id:
            self.ctx.notify(
                f"{entry.contract_title} has ended: reopen it to track time on it.", Level.WARNING
            )
            return
        bar.memo.setText(entry.memo)
        bar.start()

    def search_memos(self, text: str) -> None:
        """Show the entries whose memo contains `text`; the one picked is shown in its week."""
        ctx = self.ctx
        try:
            found = search_entries(ctx.db, text, now=ctx.clock())
        except UserError as error:
            ctx.notify(str(error), Level.INFO)
            return
        picked = SearchResults.ask(self.parent_widget, text, found, ctx.zone)
        if picked is not None:
            self.show_week_tab()
            self.week.show_week(BillingWeek.of(picked.start))
            self.week.select_when_shown(picked.id)

    def export_csv(self) -> None:
        """Write every entry to a CSV file the user picks (off the GUI thread)."""
        ctx = self.ctx
        target = choose_csv_target(self.parent_widget, ctx.db)
        if target is None:
            return
        db, zone = ctx.db, ctx.zone

        def done(result: object) -> None:
            """Say where the file is."""
            assert isinstance(result, Exported)
            ctx.notify(f"Exported {counted(result.rows, 'entry')} to {result.path}.", Level.INFO)

        ctx.notify("Exporting entries…", Level.INFO)
        ctx.worker.submit(lambda: export_entries(db, target, zone=zone), done)


class SearchResults(QDialog):
    """The entries a memo search found, newest first; Enter or a double-click shows one."""

    def __init__(
        self, parent: QWidget | None, text: str, found: list[EntryInfo], zone: tzinfo | None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Search memos")
        self.found = found
        self.picked: EntryInfo | None = None
        count = counted(len(found), "entry")
        more = f" (the newest {SEARCH_LIMIT})" if len(found) >= SEARCH_LIMIT else ""
        summary = QLabel(f"{count}{more} with “{' '.join(text.split())}” in the memo.")
        summary.setTextFormat(Qt.TextFormat.PlainText)
        self.table = QTableWidget(len(found), 4)
        self.table.setHorizontalHeaderLabels(["When", "Contract", "Time", "Memo"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        for row, entry in enumerate(found):
            memo = " ".join(entry.memo.split())
            cells = (
                f"{fmt.local_stamp(entry.start, zone)}  ·  {BillingWeek.of(entry.start).label}",
                entry.contract_title,
                fmt.duration(entry.seconds),
                memo if len(memo) <= 200 else memo[:199] + "…",
            )
            for column, value in enumerate(cells):
                item = QTableWidgetItem(value)
                if column == 2:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _index: self.accept())
        if found:
            self.table.selectRow(0)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Close
        )
        show = buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert show is not None
        show.setText("Show in its week")
        show.setEnabled(bool(found))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(820, 460)

    def accept(self) -> None:
        """Remember the selected entry and close."""
        rows = self.table.selectionModel().selectedRows()
        self.picked = self.found[rows[0].row()] if rows else None
        super().accept()

    @classmethod
    def ask(
        cls, parent: QWidget | None, text: str, found: list[EntryInfo], zone: tzinfo | None
    ) -> EntryInfo | None:
        """Show the matches; the entry picked, or None."""
        dialog = cls(parent, text, found, zone)
        return dialog.picked if dialog.exec() else None


def choose_csv_target(parent: QWidget | None, db: Database) -> Path | None:
    """Ask where to write the CSV (None if cancelled); tests replace this."""
    path = ask_save_path(
        parent,
        "Export entries as CSV",
        Path.home() / "tallyhour-entries.csv",
        "CSV files (*.csv)",
        db=db,
    )
    if path is None:
        return None
    return path if path.suffix.lower() == ".csv" else path.with_name(path.name + ".csv")
