"""The weekly earnings dashboard page: filters, this week, money on its way, chart, tables.

The chart library (Qt Quick + Qt Graphs) is imported the first time the page is shown,
so building the main window stays fast; the numbers load off the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QTimer, Signal, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from app.core.clock import system_clock
from app.core.text import counted
from app.core.weeks import BillingWeek
from app.models.database import Database
from app.services.clients import list_clients
from app.services.contracts import list_contracts
from app.services.dashboard import Dashboard, Filters, dashboard
from app.services.records import ClientInfo, ContractInfo
from app.ui import formatting as fmt
from app.ui.banner import Level
from app.ui.dashboard.chart_data import chart_data
from app.ui.dashboard.filters import FilterBar
from app.ui.dashboard.panels import Card, OnItsWayPanel, ThisWeekPanel, YearPanel, mute
from app.ui.dashboard.tables import (
    ClientColumn,
    ClientsModel,
    ContractColumn,
    ContractEarningsModel,
    FittedTable,
)
from app.ui.dashboard.text import currency_note, date_range, hours
from app.ui.theme import scaled_font
from app.ui.worker import Worker, describe_error

if TYPE_CHECKING:
    from app.ui.dashboard.chart import EarningsChart


@dataclass(frozen=True)
class Loaded:
    """One refresh's worth of data, read off the GUI thread."""

    board: Dashboard
    clients: list[ClientInfo]
    contracts: list[ContractInfo]
    now: datetime


def load(db: Database, filters: Filters, now: datetime) -> Loaded:
    """Read the dashboard and the filter choices (runs on a worker thread)."""
    board = dashboard(db, filters, now=now)
    return Loaded(board, list_clients(db), list_contracts(db, now=now), now)


class DashboardView(QWidget):
    """Where the money is: take-home per week, this week, what is on its way, per contract."""

    #: Fresh numbers are on screen (tests wait for it).
    refreshed = Signal()
    #: A message for the window's banner: text and a `Level`.
    message = Signal(str, object)

    def __init__(
        self,
        db: Database,
        clock: Callable[[], datetime] = system_clock,
        parent: QWidget | None = None,
        *,
        worker: Worker | None = None,
    ) -> None:
        super().__init__(parent)
        self.db, self.clock = db, clock
        self._own_worker = worker is None
        self.worker = worker if worker is not None else Worker(self)
        self._key = f"dashboard-{id(self)}"
        self.loaded: Loaded | None = None
        self.chart: EarningsChart | None = None
        self.filter_bar = FilterBar(clock())
        self.filter_bar.changed.connect(self.refresh)
        self.heading = QLabel()
        self.heading.setFont(scaled_font(self, 1.3, bold=True))
        self.currency_label = QLabel()
        self.status = QLabel()
        self.this_week = ThisWeekPanel()
        self.on_its_way = OnItsWayPanel()
        self.year = YearPanel()
        self.chart_card = Card("Weekly earnings")
        self.chart_slot = QLabel("The chart appears when the dashboard is shown.")
        self.chart_slot.setMinimumHeight(300)
        self.chart_card.body.addWidget(self.chart_slot, 1)
        self.contracts_model = ContractEarningsModel(self)
        self.clients_model = ClientsModel(self)
        self.contracts_table = FittedTable(self.contracts_model, stretch=ContractColumn.CONTRACT)
        self.clients_table = FittedTable(self.clients_model, stretch=ClientColumn.CLIENT)
        mute(self.status, self.palette())
        self._layout()

    def _layout(self) -> None:
        """Filters on top; below them the cards, the chart and the tables scroll."""
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addStretch(1)
        top.addWidget(self.status)
        top.addSpacing(12)
        top.addWidget(self.currency_label)
        cards = QHBoxLayout()
        cards.setSpacing(12)
        cards.addWidget(self.this_week, 4)
        cards.addWidget(self.on_its_way, 5)
        cards.addWidget(self.year, 3)
        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(12, 4, 12, 12)
        column.setSpacing(12)
        column.addLayout(cards)
        column.addWidget(self.chart_card, 1)
        for title, table in (
            ("By contract", self.contracts_table),
            ("By client", self.clients_table),
        ):
            card = Card(title)
            card.subtitle.setText("Over the weeks shown; click a heading to sort")
            card.body.addWidget(table)
            column.addWidget(card)
        self.page_scroll = scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 12, 0, 0)
        layout.setSpacing(8)
        header = QVBoxLayout()
        header.setContentsMargins(12, 0, 12, 0)
        header.addWidget(self.filter_bar)
        header.addLayout(top)
        layout.addLayout(header)
        layout.addWidget(scroll, 1)

    # -- loading ---------------------------------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        """Read the numbers again off the GUI thread; `refreshed` fires when they are shown."""
        now = self.clock()
        self.filter_bar.set_now(now)
        filters = self.filter_bar.filters()
        db = self.db
        self.status.setText("Updating…")
        self.worker.submit(
            lambda: load(db, filters, now), self._loaded, self._failed, key=self._key
        )

    def busy(self) -> bool:
        """Whether a refresh is on its way."""
        return self.worker.pending(self._key)

    @property
    def board(self) -> Dashboard | None:
        """The dashboard on screen."""
        return None if self.loaded is None else self.loaded.board

    def _loaded(self, result: object) -> None:
        """Show what the worker read."""
        assert isinstance(result, Loaded)
        self.loaded = result
        self.filter_bar.set_choices(result.clients, result.contracts)
        self.filter_bar.set_currencies(result.board.currencies, result.board.currency)
        self._render()
        self.status.setText("")
        self.refreshed.emit()

    def _failed(self, error: Exception) -> None:
        """Report a failed refresh to the window."""
        self.status.setText("Could not update")
        self.message.emit(describe_error(error), Level.ERROR)

    def _render(self) -> None:
        """Put the loaded numbers on screen."""
        if self.loaded is None:
            return
        board, now = self.loaded.board, self.loaded.now
        first, last = board.weeks[0].week, board.weeks[-1].week
        self.heading.setText(f"Earnings · {date_range(first, last)}")
        self.heading.setToolTip(
            f"Billing weeks {first.label} to {last.label} (Monday to Sunday, UTC)"
        )
        self.currency_label.setText(currency_note(board.currency, board.currencies))
        self.this_week.show_board(board, now)
        self.on_its_way.show_board(board)
        self.year.show_board(board, now)
        total = board.shown_total()
        self.chart_card.subtitle.setText(
            f"Take-home {fmt.money(total.take_home, board.currency)}"
            f" of {fmt.money(total.gross, board.currency)} gross"
            f" · {hours(total.tracked_seconds)} over {counted(len(board.weeks), 'week')}"
        )
        self.contracts_model.load(board.contracts, board.currency, board.tax_rate)
        self.clients_model.load(board.clients, board.currency, board.tax_rate)
        if self.chart is not None:
            self.chart.show_data(chart_data(board, BillingWeek.of(now)))

    # -- the chart, loaded on first show ---------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        """Load the chart library the first time the dashboard is opened."""
        super().showEvent(event)
        self.ensure_chart()

    def ensure_chart(self) -> EarningsChart | None:
        """Create the chart (importing Qt Graphs) unless it exists; None if it cannot load."""
        if self.chart is not None:
            return self.chart
        try:
            from app.ui.dashboard.chart import ChartError, EarningsChart
        except ImportError as error:  # PySide6-Addons missing: the numbers still show
            self.chart_slot.setText(f"The chart needs Qt Graphs (PySide6-Addons): {error}")
            return None
        try:
            self.chart = EarningsChart()
        except ChartError as error:
            self.chart_slot.setText(str(error))
            return None
        self.chart_card.body.replaceWidget(self.chart_slot, self.chart)
        self.chart_slot.deleteLater()
        self.chart.setMinimumHeight(300)
        for bar in (self.page_scroll.verticalScrollBar(), self.page_scroll.horizontalScrollBar()):
            bar.valueChanged.connect(self.chart.clear_hover)  # the bars moved under the pointer
        if self.loaded is not None:
            self.chart.show_data(chart_data(self.loaded.board, BillingWeek.of(self.loaded.now)))
        return self.chart

    def changeEvent(self, event: QEvent) -> None:
        """Redraw the coloured figures when the palette switches between light and dark."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            mute(self.status, self.palette())
            # After the children have their new palettes too (they hear of it after us).
            QTimer.singleShot(0, self._render)

    def shutdown(self) -> None:
        """Finish background work of a view that owns its worker (before the database closes)."""
        if self._own_worker:
            self.worker.close()
