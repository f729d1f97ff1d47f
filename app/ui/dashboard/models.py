"""Thin table models over the dashboard's plain rows: text per role, raw values for sorting.

`LineModel` is the base of every dashboard table; the money-on-its-way model lives here,
the per-contract and per-client ones in `tables`.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from enum import IntEnum
from typing import Any, ClassVar, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from app.services.dashboard import Money, Payout
from app.ui import formatting as fmt
from app.ui.dashboard.text import hours_detail
from app.ui.roles import ID_ROLE, RAW_ROLE

Index = QModelIndex | QPersistentModelIndex
Row = TypeVar("Row")
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


def cents(amount: Decimal) -> int:
    """An amount as integer cents: exact, and sortable by Qt."""
    return int((amount * 100).to_integral_value(rounding=ROUND_HALF_UP))


class MoneyColumn(IntEnum):
    """The money columns shared by the contract and client tables (offsets after the names)."""

    HOURS = 0
    GROSS = 1
    FEE = 2
    NET = 3
    TAKE_HOME = 4


class LineModel(QAbstractTableModel, Generic[Row]):
    """Rows of one kind, one column per member of `columns`; money right-aligned."""

    columns: ClassVar[type[IntEnum]]
    headers: ClassVar[dict[int, str]]
    right_aligned: ClassVar[frozenset[int]]

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []
        self.currency = "USD"
        self.tax_rate = Decimal(0)

    def load(self, rows: list[Row], currency: str, tax_rate: Decimal = Decimal(0)) -> None:
        """Show a new set of rows, in one currency."""
        self.beginResetModel()
        self._rows = list(rows)
        self.currency, self.tax_rate = currency, tax_rate
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
            return _RIGHT if section in self.right_aligned else _LEFT
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
            return _RIGHT if column in self.right_aligned else _LEFT
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
        """The id of the row's record."""
        return None

    def tooltip(self, row: Row, column: int) -> str | None:
        """An explanation of a cell, if it needs one."""
        return None

    def foreground(self, row: Row, column: int) -> Any:
        """A text colour for a cell, or None for the default."""
        return None

    # -- the money columns that contracts and clients share ---------------------------------

    def money_text(self, money: Money, column: MoneyColumn) -> str:
        """Hours, gross, fee, net or take-home as text."""
        if column is MoneyColumn.HOURS:
            return fmt.duration(money.tracked_seconds)
        return fmt.money(_amount(money, column), self.currency)

    @staticmethod
    def money_raw(money: Money, column: MoneyColumn) -> int:
        """Seconds or cents, for sorting."""
        if column is MoneyColumn.HOURS:
            return money.tracked_seconds
        return cents(_amount(money, column))

    def money_tooltip(self, money: Money, column: MoneyColumn) -> str | None:
        """What the hours and the derived amounts mean."""
        if column is MoneyColumn.HOURS:
            return hours_detail(money)
        if column is MoneyColumn.NET:
            return "Gross less the marketplace fee"
        if column is MoneyColumn.TAKE_HOME:
            return f"Net less the tax set aside ({fmt.percent(self.tax_rate)})"
        return None


def _amount(money: Money, column: MoneyColumn) -> Decimal:
    """The amount a money column shows."""
    return {
        MoneyColumn.GROSS: money.gross,
        MoneyColumn.FEE: money.fee,
        MoneyColumn.NET: money.net,
        MoneyColumn.TAKE_HOME: money.take_home,
    }[column]


MONEY_HEADERS = ("Hours", "Gross", "Fee", "Net", "Take-home")
#: Sorts rows without a value (no hours, no lower tier) after every real one.
LAST = 10**15


class PayoutColumn(IntEnum):
    """The columns of the money-on-its-way table."""

    WHAT = 0
    AMOUNT = 1
    AVAILABLE = 2


class PayoutsModel(LineModel[Payout]):
    """Money earned but not yet available, and the day each amount lands."""

    columns = PayoutColumn
    headers: ClassVar[dict[int, str]] = {0: "Payment", 1: "After fee", 2: "Available"}
    right_aligned = frozenset({PayoutColumn.AMOUNT, PayoutColumn.AVAILABLE})

    def display(self, row: Payout, column: int) -> str:
        """The text of one cell."""
        if column == PayoutColumn.WHAT:
            return row.label
        if column == PayoutColumn.AMOUNT:
            return fmt.money(row.net, self.currency)
        return fmt.short_day(row.available_on)

    def raw(self, row: Payout, column: int) -> Any:
        """Labels without case, cents, and days as ordinals."""
        if column == PayoutColumn.WHAT:
            return row.label.casefold()
        if column == PayoutColumn.AMOUNT:
            return cents(row.net)
        return row.available_on.toordinal()

    def tooltip(self, row: Payout, column: int) -> str | None:
        """The whole label, and the full date a payment becomes available."""
        if column == PayoutColumn.WHAT:
            return row.label
        if column == PayoutColumn.AVAILABLE:
            return f"Available to withdraw from {fmt.local_day(row.available_on)}"
        return None
