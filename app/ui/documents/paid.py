"""Asking the day an invoice was paid (today unless the user says otherwise)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QWidget

from app.core.errors import UserError
from app.ui.dialogs.base import FormDialog


class PaidOnDialog(FormDialog):
    """One date: when the client's payment came in, between the issue date and today."""

    def __init__(self, parent: QWidget | None, issued_on: date, today: date) -> None:
        super().__init__(
            parent,
            "Invoice paid",
            intro="On which day did the client pay? (Mark it unpaid again if this was a mistake.)",
            ok_text="Mark paid",
        )
        self.day = QDateEdit(QDate(today.year, today.month, today.day))
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("ddd d MMM yyyy")
        self.day.setDateRange(
            QDate(issued_on.year, issued_on.month, issued_on.day),
            QDate(today.year, today.month, today.day),
        )
        self.form.addRow("Paid &on", self.day)

    def save(self) -> date:
        """The chosen day."""
        chosen = self.day.date().toPython()
        if not isinstance(chosen, date):
            raise UserError("pick the day the payment came in")
        return chosen

    @classmethod
    def ask(cls, parent: QWidget | None, issued_on: date, today: date) -> date | None:
        """The day the invoice was paid; None if cancelled."""
        dialog = cls(parent, issued_on, today)
        return dialog.saved if dialog.exec() and isinstance(dialog.saved, date) else None
