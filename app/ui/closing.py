"""Closing the window while a timer runs: keep it in the tray, or quit (asked once)."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import UserError
from app.services.records import TimerStatus
from app.ui.banner import Level
from app.ui.context import AppContext

TRAY, QUIT, STOP_AND_QUIT, CANCEL = "tray", "quit", "stop", "cancel"


@dataclass(frozen=True)
class CloseChoice:
    """What to do on close, and whether to remember it (tray or quit only)."""

    action: str
    remember: bool


class CloseDialog(QDialog):
    """Asks what closing the window should do while a timer runs."""

    def __init__(self, parent: QWidget | None, contract: str, *, tray: bool) -> None:
        super().__init__(parent)
        self.setWindowTitle("The timer is running")
        self.choice = CloseChoice(CANCEL, remember=False)
        text = QLabel(
            f"The timer on <b>{escape(contract)}</b> is still running."
            + (
                " Keep it running in the system tray, or quit?"
                if tray
                else " Quitting leaves it running: it is saved, and the command line or the"
                " next start of Tallyhour can stop it."
            )
        )
        text.setWordWrap(True)
        self.remember = QCheckBox("&Don't ask again (change it in Settings → Window)")
        self.remember.setChecked(False)  # remembering is a choice the user makes
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        options = [(QUIT, "&Quit, keep timing"), (STOP_AND_QUIT, "&Stop timer and quit")]
        if tray:
            options.insert(0, (TRAY, "Keep in &tray"))
        options.append((CANCEL, "Cancel"))
        for action, caption in options:
            button = QPushButton(caption)
            button.clicked.connect(lambda _checked=False, a=action: self._choose(a))
            buttons.addWidget(button)
            if action == (TRAY if tray else QUIT):
                button.setDefault(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.setSpacing(14)
        layout.addWidget(text)
        layout.addWidget(self.remember)
        layout.addLayout(buttons)
        self.setMinimumWidth(600)

    def _choose(self, action: str) -> None:
        """Close with a choice."""
        remember = self.remember.isChecked() and action in (TRAY, QUIT)
        self.choice = CloseChoice(action, remember)
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, contract: str, *, tray: bool) -> CloseChoice:
        """Ask what closing should do; Escape cancels the close."""
        dialog = cls(parent, contract, tray=tray)
        dialog.exec()
        return dialog.choice


class CloseQuestion:
    """Decides what closing the window does: asks while a timer runs, unless told once."""

    def __init__(self, ctx: AppContext, parent: QWidget) -> None:
        self.ctx, self.parent = ctx, parent

    def decide(self, status: TimerStatus, *, can_hide: bool) -> str:
        """Tray, quit, stop and quit, or cancel, for a window whose timer shows `status`."""
        if not status.running:
            return QUIT
        from app.services.settings import get_settings, update_settings  # loads the ORM

        stored = get_settings(self.ctx.db).close_action
        if stored == "tray":
            return TRAY if can_hide else QUIT
        if stored == "quit":
            return QUIT
        choice = CloseDialog.ask(self.parent, status.contract or "", tray=can_hide)
        if choice.remember:
            db, action = self.ctx.db, choice.action
            self.ctx.wait(lambda: update_settings(db, close_action=action), initiator=self)
        return choice.action

    def stop_timer(self) -> None:
        """Stop the timer before quitting (Stop timer and quit); a refusal goes to the banner."""
        from app.services.timer import stop_timer

        db, now = self.ctx.db, self.ctx.clock()
        try:
            self.ctx.wait(lambda: stop_timer(db, now=now))
        except UserError as error:
            self.ctx.notify(str(error), Level.ERROR)
