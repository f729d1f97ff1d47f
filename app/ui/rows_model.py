"""The base of Tallyhour's thin table models: plain rows, text per role, raw values to sort.

Subclasses name their columns (an IntEnum), the captions and the right-aligned columns,
and say how a row displays and sorts; the Qt plumbing lives here once.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from enum import IntEnum
from typing import Any, ClassVar, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from app.ui.roles import ID_ROLE, RAW_ROLE

Index = QModelIndex | QPersistentModelIndex
Row = TypeVar("Row")
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


def cents(amount: Decimal) -> int:
    """An amount as integer cents: exact, and sortable by Qt."""
    return int((amount * 100).to_integral_value(rounding=ROUND_HALF_UP))


class RowsModel(QAbstractTableModel, Generic[Row]):
    """Plain records, one column per member of `columns`; amounts right-aligned."""

    columns: ClassVar[type[IntEnum]]
    headers: ClassVar[dict[int, str]]
    right_aligned: ClassVar[frozenset[int]] = frozenset()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []

    def load(self, rows: list[Row]) -> None:
        """Show a new set of records."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row(self, number: int) -> Row | None:
        """The record shown in a row."""
        return self._rows[number] if 0 <= number < len(self._rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """One row per record."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """One column per member of `columns`."""
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column captions, aligned like their cells."""
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if section in self.right_aligned else LEFT
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Text for display, raw values for sorting, ids, alignment, colours and tooltips."""
        row = self.row(index.row()) if index.isValid() else None
        if row is None or not 0 <= index.column() < len(self.columns):
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row, column)
        if role == RAW_ROLE:
            return self.raw(row, column)
        if role == ID_ROLE:
            return self.record_id(row)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if column in self.right_aligned else LEFT
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(row, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.foreground(row, column)
        return None

    def display(self, row: Row, column: int) -> str:
        """The text of one cell."""
        raise NotImplementedError

    def raw(self, row: Row, column: int) -> Any:
        """The value a column sorts on: numbers stay numbers."""
        raise NotImplementedError

    def record_id(self, row: Row) -> int | None:
        """The id of the row's record (None if it has none)."""
        return None

    def tooltip(self, row: Row, column: int) -> str | None:
        """An explanation of a cell, if it needs one."""
        return None

    def foreground(self, row: Row, column: int) -> Any:
        """A text colour for a cell, or None for the default."""
        return None
