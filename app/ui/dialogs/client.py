"""Clients: add or edit one (notes, opening balance), and the list of all of them."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.money import parse_amount
from app.services.clients import add_client, edit_client, list_clients
from app.services.records import ClientInfo
from app.ui import formatting as fmt
from app.ui.context import AppContext
from app.ui.dialogs.base import FormDialog


class ClientDialog(FormDialog):
    """One client's details; the opening balance feeds the marketplace's fee tiers."""

    def __init__(
        self, parent: QWidget | None, ctx: AppContext, client: ClientInfo | None = None
    ) -> None:
        super().__init__(parent, "New client" if client is None else "Edit client")
        self.ctx, self.original = ctx, client
        self.name = QLineEdit()
        self.email = QLineEdit()
        self.address = QPlainTextEdit()
        self.address.setFixedHeight(60)
        self.billed_before = QLineEdit("0.00")
        self.billed_before.setToolTip(
            "Lifetime billings with this client before you used Tallyhour: tiered fees"
            " (Upwork 2016, PeoplePerHour) start from here."
        )
        self.verified = QCheckBox("Payment method verified")
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText("Background: rating, hire history, how they like to work…")
        self.notes.setFixedHeight(90)
        self.form.addRow("&Name", self.name)
        self.form.addRow("&E-mail", self.email)
        self.form.addRow("&Address", self.address)
        self.form.addRow("&Billed before", self.billed_before)
        self.form.addRow("", self.verified)
        self.form.addRow("N&otes", self.notes)
        if client is not None:
            self.name.setText(client.name)
            self.email.setText(client.email)
            self.address.setPlainText(client.address)
            self.billed_before.setText(f"{client.opening_balance:.2f}")
            self.verified.setChecked(client.payment_verified)
            self.notes.setPlainText(client.notes)

    def save(self) -> ClientInfo:
        """Add or change the client through the services."""
        billed = parse_amount(self.billed_before.text() or "0", what="billed before")
        name, email, address = self.name.text(), self.email.text(), self.address.toPlainText()
        notes, verified = self.notes.toPlainText(), self.verified.isChecked()
        db, now, original = self.ctx.db, self.ctx.clock(), self.original

        def store() -> ClientInfo:
            """Add the client, or change the one edited."""
            if original is None:
                return add_client(
                    db,
                    name,
                    billed_before=billed,
                    email=email,
                    address=address,
                    notes=notes,
                    payment_verified=verified,
                    now=now,
                )
            return edit_client(
                db,
                original.id,
                name=name,
                billed_before=billed,
                email=email,
                address=address,
                notes=notes,
                payment_verified=verified,
            )

        return self.ctx.wait(store, initiator=self)

    @classmethod
    def ask(
        cls, parent: QWidget | None, ctx: AppContext, client: ClientInfo | None = None
    ) -> ClientInfo | None:
        """Add a client (or edit the one given); None if cancelled."""
        dialog = cls(parent, ctx, client)
        return dialog.saved if dialog.exec() and isinstance(dialog.saved, ClientInfo) else None


class ClientsDialog(QDialog):
    """Every client with their notes; add and edit from here."""

    def __init__(self, parent: QWidget | None, ctx: AppContext) -> None:
        super().__init__(parent)
        self.setWindowTitle("Clients")
        self.ctx = ctx
        self.list = QListWidget()
        self.list.setSpacing(2)
        self.list.currentItemChanged.connect(self._show_details)
        self.list.itemActivated.connect(lambda _item: self.edit_selected())
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setMinimumWidth(280)
        add = QPushButton("&Add client…")
        add.clicked.connect(self.add_client)
        edit = QPushButton("&Edit…")
        edit.clicked.connect(self.edit_selected)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(edit)
        buttons.addStretch(1)
        buttons.addWidget(close)
        body = QHBoxLayout()
        body.addWidget(self.list, 2)
        body.addWidget(self.details, 3)
        body.setSpacing(16)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 14)
        layout.addLayout(body, 1)
        layout.addLayout(buttons)
        self.resize(680, 420)
        self.reload()

    def reload(self, select: int | None = None) -> None:
        """Read the clients again."""
        keep = select if select is not None else self._selected_id()
        self.list.clear()
        for client in list_clients(self.ctx.db):
            item = QListWidgetItem(client.name)
            item.setData(Qt.ItemDataRole.UserRole, client)
            self.list.addItem(item)
            if client.id == keep:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)

    def add_client(self) -> None:
        """Add a client."""
        client = ClientDialog.ask(self, self.ctx)
        if client is not None:
            self.reload(select=client.id)

    def edit_selected(self) -> None:
        """Edit the selected client."""
        item = self.list.currentItem()
        if item is None:
            return
        client = ClientDialog.ask(self, self.ctx, item.data(Qt.ItemDataRole.UserRole))
        if client is not None:
            self.reload(select=client.id)

    def _selected_id(self) -> int | None:
        """The id of the selected client."""
        item = self.list.currentItem()
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole).id)

    def _show_details(self, item: QListWidgetItem | None) -> None:
        """Show the chosen client's details and notes."""
        if item is None:
            self.details.setText("")
            return
        client: ClientInfo = item.data(Qt.ItemDataRole.UserRole)
        lines = [f"<b>{_escape(client.name)}</b>"]
        if client.email:
            lines.append(_escape(client.email))
        if client.address:
            lines.append(_escape(client.address).replace("\n", "<br>"))
        if client.opening_balance > Decimal(0):
            lines.append(f"Billed before Tallyhour: {fmt.amount(client.opening_balance)}")
        lines.append("Payment verified" if client.payment_verified else "Payment not verified")
        if client.notes:
            lines.append("<br>" + _escape(client.notes).replace("\n", "<br>"))
        self.details.setText("<br>".join(lines))

    @classmethod
    def ask(cls, parent: QWidget | None, ctx: AppContext) -> None:
        """Show the clients until closed."""
        cls(parent, ctx).exec()


def _escape(text: str) -> str:
    """Text as HTML, shown as typed."""
    from html import escape

    return escape(text)
