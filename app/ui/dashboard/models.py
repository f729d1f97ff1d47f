"""Thin table models over the dashboard's plain rows: text per role, raw values for sorting.

`LineModel` is the base of every dashboard table; the money-on-its-way model lives here,
the per-contract and per-client ones in `tables`.
"""

from __future__ import annotations

from decimal import Decimal
from enum import IntEnum
from typing import Any, ClassVar

from PySide6.QtCore import QObject

from app.services.dashboard import Earnings, Payout
from app.ui import formatting as fmt
from app.ui.dashboard.text import hours_detail
from app.ui.rows_model import Row, RowsModel, cents


class MoneyColumn(IntEnum):
    """The money columns shared by the contract and client tables (offsets after the names)."""

    HOURS = 0
    GROSS = 1
    FEE = 2
    NET = 3
    TAKE_HOME = 4


class LineModel(RowsModel[Row]):
    """Rows of one kind in one currency; money right-aligned."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.currency = "USD"
        self.tax_rate = Decimal(0)

    def load(self, rows: list[Row], currency: str = "USD", tax_rate: Decimal = Decimal(0)) -> None:
        """Show a new set of rows, in one currency."""
        self.currency, self.tax_rate = currency, tax_rate
        super().load(rows)

    # -- the money columns that contracts and clients share ---------------------------------

    def money_text(self, money: Earnings, column: MoneyColumn) -> str:
        """Hours, gross, fee, net or take-home as text."""
        if column is MoneyColumn.HOURS:
            return fmt.duration(money.tracked_seconds)
        return fmt.money(_amount(money, column), self.currency)

    @staticmethod
    def money_raw(money: Earnings, column: MoneyColumn) -> int:
        """Seconds or cents, for sorting."""
        if column is MoneyColumn.HOURS:
            return money.tracked_seconds
        return cents(_amount(money, column))

    def money_tooltip(self, money: Earnings, column: MoneyColumn) -> str | None:
        """What the hours and the derived amounts mean."""
        if column is MoneyColumn.HOURS:
            return hours_detail(money)
        if column is MoneyColumn.NET:
            return "Gross less the marketplace fee"
        if column is MoneyColumn.TAKE_HOME:
            return f"Net less the tax set aside ({fmt.percent(self.tax_rate)})"
        return None


def _amount(money: Earnings, column: MoneyColumn) -> Decimal:
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
