"""Money → Reconcile with statement…: the Upwork statement against tracked time, per week.

Weeks are rows; a week whose figures differ is tinted and its differing cells coloured.
Double-clicking a week opens it in the week view. A fee drift can be fixed from here.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import IntEnum
from typing import Any, ClassVar

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.fees import percent_text
from app.core.instants import hours_text
from app.core.text import counted
from app.core.weeks import BillingWeek
from app.services.reconcile import (
    FeeDrift,
    ReconcileRow,
    Reconciliation,
    adopt_charged_fee_rate,
    reconcile,
)
from app.ui import formatting as fmt
from app.ui.context import AppContext
from app.ui.roles import RAW_ROLE
from app.ui.rows_model import RowsModel, cents
from app.ui.theme import colors, css
from app.ui.worker import error_sentence

#: What each status means to the freelancer.
STATUS_TIPS = {
    "match": "The statement billed what you tracked, and charged the fee the schedule expects.",
    "short-paid": "The statement billed less than your tracked time earns.",
    "over-limit": "You tracked more than the weekly limit: the time over it was not billed.",
    "unbilled": "You tracked time the statement has not billed.",
    "untracked": "The statement billed more than you tracked.",
    "fee-differs": "The fee charged differs from the contract's fee schedule.",
    "refunded": "Money was refunded to the client this week.",
}


class Column(IntEnum):
    """The columns of the reconcile table."""

    CONTRACT = 0
    WEEK = 1
    TRACKED = 2
    BILLED_HOURS = 3
    EXPECTED = 4
    BILLED = 5
    EXPECTED_FEE = 6
    FEE = 7
    STATUS = 8


class ReconcileModel(RowsModel[ReconcileRow]):
    """Reconciled weeks; differing figures coloured, non-matching weeks tinted."""

    columns: ClassVar[type[IntEnum]] = Column
    headers: ClassVar[dict[int, str]] = {
        Column.CONTRACT: "Contract",
        Column.WEEK: "Week",
        Column.TRACKED: "Tracked h",
        Column.BILLED_HOURS: "Billed h",
        Column.EXPECTED: "Expected",
        Column.BILLED: "Billed",
        Column.EXPECTED_FEE: "Fee expected",
        Column.FEE: "Fee charged",
        Column.STATUS: "Status",
    }
    right_aligned: ClassVar[frozenset[int]] = frozenset(range(Column.TRACKED, Column.STATUS))

    def display(self, row: ReconcileRow, column: int) -> str:
        """Hours with two decimals, money in the contract's currency."""
        values = {
            Column.CONTRACT: row.contract,
            Column.WEEK: row.week.label,
            Column.TRACKED: hours_text(row.tracked_seconds),
            Column.BILLED_HOURS: hours_text(row.statement_seconds),
            Column.EXPECTED: fmt.money(row.expected_gross, row.currency),
            Column.BILLED: fmt.money(row.statement_gross, row.currency),
            Column.EXPECTED_FEE: fmt.money(row.expected_fee, row.currency),
            Column.FEE: fmt.money(row.statement_fee, row.currency),
            Column.STATUS: row.status,
        }
        return values[Column(column)]

    def raw(self, row: ReconcileRow, column: int) -> Any:
        """Numbers sort as numbers, weeks by their start."""
        values: dict[int, Any] = {
            Column.CONTRACT: row.contract.casefold(),
            Column.WEEK: row.week.bucket,
            Column.TRACKED: row.tracked_seconds,
            Column.BILLED_HOURS: row.statement_seconds,
            Column.EXPECTED: cents(row.expected_gross),
            Column.BILLED: cents(row.statement_gross),
            Column.EXPECTED_FEE: cents(row.expected_fee),
            Column.FEE: cents(row.statement_fee),
            Column.STATUS: row.status,
        }
        return values[column]

    def tooltip(self, row: ReconcileRow, column: int) -> str | None:
        """What the week's status means."""
        return STATUS_TIPS.get(row.status)

    def foreground(self, row: ReconcileRow, column: int) -> Any:
        """The status and the figures that differ, in the colour of the trouble."""
        palette = colors()
        differs: dict[int, bool] = {
            Column.BILLED_HOURS: row.statement_seconds != row.billable_seconds,
            Column.BILLED: row.statement_gross != row.expected_gross,
            Column.FEE: row.statement_fee != row.expected_fee,
            Column.STATUS: row.status != "match",
        }
        if row.status == "match":
            return palette.ok if column == Column.STATUS else None
        if differs.get(column, False):
            return (
                palette.danger if row.status in ("short-paid", "fee-differs") else palette.warning
            )
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Besides the base roles: a faint tint behind weeks that do not match."""
        if role == Qt.ItemDataRole.BackgroundRole:
            row = self.row(index.row()) if index.isValid() else None
            if row is not None and row.status != "match":
                tint = QColor(colors().warning)
                tint.setAlpha(40)
                return tint
            return None
        return super().data(index, role)


class ReconcileDialog(QDialog):
    """The reconcile table, the fee drift alert and its fix."""

    def __init__(
        self,
        parent: QWidget | None,
        ctx: AppContext,
        open_week: Callable[[BillingWeek, int], None],
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Reconcile with statement")
        self.resize(1000, 560)
        self.ctx, self.db, self.open_week = ctx, ctx.db, open_week
        self.reconciled: Reconciliation | None = None
        self.changed = False
        self.model = ReconcileModel(self)
        proxy = QSortFilterProxyModel(self)
        proxy.setSourceModel(self.model)
        proxy.setSortRole(RAW_ROLE)
        self.proxy = proxy
        self.table = QTableView()
        self.table.setModel(proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(Column.WEEK, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(
            Column.CONTRACT, QHeaderView.ResizeMode.Stretch
        )
        self.table.doubleClicked.connect(self._open)
        self.summary = QLabel("Reading…")
        self.summary.setWordWrap(True)
        self.drift = QLabel()
        self.drift.setWordWrap(True)
        self.drift.setStyleSheet(f"color: {css(colors().danger)};")
        self.adopt = QPushButton("Use the charged &rate")
        self.adopt.clicked.connect(self.adopt_rate)
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        drift_row = QHBoxLayout()
        drift_row.addWidget(self.drift, 1)
        drift_row.addWidget(self.adopt)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(drift_row)
        layout.addLayout(buttons)
        self._show_drift(None)
        self.load()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        ctx: AppContext,
        open_week: Callable[[BillingWeek, int], None],
    ) -> bool:
        """Show the view; whether a fee rate was changed."""
        dialog = cls(parent, ctx, open_week)
        dialog.exec()
        return dialog.changed

    def load(self) -> None:
        """Reconcile off the GUI thread."""
        db = self.db
        self.ctx.query(lambda: reconcile(db), self._show, on_error=self._fail, key="reconcile")

    def adopt_rate(self) -> None:
        """Charge the drifting contract the rate its statement shows (on the writer), reload."""
        if self.reconciled is None or not self.reconciled.drifts:
            return
        contract_id, db = self.reconciled.drifts[0].contract_id, self.db

        def done(_drift: object) -> None:
            self.changed = True
            self.load()

        self.adopt.setEnabled(False)  # once: the write is on its way
        self.ctx.run(
            lambda: adopt_charged_fee_rate(db, contract_id),
            done,
            initiator=self,
            on_failure=self._fail,
        )

    def _show(self, result: object) -> None:
        """Fill the table and the alert."""
        assert isinstance(result, Reconciliation)
        self.reconciled = result
        self.model.load(result.rows)
        if not result.rows:
            self.summary.setText(
                "Nothing to reconcile yet: import an Upwork statement with File → Import history…"
            )
        else:
            differing = sum(row.status != "match" for row in result.rows)
            self.summary.setText(
                f"{counted(len(result.rows), 'week')}, {differing} with differences (tinted)."
                " Double-click a week to open it."
            )
        self._show_drift(result.drifts[0] if result.drifts else None)

    def _show_drift(self, drift: FeeDrift | None) -> None:
        """The fee drift alert, or nothing."""
        self.drift.setVisible(drift is not None)
        self.adopt.setVisible(drift is not None)
        self.adopt.setEnabled(True)
        if drift is not None:
            self.drift.setText(
                f"Fee drift: {drift.contract} was charged {percent_text(drift.charged_rate)} in"
                f" {counted(drift.weeks, 'week')} since {drift.since.label}, not what its fee schedule"
                " expects."
            )

    def _open(self, index: QModelIndex) -> None:
        """Open the double-clicked week."""
        row = self.model.row(self.proxy.mapToSource(index).row())
        if row is not None:
            self.open_week(row.week, row.contract_id)
            self.accept()

    def _fail(self, error: Exception) -> None:
        """Show a refusal."""
        self.summary.setText(error_sentence(error))
        self.adopt.setEnabled(True)
