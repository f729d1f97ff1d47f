"""Small questions the document dialogs ask: the e-mail to send, a password, a note, a yes/no.

Each has a classmethod `ask(...)` that tests replace.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import UserError
from app.services.sending import Draft
from app.ui.dialogs.base import FormDialog
from app.ui.documents.common import sentence


def plain_intro(dialog: FormDialog, intro: str) -> None:
    """Show a dialog's intro as typed: names in it are data, never markup."""
    for label in dialog.findChildren(QLabel):
        if label.text() == intro:
            label.setTextFormat(Qt.TextFormat.PlainText)


class ComposeDialog(FormDialog):
    """The e-mail to the client: the address from the client record, subject and text editable."""

    def __init__(self, parent: QWidget | None, draft: Draft, attachment: str) -> None:
        super().__init__(
            parent,
            "Send to client",
            intro="Check the message before it goes out. The PDF is attached when sending.",
            ok_text="Send",
        )
        self.to = QLabel(f"<b>{html.escape(draft.to)}</b>  (from the client record)")
        self.to.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.to.setToolTip("Change it in Contracts → Clients…")
        self.subject = QLineEdit(draft.subject)
        self.body = QPlainTextEdit(draft.body)
        self.body.setMinimumHeight(220)
        self.attachment = QLabel(f"{attachment}  (PDF, made when sending)")
        self.attachment.setTextFormat(Qt.TextFormat.PlainText)
        self.attachment.setEnabled(False)
        self.address = draft.to
        self.form.addRow("To", self.to)
        self.form.addRow("&Subject", self.subject)
        self.form.addRow("&Message", self.body)
        self.form.addRow("Attached", self.attachment)
        layout = self.layout()
        if isinstance(layout, QVBoxLayout):
            layout.setStretchFactor(self.form, 10)  # a taller dialog gives the message room
        self.resize(640, 460)
        self.subject.setFocus()

    def save(self) -> Draft:
        """The message as edited."""
        if not self.subject.text().strip():
            raise UserError("the subject must not be empty")
        return Draft(self.address, self.subject.text(), self.body.toPlainText())

    @classmethod
    def ask(cls, parent: QWidget | None, draft: Draft, attachment: str) -> Draft | None:
        """The message to send, or None if the user cancelled."""
        dialog = cls(parent, draft, attachment)
        return dialog.saved if dialog.exec() and isinstance(dialog.saved, Draft) else None


class PasswordDialog(FormDialog):
    """The SMTP password, asked because the keyring does not hold it."""

    def __init__(self, parent: QWidget | None, needed: str, keyring: str | None) -> None:
        if keyring is None:
            why = (
                "This machine has no keyring, so the password is not stored: you will be"
                " asked each time you send."
            )
        else:
            why = (
                "It is not in the keyring yet. To stop being asked, save it once in"
                " Settings → E-mail."
            )
        intro = f"{sentence(needed)} {why}"
        super().__init__(parent, "E-mail password", intro=intro, ok_text="Send")
        plain_intro(self, intro)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("used for this message only")
        self.form.addRow("&Password", self.password)

    def save(self) -> str:
        """The password typed."""
        if not self.password.text():
            raise UserError("type the password, or cancel to send nothing")
        return self.password.text()

    @classmethod
    def ask(cls, parent: QWidget | None, needed: str, keyring: str | None) -> str | None:
        """The password to use for one sending, or None if the user cancelled."""
        dialog = cls(parent, needed, keyring)
        return dialog.saved if dialog.exec() and isinstance(dialog.saved, str) else None


class NoteDialog(FormDialog):
    """A note to record with a change (the client's reason for a dispute); the action saves."""

    def __init__(
        self,
        parent: QWidget | None,
        *,
        title: str,
        intro: str,
        ok_text: str,
        action: Callable[[str], object],
        placeholder: str = "",
    ) -> None:
        super().__init__(parent, title, intro=intro, ok_text=ok_text)
        plain_intro(self, intro)
        self.action = action
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText(placeholder)
        self.note.setFixedHeight(96)
        self.form.addRow("&Note", self.note)

    def save(self) -> object:
        """Run the action with the note; a refusal stays in the dialog."""
        return self.action(self.note.toPlainText())

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        *,
        title: str,
        intro: str,
        ok_text: str,
        action: Callable[[str], object],
        placeholder: str = "",
    ) -> object | None:
        """What the action returned, or None if the user cancelled."""
        dialog = cls(
            parent,
            title=title,
            intro=intro,
            ok_text=ok_text,
            action=action,
            placeholder=placeholder,
        )
        return dialog.saved if dialog.exec() else None


class Confirm:
    """A yes/no question before something that cannot be taken back."""

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, text: str, ok_text: str) -> bool:
        """Whether the user pressed the OK button."""
        box = QMessageBox(
            QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.Cancel, parent
        )
        box.setTextFormat(Qt.TextFormat.PlainText)  # contract titles are data, not markup
        ok = box.addButton(ok_text, QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is ok
