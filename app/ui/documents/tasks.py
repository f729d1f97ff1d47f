"""Saving a document as PDF and sending it to the client, off the GUI thread.

Both run on the window's worker (a document the dialog creates, on its writer as one
transaction) and report on the dialog's activity line and in the window's banner.
Sending composes the message first (subject and text editable), asks for the SMTP
password when the keyring does not hold it, and delivers on the worker, writing nothing;
only once the server took the message is the document marked sent, as an operation on
the window's writer (so every view hears of it). A refusal leaves it unmarked; a mark
that fails after delivery says the mail went out all the same.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from app.core.errors import UserError
from app.services import secrets
from app.services.mail import smtp_settings
from app.services.sending import Draft, PasswordNeeded, Sent
from app.ui.banner import Level
from app.ui.context import AppContext
from app.ui.documents import common
from app.ui.documents.common import ActivityLine, clause, open_mail_settings, sentence
from app.ui.documents.prompts import ComposeDialog, PasswordDialog
from app.ui.worker import describe_error

NO_SMTP = "Set up e-mail first: your mail server, user name and the address you send from."


@dataclass(frozen=True)
class Mail:
    """A document to e-mail: its file name, its draft message, and how to send it."""

    attachment: str
    #: The message from the templates (on the GUI thread: a quick read).
    draft: Callable[[], Draft]
    #: Deliver the edited message with a password (None: the keyring's); on the worker,
    #: writing nothing.
    deliver: Callable[[Draft, str | None], Sent]
    #: Mark the document sent, once delivered; an operation on the window's writer.
    mark_sent: Callable[[Sent], object]


class DocumentTasks(QObject):
    """The slow parts of a document dialog: writing its PDF and e-mailing it."""

    #: Work started (True) or ended (False): dialogs disable their buttons meanwhile.
    busy_changed = Signal(bool)
    #: A PDF was saved (its Path).
    saved = Signal(object)
    #: A document was sent and marked sent (the service's Sent).
    sent = Signal(object)

    def __init__(self, ctx: AppContext, owner: QWidget, activity: ActivityLine) -> None:
        super().__init__(owner)
        self.ctx, self.owner, self.activity = ctx, owner, activity

    def busy(self) -> bool:
        """Whether a save or a sending is on its way."""
        return self.activity.is_busy()

    def write(
        self, text: str, work: Callable[[], object], on_done: Callable[[object], None]
    ) -> None:
        """Run a write on the window's writer, one transaction; a refusal shows on the line."""
        self._start(text)

        def done(result: object) -> None:
            """Hand the result over."""
            self._stop()
            on_done(result)

        def failed(error: Exception) -> None:
            """Show the refusal."""
            self._stop()
            self.activity.failed(sentence(describe_error(error)))

        self.ctx.run(work, done, initiator=self.owner, on_failure=failed)

    # -- saving --------------------------------------------------------------------------

    def save_pdf(self, title: str, name: str, write: Callable[[Path], object]) -> None:
        """Ask where to save, write the PDF off the GUI thread, then open it."""
        target = common.choose_pdf_target(self.owner, title, name, self.ctx.db)
        if target is None:
            return
        self._start(f"Saving {target.name}…")
        self.ctx.worker.submit(lambda: write(target), lambda _r: self._saved(target), self._unsaved)

    def _saved(self, path: Path) -> None:
        """Report the saved file and open it."""
        self._stop()
        opened = common.open_document(path)
        text = f"Saved {path.name} in {path.parent}."
        if not opened:
            text += " No PDF viewer could open it."
        self.activity.done(text)
        self.ctx.notify(text, Level.INFO)
        self.saved.emit(path)

    def _unsaved(self, error: Exception) -> None:
        """Report why the PDF was not written."""
        self._stop()
        text = f"Not saved: {clause(describe_error(error))}"
        self.activity.failed(text)
        self.ctx.notify(text, Level.ERROR)

    # -- sending -------------------------------------------------------------------------

    def send(self, mail: Mail) -> None:
        """Compose the message, then send it off the GUI thread."""
        if smtp_settings(self.ctx.db) is None:
            self.activity.failed(NO_SMTP, ("E-mail settings…", self.open_mail_settings))
            return
        try:
            draft = mail.draft()
        except UserError as error:
            self.activity.failed(f"Cannot send: {clause(str(error))}")
            return
        edited = ComposeDialog.ask(self.owner, draft, mail.attachment)
        if edited is not None:
            self._submit(mail, edited, None)

    def open_mail_settings(self) -> None:
        """Open Settings → E-mail from a refusal."""
        if open_mail_settings(self.owner, self.ctx):
            self.activity.done("E-mail settings saved: you can send now.")

    def _submit(self, mail: Mail, draft: Draft, password: str | None) -> None:
        """Hand the delivery to the worker."""
        text = f"Sending {mail.attachment} to {draft.to}…"
        self._start(text)
        self.ctx.notify(text, Level.INFO)  # seen in the window even if the dialog is closed
        self.ctx.worker.submit(
            lambda: mail.deliver(draft, password),
            lambda sent: self._mark(mail, sent),
            lambda error: self._not_sent(mail, draft, error),
        )

    def _mark(self, mail: Mail, sent: object) -> None:
        """The server took the message: mark the document sent on the window's writer."""
        assert isinstance(sent, Sent)
        self.ctx.run(
            lambda: mail.mark_sent(sent),
            lambda _marked: self._sent(sent),
            initiator=self.owner,
            on_failure=lambda error: self._not_marked(mail, sent, error),
        )

    def _sent(self, sent: Sent) -> None:
        """Report a delivered message, its document marked sent."""
        self._stop()
        text = f"Sent {sent.attachment_name} to {sent.to}."
        self.activity.done(text)
        self.ctx.notify(text, Level.INFO)
        self.sent.emit(sent)

    def _not_marked(self, mail: Mail, sent: Sent, error: Exception) -> None:
        """Report a message that went out although its document could not be marked sent."""
        self._stop()
        why = describe_error(error, self.ctx.db.url)
        why = clause(why[:1].lower() + why[1:])  # after a colon, mid-sentence
        text = f"Sent {sent.attachment_name} to {sent.to}, but it could not be marked sent: {why}"
        self.activity.failed(text, ("Mark sent", lambda: self._retry_mark(mail, sent)))
        self.ctx.notify(text, Level.ERROR)

    def _retry_mark(self, mail: Mail, sent: Sent) -> None:
        """Try again to mark a delivered document sent (nothing is e-mailed again)."""
        if self.busy():
            return
        self._start(f"Marking {sent.attachment_name} sent…")
        self._mark(mail, sent)

    def _not_sent(self, mail: Mail, draft: Draft, error: Exception) -> None:
        """Ask for a missing password and try again, or report why nothing was sent."""
        self._stop()
        if isinstance(error, PasswordNeeded):
            password = PasswordDialog.ask(self.owner, str(error), secrets.keyring_backend())
            if password:
                self._submit(mail, draft, password)
            else:
                self.activity.failed("Not sent: no password was given.")
            return
        text = f"Not sent: {clause(describe_error(error))}"
        self.activity.failed(text, ("E-mail settings…", self.open_mail_settings))
        self.ctx.notify(text, Level.ERROR)

    def _start(self, text: str) -> None:
        """Show work in progress."""
        self.activity.busy(text)
        self.busy_changed.emit(True)

    def _stop(self) -> None:
        """Work ended (its outcome is shown next)."""
        self.activity.clear()
        self.busy_changed.emit(False)
