"""Adding and editing a contract, and ending one with the reviews given and received."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from app.core.errors import UserError
from app.core.fees import PLATFORM_SCHEDULES
from app.core.money import check_currency, parse_amount
from app.core.money_rules import ROUNDING_CHOICES
from app.services.clients import list_clients
from app.services.contracts import add_contract, change_fee_schedule, edit_contract
from app.services.records import ContractInfo
from app.services.schedules import list_schedules
from app.ui import formatting as fmt
from app.ui.context import AppContext
from app.ui.dialogs.base import FormDialog, currency_combo, hours_value, parse_hours, platform_combo
from app.ui.dialogs.client import ClientDialog


class ContractDialog(FormDialog):
    """A new contract, or changes to one (its kind and platform are fixed once made)."""

    def __init__(
        self,
        parent: QWidget | None,
        ctx: AppContext,
        contract: ContractInfo | None = None,
        *,
        default_currency: str = "USD",
        default_rate: str = "",
    ) -> None:
        super().__init__(
            parent, "New contract" if contract is None else "Edit contract", ok_text="Save"
        )
        self.ctx, self.original = ctx, contract
        self.title = QLineEdit()
        self.title.setPlaceholderText("e.g. API development")
        self.client = QComboBox()
        self.new_client = new_client = QPushButton("New client…")
        new_client.clicked.connect(self._new_client)
        client_row_widget = QWidget()
        client_row = QHBoxLayout(client_row_widget)
        client_row.setContentsMargins(0, 0, 0, 0)
        client_row.addWidget(self.client, 1)
        client_row.addWidget(new_client)
        self.kind = QComboBox()
        self.kind.addItem("Hourly", "hourly")
        self.kind.addItem("Fixed price", "fixed")
        self.rate = QLineEdit(default_rate if default_rate not in ("", "0.00") else "")
        self.rate.setPlaceholderText("e.g. 45.00")
        self.currency = currency_combo(default_currency)
        self.platform = platform_combo("upwork")
        self.schedule = QComboBox()
        for schedule in list_schedules(ctx.db):
            self.schedule.addItem(fmt.schedule_name(schedule.name), schedule.name)
            self.schedule.setItemData(self.schedule.count() - 1, schedule.description, 3)
        self.limit = QLineEdit()
        self.limit.setPlaceholderText("hours per week; empty for no limit")
        self.rounding = QComboBox()
        for seconds in ROUNDING_CHOICES:
            self.rounding.addItem("none" if seconds == 0 else f"up to {seconds // 60} min", seconds)
        self.notes = QPlainTextEdit()
        self.notes.setFixedHeight(70)
        for label, field in (
            ("&Title", self.title),
            ("C&lient", client_row_widget),
            ("&Kind", self.kind),
            ("Hourly &rate", self.rate),
            ("C&urrency", self.currency),
            ("&Platform", self.platform),
            ("&Fee schedule", self.schedule),
            ("&Weekly limit", self.limit),
            ("R&ounding", self.rounding),
            ("&Notes", self.notes),
        ):
            self.form.addRow(label, field)
        client_label = self.form.labelForField(client_row_widget)
        if isinstance(client_label, QLabel):
            client_label.setBuddy(self.client)  # Alt+L reaches the client choice
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.platform.currentIndexChanged.connect(self._platform_changed)
        self._load_clients()
        if contract is not None:
            self._fill(contract)
        else:
            self._platform_changed()
        self._kind_changed()

    def _fill(self, contract: ContractInfo) -> None:
        """Show an existing contract's values; lock what cannot change."""
        self.title.setText(contract.title)
        self.client.setCurrentIndex(max(self.client.findData(contract.client_id), 0))
        self.client.setEnabled(False)
        self.new_client.setEnabled(False)  # the client of a contract does not change
        self.kind.setCurrentIndex(max(self.kind.findData(contract.kind), 0))
        self.kind.setEnabled(False)
        self.rate.setText(f"{contract.rate:.2f}" if contract.kind == "hourly" else "")
        self.currency.setCurrentText(contract.currency)
        self.platform.setCurrentIndex(max(self.platform.findData(contract.platform), 0))
        self.platform.setEnabled(False)
        self.schedule.setCurrentIndex(max(self.schedule.findData(contract.fee_schedule), 0))
        self.schedule.setToolTip("A new schedule applies from now on; earlier fees keep theirs.")
        self.limit.setText(hours_value(contract.weekly_limit_seconds))
        self.rounding.setCurrentIndex(max(self.rounding.findData(contract.rounding_seconds), 0))
        self.notes.setPlainText(contract.notes)

    def _load_clients(self, select: int | None = None) -> None:
        """Fill the client choice."""
        self.client.clear()
        for client in list_clients(self.ctx.db):
            self.client.addItem(client.name, client.id)
        if select is not None:
            self.client.setCurrentIndex(max(self.client.findData(select), 0))

    def _new_client(self) -> None:
        """Add a client without leaving the dialog."""
        client = ClientDialog.ask(self, self.ctx)
        if client is not None:
            self._load_clients(select=client.id)

    def _kind_changed(self) -> None:
        """A fixed-price contract has no rate, limit or rounding."""
        hourly = self.kind.currentData() == "hourly"
        for field in (self.rate, self.limit, self.rounding):
            field.setEnabled(hourly)

    def _platform_changed(self) -> None:
        """Offer the platform's current fee schedule."""
        name = PLATFORM_SCHEDULES.get(str(self.platform.currentData()), "direct")
        self.schedule.setCurrentIndex(max(self.schedule.findData(name), 0))

    def save(self) -> ContractInfo:
        """Check the fields and add or edit the contract through the services."""
        hourly = self.kind.currentData() == "hourly"
        rate = (
            parse_amount(self.rate.text(), what="hourly rate", allow_zero=False) if hourly else None
        )
        currency = check_currency(self.currency.currentText())
        limit = parse_hours(self.limit.text()) if hourly else None
        schedule = str(self.schedule.currentData())
        rounding = int(self.rounding.currentData()) if hourly else 0
        title, notes = self.title.text(), self.notes.toPlainText()
        platform, client_id = str(self.platform.currentData()), self.client.currentData()
        db, now, original = self.ctx.db, self.ctx.clock(), self.original
        if original is None and client_id is None:
            raise UserError("choose a client, or add one with “New client…”")

        def store() -> ContractInfo:
            """Add the contract, or change the one edited (and its schedule from now on)."""
            if original is None:
                return add_contract(
                    db,
                    title,
                    client=int(client_id),
                    hourly_rate=rate,
                    fixed=not hourly,
                    platform=platform,
                    fee_schedule=schedule,
                    weekly_limit_hours=limit,
                    currency=currency,
                    rounding_seconds=rounding,
                    notes=notes,
                    now=now,
                )
            info = edit_contract(
                db,
                original.id,
                title=title,
                hourly_rate=rate,
                weekly_limit_hours=limit,
                clear_weekly_limit=hourly and limit is None,
                currency=currency,
                rounding_seconds=rounding if hourly else None,
                notes=notes,
            )
            if schedule != original.fee_schedule:
                info = change_fee_schedule(db, info.id, schedule, effective_from=now)
            return info

        return self.ctx.wait(store, initiator=self)

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        ctx: AppContext,
        contract: ContractInfo | None = None,
        *,
        default_currency: str = "USD",
        default_rate: str = "",
    ) -> ContractInfo | None:
        """Add a contract (or edit the one given); None if cancelled."""
        dialog = cls(
            parent,
            ctx,
            contract,
            default_currency=default_currency,
            default_rate=default_rate,
        )
        return dialog.saved if dialog.exec() and isinstance(dialog.saved, ContractInfo) else None
