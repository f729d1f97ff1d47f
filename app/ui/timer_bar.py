"""The timer bar: pick a contract, type a memo, start and stop; a live clock and hours.

Start, Stop, Switch and a new memo are operations: each writes off the GUI thread and
brings back the timer's new status and the picked contract's hours, read inside its own
transaction, so nothing is read again afterwards.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from app.core.changes import Changes
from app.services.plain_reads import ContractHours, contract_hours, timer_status
from app.services.records import ContractInfo, TimerStatus
from app.ui import formatting as fmt
from app.ui.banner import Level
from app.ui.context import AppContext
from app.ui.contract_picker import ContractPicker
from app.ui.theme import START_FILL, STOP_FILL, SWITCH_FILL, colors, css, scaled_font
from app.ui.timer_hours import HoursLabel
from app.ui.timer_ops import TimerOp, TimerState, memo_op, start_op, stop_op
from app.ui.worker import describe_error


class TimerBar(QFrame):
    """Start/stop on one contract with a memo; shows elapsed time and hours against the limit."""

    #: A message for the user: (text, Level).
    message = Signal(str, object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.db, self.clock, self.zone = ctx.db, ctx.clock, ctx.zone
        self.status = TimerStatus(running=False)
        #: A timer operation is on its way: clicks wait for it rather than act twice.
        self.busy = False
        self._contracts: dict[int, ContractInfo] = {}
        self._hours: ContractHours | None = None
        self.setObjectName("timerBar")
        self.picker = ContractPicker()
        self.picker.currentIndexChanged.connect(self._on_contract_picked)
        self.memo = QLineEdit()
        self.memo.setPlaceholderText("What are you working on? (memo)")
        self.memo.setClearButtonEnabled(True)
        self.memo.returnPressed.connect(self._on_memo_return)
        self.memo.editingFinished.connect(self._save_running_memo)
        self.button = QPushButton()
        self.button.setMinimumWidth(120)
        self.button.setMinimumHeight(34)
        self.button.clicked.connect(self.toggle)
        self.elapsed = QLabel("0:00:00")
        self.elapsed.setFont(scaled_font(self, 2.0))
        self.elapsed.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.elapsed.setMinimumWidth(self.elapsed.fontMetrics().horizontalAdvance("00:00:00  "))
        self.hours = HoursLabel()
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setVisible(False)
        self.warning.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        grid = QGridLayout(self)
        grid.setContentsMargins(14, 12, 14, 10)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(6)
        grid.addWidget(self.picker, 0, 0)
        grid.addWidget(self.memo, 0, 1)
        grid.addWidget(self.button, 0, 2)
        grid.addWidget(self.elapsed, 0, 3, 2, 1)
        grid.addWidget(self.hours, 1, 0)
        grid.addWidget(self.warning, 1, 1, 1, 2)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 4)
        self.setTabOrder(self.picker, self.memo)
        self.setTabOrder(self.memo, self.button)
        ctx.changed.connect(self._data_changed)
        self._show_state()

    # -- data in -------------------------------------------------------------------------

    def set_contracts(self, contracts: list[ContractInfo]) -> None:
        """Offer the active and paused contracts (and the running one, whatever its status)."""
        keep = self.selected_contract_id()
        shown = [c for c in contracts if c.status != "ended" or c.id == self.status.contract_id]
        self._contracts = {c.id: c for c in contracts}
        items = [(f"{c.title} — {c.client_name}", c.id) for c in shown]
        wanted = self.status.contract_id if self.status.running else keep
        if self.picker.offer(items, wanted):
            self._on_contract_picked()
        else:
            self._show_state()  # same choices: leave whatever the user is typing alone

    def set_status(self, status: TimerStatus, hours: ContractHours | None = None) -> None:
        """Show what the timer does now (from this window or from elsewhere).

        `hours` are the picked contract's, read with the status; without them a new
        timer reads them again.
        """
        before = self.status
        self.status = status
        if hours is not None:
            self._hours = hours
        if status.running and status.contract_id != before.contract_id:
            self.picker.select(status.contract_id)
            if hours is None or hours.contract_id != status.contract_id:
                self.reload_hours()
        new_timer = status.running and status.entry_id != before.entry_id
        memo_moved = status.running and status.memo != before.memo and not self.memo.hasFocus()
        if new_timer or memo_moved:
            self.memo.setText(status.memo)
        if hours is None and (status.running, status.entry_id) != (before.running, before.entry_id):
            self.reload_hours()
        self._show_state()

    def _data_changed(self, changes: Changes, initiator: object) -> None:
        """Entries changed elsewhere (another view, undo, the command line): hours again."""
        if initiator is self or not changes.touches(Changes.ENTRIES | Changes.CONTRACTS):
            return
        if changes.touches(Changes.TIMER) and initiator is not None:
            self.set_status(timer_status(self.db, now=self.clock()))
        self.reload_hours()

    def reload_hours(self) -> None:
        """Fetch today's and this week's hours of the chosen contract (indexed, a few rows)."""
        contract_id = self.selected_contract_id()
        self._hours = (
            None
            if contract_id is None
            else contract_hours(self.db, contract_id, now=self.clock(), zone=self.zone)
        )
        self.tick()

    def selected_contract_id(self) -> int | None:
        """The id of the contract in the picker, if the text names one."""
        return self.picker.contract_id()

    def select_contract(self, contract_id: int | None) -> None:
        """Put a contract in the picker."""
        self.picker.select(contract_id)
        self._on_contract_picked()

    def find_contract(self) -> None:
        """Focus the contract field with its text selected, so typing replaces it."""
        self.picker.setFocus(Qt.FocusReason.ShortcutFocusReason)
        line = self.picker.lineEdit()
        if line is not None:
            line.selectAll()

    # -- actions -------------------------------------------------------------------------

    def toggle(self) -> None:
        """Stop the running timer, or start (or switch to) the chosen contract."""
        if self.busy:
            return  # the last click is on its way: a second one would act on old news
        chosen = self.selected_contract_id()
        if self.status.running and chosen in (None, self.status.contract_id):
            self.stop()
        else:
            self.start()

    def start(self) -> None:
        """Start the timer on the chosen contract with the memo typed."""
        contract_id = self.selected_contract_id()
        if contract_id is None:
            self.message.emit("Pick a contract first: type part of its name.", Level.WARNING)
            self.picker.setFocus()
            return
        memo = self.memo.text()
        self._run(
            start_op(self.ctx, contract_id, memo), lambda _state: self._started(contract_id, memo)
        )

    def _started(self, contract_id: int, memo: str) -> None:
        """The timer started: warn about time a marketplace will not protect."""
        contract = self._contracts.get(contract_id)
        if contract is not None and contract.platform != "direct" and not memo.strip():
            self.message.emit(
                f"Started without a memo: {fmt.platform_name(contract.platform)}'s hourly"
                " protection only covers time with a memo. Type one and press Enter.",
                Level.WARNING,
            )

    def stop(self) -> None:
        """Stop the running timer."""
        self._run(stop_op(self.ctx, self.selected_contract_id()), self._stopped)

    def _stopped(self, state: TimerState) -> None:
        """The timer stopped: say how much was recorded."""
        change = state.change
        if change is not None and change.stopped is not None and not change.discarded:
            self.message.emit(
                f"Stopped {change.stopped.contract_title}:"
                f" {fmt.hours_words(change.stopped.seconds)} recorded.",
                Level.INFO,
            )

    def _run(self, op: TimerOp, then: Callable[[TimerState], None]) -> None:
        """Run a timer operation; show the state it leaves, then `then(state)`."""
        self.busy = True

        def done(state: TimerState) -> None:
            self.busy = False
            self.set_status(state.status, state.hours)
            then(state)

        def refused(error: Exception) -> None:
            self.busy = False
            self.message.emit(describe_error(error, self.db.url), Level.ERROR)
            self.set_status(timer_status(self.db, now=self.clock()))

        self.ctx.run(op, done, initiator=self, on_failure=refused)

    def _on_memo_return(self) -> None:
        """Enter in the memo field starts the timer when none runs."""
        if not self.status.running:
            self.start()

    def _save_running_memo(self) -> None:
        """Store an edited memo on the running timer."""
        if not self.status.running or self.memo.text().strip() == self.status.memo:
            return
        picked = self.selected_contract_id()
        if picked not in (None, self.status.contract_id):
            return  # another contract is picked: the memo is for the entry a switch starts
        self._run(memo_op(self.ctx, self.memo.text(), picked), lambda _state: None)

    def _on_contract_picked(self) -> None:
        """A contract was chosen: fetch its hours and update the button."""
        self.reload_hours()
        self._show_state()

    # -- display -------------------------------------------------------------------------

    def tick(self) -> None:
        """Redraw the clock and the hours from the current time (never by counting ticks)."""
        now = self.clock()
        status = self.status
        if status.running and status.started_at is not None:
            seconds = int((now - status.started_at).total_seconds())
            self.elapsed.setText(fmt.clock(seconds))
        else:
            self.elapsed.setText(fmt.clock(0))
        hours = self._hours
        if hours is not None and fmt.to_local_date(now, self.zone) != hours.day:
            self.reload_hours()
            return
        self.hours.show_hours(hours, status, now)

    def _show_state(self) -> None:
        """Button caption and colour, the memo warning."""
        status = self.status
        chosen = self.selected_contract_id()
        palette = colors()
        if status.running and chosen not in (None, status.contract_id):
            caption, tint, tip = (
                "⇄  Switch",
                SWITCH_FILL,
                "Stop the running timer and start this contract",
            )
        elif status.running:
            caption, tint, tip = "■  Stop", STOP_FILL, "Stop the timer (Ctrl+Space)"
        else:
            caption, tint, tip = "▶  Start", START_FILL, "Start the timer (Ctrl+Space)"
        self.button.setText(caption)
        self.button.setToolTip(tip)
        self.button.setStyleSheet(
            f"QPushButton {{ background: {css(tint)}; color: white; font-weight: bold;"
            " border: none; border-radius: 5px; padding: 6px 14px; }"
            " QPushButton:focus { outline: 2px solid palette(highlight); }"
        )
        contract = self._contracts.get(status.contract_id or -1)
        unprotected = (
            status.running
            and contract is not None
            and contract.platform != "direct"
            and not status.memo.strip()
        )
        self.warning.setVisible(unprotected)
        if unprotected and contract is not None:
            self.warning.setText(
                f"⚠ No memo: not covered by {fmt.platform_name(contract.platform)}'s hourly"
                " protection."
            )
            self.warning.setStyleSheet(f"color: {css(palette.warning)};")
        self.tick()
