"""The status box of a timesheet: draft, sent, approved or disputed, with dates and figures."""

from __future__ import annotations

from datetime import tzinfo

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget

from app.reports.timesheet_data import TimesheetData
from app.services.timesheets import TimesheetInfo
from app.ui import formatting as fmt
from app.ui.theme import colors, css, scaled_font

STATUS_NAMES = {"draft": "Draft", "sent": "Sent", "approved": "Approved", "disputed": "Disputed"}


def meaning(info: TimesheetInfo, zone: tzinfo | None) -> str:
    """What a status means, with its dates and the client's note."""
    sent = "" if info.sent_at is None else f"Sent {fmt.local_stamp(info.sent_at, zone)}. "
    decided = "" if info.decided_at is None else fmt.local_stamp(info.decided_at, zone)
    note = f"\nClient's note: “{info.client_note}”" if info.client_note else ""
    return {
        "draft": "Not sent yet.",
        "sent": f"{sent}Waiting for the client to approve it.",
        "approved": f"{sent}Approved {decided}; the week's entries are locked.{note}",
        "disputed": f"{sent}Disputed {decided}.{note}",
    }[info.status]


def figures(data: TimesheetData) -> str:
    """The week's hours and amount as the client sees them (rich text)."""
    money = fmt.money(data.amount, data.contract.currency)
    text = (
        f"{fmt.duration(data.tracked_seconds)} h tracked  ·  "
        f"{fmt.duration(data.billable_seconds)} h billable  ·  <b>{money}</b> due"
    )
    if data.over_limit_seconds:
        text += f"<br>{fmt.duration(data.over_limit_seconds)} h over the weekly limit (not billed)"
    return text


class TimesheetStatus(QGroupBox):
    """Where the timesheet stands, what that means, and the week's figures."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Status", parent)
        self.status = QLabel()
        self.status.setFont(scaled_font(self, 1.25, bold=True))
        self.details = QLabel()
        self.details.setTextFormat(Qt.TextFormat.PlainText)  # the client's note as typed
        self.details.setWordWrap(True)
        self.figures = QLabel()
        self.figures.setWordWrap(True)
        self.document = QLabel()
        self.document.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.setSpacing(6)
        for label in (self.status, self.details, self.figures, self.document):
            layout.addWidget(label)

    def show_status(
        self, info: TimesheetInfo | None, data: TimesheetData | None, zone: tzinfo | None
    ) -> None:
        """Show a timesheet (None: nothing to show)."""
        if info is None or data is None:
            for label in (self.status, self.details, self.figures, self.document):
                label.clear()
            return
        palette = colors()
        tint = {
            "draft": palette.muted,
            "sent": palette.accent,
            "approved": palette.ok,
            "disputed": palette.danger,
        }[info.status]
        self.status.setText(STATUS_NAMES[info.status] + (" · locked" if info.locked else ""))
        self.status.setStyleSheet(f"color: {css(tint)};")
        self.details.setText(meaning(info, zone))
        self.figures.setText(figures(data))
        self.document.setText(f"Document {info.document_id}")

    def text(self) -> str:
        """The status line shown ("Sent", "Approved · locked")."""
        return self.status.text()
