"""The main window: the timer bar on top, the week and contracts tabs, menus and the tray."""

from __future__ import annotations

import logging
from datetime import timedelta, tzinfo
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QUndoStack
from PySide6.QtWidgets import QFrame, QMainWindow, QTabWidget, QVBoxLayout, QWidget

from app.core.changes import Changes
from app.core.clock import Clock, system_clock
from app.core.weeks import BillingWeek
from app.models.database import Database
from app.services.plain_reads import timer_status
from app.services.records import TimerStatus
from app.ui import closing
from app.ui.autobackup import AutoBackup
from app.ui.banner import Level, MessageBanner
from app.ui.context import AppContext
from app.ui.earnings_tab import EarningsTab
from app.ui.icons import app_icon
from app.ui.live import LiveSync
from app.ui.menus import add_menus
from app.ui.storage_status import StorageStatus, database_label, show_waiting
from app.ui.timer_bar import TimerBar
from app.ui.tray import Tray, tray_available
from app.ui.week_view import WeekView

if TYPE_CHECKING:
    from app.ui.contracts_view import ContractsView
    from app.ui.dashboard import DashboardView
    from app.ui.menus import WindowMenus
    from app.ui.reminders import Reminders


class MainWindow(QMainWindow):
    """The window a freelancer keeps open all day."""

    #: The application should quit (the window closed for good).
    quit_requested = Signal()

    def __init__(
        self,
        db: Database,
        *,
        clock: Clock = system_clock,
        zone: tzinfo | None = None,
        use_tray: bool = True,
        demo: bool = False,
    ) -> None:
        super().__init__()
        self.db, self.clock, self.zone = db, clock, zone
        self.setWindowTitle("Demo data — Tallyhour" if demo else "Tallyhour")  # Qt adds no suffix
        self.setWindowIcon(app_icon())
        self.ctx = AppContext(db, clock=clock, zone=zone, parent=self)
        self.undo_stack = QUndoStack(self)
        self.timer_bar = TimerBar(self.ctx)
        self.banner = MessageBanner()
        self.week_view = WeekView(self.ctx, self.undo_stack)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.earnings_page = EarningsTab(self.ctx)
        self.tabs.addTab(self.week_view, "&Week")
        self.tabs.addTab(QWidget(), "&Contracts")  # its view comes after the first paint
        self.tabs.addTab(self.earnings_page, "&Earnings")
        self.backups = AutoBackup(db, clock, self.ctx.worker, self)
        self.live = LiveSync(self.ctx, lambda: self.week_view.week, self)
        self.ctx.operations.witness = self.live
        self.tray: Tray | None = Tray(self) if use_tray and tray_available() else None
        self.close_question = closing.CloseQuestion(self.ctx, self)
        self.closed = self.quitting = self._recovering = False
        self.storage = StorageStatus(self.banner, self.refresh_all, self.live, self.week_view)
        self._current_week = BillingWeek.of(clock())
        self._layout()
        self._connect()
        self.bar_menus = add_menus(self)
        self.statusBar().addPermanentWidget(database_label(db))
        self.resize(1100, 720)
        self.contracts_view: ContractsView  # these three come with `build_rest`
        self.menus: WindowMenus
        self.reminders: Reminders
        self.built = False

    def build_rest(self) -> None:
        """Add what the first paint does without (its modules load the ORM's tables), once."""
        if self.built:
            return
        from app.ui.contracts_view import ContractsView
        from app.ui.menus import MenuParts, WindowCommands, WindowMenus
        from app.ui.reminders import Reminders

        self.built = True
        self.contracts_view = ContractsView(self.ctx)
        self.tabs.insertTab(1, self.contracts_view, "&Contracts")
        self.tabs.removeTab(2)  # the empty page the first paint showed
        self.contracts_view.message.connect(self.notify)
        parts = MenuParts(self.tabs, self.week_view, self.contracts_view, self.timer_bar, self.live)
        commands = WindowCommands(self.quit, self.refresh_all, self.show_earnings)
        self.menus = WindowMenus(self.ctx, self, self.bar_menus, parts, self.undo_stack, commands)
        self.actions_by_name = self.menus.actions_by_name
        self.reminders = Reminders(self.ctx, self, self.timer_bar, self.live.tick)

    def _layout(self) -> None:
        """Stack the timer bar, the message strip and the tabs."""
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.timer_bar)
        rule = QFrame()
        rule.setFixedHeight(1)
        rule.setStyleSheet("background: palette(mid);")
        layout.addWidget(rule)
        self.tabs.setCornerWidget(self.banner, Qt.Corner.TopRightCorner)  # nothing moves
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self.setTabOrder(self.timer_bar.button, self.tabs)

    def _connect(self) -> None:
        """Wire the parts together."""
        self.ctx.message.connect(self.notify)
        self.ctx.changed.connect(self._data_changed)
        self.ctx.operations.waiting.connect(lambda on: show_waiting(self.statusBar(), on))
        self.timer_bar.message.connect(self.notify)
        self.week_view.message.connect(self.notify)
        self.week_view.message_withdrawn.connect(self.banner.withdraw)
        self.tabs.currentChanged.connect(self._tab_shown)
        self.backups.failed.connect(lambda text: self.notify(text, Level.ERROR))
        self.live.status_changed.connect(self._status_changed_elsewhere)
        self.live.data_changed.connect(self.ctx.announce)
        self.live.gap_found.connect(self._gap_found)
        self.live.tick.connect(self._tick)
        if self.tray is not None:
            self.tray.show_requested.connect(self.bring_to_front)
            self.tray.toggle_requested.connect(self.timer_bar.toggle)
            self.tray.quit_requested.connect(self.quit)

    def start_up(self) -> None:
        """After the first paint: build the rest, resolve an unwatched timer, onboard, poll."""
        from app.ui.dialogs.onboarding import onboard_if_new
        from app.ui.recovery import recover

        self.build_rest()
        self.refresh_all()  # the week shows its entries behind the recovery question
        now = self.clock()
        found = timer_status(self.db, now=now)
        status = recover(self, self.ctx, found, now)
        # Read everything again only if a question was asked (its answer may change data).
        asked = onboard_if_new(self, self.ctx) or status is not found
        self.live.start(status)  # its fingerprint first: later changes elsewhere are seen
        self.backups.start()
        self.timer_bar.set_status(status)
        if asked:
            self.refresh_all()
        if self.tray is not None:
            self.tray.show()

    def refresh_all(self) -> None:
        """Read everything shown again (the overview off the GUI thread)."""
        with self.storage.reporting():  # a failing database shows on the banner
            self.reload_contracts()
            self.week_view.refresh()
            self.contracts_view.refresh()
            self._refresh_dashboard()

    @property
    def dashboard_view(self) -> DashboardView:
        """The earnings dashboard (built on first use)."""
        return self.earnings_page.view

    def show_earnings(self) -> None:
        """Open the earnings tab."""
        self.tabs.setCurrentWidget(self.earnings_page)

    def _refresh_dashboard(self) -> None:
        """Read the earnings again now if they are on screen, else when next shown."""
        self.earnings_page.data_changed(on_screen=self.tabs.currentWidget() is self.earnings_page)

    def _tab_shown(self, index: int) -> None:
        """Bring the contracts or the earnings up to date when their tab is opened."""
        for page in (self.contracts_view, self.earnings_page):
            if self.tabs.widget(index) is page:
                page.shown()

    def reload_contracts(self) -> None:
        """Offer the current contracts in the timer's picker."""
        from app.services.contracts import list_contracts

        self.timer_bar.set_contracts(list_contracts(self.db, now=self.clock()))

    def _data_changed(self, changes: Changes, _initiator: object) -> None:
        """Data changed (here or elsewhere): the views not yet listening themselves read again."""
        with self.storage.reporting():
            if changes.touches(Changes.CONTRACTS | Changes.CLIENTS):
                self.reload_contracts()
            if changes.touches(~(Changes.TIMER | Changes.SETTINGS)):
                shown = self.tabs.currentWidget() is self.contracts_view
                self.contracts_view.data_changed(on_screen=shown)
            if changes.touches(~Changes.TIMER):
                self._refresh_dashboard()
            if changes.touches(Changes.TIMER):
                self._tick()

    def _status_changed_elsewhere(self, status: object) -> None:
        """The timer changed from another face of the database (the command line)."""
        assert isinstance(status, TimerStatus)
        self.timer_bar.set_status(status)
        self.week_view.refresh()
        self._tick()

    def _tick(self) -> None:
        """Redraw the clocks from the current time; follow the billing week as it turns."""
        current = BillingWeek.of(self.clock())
        if current != self._current_week:
            if self.week_view.week == self._current_week:
                self.week_view.show_week(current)
            self._current_week = current
        self.timer_bar.tick()
        self.week_view.tick()
        if self.tray is not None:
            self.tray.update(self.timer_bar.status, self.clock())

    def _gap_found(self, status: object, gap: object) -> None:
        """The laptop slept (or the app hung) while timing: ask what to do with the gap."""
        if self._recovering or self.closed:
            return
        assert isinstance(status, TimerStatus) and isinstance(gap, timedelta)
        from app.ui.recovery import ask_about_gap

        self._recovering = True
        try:
            self.bring_to_front()
            fresh = ask_about_gap(self, self.ctx, status, gap, self.clock())
        finally:
            self._recovering = False
        self.timer_bar.set_status(fresh)
        self.live.set_status(fresh)
        self.refresh_all()

    def notify(self, text: str, level: object = Level.INFO, action: object = None) -> None:
        """Show a message in the strip above the tabs."""
        assert isinstance(level, Level)
        text = text[:1].upper() + text[1:]  # services word refusals as clauses; show sentences
        self.banner.show_message(text, level, action=action if isinstance(action, tuple) else None)

    def bring_to_front(self) -> None:
        """Show the window (from the tray) and raise it."""
        self.showNormal()
        self.raise_()
        self.activateWindow()

    def quit(self) -> None:
        """Quit for good (File → Quit, the tray's Quit): never hides in the tray."""
        self.quitting = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing while timing: keep it in the tray or quit, as the user chose once."""
        can_hide = self.tray is not None and tray_available() and not self.quitting
        status = self.timer_bar.status
        action = (
            closing.QUIT if self.closed else self.close_question.decide(status, can_hide=can_hide)
        )
        if action == closing.CANCEL:
            event.ignore()
            self.quitting = False
            return
        if action == closing.TRAY:
            event.ignore()
            self.hide()
            if self.tray is not None:
                self.tray.tell_still_timing()
            return
        if action == closing.STOP_AND_QUIT:
            self.close_question.stop_timer()
        self.shutdown()
        event.accept()
        self.quit_requested.emit()

    def shutdown(self) -> None:
        """Stop polling, finish background work and let go of the timer (idempotent)."""
        if self.closed:
            return
        self.closed = True
        from app.services.timer import release_heartbeat

        self.live.stop()
        self.backups.stop()
        self.ctx.run(lambda: release_heartbeat(self.db), on_failure=_release_failed)
        self.ctx.close()  # finishes the writes under way, the release last
        if self.tray is not None:
            self.tray.hide()


def _release_failed(error: Exception) -> None:
    """The database may be gone when the window closes; closing must still work."""
    logging.getLogger(__name__).warning("could not release the timer: %s", error)
