"""One contract's weekly timesheet: where it stands, its PDF, sending it, the client's answer."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import UserError
from app.core.weeks import BillingWeek
from app.reports.timesheet_data import TimesheetData
from app.services.records import ContractInfo
from app.services.sending import deliver_timesheet, timesheet_draft
from app.services.timesheets import (
    TimesheetInfo,
    approve_timesheet,
    dispute_timesheet,
    get_timesheet,
    mark_sent,
    timesheet_data,
    timesheet_pdf,
    unlock_timesheet,
)
from app.ui import formatting as fmt
from app.ui.banner import Level
from app.ui.context import AppContext
from app.ui.documents.common import ActivityLine, sentence, timesheet_file_name
from app.ui.documents.prompts import Confirm, NoteDialog
from app.ui.documents.tasks import DocumentTasks, Mail
from app.ui.documents.timesheet_status import TimesheetStatus
from app.ui.worker import describe_error


class TimesheetDialog(QDialog):
    """Save the week's timesheet as PDF, send it, and record whether the client approved it."""

    #: The timesheet's status changed (approving locks entries: the window refreshes).
    changed = Signal()

    def __init__(
        self,
        ctx: AppContext,
        contracts: list[ContractInfo],
        contract_id: int,
        week: BillingWeek,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Timesheet")
        self.ctx, self.week = ctx, week
        self.info: TimesheetInfo | None = None
        self.data: TimesheetData | None = None
        self.contract = QComboBox()
        for contract in contracts:
            self.contract.addItem(f"{contract.title} — {contract.client_name}", contract.id)
        self.contract.setCurrentIndex(max(self.contract.findData(contract_id), 0))
        self.contract.currentIndexChanged.connect(lambda _index: self.show_week(self.week))
        self.previous_button = _tool("◀", "The week before")
        self.previous_button.clicked.connect(lambda: self.show_week(self.week.previous()))
        self.next_button = _tool("▶", "The week after")
        self.next_button.clicked.connect(lambda: self.show_week(self.week.next()))
        self.week_label = QLabel()
        self.status = TimesheetStatus()
        self.save_button = _push(
            "&Save PDF…", "Save the timesheet as a PDF and open it", self.save_pdf
        )
        self.send_button = _push(
            "Send to &client…", "E-mail the PDF to the client; it is then marked sent", self.send
        )
        self.approve_button = _push(
            "Mark &approved…",
            "The client approved the timesheet (by e-mail, a reply or on paper): lock the week's entries",
            self.approve,
        )
        self.dispute_button = _push(
            "Mark &disputed…",
            "The client disputed the timesheet: record their note",
            self.dispute,
        )
        self.unlock_button = _push(
            "&Unlock week…", "Let the week's entries change again (back to draft)", self.unlock
        )
        self.activity = ActivityLine()
        self.tasks = DocumentTasks(ctx, self, self.activity)
        self.tasks.busy_changed.connect(lambda _busy: self._enable())
        self.tasks.sent.connect(lambda _sent: self._changed(""))
        self._layout()
        self.show_week(week)

    def _layout(self) -> None:
        """Contract and week on top, the status box, the two rows of actions, the outcome."""
        week_row = QHBoxLayout()
        week_row.setSpacing(6)
        week_row.addWidget(self.previous_button)
        week_row.addWidget(self.week_label)
        week_row.addWidget(self.next_button)
        week_row.addStretch(1)
        form = QFormLayout()
        form.setHorizontalSpacing(14)
        form.addRow("C&ontract", self.contract)
        form.addRow("Week", week_row)
        send_row = QHBoxLayout()
        send_row.addWidget(self.save_button)
        send_row.addWidget(self.send_button)
        send_row.addStretch(1)
        answer_row = QHBoxLayout()
        answer_row.addWidget(QLabel("Client's answer:"))
        for button in (self.approve_button, self.dispute_button, self.unlock_button):
            answer_row.addWidget(button)
        answer_row.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.setSpacing(12)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addLayout(send_row)
        layout.addLayout(answer_row)
        layout.addWidget(self.activity)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.setMinimumWidth(600)

    # -- what is shown -------------------------------------------------------------------

    def contract_id(self) -> int:
        """The chosen contract."""
        return int(self.contract.currentData())

    def status_name(self) -> str:
        """The status shown ("draft", "sent", "approved", "disputed"; "" when refused)."""
        return "" if self.info is None else self.info.status

    def show_week(self, week: BillingWeek) -> None:
        """Show a billing week of the chosen contract."""
        self.week = week
        last_day = week.ends_at - timedelta(days=1)
        self.week_label.setText(
            f"<b>{week.label}</b>  ·  {fmt.short_day(week.starts_at.date())} –"
            f" {fmt.short_day(last_day.date())} (UTC)"
        )
        self.activity.clear()  # an outcome shown was about another timesheet
        self.reload()

    def reload(self) -> None:
        """Read the timesheet's status and figures again."""
        if self.contract.currentIndex() < 0:
            self.info, self.data = None, None
            self.activity.failed("No hourly contract to show: timesheets bill hours.")
        else:
            try:
                self.info = get_timesheet(self.ctx.db, self.contract_id(), self.week)
                self.data = timesheet_data(
                    self.ctx.db,
                    self.contract_id(),
                    self.week,
                    zone=self.ctx.zone,
                    now=self.ctx.clock(),
                )
            except UserError as error:
                self.info, self.data = None, None
                self.activity.failed(sentence(str(error)))
        self.status.show_status(self.info, self.data, self.ctx.zone)
        self._enable()

    def _enable(self) -> None:
        """Offer what the status allows; nothing while saving or sending."""
        idle, info = not self.tasks.busy(), self.info
        status = "" if info is None else info.status
        self.contract.setEnabled(idle)
        self.previous_button.setEnabled(idle)
        self.next_button.setEnabled(idle)
        self.save_button.setEnabled(idle and info is not None)
        self.send_button.setEnabled(idle and status in ("draft", "sent", "disputed"))
        self.approve_button.setEnabled(idle and status in ("draft", "sent", "disputed"))
        self.dispute_button.setEnabled(idle and status in ("draft", "sent"))
        self.unlock_button.setEnabled(idle and info is not None and info.locked)

    # -- actions -------------------------------------------------------------------------

    def _title(self) -> str:
        """The chosen contract's title."""
        return self.data.contract.title if self.data is not None else "timesheet"

    def save_pdf(self) -> None:
        """Save the timesheet as a PDF, then open it."""
        ctx, contract_id, week = self.ctx, self.contract_id(), self.week
        self.tasks.save_pdf(
            "Save timesheet",
            timesheet_file_name(self._title(), week),
            lambda path: timesheet_pdf(
                ctx.db, contract_id, week, path, zone=ctx.zone, now=ctx.clock()
            ),
        )

    def send(self) -> None:
        """E-mail the timesheet to the client."""
        ctx, contract_id, week = self.ctx, self.contract_id(), self.week
        self.tasks.send(
            Mail(
                attachment=timesheet_file_name(self._title(), week),
                draft=lambda: timesheet_draft(ctx.db, contract_id, week),
                deliver=lambda draft, password: deliver_timesheet(
                    ctx.db, contract_id, week, password=password, draft=draft, now=ctx.clock()
                ),
                mark_sent=lambda sent: mark_sent(ctx.db, contract_id, week, now=sent.sent_at),
            )
        )

    def approve(self) -> None:
        """Record the client's approval; the week locks."""
        ctx, contract_id, week = self.ctx, self.contract_id(), self.week
        db, clock = ctx.db, ctx.clock
        done = NoteDialog.ask(
            self,
            title="Timesheet approved",
            intro=f"Record that the client approved {week.label} of {self._title()}. The"
            " week's entries lock; you can unlock them later.",
            ok_text="Mark approved",
            placeholder="Optional: what the client said",
            action=lambda note: ctx.wait(
                lambda: approve_timesheet(db, contract_id, week, note=note, now=clock()),
                initiator=self,
            ),
        )
        if done is not None:
            self._changed(
                f"Timesheet {week.label} of {self._title()} approved; the week is locked."
            )

    def dispute(self) -> None:
        """Record that the client disputed the week, with their note."""
        ctx, contract_id, week = self.ctx, self.contract_id(), self.week
        db, clock = ctx.db, ctx.clock
        done = NoteDialog.ask(
            self,
            title="Timesheet disputed",
            intro=f"What does the client dispute in {week.label} of {self._title()}?",
            ok_text="Mark disputed",
            placeholder="The client's note (needed)",
            action=lambda note: ctx.wait(
                lambda: dispute_timesheet(db, contract_id, week, note=note, now=clock()),
                initiator=self,
            ),
        )
        if done is not None:
            self._changed(f"Timesheet {week.label} of {self._title()} marked disputed.")

    def unlock(self) -> None:
        """Unlock an approved week, after asking."""
        if not Confirm.ask(
            self,
            "Unlock week",
            f"Unlock {self.week.label} of {self._title()}? Its entries can change again, and"
            " the client's approval is taken back: they approved the old content.",
            "Unlock",
        ):
            return
        db, contract_id, week = self.ctx.db, self.contract_id(), self.week
        text = f"{week.label} of {self._title()} is unlocked; the timesheet is a draft."
        self.unlock_button.setEnabled(False)  # once: the write is on its way
        self.ctx.run(
            lambda: unlock_timesheet(db, contract_id, week),
            lambda _info: self._changed(text),
            initiator=self,
            on_failure=self._refused,
        )

    def _refused(self, error: Exception) -> None:
        """Show why a change of the status was refused; nothing changed."""
        self._enable()
        self.activity.failed(sentence(describe_error(error, self.ctx.db.url)))

    def _changed(self, text: str) -> None:
        """Show the new status and tell the window."""
        self.reload()
        if text:
            self.activity.done(text)
            self.ctx.notify(text, Level.INFO)
        self.changed.emit()


def _tool(text: str, tip: str) -> QToolButton:
    """A small arrow button."""
    button = QToolButton()
    button.setText(text)
    button.setToolTip(tip)
    return button


def _push(text: str, tip: str, slot: Callable[[], None]) -> QPushButton:
    """A push button with a tooltip and its action."""
    button = QPushButton(text)
    button.setToolTip(tip)
    button.clicked.connect(slot)
    return button
