"""The week tab: one billing week's entries by local day; edit, add, split, delete, undo.

Each change is an operation; the week reads itself again, off the GUI thread, when a change
touches what it shows. Its writes' modules load (with the ORM) when first used, not before.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QAbstractItemView, QLabel, QVBoxLayout, QWidget

from app.core.changes import Changes
from app.core.weeks import BillingWeek
from app.models.database import is_storage_failure
from app.services.plain_reads import WeekSheet
from app.services.records import EntryInfo
from app.ui.banner import Level
from app.ui.context import AppContext
from app.ui.week_model import WeekModel
from app.ui.week_parts import WeekButtons, WeekHeader, sheet_key, span_day_rows, week_table
from app.ui.week_reads import SheetReads
from app.ui.worker import describe_error

#: What the week shows: a change to any of these reads it again.
SHOWN = Changes.ENTRIES | Changes.CONTRACTS | Changes.CLIENTS | Changes.TIMESHEETS


class WeekView(QWidget):
    """A billing week of entries, grouped under local days, editable in place."""

    #: A message for the banner: (text, Level, action or None).
    message = Signal(str, object, object)
    #: A message that no longer holds (its text), such as "Deleted … Undo" after an undo.
    message_withdrawn = Signal(str)
    #: The database failed while the week was read: one sentence for the window's banner.
    storage_failed = Signal(str)
    #: The timesheet or an invoice of a contract (its id, or None) for the shown week.
    timesheet_requested = Signal(object)
    invoice_requested = Signal(object)

    def __init__(
        self, ctx: AppContext, undo_stack: QUndoStack, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx, self.undo_stack = ctx, undo_stack
        self.db, self.clock, self.zone = ctx.db, ctx.clock, ctx.zone
        self.week = BillingWeek.of(self.clock())
        self.model = WeekModel(self.clock, self.zone, self)
        self.model.edit_requested.connect(self._save_edit)
        ctx.changed.connect(self._data_changed)
        self.header = WeekHeader()
        self.title, self.bounds = self.header.title, self.header.bounds
        self.header.previous_button.clicked.connect(self.previous_week)
        self.header.this_week_button.clicked.connect(self.this_week)
        self.header.next_button.clicked.connect(self.next_week)
        self.table = week_table(self.model)
        self.table.itemDelegate().closeEditor.connect(lambda *_args: self._editor_closed())
        self.reads = SheetReads(ctx, self)
        self.reads.arrived.connect(self._arrived)
        self.reads.failed.connect(self._read_failed)
        self.reads.loading.connect(self.header.show_loading)
        self._pending_refresh = False
        self._held: WeekSheet | None = None  # the newest sheet, arrived while editing a cell
        self._shown: object = None
        self._shown_week: BillingWeek | None = None
        self._select_when_shown: int | None = None  # an added entry, once its week is read
        self.empty = QLabel("No time in this week yet. Start the timer or add time by hand.")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setEnabled(False)
        self.buttons = WeekButtons()
        self.add_button, self.split_button = self.buttons.add, self.buttons.split
        self.delete_button = self.buttons.delete
        self.add_button.clicked.connect(self.add_entry)
        self.split_button.clicked.connect(self.split_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.buttons.timesheet.clicked.connect(self.request_timesheet)
        self.buttons.invoice.clicked.connect(self.request_invoice)
        self._layout()
        # The entries are read by the first refresh() (the window's start-up), not here.
        self.header.show_week(self.week, self.week, self.zone)

    def _layout(self) -> None:
        """Place the navigation, the table and the buttons."""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(10)
        layout.addWidget(self.header)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty, 1)
        layout.addWidget(self.buttons)

    # -- weeks ---------------------------------------------------------------------------

    def show_week(self, week: BillingWeek) -> None:
        """Show another billing week (its entries once they are read)."""
        self.week = week
        self.header.show_week(week, BillingWeek.of(self.clock()), self.zone)
        self.refresh()

    def previous_week(self) -> None:
        """Show the week before."""
        self.show_week(self.week.previous())

    def next_week(self) -> None:
        """Show the week after."""
        self.show_week(self.week.next())

    def this_week(self) -> None:
        """Show the current billing week."""
        self.show_week(BillingWeek.of(self.clock()))

    @property
    def shown_week(self) -> BillingWeek | None:
        """The week whose entries the table shows; `week` is the one last asked for."""
        return self._shown_week

    def refresh(self) -> None:
        """Read the shown week again off the GUI thread; it is shown when it arrives.

        The first read (the window's first paint waits for it) is done at once. While a
        cell is being edited the read waits for the editor to close.
        """
        if self.table.state() == QAbstractItemView.State.EditingState:
            self._pending_refresh = True
        elif self._shown_week is None:
            self.load_now()
        else:
            self._pending_refresh, self._held = False, None
            self.reads.read(self.week)

    def load_now(self) -> None:
        """Read the shown week on this (the GUI) thread and show it, for the first paint."""
        self._pending_refresh, self._held = False, None
        self._show_sheet(self.reads.read_now(self.week))

    def _arrived(self, sheet: object) -> None:
        """The newest read's sheet: shown now, or once the open cell editor closes."""
        assert isinstance(sheet, WeekSheet)
        if self.table.state() == QAbstractItemView.State.EditingState:
            self._held = sheet
        else:
            self._show_sheet(sheet)

    def _show_sheet(self, sheet: WeekSheet) -> None:
        """Show a sheet, keeping selection and scroll; another week scrolls to today or its top.

        A sheet that shows nothing new leaves the table alone.
        """
        key = (sheet.week, [sheet_key(item) for item in sheet.entries])
        if key != self._shown:
            self._shown, first = key, self._shown_week is None
            keep, scrolled = self.selected_entry(), self.table.verticalScrollBar().value()
            same_week, self._shown_week = sheet.week == self._shown_week, sheet.week
            self.model.load(sheet)
            span_day_rows(self.table, self.model)
            if keep is not None:
                self.select_entry(keep.id)
            if same_week:
                self.table.verticalScrollBar().setValue(scrolled)
            elif first or sheet.week == BillingWeek.of(self.clock()):
                self.table.scrollToBottom()  # today's entries and a running timer are last
            else:
                self.table.scrollToTop()
        self._select_added()
        self._show_totals()

    def _select_added(self) -> None:
        """Select the entry added by hand once its row is shown."""
        added = self._select_when_shown
        if added is not None and self.model.row_of(added) >= 0:
            self._select_when_shown = None
            self.select_entry(added)

    def _read_failed(self, error: object) -> None:
        """Reading the week failed: a database failure to the window's storage status."""
        assert isinstance(error, Exception)
        text = describe_error(error, self.db.url)
        if is_storage_failure(error):
            self.storage_failed.emit(text)
        else:
            self.message.emit(text, Level.ERROR, None)

    def _editor_closed(self) -> None:
        """Read again, or show the sheet that arrived meanwhile, once the cell editor closed."""
        if self._pending_refresh:
            QTimer.singleShot(0, self.refresh)
        elif self._held is not None:
            QTimer.singleShot(0, self._show_held)

    def _show_held(self) -> None:
        """Show the sheet that arrived while a cell was being edited (unless read again since)."""
        sheet, self._held = self._held, None
        if sheet is not None:
            self._arrived(sheet)

    def _show_totals(self) -> None:
        """The week's total and time over the limit; the empty-week hint."""
        entries = self.model.entries()
        self.table.setVisible(bool(entries))
        self.empty.setVisible(not entries)
        self.header.show_totals(
            self.model.total_seconds(), sum(item.over_limit_seconds for item in entries)
        )

    def tick(self) -> None:
        """Let running entries' durations, their day's and the week's total grow on screen."""
        self.model.tick()
        if any(item.entry.running for item in self.model.entries()):
            self._show_totals()

    # -- selection and actions -----------------------------------------------------------

    def selected_entry(self) -> EntryInfo | None:
        """The entry of the selected row."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.entry_at(rows[0].row()) if rows else None

    def select_entry(self, entry_id: int) -> None:
        """Select an entry's row."""
        row = self.model.row_of(entry_id)
        if row >= 0:
            self.table.selectRow(row)

    def add_entry(self) -> None:
        """Add manual time through a dialog."""
        from app.ui import week_actions

        week_actions.add_by_hand(self)

    def split_selected(self) -> None:
        """Split the selected entry at a chosen time."""
        from app.ui import week_actions

        week_actions.split_selected(self)

    def delete_selected(self) -> None:
        """Delete the selected entry, offering to undo it."""
        from app.ui import week_actions

        week_actions.delete_selected(self)

    def select_when_shown(self, entry_id: int) -> None:
        """Select an entry once the week with it is on screen (now, if it is)."""
        self._select_when_shown = entry_id
        if self.model.row_of(entry_id) >= 0:
            self._select_added()

    def document_contract(self) -> int | None:
        """The selected entry's contract, else the first hourly contract with time shown."""
        selected = self.selected_entry()
        if selected is not None:
            return selected.contract_id
        entries = self.model.entries()
        hourly = (item.entry.contract_id for item in entries if item.billing is not None)
        return next(hourly, None)

    def request_timesheet(self) -> None:
        """Ask for the timesheet of the chosen contract and the shown week."""
        self.timesheet_requested.emit(self.document_contract())

    def request_invoice(self) -> None:
        """Ask for an invoice of the chosen contract (the shown week by default)."""
        self.invoice_requested.emit(self.document_contract())

    def _save_edit(self, entry: object, changes: Any) -> None:
        """A cell was edited: save it; once saved it is undoable and the week regroups."""
        assert isinstance(entry, EntryInfo) and isinstance(changes, dict)
        from app.services.entries import edit_entry
        from app.ui.commands import EditEntryCommand

        db, now = self.db, self.clock()

        def saved(after: EntryInfo) -> None:
            self.model.replace(after)
            self._shown = None  # the model was patched in place: the next reload must happen
            if self.reads.busy() or self._held is not None:
                self.refresh()  # that read began before this write: read again
            self.undo_stack.push(EditEntryCommand(self.ctx, self.say_refused, entry, after))

        def refused(error: Exception) -> None:
            self.message.emit(f"Not saved: {describe_error(error, db.url)}", Level.ERROR, None)

        self.ctx.run(
            lambda: edit_entry(db, entry.id, now=now, **changes),
            saved,
            initiator=self,
            on_failure=refused,
        )

    def say_refused(self, text: str) -> None:
        """An action, an undo or a redo was refused: say why."""
        self.message.emit(text, Level.ERROR, None)

    def _data_changed(self, changes: Changes, _initiator: object) -> None:
        """Read the week again when something it shows changed (here or elsewhere)."""
        if changes.touches(SHOWN):
            self.refresh()
