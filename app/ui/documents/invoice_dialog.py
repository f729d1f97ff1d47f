"""A new invoice: what it bills, grouping, tax and notes; then its PDF or sending it."""

from __future__ import annotations

import html

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import UserError
from app.core.money import parse_rate
from app.core.weeks import BillingWeek
from app.services.invoices import (
    InvoiceInfo,
    create_invoice,
    invoice_pdf,
    mark_invoice_sent,
)
from app.services.records import ContractInfo
from app.services.sending import deliver_invoice, invoice_draft
from app.ui import formatting as fmt
from app.ui.banner import Level
from app.ui.context import AppContext
from app.ui.documents.common import ActivityLine, invoice_file_name, sentence
from app.ui.documents.invoice_model import short_date
from app.ui.documents.invoice_source import InvoiceSource
from app.ui.documents.profile import ensure_seller_details
from app.ui.documents.tasks import DocumentTasks, Mail


def invoice_name(info: InvoiceInfo) -> str:
    """How an invoice is named to the user: its number, or "draft #3"."""
    return info.number or f"draft #{info.id}"


def save_invoice_pdf(tasks: DocumentTasks, info: InvoiceInfo) -> None:
    """Save an invoice as PDF (from its stored lines) and open it."""
    ctx = tasks.ctx
    tasks.save_pdf(
        "Save invoice",
        invoice_file_name(info.number, info.id),
        lambda path: invoice_pdf(ctx.db, info.id, path, zone=ctx.zone),
    )


def send_invoice_mail(tasks: DocumentTasks, info: InvoiceInfo) -> None:
    """E-mail an issued invoice to the client."""
    ctx = tasks.ctx
    tasks.send(
        Mail(
            attachment=invoice_file_name(info.number, info.id),
            draft=lambda: invoice_draft(ctx.db, info.id),
            deliver=lambda draft, password: deliver_invoice(
                ctx.db, info.id, password=password, draft=draft, now=ctx.clock()
            ),
            mark_sent=lambda sent: mark_invoice_sent(ctx.db, info.id, now=sent.sent_at),
        )
    )


class InvoiceDialog(QDialog):
    """Create (and issue) an invoice; then save its PDF or send it to the client."""

    #: An invoice was created (its InvoiceInfo).
    created = Signal(object)

    def __init__(
        self,
        ctx: AppContext,
        contracts: list[ContractInfo],
        contract_id: int | None,
        week: BillingWeek,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("New invoice")
        self.ctx = ctx
        self.invoice: InvoiceInfo | None = None
        self.contracts = {contract.id: contract for contract in contracts}
        self.contract = QComboBox()
        for contract in contracts:
            self.contract.addItem(f"{contract.title} — {contract.client_name}", contract.id)
        self.contract.setCurrentIndex(max(self.contract.findData(contract_id), 0))
        self.source = InvoiceSource(ctx, week)
        self.group_by = QComboBox()
        self.group_by.addItem("One line per day", "day")
        self.group_by.addItem("One line per memo", "memo")
        self.tax = QLineEdit("0")
        self.tax.setMaximumWidth(90)
        self.tax.setToolTip("Sales tax or VAT added on top of the subtotal, in percent")
        self.notes = QPlainTextEdit()
        self.notes.setFixedHeight(60)
        self.notes.setPlaceholderText("Printed on the invoice (optional)")
        self.issue = QCheckBox("&Issue now: give it the next number; it can no longer change")
        self.issue.setChecked(True)
        self.issue.setToolTip("Untick to keep a draft you can still delete")
        self.fields = QWidget()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setVisible(False)
        self.save_button = QPushButton("&Save PDF…")
        self.save_button.clicked.connect(self.save_pdf)
        self.send_button = QPushButton("Send to c&lient…")
        self.send_button.clicked.connect(self.send)
        self.activity = ActivityLine()
        self.tasks = DocumentTasks(ctx, self, self.activity)
        self.tasks.busy_changed.connect(lambda _busy: self._enable())
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.create_button = self.buttons.addButton(
            "&Create invoice", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.create_button.setDefault(True)
        self.buttons.accepted.connect(self.make)
        self.buttons.rejected.connect(self.reject)
        self.contract.currentIndexChanged.connect(lambda _index: self._contract_changed())
        self.source.choice_changed.connect(self._enable)
        self._layout()
        self._contract_changed()

    def _layout(self) -> None:
        """The fields, then what was created and its document buttons."""
        tax_row = QHBoxLayout()
        tax_row.addWidget(self.tax)
        tax_row.addWidget(QLabel("%"))
        tax_row.addStretch(1)
        form = QFormLayout(self.fields)
        form.setContentsMargins(0, 0, 0, 0)
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(10)
        form.addRow("C&ontract", self.contract)
        form.addRow(self.source)
        form.addRow("&Lines", self.group_by)
        tax_label = QLabel("&Tax")
        tax_label.setBuddy(self.tax)
        form.addRow(tax_label, tax_row)
        form.addRow("&Notes", self.notes)
        form.addRow("", self.issue)
        documents = QHBoxLayout()
        documents.addWidget(self.save_button)
        documents.addWidget(self.send_button)
        documents.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.setSpacing(12)
        layout.addWidget(self.fields)
        layout.addWidget(self.summary)
        layout.addLayout(documents)
        layout.addWidget(self.activity)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(600)

    def chosen_contract(self) -> ContractInfo | None:
        """The contract chosen."""
        data = self.contract.currentData()
        return None if data is None else self.contracts.get(int(data))

    def _contract_changed(self) -> None:
        """Offer what the chosen contract can bill."""
        self.source.set_contract(self.chosen_contract())
        self.activity.clear()
        self._enable()

    def _enable(self) -> None:
        """Fields before creation, document buttons after; nothing while working."""
        idle, made = not self.tasks.busy(), self.invoice
        self.fields.setEnabled(idle)
        self.fields.setVisible(made is None)
        self.group_by.setEnabled(self.source.uses_time())
        self.create_button.setVisible(made is None)
        self.create_button.setEnabled(idle)
        self.save_button.setVisible(made is not None)
        self.send_button.setVisible(made is not None)
        self.save_button.setEnabled(idle)
        self.send_button.setEnabled(idle and made is not None and made.status == "issued")
        if made is not None and made.status == "draft":
            self.send_button.setToolTip("Issue the draft first (Documents → Invoices…)")

    def make(self) -> None:
        """Create the invoice (and issue it) on the writer; all or nothing."""
        contract = self.chosen_contract()
        try:
            if contract is None:
                raise UserError("add a contract first")
            source = self.source.chosen()
            tax = parse_rate(self.tax.text() or "0", what="tax rate")
        except UserError as error:
            self.activity.failed(sentence(str(error)))
            return
        db, zone, now = self.ctx.db, self.ctx.zone, self.ctx.clock()
        group_by, notes = str(self.group_by.currentData()), self.notes.toPlainText()
        issue = self.issue.isChecked()
        if issue and not ensure_seller_details(self, self.ctx):
            self.activity.failed("Not created: an issued invoice needs your name and address.")
            return

        def work() -> InvoiceInfo:
            """Create the invoice, issued or a draft, in one transaction (a refusal adds none)."""
            return create_invoice(
                db,
                contract.id,
                **source,
                group_by=group_by,
                tax_rate=tax,
                notes=notes,
                zone=zone,
                issue=issue,
                now=now,
            )

        self.tasks.write("Creating the invoice…", work, self._created)

    def _created(self, info: object) -> None:
        """Show what was created and offer its PDF and sending."""
        assert isinstance(info, InvoiceInfo)
        self.invoice = info
        total = fmt.money(info.total, info.currency)
        if info.status == "issued":
            text = f"Invoice {info.number} issued: {total}, due {short_date(info.due_date)}."
            heading = f"Invoice {info.number}"
            detail = f"Total {total}  ·  due {short_date(info.due_date)}"
        else:
            text = f"Draft #{info.id} saved: {total}. Issue it from Documents → Invoices…"
            heading = f"Draft invoice #{info.id}"
            detail = f"Total {total}  ·  not issued yet: Documents → Invoices… gives it a number"
        lines = [f"{info.contract_title} — {info.client_name}", info.period, detail]
        self.summary.setText(
            f"<span style='font-size: large'><b>{html.escape(heading)}</b></span><br>"
            + "<br>".join(html.escape(line) for line in lines if line)
        )
        self.summary.setVisible(True)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        if cancel is not None:
            cancel.setText("Close")
        self._enable()
        self.setWindowTitle(heading)
        self.adjustSize()
        self.ctx.notify(text, Level.INFO)
        self.created.emit(info)

    def save_pdf(self) -> None:
        """Save the created invoice as PDF."""
        if self.invoice is not None:
            save_invoice_pdf(self.tasks, self.invoice)

    def send(self) -> None:
        """E-mail the created invoice."""
        if self.invoice is not None:
            send_invoice_mail(self.tasks, self.invoice)
