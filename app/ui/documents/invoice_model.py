"""The table model of invoices: one row per invoice, raw values for sorting, status colours."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP
from enum import IntEnum
from typing import Any

from babel.dates import format_date
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from app.services.invoices import InvoiceInfo
from app.ui import formatting as fmt
from app.ui.roles import ID_ROLE, RAW_ROLE
from app.ui.theme import colors

Index = QModelIndex | QPersistentModelIndex
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class InvoiceColumn(IntEnum):
    """The columns of the invoices table."""

    NUMBER = 0
    CONTRACT = 1
    CLIENT = 2
    ISSUED = 3
    DUE = 4
    TOTAL = 5
    STATUS = 6


HEADERS = {
    InvoiceColumn.NUMBER: "Number",
    InvoiceColumn.CONTRACT: "Contract",
    InvoiceColumn.CLIENT: "Client",
    InvoiceColumn.ISSUED: "Issued",
    InvoiceColumn.DUE: "Due",
    InvoiceColumn.TOTAL: "Total",
    InvoiceColumn.STATUS: "Status",
}


def short_date(day: date | None) -> str:
    """A date in a table cell, "19 Mar 2026"; empty for none."""
    return "" if day is None else str(format_date(day, "d MMM y", locale=fmt.locale()))


def status_text(info: InvoiceInfo, today: date) -> str:
    """The status as shown: drafts, issued (or overdue), paid with its date, void."""
    if info.status == "paid":
        return f"Paid {short_date(info.paid_on)}".strip()
    if info.status == "issued" and info.due_date is not None and info.due_date < today:
        return "Overdue"
    return info.status.capitalize()


class InvoicesModel(QAbstractTableModel):
    """Invoices as the service lists them (numbered in order, then drafts)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[InvoiceInfo] = []
        self.today = date.today()

    def load(self, rows: list[InvoiceInfo], today: date) -> None:
        """Show a new set of invoices (overdue is judged against `today`)."""
        self.beginResetModel()
        self._rows, self.today = list(rows), today
        self.endResetModel()

    def row(self, number: int) -> InvoiceInfo | None:
        """The invoice shown in a row."""
        return self._rows[number] if 0 <= number < len(self._rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """One row per invoice."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """One column per `InvoiceColumn`."""
        return 0 if parent.isValid() else len(InvoiceColumn)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column captions (the total aligned right)."""
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(InvoiceColumn):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[InvoiceColumn(section)]
        if role == Qt.ItemDataRole.TextAlignmentRole and section == InvoiceColumn.TOTAL:
            return _RIGHT
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Formatted text, raw sort values, the id, alignment and status colours."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        info, column = self._rows[index.row()], InvoiceColumn(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(info, column)
        if role == RAW_ROLE:
            return self._raw(info, column)
        if role == ID_ROLE:
            return info.id
        if role == Qt.ItemDataRole.TextAlignmentRole and column is InvoiceColumn.TOTAL:
            return _RIGHT
        if role == Qt.ItemDataRole.ForegroundRole and column is InvoiceColumn.STATUS:
            return self._tint(info)
        if role == Qt.ItemDataRole.ToolTipRole and column is InvoiceColumn.NUMBER:
            return info.period or None
        return None

    def _display(self, info: InvoiceInfo, column: InvoiceColumn) -> str:
        """The text of one cell."""
        if column is InvoiceColumn.NUMBER:
            return info.number or f"Draft #{info.id}"
        if column is InvoiceColumn.CONTRACT:
            return info.contract_title
        if column is InvoiceColumn.CLIENT:
            return info.client_name
        if column is InvoiceColumn.ISSUED:
            return short_date(info.issue_date)
        if column is InvoiceColumn.DUE:
            return short_date(info.due_date)
        if column is InvoiceColumn.TOTAL:
            return fmt.money(info.total, info.currency)
        return status_text(info, self.today)

    def _raw(self, info: InvoiceInfo, column: InvoiceColumn) -> Any:
        """The value a column sorts on: numbers and dates stay numbers."""
        if column is InvoiceColumn.NUMBER:
            return info.number or f"~{info.id:012d}"  # drafts after the numbered
        if column is InvoiceColumn.ISSUED:
            return 0 if info.issue_date is None else info.issue_date.toordinal()
        if column is InvoiceColumn.DUE:
            return 0 if info.due_date is None else info.due_date.toordinal()
        if column is InvoiceColumn.TOTAL:
            return int((info.total * 100).to_integral_value(rounding=ROUND_HALF_UP))
        return self._display(info, column).casefold()

    def _tint(self, info: InvoiceInfo) -> Any:
        """Paid in green, overdue in red, void and drafts muted."""
        palette = colors()
        text = status_text(info, self.today)
        if text == "Overdue":
            return palette.danger
        if info.status == "paid":
            return palette.ok
        if info.status in ("void", "draft"):
            return palette.muted
        return None


class InvoicesProxy(QSortFilterProxyModel):
    """Sorts on raw values; shows one status (or all)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(RAW_ROLE)
        self.status: str | None = None

    def show_status(self, status: str | None) -> None:
        """Show only invoices of a status (None: all)."""
        self.beginFilterChange()
        self.status = status
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        """Whether the invoice has the chosen status."""
        model = self.sourceModel()
        if self.status is None or not isinstance(model, InvoicesModel):
            return True
        info = model.row(source_row)
        return info is not None and info.status == self.status
