"""First run: who you are, your first client and contract, in one friendly form."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from app.core.errors import UserError
from app.core.fees import PLATFORM_SCHEDULES
from app.core.money import check_currency, parse_amount
from app.core.text import clean_name
from app.services.clients import add_client, list_clients
from app.services.contracts import add_contract, list_contracts
from app.services.lookup import name_key
from app.services.records import ContractInfo
from app.services.settings import get_settings, update_settings
from app.ui.banner import Level
from app.ui.context import AppContext
from app.ui.dialogs.base import FormDialog, currency_combo, parse_hours, platform_combo

T = TypeVar("T")


class OnboardingDialog(FormDialog):
    """Creates the first client and contract so the timer can start right away."""

    def __init__(self, parent: QWidget | None, ctx: AppContext) -> None:
        super().__init__(
            parent,
            "Welcome to Tallyhour",
            intro="<h3>Welcome!</h3>Tell Tallyhour about the work you do now: one client and"
            " one contract are enough to start the timer. You can add more, and change all of"
            " this, later.",
            ok_text="Create contract",
        )
        self.ctx = ctx
        self.your_name = QLineEdit()
        self.your_name.setPlaceholderText("printed on your invoices")
        self.currency = currency_combo("USD")
        self.client = QLineEdit()
        self.client.setPlaceholderText("e.g. Acme Ltd")
        self.platform: QComboBox = platform_combo("upwork")
        self.title = QLineEdit()
        self.title.setPlaceholderText("e.g. Website redesign")
        self.rate = QLineEdit()
        self.rate.setPlaceholderText("e.g. 45.00")
        self.limit = QLineEdit()
        self.limit.setPlaceholderText("hours per week; empty for no limit")
        self.form.addRow("Your &name", self.your_name)
        self.form.addRow("&Currency", self.currency)
        self.form.addRow("First c&lient", self.client)
        self.form.addRow("&Where", self.platform)
        self.form.addRow("Contract &title", self.title)
        self.form.addRow("Hourly &rate", self.rate)
        self.form.addRow("&Weekly limit", self.limit)

    def save(self) -> ContractInfo:
        """Save the profile, then the client (reused if it exists) and the contract."""
        problems: list[str] = []

        def checked(read: Callable[[], T]) -> T | None:
            """The value `read` gives, or None with its refusal noted (in the form's order)."""
            try:
                return read()
            except UserError as refusal:
                problems.append(str(refusal))
                return None

        currency = checked(lambda: check_currency(self.currency.currentText()))
        checked(lambda: clean_name(self.client.text(), what="client name"))
        checked(lambda: clean_name(self.title.text(), what="contract title"))
        rate = checked(lambda: parse_amount(self.rate.text(), what="hourly rate", allow_zero=False))
        limit = checked(lambda: parse_hours(self.limit.text()))
        platform = str(self.platform.currentData())
        if problems or currency is None or rate is None:
            raise UserError("\n".join(problems))
        name, client_name, title = self.your_name.text(), self.client.text(), self.title.text()
        db, now = self.ctx.db, self.ctx.clock()

        def create() -> ContractInfo:
            """The client (reused if it exists), the contract and the profile, in one write."""
            existing = {name_key(c.name): c for c in list_clients(db)}
            client = existing.get(name_key(client_name)) or add_client(db, client_name, now=now)
            contract = add_contract(
                db,
                title,
                client=client.id,
                hourly_rate=rate,
                platform=platform,
                fee_schedule=PLATFORM_SCHEDULES[platform],
                weekly_limit_hours=limit,
                currency=currency,
                now=now,
            )
            update_settings(
                db, name=name, home_currency=currency, default_rate=str(rate), onboarded=True
            )
            return contract

        return self.ctx.wait(create, initiator=self)

    @classmethod
    def ask(cls, parent: QWidget | None, ctx: AppContext) -> ContractInfo | None:
        """Run the first-run form; None if the user skipped it."""
        dialog = cls(parent, ctx)
        return dialog.saved if dialog.exec() and isinstance(dialog.saved, ContractInfo) else None


def onboard_if_new(parent: QWidget, ctx: AppContext) -> bool:
    """Ask a new user (not onboarded, no contract yet) for a first contract; whether it asked."""
    if get_settings(ctx.db).onboarded or list_contracts(ctx.db):
        return False
    contract = OnboardingDialog.ask(parent, ctx)
    if contract is not None:
        ctx.notify(
            f"All set: “{contract.title}” is picked; type a memo and press Ctrl+Space to start.",
            Level.INFO,
        )
    return True
