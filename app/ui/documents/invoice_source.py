"""What an invoice bills: a billing week, a range of local days, or released milestones."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QWidget,
)

from app.core.errors import UserError
from app.core.instants import start_of_local_day, to_local
from app.core.weeks import BillingWeek
from app.services.payments import MilestoneInfo, list_milestones
from app.services.records import ContractInfo
from app.ui import formatting as fmt
from app.ui.context import AppContext


def _date_edit(day: date) -> QDateEdit:
    """A calendar date field."""
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("ddd d MMM yyyy")
    return edit


def _day(edit: QDateEdit) -> date:
    """The date in a field."""
    value = edit.date().toPython()
    assert isinstance(value, date)
    return value


class InvoiceSource(QGroupBox):
    """Radio choices for the invoice's lines; the choices follow the contract's kind."""

    #: Another source was chosen.
    choice_changed = Signal()

    def __init__(self, ctx: AppContext, week: BillingWeek, parent: QWidget | None = None) -> None:
        super().__init__("Bill", parent)
        self.ctx, self.week = ctx, week
        last = week.ends_at - timedelta(days=1)
        self.week_choice = QRadioButton(
            f"&Billing week {week.label}  ({fmt.short_day(week.starts_at.date())} –"
            f" {fmt.short_day(last.date())}, UTC)"
        )
        self.dates_choice = QRadioButton("Da&tes")
        first = to_local(week.starts_at, ctx.zone).date()
        self.start = _date_edit(first)
        self.end = _date_edit(first + timedelta(days=6))
        self.milestones_choice = QRadioButton("Released &milestones and bonuses")
        self.milestones = QListWidget()
        self.milestones.setFixedHeight(96)
        self.none_released = QLabel("Nothing released on this contract yet.")
        self.none_released.setEnabled(False)
        dates = QHBoxLayout()
        dates.setSpacing(8)
        dates.addWidget(self.start)
        dates.addWidget(QLabel("to"))
        dates.addWidget(self.end)
        dates.addStretch(1)
        layout = QGridLayout(self)
        layout.setHorizontalSpacing(12)
        layout.setVerticalSpacing(8)
        layout.addWidget(self.week_choice, 0, 0, 1, 2)
        layout.addWidget(self.dates_choice, 1, 0)
        layout.addLayout(dates, 1, 1)
        layout.addWidget(self.milestones_choice, 2, 0, 1, 2)
        layout.addWidget(self.milestones, 3, 0, 1, 2)
        layout.addWidget(self.none_released, 4, 0, 1, 2)
        layout.setColumnStretch(1, 1)
        for choice in (self.week_choice, self.dates_choice, self.milestones_choice):
            choice.toggled.connect(lambda _on: self._follow_choice())

    def set_contract(self, contract: ContractInfo | None) -> None:
        """Offer what the contract can bill: hours on hourly contracts, else milestones."""
        hourly = contract is not None and contract.kind == "hourly"
        released = [] if contract is None else self._released(contract)
        currency = "" if contract is None else contract.currency
        self.milestones.clear()
        for item in released:
            kind = "Bonus: " if item.kind == "bonus" else ""
            when = "" if item.released_at is None else f" · released {self._day(item)}"
            row = QListWidgetItem(f"{kind}{item.title} — {fmt.money(item.amount, currency)}{when}")
            row.setData(Qt.ItemDataRole.UserRole, item.id)
            row.setFlags(row.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            row.setCheckState(Qt.CheckState.Checked if not hourly else Qt.CheckState.Unchecked)
            self.milestones.addItem(row)
        self.week_choice.setEnabled(hourly)
        self.dates_choice.setEnabled(hourly)
        self.milestones_choice.setEnabled(bool(released))
        self.none_released.setVisible(not released and not hourly)
        self.milestones.setVisible(bool(released))
        if hourly:
            self.week_choice.setChecked(True)
        elif released:
            self.milestones_choice.setChecked(True)
        self._follow_choice()

    def uses_time(self) -> bool:
        """Whether the lines come from time entries (grouping applies)."""
        return self.week_choice.isChecked() or self.dates_choice.isChecked()

    def chosen(self) -> dict[str, Any]:
        """The source as `create_invoice` takes it; refuses an impossible choice."""
        if self.week_choice.isChecked() and self.week_choice.isEnabled():
            return {"week": self.week}
        if self.dates_choice.isChecked() and self.dates_choice.isEnabled():
            first, last = _day(self.start), _day(self.end)
            if last < first:
                raise UserError("the last day must not be before the first")
            zone = self.ctx.zone
            start = start_of_local_day(first, zone)
            return {"period": (start, start_of_local_day(last + timedelta(days=1), zone))}
        if self.milestones_choice.isChecked() and self.milestones_choice.isEnabled():
            return {"milestones": self.checked_milestones()}
        raise UserError("nothing to bill on this contract yet: no hours and no released milestones")

    def checked_milestones(self) -> list[int]:
        """The ids of the ticked milestones."""
        rows = (self.milestones.item(number) for number in range(self.milestones.count()))
        return [
            int(row.data(Qt.ItemDataRole.UserRole))
            for row in rows
            if row is not None and row.checkState() == Qt.CheckState.Checked
        ]

    def _released(self, contract: ContractInfo) -> list[MilestoneInfo]:
        """The contract's released milestones and bonuses, oldest first."""
        items = list_milestones(self.ctx.db, contract.id)
        return [m for m in reversed(items) if m.status == "paid" and m.kind != "refund"]

    def _day(self, item: MilestoneInfo) -> str:
        """The local day a milestone was released."""
        assert item.released_at is not None
        return fmt.short_day(to_local(item.released_at, self.ctx.zone).date())

    def _follow_choice(self) -> None:
        """Enable the fields of the chosen source only."""
        self.start.setEnabled(self.dates_choice.isChecked() and self.dates_choice.isEnabled())
        self.end.setEnabled(self.start.isEnabled())
        self.milestones.setEnabled(self.milestones_choice.isChecked())
        self.choice_changed.emit()
