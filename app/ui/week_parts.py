"""Parts of the week tab: the heading with week navigation, the entries table, the buttons."""

from __future__ import annotations

from datetime import tzinfo

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.weeks import BillingWeek
from app.services.plain_reads import WeekSheetEntry
from app.ui import formatting as fmt
from app.ui.delegates import EntryDelegate
from app.ui.theme import scaled_font
from app.ui.week_model import WeekColumn, WeekModel

COLUMN_WIDTHS = {
    WeekColumn.START: 110,
    WeekColumn.END: 110,
    WeekColumn.DURATION: 90,
    WeekColumn.CONTRACT: 190,
    WeekColumn.STATUS: 200,
}

#: The totals' place while a slow read of the week is under way.
LOADING_TEXT = "Loading…"


def sheet_key(item: WeekSheetEntry) -> tuple[object, ...]:
    """What a row shows, except a running entry's growing length (the tick redraws that)."""
    entry = item.entry
    return (
        entry.id,
        entry.contract_id,
        entry.contract_title,
        entry.start,
        entry.end,
        entry.seconds if entry.end is not None else None,
        entry.memo,
        entry.source,
        entry.locked,
        item.platform,
        item.protected,
        item.over_limit_seconds if entry.end is not None else None,
    )


class WeekHeader(QWidget):
    """Previous / this / next week buttons, the week's name and bounds, and its totals."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel()
        self.title.setFont(scaled_font(self, 1.35, bold=True))
        self.bounds = QLabel()
        self.bounds.setEnabled(False)
        self.totals = QLabel()
        self.totals.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._totals_text, self.loading = "", False
        self.previous_button = QPushButton("◀  Previous")
        self.previous_button.setToolTip("Previous week (Alt+Left)")
        self.this_week_button = QPushButton("This week")
        self.this_week_button.setToolTip("Back to this week (Alt+Home)")
        self.next_button = QPushButton("Next  ▶")
        self.next_button.setToolTip("Next week (Alt+Right)")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.previous_button)
        layout.addWidget(self.this_week_button)
        layout.addWidget(self.next_button)
        layout.addSpacing(14)
        heading = QVBoxLayout()
        heading.setSpacing(2)
        heading.addWidget(self.title)
        heading.addWidget(self.bounds)
        layout.addLayout(heading, 1)
        layout.addWidget(self.totals)

    def show_week(self, week: BillingWeek, current: BillingWeek, zone: tzinfo | None) -> None:
        """Name the week and show its UTC bounds and where it starts in local time."""
        self.title.setText(f"This week · {week.label}" if week == current else f"Week {week.label}")
        self.bounds.setText(
            f"{fmt.utc_stamp(week.starts_at)} – {fmt.utc_stamp(week.ends_at)}   ·   starts"
            f" {fmt.local_stamp(week.starts_at, zone)} your time"
        )
        self.this_week_button.setEnabled(week != current)

    def show_totals(self, seconds: int, over_limit_seconds: int) -> None:
        """The week's tracked time, and how much of it is over the limits."""
        text = f"Total <b>{fmt.duration(seconds)}</b> h"
        if over_limit_seconds:
            text += f"<br>{fmt.duration(over_limit_seconds)} h over the weekly limit"
        self._totals_text = text
        if not self.loading:
            self.totals.setText(text)

    def show_loading(self, loading: bool) -> None:
        """A slow read is under way: "Loading…" stands in for the totals until it is answered."""
        self.loading = loading
        self.totals.setText(LOADING_TEXT if loading else self._totals_text)
        self.totals.setEnabled(not loading)


def week_table(model: WeekModel) -> QTableView:
    """The entries table: whole-row selection, in-place editing, day headers as spans."""
    table = QTableView()
    table.setModel(model)
    table.setItemDelegate(EntryDelegate(table))
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(
        QAbstractItemView.EditTrigger.DoubleClicked
        | QAbstractItemView.EditTrigger.EditKeyPressed
        | QAbstractItemView.EditTrigger.AnyKeyPressed
    )
    table.setWordWrap(False)
    table.setShowGrid(False)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(30)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setSectionResizeMode(WeekColumn.MEMO, QHeaderView.ResizeMode.Stretch)
    for column, width in COLUMN_WIDTHS.items():
        table.setColumnWidth(column, width)
    return table


def span_day_rows(table: QTableView, model: WeekModel) -> None:
    """Let each day's heading row run across the start and end columns."""
    table.clearSpans()
    for row in model.day_rows():
        table.setSpan(row, WeekColumn.START, 1, 2)


class WeekButtons(QWidget):
    """The row under the table: entry actions on the left, the week's documents on the right."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.add = _button("&Add time…", "Add time by hand (Ctrl+N)")
        self.split = _button("S&plit…", "Split the selected entry in two")
        self.delete = _button("&Delete", "Delete the selected entry (Delete); you can undo it")
        self.continue_ = _button(
            "▶ C&ontinue", "Start the timer again on the selected entry's contract and memo"
        )
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search memos in all weeks…")
        self.search.setClearButtonEnabled(True)
        self.search.setToolTip("Type words of a memo and press Enter (Ctrl+F)")
        self.search.setAccessibleName("Search memos")
        self.search.setMaximumWidth(260)
        self.timesheet = _button(
            "Time&sheet…",
            "The weekly timesheet of the selected entry's contract: save it as PDF, send it"
            " to the client, record approval (Ctrl+T)",
        )
        self.invoice = _button(
            "&Invoice…", "Bill this week (or other dates) of the selected entry's contract (Ctrl+I)"
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for button in (self.continue_, self.add, self.split, self.delete):
            layout.addWidget(button)
        layout.addSpacing(12)
        layout.addWidget(self.search, 1)
        layout.addStretch(1)
        layout.addWidget(self.timesheet)
        layout.addWidget(self.invoice)


def _button(text: str, tip: str) -> QPushButton:
    """A push button with a tooltip."""
    button = QPushButton(text)
    button.setToolTip(tip)
    return button
