"""A message strip above the tables: errors, warnings and "Undo" after a deletion."""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

from app.ui.theme import colors, css


class Level(Enum):
    """How serious a message is; it picks the strip's colour."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


class MessageBanner(QFrame):
    """One message at a time, with an optional action button; hides itself after a while."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self._label = QLabel()
        self._label.setWordWrap(True)
        # Messages quote user text (titles, memos): show it as typed, never as markup.
        self._label.setTextFormat(Qt.TextFormat.PlainText)
        self._label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._action = QPushButton()
        self._action.setVisible(False)
        self._action.clicked.connect(self._run_action)
        close = QToolButton()
        close.setText("✕")
        close.setAutoRaise(True)
        close.setToolTip("Dismiss")
        close.clicked.connect(self.dismiss)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 6, 6)
        layout.addWidget(self._label, 1)
        layout.addWidget(self._action)
        layout.addWidget(close)
        self._callback: Callable[[], None] | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.dismiss)
        self.level = Level.INFO
        # The strip keeps its room, two lines high, shown or not: nothing below it moves
        # under the mouse when a message comes or goes.
        lines = 2 * self._label.fontMetrics().lineSpacing()
        self.setFixedHeight(max(lines, self._action.sizeHint().height()) + 14)
        policy = self.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.setSizePolicy(policy)
        self.setVisible(False)

    def text(self) -> str:
        """The message shown (empty when hidden)."""
        return self._label.text() if not self.isHidden() else ""

    def action_text(self) -> str:
        """The caption of the action button, if one is offered."""
        return self._action.text() if not self._action.isHidden() else ""

    def show_message(
        self,
        text: str,
        level: Level = Level.INFO,
        *,
        action: tuple[str, Callable[[], None]] | None = None,
        timeout_ms: int = 12_000,
    ) -> None:
        """Show a message (replacing the one shown), with an optional (caption, callback).

        A `timeout_ms` of 0 keeps it up until dismissed or replaced.
        """
        self.level = level
        self._label.setText(text)
        self._label.setToolTip(text)  # a message longer than two lines is read in full here
        self._callback = None if action is None else action[1]
        self._action.setVisible(action is not None)
        if action is not None:
            self._action.setText(action[0])
        palette = colors()
        tint = {
            Level.INFO: palette.accent,
            Level.WARNING: palette.warning,
            Level.ERROR: palette.danger,
        }[level]
        self.setStyleSheet(
            f"#banner {{ border: 1px solid {css(tint)}; border-left: 4px solid {css(tint)};"
            " border-radius: 4px; }"
        )
        self.setVisible(True)
        self._timer.stop()
        if timeout_ms > 0:
            self._timer.start(timeout_ms if level is not Level.ERROR else 2 * timeout_ms)

    def dismiss(self) -> None:
        """Hide the message."""
        self._timer.stop()
        self._callback = None
        self.setVisible(False)

    def withdraw(self, text: str) -> None:
        """Hide the message if it is still `text` (what it offered was done another way)."""
        if self.text() == text:
            self.dismiss()

    def trigger_action(self) -> None:
        """Press the action button (for keyboard users and tests)."""
        self._run_action()

    def _run_action(self) -> None:
        """Run the offered action once and hide the strip."""
        callback = self._callback
        self.dismiss()
        if callback is not None:
            callback()
