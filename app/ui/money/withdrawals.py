"""Withdrawals: money moved to the bank, what each cost, recording one, the fee table."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLineEdit, QWidget

from app.core.errors import UserError
from app.core.money import ZERO, check_currency, json_money, parse_amount
from app.core.money_rules import WITHDRAWAL_METHODS
from app.services.balance import Balance, balances
from app.services.payments import delete_withdrawal, list_withdrawals, withdraw
from app.services.settings import Settings, get_settings, update_settings
from app.ui import formatting as fmt
from app.ui.context import AppContext
from app.ui.dialogs.base import FormDialog, currency_combo
from app.ui.money.common import (
    Feedback,
    InstantField,
    MoneyDialog,
    RecordsTable,
    add_row,
    attempt,
    button,
)
from app.ui.money.models import WithdrawalColumn, WithdrawalsModel
from app.ui.money.text import balance_text, method_name, withdrawal_totals


class WithdrawalsDialog(MoneyDialog):
    """Every withdrawal with its fee; record one and see what will reach the bank."""

    def __init__(self, parent: QWidget | None, ctx: AppContext) -> None:
        super().__init__(parent, "Withdrawals", ctx)
        self.db, self.clock, self.zone = ctx.db, ctx.clock, ctx.zone
        self.settings = get_settings(self.db)
        self.model = WithdrawalsModel(self.zone, self)
        self.table = RecordsTable(self.model, stretch=WithdrawalColumn.METHOD)
        self.table.setMinimumHeight(160)
        self.totals = Feedback()
        self.balance = Feedback()
        self.balances: dict[str, Balance] = {}
        self.amount = QLineEdit()
        self.amount.setPlaceholderText("e.g. 1,000.00")
        self.method = QComboBox()
        self.currency = currency_combo(self.settings.home_currency)
        self.at = InstantField(self.clock, self.zone, what="withdrawal time")
        self.preview = Feedback()
        self._lay_out()
        self._offer_methods()
        for signal in (self.amount.textChanged, self.currency.currentTextChanged):
            signal.connect(self.update_preview)
        self.method.currentIndexChanged.connect(self.update_preview)
        self.amount.returnPressed.connect(self.record)
        self.reload()
        self.update_preview()
        self.amount.setFocus()
        self.resize(680, 560)

    def _lay_out(self) -> None:
        """The list, then the form that records a withdrawal."""
        self.body.addWidget(self.table, 1)
        totals_row = QHBoxLayout()
        totals_row.addWidget(self.totals, 1)
        totals_row.addWidget(button("&Delete selected", self.delete_selected))
        self.body.addLayout(totals_row)
        box = QGroupBox("Record a withdrawal")
        form = QFormLayout(box)
        form.addRow("", self.balance)
        amount_row = QHBoxLayout()
        amount_row.addWidget(self.amount, 1)
        amount_row.addWidget(self.currency)
        add_row(form, "&Amount", amount_row, self.amount)
        method_row = QHBoxLayout()
        method_row.addWidget(self.method, 1)
        method_row.addWidget(button("&Fees per method…", self.edit_fees))
        add_row(form, "&Method", method_row, self.method)
        form.addRow("&When", self.at)
        form.addRow("", self.preview)
        record_row = QHBoxLayout()
        record_row.addStretch(1)
        record_row.addWidget(button("&Record withdrawal", self.record))
        form.addRow("", record_row)
        self.body.addWidget(box)
        self.finish_layout()

    def _offer_methods(self) -> None:
        """Offer the methods of the fee table, each with its fee (keeping the choice)."""
        keep = self.method.currentData()
        self.method.blockSignals(True)
        self.method.clear()
        for method, fee in self.settings.withdrawal_fees:
            self.method.addItem(f"{method_name(method)} — fee {fmt.amount(Decimal(fee))}", method)
        self.method.setCurrentIndex(max(self.method.findData(keep), 0))
        self.method.blockSignals(False)

    def reload(self) -> None:
        """Read the withdrawals again."""
        rows = list_withdrawals(self.db)
        self.model.load(rows)
        self.totals.note(withdrawal_totals(rows) if rows else "No withdrawals yet.")
        self.balances = {b.currency: b for b in balances(self.db, now=self.clock())}

    def update_preview(self) -> None:
        """Show the fee the chosen method costs and what arrives, or why the amount is wrong."""
        method = str(self.method.currentData())
        try:
            fee = self.settings.withdrawal_fee(method)
            currency = check_currency(self.currency.currentText())
            self._show_balance(currency)
            if not self.amount.text().strip():
                self.preview.note(
                    f"{method_name(method)} costs {fmt.money(fee, currency)} each time."
                )
                return
            amount = parse_amount(self.amount.text(), what="amount", allow_zero=False)
        except UserError as refusal:
            self.preview.error(str(refusal))
            return
        if fee >= amount:
            self.preview.error(
                f"A fee of {fmt.money(fee, currency)} would cost as much as the amount withdrawn."
            )
            return
        held = self.balances.get(currency)
        if held is None:
            self.preview.error(
                f"Nothing was ever earned in {currency}: there is nothing to withdraw."
            )
            return
        if amount + fee > held.withdrawable:
            self.preview.error(
                f"{fmt.money(amount, currency)} and its fee are more than the"
                f" {fmt.money(max(held.withdrawable, ZERO), currency)} available now."
            )
            return
        self.preview.note(
            f"Fee {fmt.money(fee, currency)} · {fmt.money(amount + fee, currency)} leaves your"
            f" balance, {fmt.money(amount, currency)} arrives in your bank."
        )

    def _show_balance(self, currency: str) -> None:
        """What can be withdrawn now in the chosen currency (a currency never earned: none)."""
        held = self.balances.get(currency)
        if held is None:
            self.balance.note(f"Nothing was ever earned in {currency}.")
        else:
            self.balance.note(balance_text(held))

    def record(self) -> None:
        """Record the typed withdrawal; its fee comes from the fee table."""
        self.feedback.clear()
        typed = attempt(
            self.feedback,
            lambda: (
                parse_amount(self.amount.text(), what="amount", allow_zero=False),
                self.at.instant(),
            ),
        )
        if typed is None:
            return
        amount, at = typed
        db, now = self.db, self.clock()
        method, currency = str(self.method.currentData()), self.currency.currentText()
        done = self.write(
            lambda: withdraw(db, amount, method=method, currency=currency, at=at, now=now)
        )
        if done is None:
            return
        self.amount.clear()
        self.reload()
        self.table.select_id(done.id)
        self.feedback.done(
            f"Recorded {fmt.money(done.amount, done.currency)} by {method_name(done.method)}:"
            f" fee {fmt.money(done.fee, done.currency)}, {fmt.money(done.amount, done.currency)}"
            " arrives."
        )
        self.update_preview()

    def delete_selected(self) -> None:
        """Remove the selected withdrawal (one recorded by mistake)."""
        chosen = self.table.selected_id()
        if chosen is None:
            self.feedback.error("Select a withdrawal in the list first.")
            return
        db = self.db
        gone = self.write(lambda: delete_withdrawal(db, chosen))
        if gone is None:
            return
        self.reload()
        self.update_preview()
        self.feedback.done(f"Deleted the withdrawal of {fmt.money(gone.amount, gone.currency)}.")

    def edit_fees(self) -> None:
        """Change what each method costs."""
        saved = WithdrawalFeesDialog.ask(self, self.ctx)
        if saved is not None:
            self.apply_settings(saved)

    def apply_settings(self, settings: Settings) -> None:
        """Use a changed fee table from now on."""
        self.settings = settings
        self._offer_methods()
        self.update_preview()

    @classmethod
    def ask(cls, parent: QWidget | None, ctx: AppContext) -> bool:
        """Show the withdrawals until closed; True if one was recorded."""
        dialog = cls(parent, ctx)
        dialog.exec()
        dialog.deleteLater()  # the window owns it: free it rather than keep it hidden
        return dialog.changed


class WithdrawalFeesDialog(FormDialog):
    """One fee per withdrawal method; saved through `update_settings`."""

    def __init__(self, parent: QWidget | None, ctx: AppContext) -> None:
        super().__init__(
            parent,
            "Withdrawal fees",
            intro="What moving money to your bank costs, per withdrawal and method."
            " Marketplaces change these now and then: check yours.",
        )
        self.ctx = ctx
        self.fields: dict[str, QLineEdit] = {}
        for method, fee in get_settings(ctx.db).withdrawal_fees:
            field = QLineEdit(fee)
            field.setPlaceholderText("0.00")
            field.setAccessibleName(f"{method_name(method)} fee")
            self.fields[method] = field
            self.form.addRow(method_name(method), field)
        presets = ", ".join(
            f"{method_name(m)} {json_money(fee)}" for m, fee in WITHDRAWAL_METHODS.items()
        )
        restore = button("Restore the &default fees", self.restore_presets)
        restore.setToolTip(f"The fees Tallyhour starts with: {presets}")
        self.form.addRow("", restore)

    def restore_presets(self) -> None:
        """Fill in the default fees (saved only with Save)."""
        for method, fee in WITHDRAWAL_METHODS.items():
            if method in self.fields:
                self.fields[method].setText(json_money(fee))

    def save(self) -> Settings:
        """Check and store every method's fee (one refusal stores none)."""
        db = self.ctx.db
        fees = tuple((method, field.text()) for method, field in self.fields.items())
        return self.ctx.wait(lambda: update_settings(db, withdrawal_fees=fees), initiator=self)

    @classmethod
    def ask(cls, parent: QWidget | None, ctx: AppContext) -> Settings | None:
        """Edit the fee table; the new settings, or None if cancelled."""
        dialog = cls(parent, ctx)
        accepted = dialog.exec()
        dialog.deleteLater()  # the parent owns it: free it rather than keep it hidden
        return dialog.saved if accepted and isinstance(dialog.saved, Settings) else None
