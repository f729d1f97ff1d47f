"""The take-home calculator: one payment through a fee schedule, tax and a withdrawal."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import UserError
from app.core.fees import BillingKind, next_tier_distance
from app.core.money import ZERO, parse_amount
from app.core.money_rules import FeeResult, TakeHome, charge_fee, fee_tax, take_home
from app.models.database import Database
from app.services.schedules import list_schedules
from app.services.settings import get_settings
from app.ui import formatting as fmt
from app.ui.money.common import ROW_HEIGHT, Feedback, RecordsTable, muted
from app.ui.money.models import TierColumn, TierPartsModel
from app.ui.money.text import PAYMENT_KINDS, method_name
from app.ui.theme import colors, css, scaled_font

#: The result lines, top to bottom: key, caption.
LINES = (
    ("gross", "Payment"),
    ("fee", "Marketplace fee"),
    ("net", "Net after the fee"),
    ("tax", "Tax set-aside"),
    ("fee_tax", "Tax on the fee"),
    ("withdrawal", "Withdrawal fee"),
    ("take_home", "You take home"),
)


class TakeHomeDialog(QDialog):
    """Type an amount and see each tier's fee, the net and the take-home, as you type."""

    def __init__(self, parent: QWidget | None, db: Database, *, schedule: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("Take-home calculator")
        self.settings = get_settings(db)
        self.currency = self.settings.home_currency
        self.schedules = {s.name: s for s in list_schedules(db)}
        self.schedule = QComboBox()
        for name in self.schedules:
            self.schedule.addItem(name, name)
        self.schedule.setCurrentIndex(max(self.schedule.findData(schedule), 0))
        self.description = muted()
        self.prior = QLineEdit("0.00")
        self.prior.setToolTip("Lifetime billings with this client so far: tiered fees count them")
        self.amount = QLineEdit()
        self.amount.setPlaceholderText("e.g. 600.00")
        self.kind = QComboBox()
        for kind, caption in PAYMENT_KINDS.items():
            self.kind.addItem(caption, kind.value)
        self.withdrawal = QComboBox()
        self.withdrawal.addItem("None", "")
        for method, fee in self.settings.withdrawal_fees:
            cost = fmt.money(Decimal(fee), self.currency)
            self.withdrawal.addItem(f"{method_name(method)} (fee {cost})", method)
        self.error = Feedback()
        self.parts = TierPartsModel(self)
        self.parts.currency = self.currency
        self.table = RecordsTable(self.parts, stretch=TierColumn.AMOUNT)
        self.table.setSortingEnabled(False)
        self.table.setFixedHeight(ROW_HEIGHT * 4 + 6)
        self.values = {key: QLabel() for key, _ in LINES}
        self.next_tier = muted()
        self._lay_out()
        for field in (self.prior, self.amount):
            field.textChanged.connect(self.recompute)
        for combo in (self.schedule, self.kind, self.withdrawal):
            combo.currentIndexChanged.connect(self.recompute)
        self.recompute()
        self.setMinimumWidth(500)

    def _lay_out(self) -> None:
        """The inputs, the per-tier breakdown, then the sums."""
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setHorizontalSpacing(14)
        form.addRow("&Fee schedule", self.schedule)
        form.addRow("", self.description)
        form.addRow("&Billed before", self.prior)
        form.addRow("&Amount", self.amount)
        form.addRow("&Kind", self.kind)
        form.addRow("&Withdrawal", self.withdrawal)
        tax = fmt.percent(self.settings.tax_fraction)
        form.addRow("Tax set-aside", QLabel(f"{tax} of the net (change it in Settings)"))
        on_fee = fmt.percent(self.settings.fee_tax_fraction)
        form.addRow("Tax on the fee", QLabel(f"{on_fee} VAT/GST on the marketplace's fee"))
        sums = QGridLayout()
        sums.setHorizontalSpacing(14)
        sums.setVerticalSpacing(6)
        row = 0
        for key, caption in LINES:
            label, value = QLabel(caption), self.values[key]
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            if key == "take_home":
                rule = QFrame()
                rule.setFrameShape(QFrame.Shape.HLine)
                rule.setFrameShadow(QFrame.Shadow.Sunken)
                sums.addWidget(rule, row, 0, 1, 2)
                row += 1
                for widget in (label, value):
                    widget.setFont(scaled_font(widget, 1.25, bold=True))
            sums.addWidget(label, row, 0)
            sums.addWidget(value, row, 1)
            row += 1
        sums.setColumnStretch(1, 1)
        closer = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        closer.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.setSpacing(12)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.table)
        layout.addLayout(sums)
        layout.addWidget(self.next_tier)
        layout.addStretch(1)
        layout.addWidget(closer)

    def calculate(self) -> tuple[FeeResult, TakeHome]:
        """The fee and take-home of the typed payment (raises UserError on bad input)."""
        schedule = self.schedules[str(self.schedule.currentData())]
        prior = parse_amount(self.prior.text() or "0", what="billed before")
        amount = parse_amount(self.amount.text(), what="amount", allow_zero=False)
        result = charge_fee(
            schedule, prior=prior, amount=amount, kind=BillingKind(self.kind.currentData())
        )
        method = str(self.withdrawal.currentData())
        withdrawal = self.settings.withdrawal_fee(method) if method else ZERO
        home = take_home(
            gross=amount,
            fee=result.fee,
            tax_rate=self.settings.tax_fraction,
            withdrawal_fees=withdrawal,
            costs=fee_tax(result.fee, self.settings.fee_tax_fraction),
        )
        return result, home

    def recompute(self) -> None:
        """Show the breakdown of what is typed, or why it cannot be read."""
        schedule = self.schedules.get(str(self.schedule.currentData()))
        self.description.setText(schedule.description if schedule else "")
        self.description.setVisible(bool(self.description.text()))
        if not self.amount.text().strip():
            self.error.note("Type an amount to see its fee and what you take home.")
            self.show_result(None)
            return
        try:
            result, home = self.calculate()
        except UserError as refusal:
            self.error.error(str(refusal))
            self.show_result(None)
            return
        self.error.clear()
        self.show_result(result, home)

    def show_result(self, result: FeeResult | None, home: TakeHome | None = None) -> None:
        """Fill the tier rows and sums ("—" when there is nothing to show)."""
        self.parts.load(list(result.parts) if result else [])
        amounts = {
            "gross": None if home is None else home.gross,
            "fee": None if home is None else home.fee,
            "net": None if home is None else home.net,
            "tax": None if home is None else home.tax,
            "fee_tax": None if home is None else home.costs,
            "withdrawal": None if home is None else home.withdrawal_fees,
            "take_home": None if home is None else home.take_home,
        }
        for key, value in amounts.items():
            self.values[key].setText("—" if value is None else fmt.money(value, self.currency))
        negative = home is not None and home.take_home < 0
        self.values["take_home"].setStyleSheet(
            f"color: {css(colors().danger)};" if negative else ""
        )
        self.next_tier.setText(self._next_tier_text(result))
        self.next_tier.setVisible(bool(self.next_tier.text()))

    def _next_tier_text(self, result: FeeResult | None) -> str:
        """How much more billing with the client changes the rate, if it ever does."""
        schedule = self.schedules.get(str(self.schedule.currentData()))
        if result is None or schedule is None:
            return ""
        distance = next_tier_distance(schedule, result.prior + result.amount)
        if distance is None:
            return ""
        more, rate = distance
        return (
            f"After this payment, {fmt.money(more, self.currency)} more with this client"
            f" moves the fee to {fmt.percent(rate)}."
        )

    def result_text(self, key: str) -> str:
        """The text of one result line (for tests and screen readers)."""
        return self.values[key].text()

    @classmethod
    def ask(cls, parent: QWidget | None, db: Database, *, schedule: str = "") -> None:
        """Show the calculator until closed."""
        dialog = cls(parent, db, schedule=schedule)
        dialog.exec()
        dialog.deleteLater()  # the window owns it: free it rather than keep it hidden
