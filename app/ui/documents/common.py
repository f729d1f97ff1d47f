"""What the document dialogs share: a progress line, PDF file names and opening, mail settings."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, QUrl
from PySide6.QtGui import QColor, QDesktopServices
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from app.core.weeks import BillingWeek
from app.models.database import Database
from app.ui.context import AppContext
from app.ui.file_dialogs import ask_save_path
from app.ui.theme import colors, css

#: A caption and what pressing it does.
Action = tuple[str, Callable[[], None]]

_last_folder: Path | None = None


def open_mail_settings(parent: QWidget, ctx: AppContext) -> bool:
    """Settings on the E-mail page over a parent; True if saved."""
    from app.ui.dialogs.settings import SettingsDialog

    return SettingsDialog.ask(parent, ctx, page="mail") is not None


def clause(text: str) -> str:
    """A service message after a colon: as written, with a final full stop."""
    text = text.strip()
    return text if not text or text[-1] in ".!?…" else text + "."


def sentence(text: str) -> str:
    """A service message on its own: capital first letter, final full stop."""
    text = clause(text)
    return text[:1].upper() + text[1:]


class ActivityLine(QWidget):
    """Under a document's buttons: a busy bar and "Sending…" while working, then the outcome."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # no known length: a busy indicator
        self.bar.setTextVisible(False)
        self.bar.setFixedSize(72, 12)
        self.bar.setVisible(False)
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # messages quote user text
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.action = QPushButton()
        self.action.setVisible(False)
        self.action.clicked.connect(self._run_action)
        self._callback: Callable[[], None] | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(self.bar)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.action)
        self.setMinimumHeight(30)

    def busy(self, text: str) -> None:
        """Show work in progress."""
        self._show(text, None, None)
        self.bar.setVisible(True)

    def done(self, text: str) -> None:
        """Show a success."""
        self._show(text, colors().ok, None)

    def failed(self, text: str, action: Action | None = None) -> None:
        """Show a refusal or failure, with an optional way out."""
        self._show(text, colors().danger, action)

    def clear(self) -> None:
        """Show nothing."""
        self._show("", None, None)

    def text(self) -> str:
        """The message shown."""
        return self.label.text()

    def is_busy(self) -> bool:
        """Whether work is in progress."""
        return not self.bar.isHidden()

    def action_text(self) -> str:
        """The caption of the offered action, if any."""
        return self.action.text() if not self.action.isHidden() else ""

    def trigger_action(self) -> None:
        """Press the offered action (for keyboard users and tests)."""
        self._run_action()

    def _show(self, text: str, tint: QColor | None, action: Action | None) -> None:
        """Set the text, its colour and the action button."""
        self.bar.setVisible(False)
        self.label.setText(text)
        self.label.setStyleSheet(f"color: {css(tint)};" if tint is not None else "")
        self._callback = None if action is None else action[1]
        self.action.setVisible(action is not None)
        if action is not None:
            self.action.setText(action[0])

    def _run_action(self) -> None:
        """Run the offered action."""
        if self._callback is not None:
            self._callback()


def documents_folder() -> Path:
    """Where PDFs are suggested: the folder used last, else the user's Documents folder."""
    if _last_folder is not None and _last_folder.is_dir():
        return _last_folder
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found and Path(found).is_dir() else Path.home()


def file_safe(text: str) -> str:
    """Text usable in a file name ("API work" → "API-work")."""
    # The same rule as the attachment names of `services.sending`.
    cleaned = "".join(char if char.isalnum() or char in "-_." else "-" for char in text)
    return cleaned.strip("-.")[:60] or "document"


def timesheet_file_name(contract_title: str, week: BillingWeek) -> str:
    """The suggested name of a timesheet PDF, "timesheet-API-work-2026-W10.pdf"."""
    return f"timesheet-{file_safe(contract_title)}-{week.label}.pdf"


def invoice_file_name(number: str | None, invoice_id: int) -> str:
    """The suggested name of an invoice PDF, "invoice-INV-2026-0001.pdf"."""
    return f"invoice-{file_safe(number or f'draft-{invoice_id}')}.pdf"


def choose_pdf_target(parent: QWidget | None, title: str, name: str, db: Database) -> Path | None:
    """Ask where to save a PDF (None if cancelled); remembers the folder for next time."""
    global _last_folder
    suggested = documents_folder() / name
    path = ask_save_path(parent, title, suggested, "PDF documents (*.pdf)", db=db)
    if path is None:
        return None
    if path.suffix.lower() != ".pdf":
        path = path.with_name(path.name + ".pdf")
    _last_folder = path.parent
    return path


def open_document(path: Path) -> bool:
    """Open a saved PDF in the user's viewer (tests replace this); False if none opened it."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
