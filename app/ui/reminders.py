"""Reminders in the window: no timer in working hours, a very long timer, time away.

The rules are in `app.core.reminders`; this object asks them on the window's clock tick
(reading idle time at most every few seconds) and shows each reminder in the message
strip, or asks what to do with time away. Each is a setting and easy to turn off. A
locked screen or a suspend (heard from the session watch) is time away as well, asked
about on return with the same question and the same threshold as idle time.
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, SignalInstance
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from app.core.durations import parse_span
from app.core.errors import UserError
from app.core.instants import to_local
from app.core.reminders import (
    Away,
    IdleTracker,
    long_timer_reminder_due,
    no_timer_reminder_due,
)
from app.models.database import is_storage_failure
from app.services.plain_reads import timer_status
from app.services.records import TimerStatus
from app.services.settings import Settings, get_settings
from app.services.timer import drop_idle_time, heartbeat, stop_timer
from app.ui import formatting as fmt
from app.ui.banner import Level
from app.ui.context import AppContext
from app.ui.idle_source import IdleSource, system_idle_source
from app.ui.session_watch import SessionWatch
from app.ui.worker import describe_error

if TYPE_CHECKING:
    from app.ui.timer_bar import TimerBar

#: How often the idle time is read, and the settings read again.
IDLE_EVERY = timedelta(seconds=5)
SETTINGS_EVERY = timedelta(minutes=1)
KEEP, DISCARD, STOP = "keep", "discard", "stop"
#: Why the user was away: no input, a locked screen, a sleeping machine.
IDLE, LOCK, SLEEP = "idle", "lock", "sleep"


def system_session_watch(parent: QObject) -> SessionWatch:
    """The desktop's own lock and suspend signals (tests replace this)."""
    return SessionWatch.of_this_desktop(parent)


class Reminders(QObject):
    """Watches the clock, the timer and the user's idle time for the window.

    It checks on each `tick`, reads the timer's state from `timer_bar`, says its reminders
    through the context and asks its questions over `parent`.
    """

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget,
        timer_bar: TimerBar,
        tick: SignalInstance,
        idle_source: IdleSource | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx, self.parent_widget, self.timer_bar = ctx, parent, timer_bar
        self.idle_source = idle_source or system_idle_source()
        self._settings: Settings | None = None
        self._settings_at: datetime | None = None
        self._idle_at: datetime | None = None
        self._idle = IdleTracker(0)
        self._no_timer_shown: datetime | None = None
        self._long_asked_for: int | None = None
        self._asking = False
        #: When the screen locked or the machine went to sleep with the timer running.
        self._left: tuple[datetime, str] | None = None
        tick.connect(self.check)
        self.listen(system_session_watch(self))

    def listen(self, watch: SessionWatch) -> None:
        """Hear screen locks and suspends from `watch`."""
        watch.went_away.connect(self.went_away)
        watch.came_back.connect(self.came_back)

    def went_away(self, reason: str) -> None:
        """The screen locked or the machine is going to sleep: remember when the user left."""
        if self._left is not None or not self.timer_bar.status.running:
            return
        now = self.ctx.clock()
        # A screen that locks itself does so after the idle time began: the user left then.
        since = self._idle.away_since
        self._left = (min(since, now) if since is not None else now, reason)

    def came_back(self) -> None:
        """The screen unlocked or the machine woke: ask about the time away, as after idle."""
        left, self._left = self._left, None
        self._idle.away_since, self._idle_at = None, None  # one question per absence
        if left is None or self._asking:
            return
        since, reason = left
        now = self.ctx.clock()
        try:
            threshold = self.settings(now).idle_minutes * 60
            status = timer_status(self.ctx.db, now=now)
            if threshold <= 0 or not status.running or status.started_at is None:
                return
            away = Away(max(since, status.started_at), now)
            if away.seconds < threshold or QApplication.activeModalWidget() is not None:
                return  # short, or already asked (the unwatched-timer question after a sleep)
            db = self.ctx.db  # watched again: the gap question stays away
            self.ctx.wait(lambda: heartbeat(db, now=now), initiator=self)
        except Exception as error:
            if not is_storage_failure(error):
                raise
            return  # the window's poll already says the database does not answer
        self._ask_about(away, reason)

    def settings(self, now: datetime) -> Settings:
        """The reminder settings, read again once a minute (they change in Settings)."""
        read_at = self._settings_at
        if (
            self._settings is None
            or read_at is None
            or not read_at <= now < read_at + SETTINGS_EVERY
        ):
            self._settings, self._settings_at = get_settings(self.ctx.db), now
            self._idle.threshold = self._settings.idle_minutes * 60
        return self._settings

    def check(self) -> None:
        """Ask each reminder rule once (the window's tick calls this)."""
        if self._asking:
            return
        now = self.ctx.clock()
        try:
            settings = self.settings(now)
        except Exception as error:
            if not is_storage_failure(error):
                raise
            return  # the window's poll already says the database does not answer
        status = self.timer_bar.status
        self._check_idle(now, status.running)
        if status.running and status.started_at is not None:
            elapsed = int((now - status.started_at).total_seconds())
            self._check_long_timer(settings, status.entry_id, elapsed)
        elif settings.remind_no_timer:
            self._check_no_timer(settings, now)

    def _check_no_timer(self, settings: Settings, now: datetime) -> None:
        """Remind that no timer runs, during working hours."""
        try:
            hours = parse_span(settings.working_hours)
        except UserError:
            return
        local = to_local(now, self.ctx.zone).replace(tzinfo=None)
        if no_timer_reminder_due(local, hours, running=False, last_shown=self._no_timer_shown):
            self._no_timer_shown = local
            self.ctx.notify(
                "No timer is running. Pick a contract and start it, or turn this reminder off"
                " in Settings → Reminders.",
                Level.INFO,
                ("Start", self.timer_bar.toggle),
            )

    def _check_long_timer(self, settings: Settings, entry_id: int | None, seconds: int) -> None:
        """Ask "still working?" once per entry after the set number of hours."""
        asked = self._long_asked_for == entry_id
        if long_timer_reminder_due(seconds, settings.remind_long_timer_hours, asked=asked):
            self._long_asked_for = entry_id
            self.ctx.notify(
                f"The timer has been running for {fmt.hours_words(seconds)}. Still working?",
                Level.WARNING,
                ("Stop now", self.timer_bar.stop),
            )

    def _check_idle(self, now: datetime, running: bool) -> None:
        """Read the idle time now and then; ask on return after an absence."""
        if self._idle.threshold <= 0 or self._left is not None:
            return  # off, or the session is away (locked or asleep): asked on its return
        if self._idle_at is not None and timedelta(0) <= now - self._idle_at < IDLE_EVERY:
            return
        self._idle_at = now
        away = self._idle.reading(now, self.idle_source(), running=running)
        if away is not None and away.seconds >= self._idle.threshold:
            self._ask_about(away)

    def _ask_about(self, away: Away, reason: str = IDLE) -> None:
        """Ask what to do with the time away, and do it (an operation)."""
        ctx = self.ctx
        self._asking = True
        try:
            status = self.timer_bar.status
            choice = IdleDialog.ask(
                self.parent_widget, away, status.contract or "", ctx.zone, reason
            )
        finally:
            self._asking = False
        db, now = ctx.db, ctx.clock()
        if choice == DISCARD:

            def act() -> object:
                return drop_idle_time(db, away.since, back=away.back, now=now)

        elif choice == STOP:
            stop_at = max(away.since, status.started_at or away.since)

            def act() -> object:
                return stop_timer(db, at=stop_at, now=now)

        else:
            return

        def op() -> TimerStatus:
            act()
            return timer_status(db, now=now)

        def refused(error: Exception) -> None:
            ctx.notify(describe_error(error, db.url), Level.ERROR)

        ctx.run(op, self.timer_bar.set_status, initiator=self, on_failure=refused)


class IdleDialog(QDialog):
    """After time away: keep the time, take it out and go on, or stop when the user left."""

    def __init__(
        self,
        parent: QWidget | None,
        away: Away,
        contract: str,
        zone: tzinfo | None,
        reason: str = IDLE,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("You were away")
        self.choice = KEEP
        left = fmt.local_time(away.since, zone)
        what = {
            IDLE: "No keyboard or mouse",
            LOCK: "The screen was locked",
            SLEEP: "The computer was asleep",
        }[reason]
        text = QLabel(
            f"{what} for {fmt.hours_words(away.seconds)}, since {left}, while"
            f" the timer on {contract} ran. What should happen to that time?"
        )
        text.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 18, 22, 18)
        layout.setSpacing(10)
        layout.addWidget(text)
        for choice, caption in (
            (KEEP, "&Keep it: I was working"),
            (DISCARD, f"&Discard the {fmt.hours_words(away.seconds)} and keep timing"),
            (STOP, f"&Stop the timer at {left}, when I left"),
        ):
            button = QPushButton(caption)
            button.setMinimumHeight(32)
            button.clicked.connect(lambda _checked=False, c=choice: self._choose(c))
            layout.addWidget(button)
            if choice == DISCARD:
                button.setDefault(True)
        self.setMinimumWidth(480)

    def _choose(self, choice: str) -> None:
        """Remember the choice and close."""
        self.choice = choice
        self.accept()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        away: Away,
        contract: str,
        zone: tzinfo | None,
        reason: str = IDLE,
    ) -> str:
        """The user's choice: keep, discard or stop (closing the dialog keeps the time)."""
        dialog = cls(parent, away, contract, zone, reason)
        return dialog.choice if dialog.exec() else KEEP
