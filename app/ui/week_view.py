"""The week tab: one billing week's entries by local day; edit, add, split, delete, undo.

Each change is an operation; the week reads itself again when a change touches what it shows.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.core.changes import Changes
from app.core.weeks import BillingWeek
from app.services.contracts import list_contracts
from app.services.entries import delete_entry, edit_entry
from app.services.overview import week_sheet
from app.services.records import EntryInfo
from app.ui import formatting as fmt
from app.ui.banner import Level
from app.ui.commands import (
    AddEntryCommand,
    DeleteEntryCommand,
    EditEntryCommand,
    SplitEntryCommand,
    when_undone,
)
from app.ui.context import AppContext
from app.ui.dialogs.entry import ManualEntryDialog, SplitDialog
from app.ui.week_model import WeekColumn, WeekModel
from app.ui.week_parts import WeekButtons, WeekHeader, sheet_key, week_table
from app.ui.worker import describe_error

#: What the week shows: a change to any of these reads it again.
SHOWN = Changes.ENTRIES | Changes.CONTRACTS | Changes.CLIENTS | Changes.TIMESHEETS


class WeekView(QWidget):
    """A billing week of entries, grouped under local days, editable in place."""

    #: A message for the banner: (text, Level, action or None).
    message = Signal(str, object, object)
    #: A message that no longer holds (its text), such as "Deleted … Undo" after an undo.
    message_withdrawn = Signal(str)
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
        self._pending_refresh = False
        self._shown: object = None
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
        """Show another billing week."""
        self.week = week
        current = BillingWeek.of(self.clock())
        self.header.show_week(week, current, self.zone)
        self.refresh()
        if week == current:
            self.table.scrollToBottom()  # today's entries and a running timer are last
        else:
            self.table.scrollToTop()

    def previous_week(self) -> None:
        """Show the week before."""
        self.show_week(self.week.previous())

    def next_week(self) -> None:
        """Show the week after."""
        self.show_week(self.week.next())

    def this_week(self) -> None:
        """Show the current billing week."""
        self.show_week(BillingWeek.of(self.clock()))

    def refresh(self) -> None:
        """Read the week again (an indexed range: milliseconds), keeping selection and scroll.

        While a cell is being edited the reload waits for the editor to close, and a
        reload that finds nothing new leaves the table alone.
        """
        if self.table.state() == QAbstractItemView.State.EditingState:
            self._pending_refresh = True
            return
        self._pending_refresh = False
        sheet = week_sheet(self.db, self.week, now=self.clock())
        key = (sheet.week, [sheet_key(item) for item in sheet.entries])
        if key != self._shown:
            first_load = self._shown is None
            self._shown = key
            keep, scrolled = self.selected_entry(), self.table.verticalScrollBar().value()
            self.model.load(sheet)
            self.table.clearSpans()
            for row in self.model.day_rows():
                self.table.setSpan(row, WeekColumn.START, 1, 2)
            if keep is not None:
                self.select_entry(keep.id)
            self.table.verticalScrollBar().setValue(scrolled)
            if first_load:
                self.table.scrollToBottom()  # today's entries and a running timer are last
        self._show_totals()

    def _editor_closed(self) -> None:
        """Run a reload that waited for the editor."""
        if self._pending_refresh:
            QTimer.singleShot(0, self.refresh)

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
        selected = self.selected_entry()
        contracts = list_contracts(self.db, now=self.clock())
        added = ManualEntryDialog.ask(
            self,
            self.ctx,
            contracts,
            contract_id=None if selected is None else selected.contract_id,
        )
        if added is None:
            return
        self.undo_stack.push(AddEntryCommand(self.ctx, self._say_refused, added))
        self.refresh()  # the dialog waited for its write: show the entry now, to select it
        if not self.week.contains(added.start):
            self.show_week(BillingWeek.of(added.start))
        self.select_entry(added.id)
        self.message.emit(
            f"Added {fmt.hours_words(added.seconds)} of manual time.",
            Level.INFO,
            None,
        )

    def split_selected(self) -> None:
        """Split the selected entry at a chosen time."""
        entry = self._require_selection()
        if entry is None:
            return
        if entry.running:
            self.message.emit("Stop the timer before splitting its entry.", Level.INFO, None)
            return
        parts = SplitDialog.ask(self, self.ctx, entry)
        if parts is not None:
            self.undo_stack.push(SplitEntryCommand(self.ctx, self._say_refused, *parts))

    def delete_selected(self) -> None:
        """Delete the selected entry, offering to undo it."""
        entry = self._require_selection()
        if entry is None:
            return
        db, now = self.db, self.clock()
        self.ctx.run(
            lambda: delete_entry(db, entry.id, now=now),
            self._deleted,
            initiator=self,
            on_failure=lambda error: self._say_refused(describe_error(error, db.url)),
        )

    def _deleted(self, deleted: EntryInfo) -> None:
        """An entry was deleted: make it undoable, from the banner too."""
        command = DeleteEntryCommand(self.ctx, self._say_refused, deleted)
        self.undo_stack.push(command)
        text = f"Deleted {fmt.hours_words(deleted.seconds)} on {deleted.contract_title}."
        self.message.emit(text, Level.INFO, ("Undo", lambda: self._undo_if_last(command)))
        # Undone by Ctrl+Z or Edit → Undo instead: the banner's "Undo" offer is spent.
        when_undone(self.undo_stack, lambda: self.message_withdrawn.emit(text))

    def _undo_if_last(self, command: DeleteEntryCommand) -> None:
        """Undo a deletion from its banner, if nothing was done since."""
        last = self.undo_stack.index() - 1
        if last >= 0 and self.undo_stack.command(last) is command:
            self.undo_stack.undo()
        else:
            self.message.emit("Use Edit → Undo: other changes came after.", Level.INFO, None)

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

    def _require_selection(self) -> EntryInfo | None:
        """The selected entry, or a hint to select one."""
        entry = self.selected_entry()
        if entry is None:
            self.message.emit("Select an entry in the table first.", Level.INFO, None)
        return entry

    def _save_edit(self, entry: object, changes: Any) -> None:
        """A cell was edited: save it; once saved it is undoable and the week regroups."""
        assert isinstance(entry, EntryInfo) and isinstance(changes, dict)
        db, now = self.db, self.clock()

        def saved(after: EntryInfo) -> None:
            self.model.replace(after)
            self._shown = None  # the model was patched in place: the next reload must happen
            self.undo_stack.push(EditEntryCommand(self.ctx, self._say_refused, entry, after))

        def refused(error: Exception) -> None:
            self.message.emit(f"Not saved: {describe_error(error, db.url)}", Level.ERROR, None)

        self.ctx.run(
            lambda: edit_entry(db, entry.id, now=now, **changes),
            saved,
            initiator=self,
            on_failure=refused,
        )

    def _say_refused(self, text: str) -> None:
        """An action, an undo or a redo was refused: say why."""
        self.message.emit(text, Level.ERROR, None)

    def _data_changed(self, changes: Changes, _initiator: object) -> None:
        """Read the week again when something it shows changed (here or elsewhere)."""
        if changes.touches(SHOWN):
            self.refresh()
