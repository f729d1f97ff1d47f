"""Every invoice in a table, with its PDF, sending, issuing, payment, voiding and deletion."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.instants import to_local
from app.services.invoices import (
    InvoiceInfo,
    delete_invoice,
    issue_invoice,
    list_invoices,
    mark_invoice_paid,
    unmark_invoice_paid,
    void_invoice,
)
from app.ui.banner import Level
from app.ui.context import AppContext
from app.ui.documents.common import ActivityLine, sentence
from app.ui.documents.invoice_dialog import invoice_name, save_invoice_pdf, send_invoice_mail
from app.ui.documents.invoice_model import InvoiceColumn, InvoicesModel, InvoicesProxy
from app.ui.documents.paid import PaidOnDialog
from app.ui.documents.profile import ensure_seller_details
from app.ui.documents.prompts import Confirm
from app.ui.documents.tasks import DocumentTasks
from app.ui.roles import ID_ROLE
from app.ui.worker import describe_error

FILTERS = (
    ("All invoices", None),
    ("Drafts", "draft"),
    ("Issued, unpaid", "issued"),
    ("Paid", "paid"),
    ("Void", "void"),
)


class InvoicesDialog(QDialog):
    """The invoices, newest number last; act on the selected one."""

    #: Invoices changed here.
    changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Invoices")
        self.ctx = ctx
        #: A change of an invoice is on its way to the writer.
        self.working = False
        self.model = InvoicesModel(self)
        self.proxy = InvoicesProxy(self)
        self.proxy.setSourceModel(self.model)
        self.show_only = QComboBox()
        for caption, status in FILTERS:
            self.show_only.addItem(caption, status)
        self.show_only.currentIndexChanged.connect(
            lambda _index: self.proxy.show_status(self.show_only.currentData())
        )
        self.count = QLabel()
        self.count.setEnabled(False)
        self.table = self._table()
        self.activity = ActivityLine()
        self.tasks = DocumentTasks(ctx, self, self.activity)
        self.tasks.busy_changed.connect(lambda _busy: self._enable())
        self.tasks.sent.connect(lambda _sent: self.reload())
        self.save_button = self._button("&Save PDF…", "Save as PDF and open it", self.save_pdf)
        self.send_button = self._button(
            "Send to &client…", "E-mail the invoice to the client", self.send
        )
        self.issue_button = self._button(
            "&Issue", "Give the draft the next number; it can no longer change", self.issue
        )
        self.paid_button = self._button(
            "Mark &paid…", "The client paid the invoice: on which day?", self.mark_paid
        )
        self.void_button = self._button(
            "&Void…", "Cancel the invoice; it keeps its number, never given again", self.void
        )
        self.delete_button = self._button(
            "&Delete draft…", "Delete a draft (issued invoices are voided)", self.delete
        )
        self._layout()
        self.reload()

    def _table(self) -> QTableView:
        """The invoices table: sortable, one row selected at a time."""
        table = QTableView()
        table.setModel(self.proxy)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(28)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(InvoiceColumn.CONTRACT, QHeaderView.ResizeMode.Stretch)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # the service's order first
        table.setSortingEnabled(True)
        table.selectionModel().selectionChanged.connect(lambda *_args: self._enable())
        return table

    def _button(self, text: str, tip: str, slot: Callable[[], None]) -> QPushButton:
        """An action on the selected invoice."""
        button = QPushButton(text)
        button.setToolTip(tip)
        button.clicked.connect(slot)
        return button

    def _layout(self) -> None:
        """The filter, the table, the actions and the outcome line."""
        top = QHBoxLayout()
        show_label = QLabel("Sho&w")
        show_label.setBuddy(self.show_only)
        top.addWidget(show_label)
        top.addWidget(self.show_only)
        top.addStretch(1)
        top.addWidget(self.count)
        actions = QHBoxLayout()
        for button in (self.save_button, self.send_button, self.issue_button):
            actions.addWidget(button)
        actions.addStretch(1)
        for button in (self.paid_button, self.void_button, self.delete_button):
            actions.addWidget(button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        layout.addWidget(self.activity)
        layout.addWidget(buttons)
        self.resize(900, 480)

    def reload(self, select: int | None = None) -> None:
        """Read the invoices again, keeping (or moving) the selection."""
        keep = self.selected()
        today = to_local(self.ctx.clock(), self.ctx.zone).date()
        rows = list_invoices(self.ctx.db)
        self.model.load(rows, today)
        self.count.setText(f"{len(rows)} invoice" + ("" if len(rows) == 1 else "s"))
        self.table.resizeColumnsToContents()
        for column in InvoiceColumn:  # room to breathe between columns
            if column is not InvoiceColumn.CONTRACT:
                self.table.setColumnWidth(column, self.table.columnWidth(column) + 16)
        wanted = select if select is not None else (None if keep is None else keep.id)
        if wanted is not None:
            self.select_invoice(wanted)
        self._enable()

    def selected(self) -> InvoiceInfo | None:
        """The invoice of the selected row."""
        rows = self.table.selectionModel().selectedRows()
        return None if not rows else self.model.row(self.proxy.mapToSource(rows[0]).row())

    def select_invoice(self, invoice_id: int) -> None:
        """Select an invoice's row, if shown."""
        for number in range(self.proxy.rowCount()):
            index = self.proxy.index(number, 0)
            if index.data(ID_ROLE) == invoice_id:
                self.table.selectRow(number)
                return

    def _enable(self) -> None:
        """Offer what the selected invoice's status allows; nothing while working."""
        info, idle = self.selected(), not self.tasks.busy() and not self.working
        status = "" if info is None else info.status
        self.save_button.setEnabled(idle and info is not None)
        self.send_button.setEnabled(idle and status in ("issued", "paid"))
        self.issue_button.setEnabled(idle and status == "draft")
        self.paid_button.setEnabled(idle and status in ("issued", "paid"))
        self.paid_button.setText("Mark un&paid" if status == "paid" else "Mark &paid…")
        self.void_button.setEnabled(idle and status == "issued")
        self.delete_button.setEnabled(idle and status == "draft")

    # -- actions -------------------------------------------------------------------------

    def save_pdf(self) -> None:
        """Save the selected invoice as PDF."""
        info = self.selected()
        if info is not None:
            save_invoice_pdf(self.tasks, info)

    def send(self) -> None:
        """E-mail the selected invoice."""
        info = self.selected()
        if info is not None:
            send_invoice_mail(self.tasks, info)

    def issue(self) -> None:
        """Issue the selected draft (asking for the name and address it prints, if unset)."""
        if self.selected() is None or not ensure_seller_details(self, self.ctx):
            return
        db, clock = self.ctx.db, self.ctx.clock
        self._change(lambda invoice_id: issue_invoice(db, invoice_id, now=clock()))

    def mark_paid(self) -> None:
        """Record the day the selected invoice was paid (asked, today by default), or undo it."""
        info = self.selected()
        if info is None:
            return
        db, clock = self.ctx.db, self.ctx.clock
        if info.status == "paid":
            self._change(lambda invoice_id: unmark_invoice_paid(db, invoice_id))
            return
        today = to_local(self.ctx.clock(), self.ctx.zone).date()
        paid_on = PaidOnDialog.ask(self, info.issue_date or today, today)
        if paid_on is not None:
            self._change(
                lambda invoice_id: mark_invoice_paid(db, invoice_id, paid_on=paid_on, now=clock())
            )

    def void(self) -> None:
        """Void the selected invoice, after asking."""
        info = self.selected()
        if info is not None and Confirm.ask(
            self,
            "Void invoice",
            f"Void invoice {invoice_name(info)}? It stays in the list with its number, which is"
            " never given again.",
            "Void",
        ):
            db = self.ctx.db
            self._change(lambda invoice_id: void_invoice(db, invoice_id))

    def delete(self) -> None:
        """Delete the selected draft, after asking."""
        info = self.selected()
        if info is not None and Confirm.ask(
            self,
            "Delete draft",
            f"Delete {invoice_name(info)}? Its time can be billed again.",
            "Delete",
        ):
            db = self.ctx.db
            self._change(lambda invoice_id: delete_invoice(db, invoice_id))

    def _change(self, action: Callable[[int], InvoiceInfo]) -> None:
        """Change the selected invoice through a service on the writer; say what happened."""
        info = self.selected()
        if info is None or self.working:
            return
        invoice_id = info.id
        self.working = True
        self._enable()

        def done(changed: InvoiceInfo) -> None:
            """Show the changed invoice and tell the window."""
            self.working = False
            text = _outcome(info, changed)
            self.reload(select=changed.id)
            self.activity.done(text)
            self.ctx.notify(text, Level.INFO)
            self.changed.emit()

        def failed(error: Exception) -> None:
            """Show the refusal; nothing changed."""
            self.working = False
            self._enable()
            self.activity.failed(sentence(describe_error(error, self.ctx.db.url)))

        self.ctx.run(lambda: action(invoice_id), done, initiator=self, on_failure=failed)


def _outcome(before: InvoiceInfo, after: InvoiceInfo) -> str:
    """What a change did, in words."""
    if before.status == "draft" and after.status == "draft":
        return f"Deleted {invoice_name(before)}."
    if before.status == "paid" and after.status == "issued":
        return f"{invoice_name(after)} is unpaid again."
    return {
        "issued": f"Issued {invoice_name(after)}.",
        "paid": f"Marked {invoice_name(after)} paid on {after.paid_on}.",
        "void": f"Voided {invoice_name(after)}; its number stays taken.",
    }.get(after.status, f"{invoice_name(after)} is {after.status}.")
