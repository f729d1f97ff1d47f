"""Ending a contract, with the feedback given and received."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QDoubleSpinBox, QPlainTextEdit, QWidget

from app.core.instants import to_local
from app.services.contracts import end_contract
from app.services.records import ContractInfo
from app.ui.context import AppContext
from app.ui.dialogs.base import FormDialog


def _stars() -> QDoubleSpinBox:
    """A star rating from 1.0 to 5.0, or none."""
    spin = QDoubleSpinBox()
    spin.setRange(0.0, 5.0)
    spin.setDecimals(1)
    spin.setSingleStep(0.5)
    spin.setSpecialValueText("no rating")
    spin.setSuffix(" ★")
    return spin


class EndContractDialog(FormDialog):
    """End a contract and record both reviews."""

    def __init__(self, parent: QWidget | None, ctx: AppContext, contract: ContractInfo) -> None:
        super().__init__(
            parent,
            "End contract",
            intro=f"End “{contract.title}” with {contract.client_name}. Record the feedback"
            " both of you left: it builds your history with the client.",
            ok_text="End contract",
        )
        self.ctx, self.contract = ctx, contract
        today = to_local(ctx.clock(), ctx.zone).date()
        self.ended_on = QDateEdit(QDate(today.year, today.month, today.day))
        self.ended_on.setCalendarPopup(True)
        self.ended_on.setDisplayFormat("d MMM yyyy")
        self.stars_given = _stars()
        self.text_given = QPlainTextEdit()
        self.text_given.setFixedHeight(64)
        self.stars_received = _stars()
        self.text_received = QPlainTextEdit()
        self.text_received.setFixedHeight(64)
        self.form.addRow("&Ended on", self.ended_on)
        self.form.addRow("Stars &given", self.stars_given)
        self.form.addRow("Feedback gi&ven", self.text_given)
        self.form.addRow("Stars &received", self.stars_received)
        self.form.addRow("Feedback rec&eived", self.text_received)

    def save(self) -> ContractInfo:
        """End the contract through the service."""
        ended = self.ended_on.date().toPython()
        assert isinstance(ended, date)
        given, received = self.stars_given.value(), self.stars_received.value()
        text_given, text_received = self.text_given.toPlainText(), self.text_received.toPlainText()
        db, now, contract_id = self.ctx.db, self.ctx.clock(), self.contract.id
        return self.ctx.wait(
            lambda: end_contract(
                db,
                contract_id,
                ended_on=ended,
                stars_given=Decimal(f"{given:.1f}") if given else None,
                text_given=text_given,
                stars_received=Decimal(f"{received:.1f}") if received else None,
                text_received=text_received,
                now=now,
            ),
            initiator=self,
        )

    @classmethod
    def ask(
        cls, parent: QWidget | None, ctx: AppContext, contract: ContractInfo
    ) -> ContractInfo | None:
        """End a contract; None if cancelled."""
        dialog = cls(parent, ctx, contract)
        return dialog.saved if dialog.exec() and isinstance(dialog.saved, ContractInfo) else None
