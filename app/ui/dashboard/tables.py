"""The per-contract and per-client tables: their models, and a view sorted on raw values."""

from __future__ import annotations

from enum import IntEnum
from typing import Any, ClassVar

from PySide6.QtCore import QAbstractItemModel, QSize, Qt
from PySide6.QtWidgets import QAbstractItemView, QFrame, QHeaderView, QTableView, QWidget

from app.services.dashboard import ClientLine, ContractLine
from app.ui import formatting as fmt
from app.ui.dashboard.models import LAST, MONEY_HEADERS, LineModel, MoneyColumn
from app.ui.dashboard.text import next_tier_sentence, per_hour
from app.ui.roles import RawSortProxy
from app.ui.rows_model import cents
from app.ui.theme import colors

#: Row height of the dashboard's tables, in pixels (the other tabs use the same).
ROW_HEIGHT = 28


class FittedTable(QTableView):
    """A sortable table that asks for the height of its rows (up to `max_rows`), no more."""

    def __init__(
        self,
        model: QAbstractItemModel,
        *,
        stretch: int = 0,
        max_rows: int = 12,
        min_rows: int = 2,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.max_rows, self.min_rows = max_rows, min_rows
        self.proxy = RawSortProxy(self)
        self.proxy.setSourceModel(model)
        self.setModel(self.proxy)
        self.setSortingEnabled(True)
        self.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # keep the service's order at first
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setShowGrid(False)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        model.modelReset.connect(self.updateGeometry)

    def _fitted_height(self) -> int:
        """The header plus the rows shown (between min_rows and max_rows)."""
        rows = min(max(self.proxy.rowCount(), self.min_rows), self.max_rows)
        scroll = self.horizontalScrollBar()
        extra = scroll.sizeHint().height() if scroll.isVisible() else 0
        frame = 2 * self.frameWidth()
        return self.horizontalHeader().sizeHint().height() + rows * ROW_HEIGHT + frame + extra

    def sizeHint(self) -> QSize:
        """Wide as the layout allows, tall as the rows."""
        return QSize(super().sizeHint().width(), self._fitted_height())

    def minimumSizeHint(self) -> QSize:
        """Never shorter than the rows it shows."""
        return QSize(super().minimumSizeHint().width(), self._fitted_height())


class ContractColumn(IntEnum):
    """The columns of the per-contract table."""

    CONTRACT = 0
    CLIENT = 1
    PLATFORM = 2
    HOURS = 3
    GROSS = 4
    FEE = 5
    NET = 6
    TAKE_HOME = 7
    NET_PER_HOUR = 8
    PER_HOUR = 9


class ContractEarningsModel(LineModel[ContractLine]):
    """Each contract's hours and money over the shown weeks."""

    columns = ContractColumn
    headers: ClassVar[dict[int, str]] = dict(
        enumerate(("Contract", "Client", "Platform", *MONEY_HEADERS, "Net per hour", "Per hour"))
    )
    right_aligned = frozenset(range(ContractColumn.HOURS, len(ContractColumn)))

    def display(self, row: ContractLine, column: int) -> str:
        """The text of one cell."""
        if column == ContractColumn.CONTRACT:
            return row.title
        if column == ContractColumn.CLIENT:
            return row.client
        if column == ContractColumn.PLATFORM:
            return fmt.platform_name(row.platform)
        if column == ContractColumn.PER_HOUR:
            return per_hour(row.money.effective_hourly, self.currency)
        if column == ContractColumn.NET_PER_HOUR:
            return per_hour(row.money.net_hourly, self.currency)
        return self.money_text(row.money, MoneyColumn(column - ContractColumn.HOURS))

    def raw(self, row: ContractLine, column: int) -> Any:
        """Names sort without case; hours and money as numbers."""
        if column == ContractColumn.CONTRACT:
            return row.title.casefold()
        if column == ContractColumn.CLIENT:
            return row.client.casefold()
        if column == ContractColumn.PLATFORM:
            return fmt.platform_name(row.platform).casefold()
        if column in (ContractColumn.PER_HOUR, ContractColumn.NET_PER_HOUR):
            hourly = (
                row.money.effective_hourly
                if column == ContractColumn.PER_HOUR
                else row.money.net_hourly
            )
            return LAST if hourly is None else cents(hourly)
        return self.money_raw(row.money, MoneyColumn(column - ContractColumn.HOURS))

    def record_id(self, row: ContractLine) -> int:
        """The contract's id."""
        return row.contract_id

    def tooltip(self, row: ContractLine, column: int) -> str | None:
        """What the derived columns mean."""
        if column == ContractColumn.PER_HOUR:
            if row.money.effective_hourly is None:
                return "No hours tracked on this contract in these weeks"
            return "Take-home per hour tracked: after the marketplace fee and the tax set aside"
        if column == ContractColumn.NET_PER_HOUR:
            if row.money.net_hourly is None:
                return "No hours tracked on this contract in these weeks"
            return (
                "Effective hourly rate: net (after the marketplace fee) per hour tracked;"
                " for a fixed price, the released milestones over the hours spent on them"
            )
        if column >= ContractColumn.HOURS:
            return self.money_tooltip(row.money, MoneyColumn(column - ContractColumn.HOURS))
        return None


class ClientColumn(IntEnum):
    """The columns of the per-client table."""

    CLIENT = 0
    HOURS = 1
    GROSS = 2
    FEE = 3
    NET = 4
    TAKE_HOME = 5
    LIFETIME = 6
    NEXT_TIER = 7


class ClientsModel(LineModel[ClientLine]):
    """Each client's money over the shown weeks, lifetime billings and the next fee tier."""

    columns = ClientColumn
    headers: ClassVar[dict[int, str]] = dict(
        enumerate(("Client", *MONEY_HEADERS, "Lifetime billings", "Next fee tier"))
    )
    right_aligned = frozenset(range(ClientColumn.HOURS, ClientColumn.NEXT_TIER))

    def display(self, row: ClientLine, column: int) -> str:
        """The text of one cell."""
        if column == ClientColumn.CLIENT:
            return row.name
        if column == ClientColumn.LIFETIME:
            return fmt.money(row.lifetime, self.currency)
        if column == ClientColumn.NEXT_TIER:
            return next_tier_sentence(row, self.currency)
        return self.money_text(row.money, MoneyColumn(column - ClientColumn.HOURS))

    def raw(self, row: ClientLine, column: int) -> Any:
        """Names sort without case; money as cents; the nearest lower tier first."""
        if column == ClientColumn.CLIENT:
            return row.name.casefold()
        if column == ClientColumn.LIFETIME:
            return cents(row.lifetime)
        if column == ClientColumn.NEXT_TIER:
            return LAST if row.next_tier is None else cents(row.next_tier[0])
        return self.money_raw(row.money, MoneyColumn(column - ClientColumn.HOURS))

    def record_id(self, row: ClientLine) -> int:
        """The client's id."""
        return row.client_id

    def tooltip(self, row: ClientLine, column: int) -> str | None:
        """How lifetime billings and fee tiers work."""
        if column == ClientColumn.LIFETIME:
            return "Everything billed to this client so far (all contracts): the fee tiers count it"
        if column == ClientColumn.NEXT_TIER and row.next_tier is not None:
            return f"Bill {next_tier_sentence(row, self.currency)} on the part above it"
        if column == ClientColumn.NEXT_TIER:
            return "This client's fee is already at its lowest rate (or is a flat fee)"
        if ClientColumn.HOURS <= column <= ClientColumn.TAKE_HOME:
            return self.money_tooltip(row.money, MoneyColumn(column - ClientColumn.HOURS))
        return None

    def foreground(self, row: ClientLine, column: int) -> Any:
        """A quiet "no lower fee tier"."""
        if column == ClientColumn.NEXT_TIER and row.next_tier is None:
            return colors().muted
        return None
