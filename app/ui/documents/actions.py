"""Opening the document dialogs over the window: timesheets, new invoices, the invoice list.

The week view and the contracts tab ask for a document of a contract by signal (the
window's menus connect them) and the menus call the same methods. Each dialog is
window-modal but does not block the event loop (`open()`), so saving and sending run off
the GUI thread while it shows its progress; creating, issuing, paying and approving go
through the window's writer (`AppContext`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QWidget

from app.core.errors import UserError
from app.core.weeks import BillingWeek
from app.services.contracts import list_contracts
from app.services.records import ContractInfo
from app.ui.banner import Level
from app.ui.context import AppContext
from app.ui.documents.common import open_mail_settings, sentence

if TYPE_CHECKING:
    from app.ui.documents.invoice_dialog import InvoiceDialog
    from app.ui.documents.invoice_list import InvoicesDialog
    from app.ui.documents.timesheet_dialog import TimesheetDialog

# The dialogs (and the PDF and mail code behind them) load when first opened, which
# keeps them out of the window's start-up.


class DocumentActions(QObject):
    """Opens timesheets and invoices for a contract; tells the window when they changed."""

    #: Timesheet statuses or invoices changed (approval locks entries: refresh the views).
    changed = Signal()

    def __init__(
        self, ctx: AppContext, window: QWidget, shown_week: Callable[[], BillingWeek]
    ) -> None:
        super().__init__(window)
        self.ctx, self.window, self.shown_week = ctx, window, shown_week
        self.timesheet_dialog: TimesheetDialog | None = None
        self.invoice_dialog: InvoiceDialog | None = None
        self.invoices_dialog: InvoicesDialog | None = None
        self._open: list[QDialog] = []

    def timesheet(self, contract_id: object = None) -> TimesheetDialog | None:
        """The timesheet of a contract (default: the first hourly one) for the shown week."""
        from app.services.timesheets import timesheet_data
        from app.ui.documents.timesheet_dialog import TimesheetDialog

        week, contracts = self.shown_week(), self._contracts()
        hourly = [contract for contract in contracts if contract.kind == "hourly"]
        if isinstance(contract_id, int):
            try:  # the service's refusal, e.g. of a fixed-price contract
                timesheet_data(self.ctx.db, contract_id, week, now=self.ctx.clock())
            except UserError as error:
                self.ctx.notify(sentence(str(error)), Level.ERROR)
                return None
        elif not hourly:
            self.ctx.notify("Add an hourly contract first: timesheets bill hours.", Level.INFO)
            return None
        chosen = contract_id if isinstance(contract_id, int) else hourly[0].id
        dialog = TimesheetDialog(self.ctx, hourly, chosen, week, self.window)
        dialog.changed.connect(self.changed)
        self.timesheet_dialog = dialog
        self._show(dialog)
        return dialog

    def invoice(self, contract_id: object = None) -> InvoiceDialog | None:
        """A new invoice of a contract (default: the first), billing the shown week."""
        from app.ui.documents.invoice_dialog import InvoiceDialog

        contracts = self._contracts()
        if not contracts:
            self.ctx.notify("Add a contract first: invoices bill a contract.", Level.INFO)
            return None
        chosen = contract_id if isinstance(contract_id, int) else None
        dialog = InvoiceDialog(self.ctx, contracts, chosen, self.shown_week(), self.window)
        dialog.created.connect(lambda _info: self.changed.emit())
        self.invoice_dialog = dialog
        self._show(dialog)
        return dialog

    def invoices(self) -> InvoicesDialog:
        """The list of invoices."""
        from app.ui.documents.invoice_list import InvoicesDialog

        dialog = InvoicesDialog(self.ctx, self.window)
        dialog.changed.connect(self.changed)
        self.invoices_dialog = dialog
        self._show(dialog)
        return dialog

    def mail_settings(self) -> None:
        """Settings, on the E-mail page."""
        if open_mail_settings(self.window, self.ctx):
            self.ctx.notify("E-mail settings saved.", Level.INFO)

    def _contracts(self) -> list[ContractInfo]:
        """Every contract, the ended ones last."""
        contracts = list_contracts(self.ctx.db, now=self.ctx.clock())
        return sorted(contracts, key=lambda contract: contract.status == "ended")

    def _show(self, dialog: QDialog) -> None:
        """Show a dialog over the window; let go of closed ones with no work on the way."""
        from app.ui.documents.tasks import DocumentTasks

        for old in list(self._open):
            tasks = old.findChild(DocumentTasks)
            if not old.isVisible() and (tasks is None or not tasks.busy()):
                self._open.remove(old)
                self._forget(old)
                old.deleteLater()
        self._open.append(dialog)
        dialog.open()

    def _forget(self, dialog: QDialog) -> None:
        """Drop the reference to a dialog about to be deleted."""
        if dialog is self.timesheet_dialog:
            self.timesheet_dialog = None
        if dialog is self.invoice_dialog:
            self.invoice_dialog = None
        if dialog is self.invoices_dialog:
            self.invoices_dialog = None
