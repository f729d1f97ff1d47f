"""File → Move to a server…: copy every table into an empty database, off the GUI thread.

The same service as `tallyhour db copy --to URL`. A password typed here goes to the OS
keyring for that server (never into the URL, a file or a message).
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox, QLineEdit, QWidget

from app.core.errors import UserError
from app.models.database import Database
from app.services.transfer import MoveReport, copy_to_url
from app.ui.dialogs.base import FormDialog
from app.ui.worker import Worker

PLACEHOLDER = "postgresql://you@db.example/tallyhour"


def move_database(db: Database, url: str, password: str) -> MoveReport:
    """Keep the password in the keyring (if one is given), then copy every table."""
    url = url.strip()
    if not url:
        raise UserError("give the URL of an empty database, e.g. " + PLACEHOLDER)
    if password:
        from app.models.database import resolve_url
        from app.services.opening import server_account
        from app.services.secrets import store_password

        resolved = resolve_url(url)
        if not resolved.startswith("postgres"):
            raise UserError("a password is only needed for a server")
        store_password(server_account(resolved), password)
    return copy_to_url(db, url)


class MoveDatabaseDialog(FormDialog):
    """The target URL and its password; Copy runs on the worker and reports here."""

    def __init__(self, parent: QWidget | None, db: Database, worker: Worker) -> None:
        super().__init__(
            parent,
            "Move to a server",
            intro="Copies every table of this database into an empty PostgreSQL database"
            " (or SQLite file) and checks the copy. This database is not changed.",
            ok_text="Copy",
        )
        self.db, self.worker = db, worker
        self.url = QLineEdit()
        self.url.setPlaceholderText(PLACEHOLDER)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("kept in the OS keyring; empty if ~/.pgpass has it")
        self.form.addRow("Database URL", self.url)
        self.form.addRow("Password", self.password)
        self.report: MoveReport | None = None

    def accept(self) -> None:
        """Start the copy; the dialog closes when it succeeded, or shows why not."""
        url, password = self.url.text(), self.password.text()
        self._busy(True)
        self.show_error("Copying…")
        db = self.db
        self.worker.submit(lambda: move_database(db, url, password), self._done, self._failed)

    def _done(self, report: object) -> None:
        """The copy is checked: close with its report."""
        assert isinstance(report, MoveReport)
        self.report = report
        self.saved = report
        self._busy(False)
        self.done(FormDialog.DialogCode.Accepted)

    def _failed(self, error: Exception) -> None:
        """Show the refusal (or the storage error) and let the user try again."""
        self._busy(False)
        if isinstance(error, UserError):
            self.show_error(str(error))
            return
        from app.models.storage_errors import describe_storage_error

        described = describe_storage_error(error, self.url.text().strip() or None)
        detail = described or type(error).__name__
        self.show_error(f"The copy failed, nothing was changed: {detail}")

    def _busy(self, busy: bool) -> None:
        """Lock the fields while the copy runs."""
        for widget in (self.url, self.password):
            widget.setEnabled(not busy)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if ok is not None:
            ok.setEnabled(not busy)

    @classmethod
    def ask(cls, parent: QWidget | None, db: Database, worker: Worker) -> MoveReport | None:
        """Ask for the target and copy; the report, or None if cancelled."""
        dialog = cls(parent, db, worker)
        return dialog.report if dialog.exec() else None
