"""The contracts tab: a sortable, filterable table and the actions on contracts and clients."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services.overview import ContractOverview, contract_overview
from app.services.records import ContractInfo
from app.services.settings import get_settings
from app.ui.banner import Level
from app.ui.context import AppContext
from app.ui.contracts_model import ContractColumn, ContractsModel, ContractsProxy
from app.ui.dialogs.client import ClientsDialog
from app.ui.dialogs.contract import ContractDialog
from app.ui.dialogs.end_contract import EndContractDialog
from app.ui.worker import describe_error

_OVERVIEW = "contract-overview"


class ContractsView(QWidget):
    """Every contract with its figures; add, edit and end contracts; manage clients."""

    message = Signal(str, object)
    #: A fresh overview arrived (tests wait for it).
    loaded = Signal()
    #: The timesheet or a new invoice of the selected contract (its id).
    timesheet_requested = Signal(object)
    invoice_requested = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.db, self.clock, self.zone, self.worker = ctx.db, ctx.clock, ctx.zone, ctx.worker
        #: Data changed while the tab was hidden: read again when it is shown.
        self._stale = False
        self.model = ContractsModel(self)
        self.proxy = ContractsProxy(self)
        self.proxy.setSourceModel(self.model)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter by contract, client, platform…")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(ContractColumn.STATUS, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(30)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ContractColumn.TITLE, QHeaderView.ResizeMode.Stretch)
        self.status = QLabel()
        self.status.setEnabled(False)
        buttons = QHBoxLayout()
        for text, tip, slot in (
            ("&New contract…", "Add a contract (Ctrl+Shift+N)", self.new_contract),
            ("&Edit…", "Edit the selected contract", self.edit_selected),
            (
                "End con&tract…",
                "End the selected contract and record the reviews",
                self.end_selected,
            ),
            ("C&lients…", "Clients, their notes and opening balances", self.show_clients),
            (
                "Time&sheet…",
                "The selected contract's timesheet for the week shown in the Week tab (Ctrl+T)",
                self.request_timesheet,
            ),
            ("&Invoice…", "Invoice the selected contract (Ctrl+I)", self.request_invoice),
        ):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            if slot == self.request_timesheet:
                buttons.addSpacing(16)  # documents apart from editing
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.status)
        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def data_changed(self, *, on_screen: bool) -> None:
        """Read the overview again now if the tab is open, else when it is next shown.

        A hidden table rebuilt after every Start and Stop would cost each click a full
        model reset (every cell measured for its column width) that nobody sees.
        """
        self._stale = True
        if on_screen:
            self.refresh()

    def shown(self) -> None:
        """The tab was opened: bring the overview up to date if anything changed."""
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        """Rebuild the overview off the GUI thread (it replays the ledger)."""
        self._stale = False
        self.status.setText("Updating…")
        db, now = self.db, self.clock()
        self.worker.submit(
            lambda: contract_overview(db, now=now), self._show, self._failed, key=_OVERVIEW
        )

    def busy(self) -> bool:
        """Whether a refresh is on its way."""
        return self.worker.pending(_OVERVIEW)

    def _show(self, rows: object) -> None:
        """Show the overview that arrived from the worker, keeping the selection."""
        assert isinstance(rows, list)
        keep = self.selected_contract()
        self.model.load([row for row in rows if isinstance(row, ContractOverview)])
        self.status.setText(f"{len(rows)} contracts" if len(rows) != 1 else "1 contract")
        if keep is not None:
            self.select_contract(keep.id)
        self.loaded.emit()

    def _failed(self, error: Exception) -> None:
        """Report a failed refresh."""
        self.status.setText("")
        self.message.emit(describe_error(error), Level.ERROR)

    def selected_contract(self) -> ContractInfo | None:
        """The contract of the selected row."""
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        found = self.model.row(self.proxy.mapToSource(rows[0]).row())
        return None if found is None else found.contract

    def select_contract(self, contract_id: int) -> None:
        """Select a contract's row, if shown."""
        for number in range(self.model.rowCount()):
            found = self.model.row(number)
            if found is not None and found.contract.id == contract_id:
                index = self.proxy.mapFromSource(self.model.index(number, 0))
                if index.isValid():
                    self.table.selectRow(index.row())
                return

    def new_contract(self) -> None:
        """Add a contract."""
        settings = get_settings(self.db)
        added = ContractDialog.ask(
            self,
            self.ctx,
            default_currency=settings.home_currency,
            default_rate=settings.default_rate,
        )
        if added is not None:
            self._changed(f"Added contract {added.title}.")

    def edit_selected(self, _index: QModelIndex | None = None) -> None:
        """Edit the selected contract."""
        contract = self._require_selection()
        if contract is not None and ContractDialog.ask(self, self.ctx, contract):
            self._changed(f"Saved {contract.title}.")

    def end_selected(self) -> None:
        """End the selected contract with its reviews."""
        contract = self._require_selection()
        if contract is None:
            return
        if contract.status == "ended":
            self.message.emit(f"{contract.title} has already ended.", Level.INFO)
            return
        if EndContractDialog.ask(self, self.ctx, contract):
            self._changed(f"Ended {contract.title}; the reviews are recorded.")

    def show_clients(self) -> None:
        """Manage clients."""
        ClientsDialog.ask(self, self.ctx)

    def request_timesheet(self) -> None:
        """Ask for the selected contract's timesheet."""
        contract = self._require_selection()
        if contract is not None:
            self.timesheet_requested.emit(contract.id)

    def request_invoice(self) -> None:
        """Ask for a new invoice of the selected contract."""
        contract = self._require_selection()
        if contract is not None:
            self.invoice_requested.emit(contract.id)

    def _require_selection(self) -> ContractInfo | None:
        """The selected contract, or a hint to select one."""
        contract = self.selected_contract()
        if contract is None:
            self.message.emit("Select a contract in the table first.", Level.INFO)
        return contract

    def _changed(self, text: str) -> None:
        """Say what a dialog saved; the table reads again when the context says what changed."""
        self.message.emit(text, Level.INFO)
