"""Costs: Connects, membership, tax on the marketplace's fee and others, which reduce take-home."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLineEdit, QWidget

from app.core.errors import UserError
from app.core.instants import parse_day_or_instant, to_local
from app.core.money import check_currency, parse_amount
from app.core.money_rules import CONNECT_CURRENCY, CONNECT_PRICE, COST_KINDS, connects_cost
from app.services.costs import add_cost, delete_cost, list_costs
from app.services.settings import get_settings, update_settings
from app.ui import formatting as fmt
from app.ui.context import AppContext
from app.ui.dialogs.base import currency_combo
from app.ui.money.common import Feedback, MoneyDialog, RecordsTable, add_row, attempt, button, muted
from app.ui.money.models import CostColumn, CostsModel
from app.ui.money.text import cost_kind_name, cost_totals

#: How the dialog explains which costs count.
RULE = (
    "Typed costs and the Connects, membership and VAT/GST lines of imported statements all"
    " come out of take-home, each once: a typed cost that is also on a statement counts as"
    " the statement's line."
)


class CostsDialog(MoneyDialog):
    """Every cost, typed or from a statement; record or delete one, set the tax on fees."""

    def __init__(self, parent: QWidget | None, ctx: AppContext) -> None:
        super().__init__(parent, "Costs", ctx)
        self.db, self.clock, self.zone = ctx.db, ctx.clock, ctx.zone
        settings = get_settings(self.db)
        self.model = CostsModel(self)
        self.table = RecordsTable(self.model, stretch=CostColumn.NOTE)
        self.table.setMinimumHeight(170)
        self.totals = Feedback()
        self.kind = QComboBox()
        for kind in COST_KINDS:
            self.kind.addItem(cost_kind_name(kind), kind)
        self.amount = QLineEdit()
        self.amount.setPlaceholderText("e.g. 19.99")
        self.currency = currency_combo(settings.home_currency)
        self.count = QLineEdit()
        self.count.setPlaceholderText(f"or a number of Connects at {CONNECT_PRICE} USD")
        self.at = QLineEdit(f"{to_local(self.clock(), self.zone):%Y-%m-%d}")
        self.at.setPlaceholderText("YYYY-MM-DD")
        self.at.setToolTip("The day it was paid (read as that day in UTC, as statements are)")
        self.note = QLineEdit()
        self.note.setPlaceholderText("e.g. Freelancer Plus, March")
        self.preview = Feedback()
        self.fee_tax = QLineEdit(f"{(settings.fee_tax_fraction * 100).normalize():f}")
        self.fee_tax.setToolTip("VAT or GST the marketplace charges on its own fee, in percent")
        self.fee_tax_note = Feedback()
        self._lay_out()
        for field in (self.amount, self.count, self.at):
            field.textChanged.connect(self.update_preview)
        self.kind.currentIndexChanged.connect(self.update_preview)
        self.currency.currentTextChanged.connect(self.update_preview)
        for field in (self.amount, self.count, self.note):
            field.returnPressed.connect(self.record)
        self.fee_tax.returnPressed.connect(self.save_fee_tax)
        self.reload()
        self.update_preview()
        self.amount.setFocus()
        self.resize(760, 620)

    def _lay_out(self) -> None:
        """The list, the form that records a cost, then the tax on fees."""
        self.body.addWidget(muted(RULE))
        self.body.addWidget(self.table, 1)
        totals_row = QHBoxLayout()
        totals_row.addWidget(self.totals, 1)
        totals_row.addWidget(button("&Delete selected", self.delete_selected))
        self.body.addLayout(totals_row)
        box = QGroupBox("Record a cost")
        form = QFormLayout(box)
        form.addRow("&Kind", self.kind)
        amount_row = QHBoxLayout()
        amount_row.addWidget(self.amount, 1)
        amount_row.addWidget(self.currency)
        add_row(form, "&Amount", amount_row, self.amount)
        form.addRow("C&onnects", self.count)
        form.addRow("&Date", self.at)
        form.addRow("&Note", self.note)
        form.addRow("", self.preview)
        record_row = QHBoxLayout()
        record_row.addStretch(1)
        record_row.addWidget(button("&Record cost", self.record))
        form.addRow("", record_row)
        self.body.addWidget(box)
        rate_box = QGroupBox("Tax on the marketplace's fee")
        rate_form = QFormLayout(rate_box)
        rate_row = QHBoxLayout()
        rate_row.addWidget(self.fee_tax, 1)
        rate_row.addWidget(button("&Save rate", self.save_fee_tax))
        add_row(rate_form, "&VAT/GST (%)", rate_row, self.fee_tax)
        rate_form.addRow("", self.fee_tax_note)
        self.fee_tax_note.note(
            "Worked out on each payment's fee, unless a statement or a typed cost"
            " gives that week's tax on fees."
        )
        self.body.addWidget(rate_box)
        self.finish_layout()

    def reload(self) -> None:
        """Read the costs again."""
        rows = list_costs(self.db)
        self.model.load(rows)
        self.totals.note(cost_totals(rows) if rows else "No costs yet.")

    def read_form(self) -> tuple[str, Decimal | None, int | None, str, datetime]:
        """The typed kind, amount or Connects, currency and date (raises UserError)."""
        kind = str(self.kind.currentData())
        amount_text, count_text = self.amount.text().strip(), self.count.text().strip()
        if amount_text and count_text:
            raise UserError("give the cost as an amount or as a number of Connects, not both")
        if not amount_text and not count_text:
            raise UserError("type the amount (or, for Connects, how many you bought)")
        amount = parse_amount(amount_text, what="amount", allow_zero=False) if amount_text else None
        count = None
        if count_text:
            try:
                count = int(count_text)
            except ValueError:
                raise UserError("the number of Connects must be a whole number") from None
        at = parse_day_or_instant(self.at.text(), zone=self.zone, what="date")
        return kind, amount, count, check_currency(self.currency.currentText()), at

    def update_preview(self) -> None:
        """What the typed cost will take off take-home, or why it cannot be recorded."""
        connects = self.kind.currentData() == "connects"
        self.count.setEnabled(connects)
        if not connects and self.count.text():
            self.count.clear()
        if not self.amount.text().strip() and not self.count.text().strip():
            self.preview.note("Type an amount to see what it takes off your take-home.")
            return
        try:
            kind, amount, count, currency, _at = self.read_form()
            if count is not None:
                amount, currency = connects_cost(count), CONNECT_CURRENCY
        except UserError as refusal:
            self.preview.error(str(refusal))
            return
        assert amount is not None
        self.preview.note(
            f"{cost_kind_name(kind)}: {fmt.money(amount, currency)} off your take-home."
        )

    def record(self) -> None:
        """Record the typed cost through the service (which checks everything again)."""
        self.feedback.clear()
        typed = attempt(self.feedback, self.read_form)
        if typed is None:
            return
        kind, amount, count, currency, at = typed
        db, note, now = self.db, self.note.text(), self.clock()
        done = self.write(
            lambda: add_cost(
                db,
                kind=kind,
                amount=amount,
                count=count,
                currency=None if count is not None else currency,
                at=at,
                note=note,
                now=now,
            )
        )
        if done is None:
            return
        for field in (self.amount, self.count, self.note):
            field.clear()
        self.reload()
        self.table.select_id(done.id)
        self.feedback.done(
            f"Recorded {cost_kind_name(done.kind)} of {fmt.money(done.amount, done.currency)}."
        )

    def delete_selected(self) -> None:
        """Remove the selected typed cost (one recorded by mistake)."""
        chosen = self.table.selected_id()
        if chosen is None:
            self.feedback.error(
                "Select a typed cost in the list first (statement lines stay as imported)."
            )
            return
        db = self.db
        gone = self.write(lambda: delete_cost(db, chosen))
        if gone is None:
            return
        self.reload()
        self.feedback.done(
            f"Deleted {cost_kind_name(gone.kind)} of {fmt.money(gone.amount, gone.currency)}."
        )

    def save_fee_tax(self) -> None:
        """Store the VAT/GST rate on the marketplace's fee."""
        db, typed = self.db, self.fee_tax.text().strip() or "0"
        saved = self.write(lambda: update_settings(db, fee_tax_rate=typed).fee_tax_fraction)
        if saved is None:
            return
        self.feedback.done(f"Tax on the marketplace's fee set to {fmt.percent(saved)}.")

    @classmethod
    def ask(cls, parent: QWidget | None, ctx: AppContext) -> bool:
        """Show the costs until closed; True if anything was recorded, deleted or set."""
        dialog = cls(parent, ctx)
        dialog.exec()
        dialog.deleteLater()  # the window owns it: free it rather than keep it hidden
        return dialog.changed
