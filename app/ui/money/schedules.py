"""Fee schedules: the built-in ones and the user's own, and switching a contract to another."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.core.fees import FeeSchedule
from app.core.money import parse_rate
from app.models.database import Database
from app.services.contracts import change_fee_rate, change_fee_schedule, list_contracts
from app.services.records import ContractInfo
from app.services.schedules import list_schedules, save_schedule
from app.ui import formatting as fmt
from app.ui.context import AppContext
from app.ui.money.common import (
    InstantField,
    MoneyDialog,
    RecordsTable,
    attempt,
    button,
    contract_text,
    muted,
)
from app.ui.money.models import ScheduleColumn, SchedulesModel
from app.ui.money.schedule_form import ScheduleEditor
from app.ui.money.text import tiers_text


class FeeSchedulesDialog(MoneyDialog):
    """List schedules, define or edit one's own, and move a contract to another from a date."""

    def __init__(
        self, parent: QWidget | None, ctx: AppContext, contract_id: int | None = None
    ) -> None:
        super().__init__(parent, "Fee schedules", ctx)
        self.db, self.clock, self.zone = ctx.db, ctx.clock, ctx.zone
        self.model = SchedulesModel(self)
        self.table = RecordsTable(self.model, stretch=ScheduleColumn.TIERS)
        self.table.setMinimumHeight(190)
        self.editor = ScheduleEditor()
        self.contracts: dict[int, ContractInfo] = {}
        self.contract = QComboBox()
        self.contract.setMinimumContentsLength(18)
        self.contract.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.in_force = muted()
        self.target = QComboBox()
        self.fee_rate = QLineEdit()
        self.fee_rate.setPlaceholderText("or its own fee rate, e.g. 12.5")
        self.fee_rate.setToolTip(
            "Upwork shows a fee on each offer from 2025-05-01: type it to charge this contract"
            " that flat rate instead of a schedule"
        )
        self.fee_rate.textChanged.connect(self._fee_rate_typed)
        self.effective_from = InstantField(
            self.clock, self.zone, what="effective date", date_only=True
        )
        self._lay_out()
        self.table.selectionModel().selectionChanged.connect(self._schedule_chosen)
        self.contract.currentIndexChanged.connect(self._contract_chosen)
        self.reload()
        self.reload_contracts(select=contract_id)
        self.resize(940, 620)

    def _lay_out(self) -> None:
        """The list on top; the editor and the switch side by side below it."""
        self.body.addWidget(
            muted("Select a schedule to edit it, or a built-in one to start a copy of it.")
        )
        self.body.addWidget(self.table, 1)
        editor_column = QVBoxLayout()
        editor_column.addWidget(self.editor)
        editor_buttons = QHBoxLayout()
        editor_buttons.addStretch(1)
        editor_buttons.addWidget(button("&New", self.new_schedule))
        editor_buttons.addWidget(button("&Save schedule", self.save))
        editor_column.addLayout(editor_buttons)
        switch = QGroupBox("Switch a contract")
        form = QFormLayout(switch)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("C&ontract", self.contract)
        form.addRow("", self.in_force)
        form.addRow("&To", self.target)
        form.addRow("Fee rate (&%)", self.fee_rate)
        form.addRow("F&rom", self.effective_from)
        form.addRow(muted("Payments before that keep the fees of the old schedule."))
        switch_row = QHBoxLayout()
        switch_row.addStretch(1)
        switch_row.addWidget(button("S&witch", self.switch))
        form.addRow(switch_row)
        columns = QHBoxLayout()
        columns.setSpacing(12)
        columns.addLayout(editor_column, 3)
        columns.addWidget(switch, 2)
        self.body.addLayout(columns)
        self.finish_layout()

    def reload(self, select: str | None = None) -> None:
        """Read the schedules again and offer them as switch targets."""
        schedules = list_schedules(self.db)
        self.model.load(schedules)
        keep = self.target.currentData()
        self.target.clear()
        for schedule in schedules:
            self.target.addItem(schedule.name, schedule.name)
            self.target.setItemData(self.target.count() - 1, tiers_text(schedule.tiers), 3)
        self.target.setCurrentIndex(max(self.target.findData(select or keep), 0))
        if select is not None:
            for row in range(self.table.proxy.rowCount()):
                if self.table.proxy.index(row, ScheduleColumn.NAME).data() == select:
                    self.table.selectRow(row)

    def reload_contracts(self, select: int | None = None) -> None:
        """Read the contracts again, with the schedule each uses now."""
        keep = select if select is not None else self.contract.currentData()
        self.contracts = {c.id: c for c in list_contracts(self.db, now=self.clock())}
        self.contract.blockSignals(True)
        self.contract.clear()
        for info in self.contracts.values():
            self.contract.addItem(contract_text(info), info.id)
        self.contract.setCurrentIndex(max(self.contract.findData(keep), 0))
        self.contract.blockSignals(False)
        self._contract_chosen()

    def new_schedule(self) -> None:
        """Start a schedule from empty fields."""
        self.table.clearSelection()
        self.editor.clear()
        self.feedback.clear()
        self.editor.name.setFocus()

    def save(self) -> None:
        """Save the edited schedule; a built-in name or unreadable tiers are refused."""
        schedule = attempt(self.feedback, self.editor.schedule)
        db, now = self.db, self.clock()
        saved = None if schedule is None else self.write(lambda: store(db, schedule, now))
        if saved is None:
            if self.editor.tiers_reading.error_text() == self.feedback.error_text():
                self.editor.tiers_reading.note("")  # one line says it, not two
            return
        self.reload(select=saved.name)
        self.feedback.done(f"Saved “{saved.name}”: {tiers_text(saved.tiers)}.")

    def switch(self) -> None:
        """Move the chosen contract to the chosen schedule from the typed date on."""
        contract = self.selected_contract()
        if contract is None:
            self.feedback.error("Add a contract first (Contracts → New contract…).")
            return
        name = str(self.target.currentData())
        typed_rate = self.fee_rate.text().strip()
        effective = attempt(self.feedback, self.effective_from.instant)
        if effective is None:
            return
        rate = None
        if typed_rate:
            rate = attempt(self.feedback, lambda: parse_rate(typed_rate, what="fee rate"))
            if rate is None:
                return
        db = self.db

        def change() -> ContractInfo:
            """The contract's own fee rate when one is typed, else the chosen schedule."""
            if rate is not None:
                return change_fee_rate(db, contract.id, rate, effective_from=effective)
            return change_fee_schedule(db, contract.id, name, effective_from=effective)

        done = self.write(change)
        if done is None:
            return
        self.reload_contracts(select=contract.id)
        what = (
            f"pays its own fee rate of {fmt.percent(rate)}" if rate is not None else f"uses {name}"
        )
        self.feedback.done(
            f"{contract.title} {what} from {fmt.local_stamp(effective, self.zone)};"
            " earlier payments keep their fees."
        )
        self.fee_rate.clear()

    def _fee_rate_typed(self) -> None:
        """A typed fee rate replaces the schedule: the schedule choice is set aside."""
        self.target.setEnabled(not self.fee_rate.text().strip())

    def selected_contract(self) -> ContractInfo | None:
        """The contract chosen for a switch."""
        contract_id = self.contract.currentData()
        return None if contract_id is None else self.contracts.get(int(contract_id))

    def _contract_chosen(self) -> None:
        """Say which schedule the chosen contract uses now."""
        contract = self.selected_contract()
        self.in_force.setText(
            "No contracts yet." if contract is None else f"Uses {contract.fee_schedule} now."
        )

    def _schedule_chosen(self) -> None:
        """Load the selected schedule into the editor."""
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        name = str(rows[0].siblingAtColumn(ScheduleColumn.NAME).data())
        schedule = self.model.schedule_named(name)
        if schedule is not None:
            self.editor.fill(schedule)
            self.feedback.clear()

    @classmethod
    def ask(cls, parent: QWidget | None, ctx: AppContext, contract_id: int | None = None) -> bool:
        """Show the schedules until closed; True if one was saved or a contract switched."""
        dialog = cls(parent, ctx, contract_id)
        dialog.exec()
        dialog.deleteLater()  # the window owns it: free it rather than keep it hidden
        return dialog.changed


def store(db: Database, schedule: FeeSchedule, now: datetime) -> FeeSchedule:
    """Save a schedule through the service (on the writer thread); the schedule saved."""
    save_schedule(db, schedule, now=now)
    return schedule
