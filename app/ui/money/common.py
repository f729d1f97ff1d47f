"""Parts the money dialogs share: a feedback line, a time field, buttons, a sortable table."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo
from typing import TypeVar

from PySide6.QtCore import QAbstractItemModel, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.clock import Clock
from app.core.errors import UserError
from app.core.instants import parse_instant, to_local
from app.services.records import ContractInfo
from app.ui.context import AppContext
from app.ui.dialogs.base import clear_on_edit
from app.ui.roles import ID_ROLE, RawSortProxy
from app.ui.theme import colors, css

Result = TypeVar("Result")

#: Row height of the money tables, in pixels (the other tabs use the same).
ROW_HEIGHT = 28


class WrappedLabel(QLabel):
    """A word-wrapping label as tall as its text needs at its width, and no taller."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)

    def sizeHint(self) -> QSize:
        """Ask for the height the text needs at the width given, not Qt's squarish guess."""
        hint = super().sizeHint()
        if self.text() and self.width() > 0:
            hint.setHeight(self.heightForWidth(self.width()))
        return hint

    def minimumSizeHint(self) -> QSize:
        """Never squeeze the text into fewer lines than it needs at its width."""
        hint = super().minimumSizeHint()
        if self.text() and self.width() > 0:
            hint.setHeight(self.heightForWidth(self.width()))
        return hint

    def resizeEvent(self, event: QResizeEvent) -> None:
        """A new width may need another number of lines."""
        super().resizeEvent(event)
        self.updateGeometry()


class Feedback(WrappedLabel):
    """One line under a form: why an action was refused (red), or what it did (green).

    It keeps a line's room while empty, so nothing below or above it moves as it comes
    and goes.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setMinimumHeight(self.fontMetrics().lineSpacing())
        policy = self.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.setSizePolicy(policy)
        self.setVisible(False)
        self.is_error = False

    def error(self, text: str) -> None:
        """Show a refusal, as the service worded it (with a capital first letter)."""
        self._show(text[:1].upper() + text[1:], css(colors().danger), is_error=True)

    def done(self, text: str) -> None:
        """Show what an action did."""
        self._show(text, css(colors().ok), is_error=False)

    def note(self, text: str) -> None:
        """Show a neutral remark (a preview)."""
        self._show(text, "palette(window-text)", is_error=False)

    def clear(self) -> None:
        """Show nothing."""
        self.setText("")
        self.setVisible(False)
        self.is_error = False

    def error_text(self) -> str:
        """The refusal shown, if any."""
        return self.text() if self.is_error and not self.isHidden() else ""

    def _show(self, text: str, color: str, *, is_error: bool) -> None:
        """Show a message in a colour."""
        self.setText(text)
        self.setStyleSheet(f"color: {color};")
        self.is_error = is_error
        self.setVisible(True)


def attempt(feedback: Feedback, action: Callable[[], Result]) -> Result | None:
    """Run a user action; a refusal is shown on the feedback line and gives None."""
    try:
        return action()
    except UserError as refusal:
        feedback.error(str(refusal))
        return None


class InstantField(QLineEdit):
    """An ISO 8601 time typed in local time ("2026-03-05 15:00"), read by `parse_instant`."""

    def __init__(
        self, clock: Clock, zone: tzinfo | None, *, what: str, date_only: bool = False
    ) -> None:
        super().__init__()
        self.clock, self.zone, self.what, self.date_only = clock, zone, what, date_only
        self.setPlaceholderText("YYYY-MM-DD" if date_only else "YYYY-MM-DD HH:MM")
        self.setToolTip(
            "Local time, ISO 8601: 2026-03-05 or 2026-03-05 14:30; add an offset such as"
            " +00:00 or Z for another zone."
        )
        self.reset()

    def reset(self) -> None:
        """Show the current local day (and time)."""
        local = to_local(self.clock(), self.zone)
        self.setText(f"{local:%Y-%m-%d}" if self.date_only else f"{local:%Y-%m-%d %H:%M}")

    def instant(self) -> datetime:
        """The typed time as aware UTC (raises UserError)."""
        return parse_instant(self.text(), zone=self.zone, what=self.what)


def button(text: str, slot: Callable[[], object]) -> QPushButton:
    """A push button that Enter in a field never presses by accident."""
    push = QPushButton(text)
    push.setAutoDefault(False)
    push.clicked.connect(slot)  # a bound method is held weakly: no cycle keeps the dialog
    return push


def muted(text: str = "") -> QLabel:
    """A quiet, wrapping explanation."""
    label = WrappedLabel(text)
    label.setStyleSheet(f"color: {css(colors().muted)};")
    return label


def add_row(form: QFormLayout, caption: str, field: QWidget | QLayout, buddy: QWidget) -> None:
    """A form row whose caption's mnemonic reaches `buddy` (a field inside a row layout)."""
    label = QLabel(caption)
    label.setBuddy(buddy)
    if isinstance(field, QWidget):  # addRow has one overload per kind of field
        form.addRow(label, field)
    else:
        form.addRow(label, field)


def contract_text(contract: ContractInfo) -> str:
    """A contract as offered in a choice: "Logo design — Acme Ltd (fixed price)"."""
    kind = "fixed price" if contract.kind == "fixed" else "hourly"
    return f"{contract.title} — {contract.client_name} ({kind})"


class RecordsTable(QTableView):
    """A read-only, row-selecting, sortable table over one of the money models."""

    def __init__(self, model: QAbstractItemModel, *, stretch: int = 0) -> None:
        super().__init__()
        self.proxy = RawSortProxy(self)
        self.proxy.setSourceModel(model)
        self.setModel(self.proxy)
        self.setSortingEnabled(True)
        self.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the service's order at first
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setShowGrid(False)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)

    def selected_id(self) -> int | None:
        """The record id of the selected row."""
        rows = self.selectionModel().selectedRows()
        value = rows[0].data(ID_ROLE) if rows else None
        return None if value is None else int(value)

    def select_id(self, record_id: int) -> None:
        """Select the row of a record, if shown."""
        for row in range(self.proxy.rowCount()):
            if self.proxy.index(row, 0).data(ID_ROLE) == record_id:
                self.selectRow(row)
                return


class MoneyDialog(QDialog):
    """A dialog of lists and actions that closes with one Close button; `changed` says if saved.

    Its writes go through `write`, on the window's writer thread: the dialog reads and
    checks its fields first, then hands the service call plain values.
    """

    def __init__(self, parent: QWidget | None, title: str, ctx: AppContext) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.ctx = ctx
        self.changed = False
        #: A write is on its way (it may wait for the database): another action waits too.
        self.saving = False
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(18, 16, 18, 14)
        self.body.setSpacing(12)
        self.feedback = Feedback()
        self.closer = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.closer.rejected.connect(self.reject)
        close = self.closer.button(QDialogButtonBox.StandardButton.Close)
        assert close is not None
        close.setAutoDefault(False)

    def write(self, op: Callable[[], Result]) -> Result | None:
        """Run `op` as one write off the GUI thread, the dialog staying live; its result.

        A refusal shows on the feedback line and gives None, as does an action asked for
        while another write of this dialog is still on its way. `op` touches no widget.
        """
        if self.saving:
            return None
        self.saving = True
        try:
            done = attempt(self.feedback, lambda: self.ctx.wait(op, initiator=self))
        finally:
            self.saving = False
        if done is not None:
            self.changed = True
        return done

    def finish_layout(self) -> None:
        """Put the feedback line and the Close button under the content.

        A refusal goes as soon as the user changes a field: it was about the old value.
        """
        self.body.addWidget(self.feedback)
        self.body.addWidget(self.closer)
        clear_on_edit(self, self._clear_refusal)

    def _clear_refusal(self) -> None:
        """Take a refusal away (a message saying what was done stays)."""
        if self.feedback.is_error:
            self.feedback.clear()
