"""The table model of contracts: one row per contract, raw values for sorting."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from app.services.overview import ContractOverview
from app.ui import formatting as fmt
from app.ui.roles import ID_ROLE, RAW_ROLE
from app.ui.theme import colors
from app.ui.timer_hours import NEAR_LIMIT

Index = QModelIndex | QPersistentModelIndex


class ContractColumn(IntEnum):
    """The columns of the contracts table."""

    TITLE = 0
    CLIENT = 1
    RATE = 2
    PLATFORM = 3
    SCHEDULE = 4
    STATUS = 5
    WEEK = 6
    LIFETIME = 7
    NEXT_TIER = 8
    NET_PER_HOUR = 9


HEADERS = {
    ContractColumn.TITLE: "Contract",
    ContractColumn.CLIENT: "Client",
    ContractColumn.RATE: "Rate",
    ContractColumn.PLATFORM: "Platform",
    ContractColumn.SCHEDULE: "Fee schedule",
    ContractColumn.STATUS: "Status",
    ContractColumn.WEEK: "This week",
    ContractColumn.LIFETIME: "Billed with client",
    ContractColumn.NEXT_TIER: "Next fee tier",
    ContractColumn.NET_PER_HOUR: "Net per hour",
}
RIGHT_ALIGNED = {
    ContractColumn.RATE,
    ContractColumn.WEEK,
    ContractColumn.LIFETIME,
    ContractColumn.NEXT_TIER,
    ContractColumn.NET_PER_HOUR,
}
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class ContractsModel(QAbstractTableModel):
    """Contracts with this week's hours, lifetime billings and the distance to the next tier."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ContractOverview] = []

    def load(self, rows: list[ContractOverview]) -> None:
        """Show a new set of rows."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row(self, number: int) -> ContractOverview | None:
        """The record shown in a row."""
        return self._rows[number] if 0 <= number < len(self._rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """One row per contract."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """One column per `ContractColumn`."""
        return 0 if parent.isValid() else len(ContractColumn)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column captions (money columns aligned right)."""
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(ContractColumn):
            return None
        column = ContractColumn(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column in RIGHT_ALIGNED:
            return _RIGHT
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Formatted text for display, raw values for sorting, alignment and colours."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = ContractColumn(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return display(row, column)
        if role == RAW_ROLE:
            return raw(row, column)
        if role == ID_ROLE:
            return row.contract.id
        if role == Qt.ItemDataRole.TextAlignmentRole and column in RIGHT_ALIGNED:
            return _RIGHT
        if role == Qt.ItemDataRole.ForegroundRole:
            return foreground(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(row, column)
        return None


def display(row: ContractOverview, column: ContractColumn) -> str:
    """The text of one cell."""
    contract = row.contract
    if column is ContractColumn.TITLE:
        return contract.title
    if column is ContractColumn.CLIENT:
        return contract.client_name
    if column is ContractColumn.RATE:
        if contract.kind != "hourly":
            return "fixed price"
        return f"{fmt.money(contract.rate, contract.currency)}/h"
    if column is ContractColumn.PLATFORM:
        return fmt.platform_name(contract.platform)
    if column is ContractColumn.SCHEDULE:
        return fmt.schedule_name(contract.fee_schedule)
    if column is ContractColumn.STATUS:
        return contract.status.capitalize()
    if column is ContractColumn.WEEK:
        text = fmt.duration(row.week_seconds)
        limit = contract.weekly_limit_seconds
        return f"{text} / {fmt.duration(limit)}" if limit else text
    if column is ContractColumn.LIFETIME:
        return fmt.money(row.lifetime, contract.currency)
    if column is ContractColumn.NET_PER_HOUR:
        hourly = row.effective_hourly
        return "—" if hourly is None else f"{fmt.money(hourly, contract.currency)}/h"
    if row.next_tier_in is None or row.next_tier_rate is None:
        return "—"
    return f"{fmt.money(row.next_tier_in, contract.currency)} → {fmt.percent(row.next_tier_rate)}"


def foreground(row: ContractOverview, column: ContractColumn) -> Any:
    """Muted for contracts not active; this week's hours warn near and at the limit."""
    palette = colors()
    if row.contract.status != "active":
        return palette.muted
    limit = row.contract.weekly_limit_seconds
    if column is ContractColumn.WEEK and limit:
        if row.week_seconds >= limit:
            return palette.danger
        if row.week_seconds >= NEAR_LIMIT * limit:
            return palette.warning
    return None


def raw(row: ContractOverview, column: ContractColumn) -> Any:
    """The value a column sorts on: numbers stay numbers."""
    contract = row.contract
    return {
        ContractColumn.TITLE: contract.title.casefold(),
        ContractColumn.CLIENT: contract.client_name.casefold(),
        ContractColumn.RATE: _cents(contract.rate) if contract.kind == "hourly" else -1,
        ContractColumn.PLATFORM: contract.platform,
        ContractColumn.SCHEDULE: contract.fee_schedule,
        ContractColumn.STATUS: {"active": 0, "paused": 1, "ended": 2}.get(contract.status, 3),
        ContractColumn.WEEK: row.week_seconds,
        ContractColumn.LIFETIME: _cents(row.lifetime),
        ContractColumn.NEXT_TIER: _NO_TIER
        if row.next_tier_in is None
        else _cents(row.next_tier_in),
        ContractColumn.NET_PER_HOUR: _NO_TIER
        if row.effective_hourly is None
        else _cents(row.effective_hourly),
    }[column]


#: Sorts contracts without a next tier after every distance.
_NO_TIER = 10**15


def _cents(amount: Decimal) -> int:
    """An amount as integer cents: exact and sortable by Qt."""
    return int((amount * 100).to_integral_value(rounding=ROUND_HALF_UP))


def tooltip(row: ContractOverview, column: ContractColumn) -> str | None:
    """Explanations of the fee columns."""
    if column is ContractColumn.LIFETIME:
        return (
            "Lifetime billings that the fee tiers count (opening balance plus every billing,"
            " this week's hours included)."
        )
    if column is ContractColumn.NEXT_TIER and row.next_tier_in is not None:
        return (
            f"Bill {fmt.money(row.next_tier_in, row.contract.currency)} more and the fee drops"
            f" to {fmt.percent(row.next_tier_rate or Decimal(0))}."
        )
    if column is ContractColumn.WEEK and row.contract.weekly_limit_seconds:
        return "Tracked this billing week / weekly limit"
    if column is ContractColumn.NET_PER_HOUR:
        return (
            "Effective hourly rate: everything this contract paid after the marketplace fee,"
            " per hour tracked on it (a fixed price: its released milestones)"
        )
    return None


class ContractsProxy(QSortFilterProxyModel):
    """Sorts on raw values and filters on every column's text, ignoring case."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(RAW_ROLE)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)
