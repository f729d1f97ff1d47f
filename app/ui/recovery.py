"""The gap dialog: a running timer went unwatched (crash, sleep, power cut). Keep, trim, stop?"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from app.core.errors import UserError
from app.services.plain_reads import stale_gap, timer_status
from app.services.records import TimerStatus
from app.services.timer import resolve_gap
from app.ui import formatting as fmt
from app.ui.banner import Level
from app.ui.context import AppContext

#: The choices, as `resolve_gap` names them.
KEEP, TRIM, STOP = "keep", "trim", "stop"


class RecoveryDialog(QDialog):
    """Asks what to do with the time a timer ran while Tallyhour was not watching it."""

    def __init__(
        self,
        parent: QWidget | None,
        status: TimerStatus,
        gap: timedelta,
        now: datetime,
        zone: tzinfo | None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Timer still running")
        self.choice = KEEP
        assert status.started_at is not None and status.heartbeat_at is not None
        last_seen = fmt.local_stamp(status.heartbeat_at, zone)
        text = QLabel(
            f"<p>The timer on <b>{_escape(status.contract or '')}</b> has been running since"
            f" {fmt.local_stamp(status.started_at, zone)}, but Tallyhour last saw it at"
            f" {last_seen} — {fmt.hours_words(int(gap.total_seconds()))} ago.</p>"
            "<p>The computer may have slept, or Tallyhour closed unexpectedly."
            " What should happen to that time?</p>"
        )
        text.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 18, 22, 18)
        layout.setSpacing(10)
        layout.addWidget(text)
        total = int((now - status.started_at).total_seconds())
        until_seen = int((status.heartbeat_at - status.started_at).total_seconds())
        for choice, caption in (
            (KEEP, f"&Keep all the time ({fmt.hours_words(total)}), timer keeps running"),
            (TRIM, f"Stop at the &last sign of life, {last_seen} ({fmt.hours_words(until_seen)})"),
            (STOP, f"Stop &now ({fmt.hours_words(total)})"),
        ):
            button = QPushButton(caption)
            button.setMinimumHeight(32)
            button.clicked.connect(lambda _checked=False, c=choice: self._choose(c))
            layout.addWidget(button)
            if choice == TRIM:
                button.setDefault(True)
        self.setMinimumWidth(520)

    def _choose(self, choice: str) -> None:
        """Close with a choice."""
        self.choice = choice
        self.accept()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        status: TimerStatus,
        gap: timedelta,
        now: datetime,
        zone: tzinfo | None = None,
    ) -> str:
        """Ask keep, trim or stop; closing the dialog keeps the time (nothing is lost)."""
        dialog = cls(parent, status, gap, now, zone)
        dialog.exec()
        return dialog.choice


def recover(
    parent: QWidget | None, ctx: AppContext, status: TimerStatus, now: datetime
) -> TimerStatus:
    """If the running timer went unwatched too long, ask and act; returns the new status."""
    gap = stale_gap(status, now)
    return status if gap is None else ask_about_gap(parent, ctx, status, gap, now)


def ask_about_gap(
    parent: QWidget | None, ctx: AppContext, status: TimerStatus, gap: timedelta, now: datetime
) -> TimerStatus:
    """Ask what to do with the time a watched timer went unwatched, and do it; the status after.

    A refusal goes to the banner, and the status is read again.
    """
    try:
        choice = RecoveryDialog.ask(parent, status, gap, now, ctx.zone)
        db = ctx.db
        return ctx.wait(lambda: resolve_gap(db, choice, now=now), initiator=parent)
    except UserError as error:
        ctx.notify(str(error), Level.ERROR)
        return timer_status(ctx.db, now=ctx.clock())


def _escape(text: str) -> str:
    """Text as HTML, shown as typed."""
    from html import escape

    return escape(text)
