"""The E-mail page of the settings: the SMTP server, where the password goes, the messages."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import UserError
from app.core.text import clean_email, clean_name, quoted
from app.models.database import Database
from app.services import secrets
from app.services.mail import SmtpSettings, configure_smtp, smtp_settings
from app.services.settings import Settings

#: Security choices with their usual ports.
SECURITY = (
    ("starttls", "STARTTLS (port 587)", 587),
    ("ssl", "SSL/TLS (port 465)", 465),
    ("none", "None: unencrypted (port 25)", 25),
)
TIMESHEET_PLACEHOLDERS = (
    "{week} {week_start} {week_end} {contract} {client} {hours} {amount} {name}"
)
INVOICE_PLACEHOLDERS = "{invoice_number} {contract} {client} {amount} {due_date} {name}"


def keyring_note(backend: str | None) -> str:
    """Where the password goes, in one plain line."""
    if backend is None:
        return (
            "This machine has no keyring: the password is not stored; you'll be asked when sending."
        )
    short = backend.rsplit(".", 2)[-2] if backend.endswith(".Keyring") else backend.split(".")[-1]
    if secrets.keyring_is_plaintext():
        return "Careful: " + secrets.PLAINTEXT_KEYRING.format(backend=short) + "."
    return f"The password is stored in the OS keyring ({short}), never in Tallyhour's database."


class MailPage(QWidget):
    """SMTP server, user and sender; the password (to the keyring); the message templates."""

    def __init__(self, db: Database, current: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        smtp = smtp_settings(db)
        self.configured = smtp is not None
        self.backend = secrets.keyring_backend()
        self.host = QLineEdit("" if smtp is None else smtp.host)
        self.host.setPlaceholderText("smtp.example.com")
        self.port = QSpinBox()
        self.port.setRange(1, 65_535)
        self.port.setValue(587 if smtp is None else smtp.port)
        self.security = QComboBox()
        for key, caption, _port in SECURITY:
            self.security.addItem(caption, key)
        self.security.setCurrentIndex(
            max(self.security.findData("starttls" if smtp is None else smtp.security), 0)
        )
        self.security.currentIndexChanged.connect(self._usual_port)
        self.user = QLineEdit("" if smtp is None else smtp.user)
        self.from_address = QLineEdit("" if smtp is None else smtp.sender)
        self.from_address.setPlaceholderText(current.email or "you@example.com")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setEnabled(self.backend is not None)
        if self.backend is None:
            self.password.setPlaceholderText("asked when sending")
        elif smtp is not None:
            self.password.setPlaceholderText("leave empty to keep the stored password")
        self.where = QLabel(keyring_note(self.backend))
        self.where.setWordWrap(True)
        self.where.setEnabled(False)
        self.where.setToolTip(self.backend or "no keyring backend")
        self.templates = QTabWidget()
        self.timesheet_subject, self.timesheet_body = self._template(
            "Timesheet e-mail",
            current.mail_timesheet_subject,
            current.mail_timesheet_body,
            TIMESHEET_PLACEHOLDERS,
        )
        self.invoice_subject, self.invoice_body = self._template(
            "Invoice e-mail",
            current.mail_invoice_subject,
            current.mail_invoice_body,
            INVOICE_PLACEHOLDERS,
        )
        form = QFormLayout()
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(8)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("SMTP &host", self.host)
        form.addRow("&Security", self.security)
        form.addRow("P&ort", self.port)
        form.addRow("&User name", self.user)
        form.addRow("&From address", self.from_address)
        form.addRow("Pass&word", self.password)
        form.addRow("", self.where)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 14, 14, 14)
        layout.setSpacing(12)
        layout.addLayout(form)
        layout.addWidget(self.templates, 1)

    def _template(
        self, title: str, subject: str, body: str, placeholders: str
    ) -> tuple[QLineEdit, QPlainTextEdit]:
        """A tab with a subject line, a message and the placeholders it may use."""
        page = QWidget()
        subject_edit = QLineEdit(subject)
        body_edit = QPlainTextEdit(body)
        body_edit.setMinimumHeight(110)
        hint = QLabel(f"Placeholders: {placeholders}")
        hint.setWordWrap(True)
        hint.setEnabled(False)
        form = QFormLayout(page)
        form.setContentsMargins(10, 10, 10, 10)
        form.setVerticalSpacing(8)
        form.addRow("Subject", subject_edit)
        form.addRow("Message", body_edit)
        form.addRow("", hint)
        self.templates.addTab(page, title)
        return subject_edit, body_edit

    def _usual_port(self) -> None:
        """Switch to the chosen security's usual port, unless a custom port was typed."""
        usual = {port for _key, _caption, port in SECURITY}
        if self.port.value() in usual:
            self.port.setValue(SECURITY[self.security.currentIndex()][2])

    def template_changes(self) -> dict[str, str]:
        """The message templates, for `update_settings`."""
        return {
            "mail_timesheet_subject": self.timesheet_subject.text(),
            "mail_timesheet_body": self.timesheet_body.toPlainText(),
            "mail_invoice_subject": self.invoice_subject.text(),
            "mail_invoice_body": self.invoice_body.toPlainText(),
        }

    def server(self) -> dict[str, Any] | None:
        """The SMTP settings typed, checked as `configure_smtp` will (None: e-mail not used)."""
        texts = (self.host.text(), self.user.text(), self.from_address.text(), self.password.text())
        if not self.configured and not any(text.strip() for text in texts):
            return None
        host = clean_name(self.host.text(), what="SMTP host")
        if " " in host or "/" in host:
            raise UserError(f"SMTP host {quoted(host)} is not a host name")
        sender = clean_email(self.from_address.text(), what="sender address")
        if not sender:
            raise UserError("a from address is needed to send e-mail")
        return {
            "host": host,
            "port": self.port.value(),
            "security": str(self.security.currentData()),
            "user": clean_name(self.user.text(), what="SMTP user"),
            "sender": sender,
            "password": self.password.text() or None,
        }

    def save_server(self, db: Database, server: dict[str, Any]) -> tuple[SmtpSettings, bool]:
        """Store the SMTP settings, the password in the keyring; (settings, password stored)."""
        return configure_smtp(db, **server)
