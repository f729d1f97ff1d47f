"""A contract's milestones, bonuses and refunds: list them, add one, record a release."""

from __future__ import annotations

from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.core.money import parse_amount
from app.core.money_rules import available_on_for_release
from app.services.contracts import list_contracts
from app.services.payments import (
    MilestoneInfo,
    add_milestone,
    cancel_milestone,
    list_milestones,
    release_milestone,
)
from app.services.records import ContractInfo
from app.ui import formatting as fmt
from app.ui.context import AppContext
from app.ui.money.common import (
    InstantField,
    MoneyDialog,
    RecordsTable,
    add_row,
    attempt,
    button,
    contract_text,
    muted,
)
from app.ui.money.models import MilestoneColumn, MilestonesModel
from app.ui.money.text import KIND_NAMES, kind_name, milestone_totals


class MilestonesDialog(MoneyDialog):
    """What a client pays outside hourly weeks, per contract; a release counts as billed."""

    def __init__(
        self, parent: QWidget | None, ctx: AppContext, contract_id: int | None = None
    ) -> None:
        super().__init__(parent, "Milestones, bonuses and refunds", ctx)
        self.db, self.clock, self.zone = ctx.db, ctx.clock, ctx.zone
        self.contracts = {c.id: c for c in list_contracts(self.db, now=self.clock())}
        self.contract = QComboBox()
        for info in self.contracts.values():
            self.contract.addItem(contract_text(info), info.id)
        self.hint = muted()
        self.model = MilestonesModel(self.zone, self)
        self.table = RecordsTable(self.model, stretch=MilestoneColumn.TITLE)
        self.table.setMinimumHeight(180)
        self.totals = muted()
        self.title = QLineEdit()
        self.title.setPlaceholderText("e.g. Logo concepts")
        self.amount = QLineEdit()
        self.amount.setPlaceholderText("e.g. 500.00")
        self.kind = QComboBox()
        for kind, caption in KIND_NAMES.items():
            self.kind.addItem(caption, kind)
        self.add_button = button("&Add", self.add)
        self.released_at = InstantField(self.clock, self.zone, what="release time")
        self.release_button = button("&Release selected", self.release)
        self.cancel_button = button("Ca&ncel selected", self.cancel_selected)
        self._lay_out()
        self.contract.currentIndexChanged.connect(self._contract_changed)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.title.returnPressed.connect(self.add)
        self.amount.returnPressed.connect(self.add)
        self.released_at.returnPressed.connect(self.release)
        self.select_contract(
            contract_id if contract_id is not None else first_fixed(self.contracts)
        )
        self._contract_changed()
        self.resize(760, 540)

    def _lay_out(self) -> None:
        """The contract choice, the list, and the add and release boxes side by side."""
        top = QFormLayout()
        top.addRow("&Contract", self.contract)
        self.body.addLayout(top)
        self.body.addWidget(self.hint)
        self.body.addWidget(self.table, 1)
        self.body.addWidget(self.totals)
        add_box = QGroupBox("Add a milestone, bonus or refund")
        add_form = QFormLayout(add_box)
        add_form.addRow("&Title", self.title)
        amount_row = QHBoxLayout()
        amount_row.addWidget(self.amount, 1)
        amount_row.addWidget(self.kind)
        add_row(add_form, "A&mount", amount_row, self.amount)
        add_form.addRow("", self.add_button)
        release_box = QGroupBox("The client paid")
        release_layout = QVBoxLayout(release_box)
        release_form = QFormLayout()
        release_form.addRow("&Paid at", self.released_at)
        release_layout.addLayout(release_form)
        release_layout.addWidget(
            muted("It counts as billed then; the money is available 5 days later.")
        )
        release_buttons = QHBoxLayout()
        release_buttons.addWidget(self.release_button)
        release_buttons.addWidget(self.cancel_button)
        release_layout.addLayout(release_buttons)
        boxes = QHBoxLayout()
        boxes.setSpacing(12)
        boxes.addWidget(add_box, 3)
        boxes.addWidget(release_box, 2)
        self.body.addLayout(boxes)
        self.finish_layout()

    def selected_contract(self) -> ContractInfo | None:
        """The contract whose milestones are shown."""
        contract_id = self.contract.currentData()
        return None if contract_id is None else self.contracts.get(int(contract_id))

    def select_contract(self, contract_id: int | None) -> None:
        """Show a contract's milestones (the first contract if it is not offered)."""
        index = -1 if contract_id is None else self.contract.findData(contract_id)
        self.contract.setCurrentIndex(max(index, 0) if self.contract.count() else -1)

    def reload(self, select: int | None = None) -> None:
        """Read the shown contract's milestones again."""
        contract = self.selected_contract()
        rows = [] if contract is None else list_milestones(self.db, contract.id)
        self.model.currency = "USD" if contract is None else contract.currency
        self.model.load(rows)
        self.totals.setText(
            milestone_totals(rows, self.model.currency)
            if rows
            else "No milestones, bonuses or refunds yet."
        )
        if select is not None:
            self.table.select_id(select)
        self._selection_changed()

    def add(self) -> None:
        """Add the typed milestone, bonus or refund to the shown contract."""
        contract = self.selected_contract()
        if contract is None:
            self.feedback.error("Add a contract first (Contracts → New contract…).")
            return
        kind = str(self.kind.currentData())
        amount = attempt(
            self.feedback,
            lambda: parse_amount(self.amount.text(), what="amount", allow_zero=False),
        )
        if amount is None:
            return
        db, title, now = self.db, self.title.text(), self.clock()
        added = self.write(
            lambda: add_milestone(db, contract.id, title, amount=amount, kind=kind, now=now)
        )
        if added is None:
            return
        self.title.clear()
        self.amount.clear()
        self.reload(select=added.id)
        self.feedback.done(
            f"Added {kind_name(added.kind).lower()} “{added.title}” of"
            f" {fmt.money(added.amount, contract.currency)}; release it when the client pays."
        )

    def release(self) -> None:
        """Record that the client paid the selected milestone, at the typed time."""
        milestone_id = self.table.selected_id()
        if milestone_id is None:
            self.feedback.error("Select a funded milestone in the list first.")
            return
        at = attempt(self.feedback, self.released_at.instant)
        if at is None:
            return
        db, now = self.db, self.clock()
        released = self.write(lambda: release_milestone(db, milestone_id, at=at, now=now))
        if released is None or released.released_at is None:
            return
        self.reload(select=released.id)
        self.feedback.done(
            f"Released “{released.title}”: {fmt.money(released.amount, self.model.currency)}"
            f" billed {fmt.local_stamp(released.released_at, self.zone)}, available"
            f" {fmt.short_day(available_on_for_release(released.released_at))}."
        )

    def cancel_selected(self) -> None:
        """Cancel the selected milestone that was never paid."""
        milestone_id = self.table.selected_id()
        if milestone_id is None:
            self.feedback.error("Select a funded milestone in the list first.")
            return
        db = self.db
        cancelled = self.write(lambda: cancel_milestone(db, milestone_id))
        if cancelled is None:
            return
        self.reload(select=cancelled.id)
        self.feedback.done(f"Cancelled “{cancelled.title}”.")

    def _contract_changed(self) -> None:
        """Show another contract's milestones; hourly contracts take bonuses and refunds."""
        contract = self.selected_contract()
        self.add_button.setEnabled(contract is not None)
        if contract is None:
            self.hint.setText("Add a contract first (Contracts → New contract…).")
        elif contract.kind == "hourly":
            self.hint.setText(
                "An hourly contract: add bonuses and refunds here; milestones belong to"
                " fixed-price contracts."
            )
        else:
            self.hint.setText(
                "A fixed-price contract: add each milestone when the client funds it."
            )
        hourly = contract is not None and contract.kind == "hourly"
        self._offer_milestones(not hourly)
        self.kind.setCurrentIndex(self.kind.findData("bonus" if hourly else "milestone"))
        self.title.setPlaceholderText("e.g. Launch bonus" if hourly else "e.g. Logo concepts")
        self.feedback.clear()
        self.reload()

    def _offer_milestones(self, offered: bool) -> None:
        """Milestones are only for fixed-price contracts: hourly ones are not offered them."""
        model = self.kind.model()
        assert isinstance(model, QStandardItemModel)  # a plain combo box's own model
        item = model.item(self.kind.findData("milestone"))
        if item is not None:
            item.setEnabled(offered)

    def _selection_changed(self) -> None:
        """Only a funded milestone can be released."""
        chosen = self.table.selected_id()
        row = next((r for r in self.model_rows() if r.id == chosen), None)
        open_ = row is not None and row.released_at is None and row.status != "cancelled"
        self.release_button.setEnabled(open_)
        self.cancel_button.setEnabled(open_)

    def model_rows(self) -> list[MilestoneInfo]:
        """The milestones shown."""
        rows = (self.model.row(number) for number in range(self.model.rowCount()))
        return [row for row in rows if row is not None]

    @classmethod
    def ask(cls, parent: QWidget | None, ctx: AppContext, contract_id: int | None = None) -> bool:
        """Show the milestones until closed; True if anything was added or released."""
        dialog = cls(parent, ctx, contract_id)
        dialog.exec()
        dialog.deleteLater()  # the window owns it: free it rather than keep it hidden
        return dialog.changed


def first_fixed(contracts: dict[int, ContractInfo]) -> int | None:
    """The first fixed-price contract, else the first contract, else None."""
    fixed = [c.id for c in contracts.values() if c.kind == "fixed"]
    return fixed[0] if fixed else next(iter(contracts), None)
