"""The window's menus and keyboard shortcuts, and the Edit and Help actions behind them.

`WindowMenus` builds the menu bar of a main window from the window's context, the parts
whose actions it offers (`MenuParts`, the undo stack) and what it asks of the window itself
(`WindowCommands`). The dialogs behind the actions load when first opened.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox, QTabWidget

from app import __version__
from app.core.weeks import BillingWeek
from app.ui.banner import Level
from app.ui.context import AppContext

if TYPE_CHECKING:
    from app.ui.contracts_view import ContractsView
    from app.ui.live import LiveSync
    from app.ui.timer_bar import TimerBar
    from app.ui.week_view import WeekView

Shortcut = str | QKeySequence.StandardKey

#: The menus, in the order they appear.
MENUS = (
    ("file", "&File"),
    ("edit", "&Edit"),
    ("timer", "&Timer"),
    ("contracts", "&Contracts"),
    ("documents", "D&ocuments"),
    ("view", "&View"),
    ("money", "&Money"),
    ("help", "&Help"),
)


def add_menus(window: QMainWindow) -> dict[str, QMenu]:
    """The window's menus by name, still empty, on its menu bar (`WindowMenus` fills them).

    They come with the window, so its first paint has the menu bar its actions go in.
    """
    bar = window.menuBar()
    return {name: bar.addMenu(title) for name, title in MENUS}


@dataclass(frozen=True)
class MenuParts:
    """The parts of the window whose actions the menus offer."""

    tabs: QTabWidget
    week: WeekView
    contracts: ContractsView
    timer_bar: TimerBar
    #: The live poll, paused while a backup is restored.
    live: LiveSync


@dataclass(frozen=True)
class WindowCommands:
    """What the menus ask of the window itself."""

    quit: Callable[[], None]
    refresh: Callable[[], None]
    show_earnings: Callable[[], None]


class WindowMenus(QObject):
    """The menu bar of `window`, its shortcuts, and the objects behind its actions."""

    def __init__(
        self,
        ctx: AppContext,
        window: QMainWindow,
        menus: dict[str, QMenu],
        parts: MenuParts,
        undo_stack: QUndoStack,
        commands: WindowCommands,
    ) -> None:
        # The objects behind the actions load the ORM: imported once the window has painted.
        from app.ui.documents.actions import DocumentActions
        from app.ui.entry_tools import EntryTools
        from app.ui.file_actions import FileActions
        from app.ui.money import MoneyMenu

        super().__init__(window)
        self.ctx, self.main_window, self.parts, self.commands = ctx, window, parts, commands
        #: Every action by name (tests trigger them).
        self.actions_by_name: dict[str, QAction] = {}
        self.menus = menus
        self.entry_tools = EntryTools(ctx, window, parts.week, parts.timer_bar, self.show_week)
        self.files = FileActions(ctx, window, parts.live, commands.refresh)
        self.documents = DocumentActions(ctx, window, lambda: parts.week.week)
        for view in (parts.week, parts.contracts):
            view.timesheet_requested.connect(self.documents.timesheet)
            view.invoice_requested.connect(self.documents.invoice)
        self.documents.changed.connect(commands.refresh)
        self._file_and_edit(undo_stack)
        self._timer_and_contracts()
        self._documents_view_and_help()
        self.money = MoneyMenu(
            ctx,
            window,
            menus["money"],
            parts.contracts.selected_contract,
            self.open_week,
            commands.refresh,
        )
        self.actions_by_name.update(self.money.actions_by_name)

    def _add(
        self, menu: str, name: str, text: str, slot: Callable[[], object], *keys: Shortcut
    ) -> None:
        """One action in a menu, with its shortcuts (on the window, so they work anywhere)."""
        action = QAction(text, self.main_window)
        action.setShortcuts(unique_sequences(keys))
        action.triggered.connect(lambda _checked=False: slot())
        self.menus[menu].addAction(action)
        self.main_window.addAction(action)
        self.actions_by_name[name] = action

    def _file_and_edit(self, undo_stack: QUndoStack) -> None:
        """File: export, back up, restore, import, move, quit. Edit: undo, redo, settings."""
        add, files = self._add, self.files
        add("file", "export_csv", "&Export entries as CSV…", self.entry_tools.export_csv)
        self.menus["file"].addSeparator()
        add("file", "backup", "&Back up…", files.backup)
        add("file", "restore", "&Restore from backup…", files.restore)
        add("file", "import", "&Import history…", files.import_history)
        add("file", "move", "&Move to a server…", files.move_to_server)
        self.menus["file"].addSeparator()
        keys = (QKeySequence.StandardKey.Quit, "Ctrl+Q")
        add("file", "quit", "&Quit", self.commands.quit, *keys)
        undo = undo_stack.createUndoAction(self.main_window, "&Undo")
        undo.setShortcut(QKeySequence(QKeySequence.StandardKey.Undo))
        redo = undo_stack.createRedoAction(self.main_window, "&Redo")
        redo.setShortcuts(unique_sequences((QKeySequence.StandardKey.Redo, "Ctrl+Shift+Z")))
        self.menus["edit"].addActions([undo, redo])
        self.actions_by_name["undo"], self.actions_by_name["redo"] = undo, redo
        self.menus["edit"].addSeparator()
        add("edit", "settings", "&Settings…", self.settings, "Ctrl+,")

    def _timer_and_contracts(self) -> None:
        """Timer: start and stop, find, memo, continue, search, add, split, delete. Contracts."""
        add, bar, week = self._add, self.parts.timer_bar, self.parts.week
        toggle_keys = ("Ctrl+Space", "Ctrl+Return", "Ctrl+Enter")
        add("timer", "toggle", "&Start / stop", bar.toggle, *toggle_keys)
        add("timer", "find", "&Find contract", bar.find_contract, "Ctrl+K")
        add("timer", "memo", "Edit &memo", bar.memo.setFocus, "Ctrl+M")
        continue_ = self.entry_tools.continue_selected
        add("timer", "continue", "&Continue entry", continue_, "Ctrl+Shift+Space")
        add("timer", "search", "Searc&h memos…", self.focus_search, "Ctrl+F")
        self.menus["timer"].addSeparator()
        add("timer", "add_time", "&Add time…", week.add_entry, "Ctrl+N")
        add("timer", "split", "S&plit entry…", week.split_selected)
        delete_key = QKeySequence.StandardKey.Delete
        add("timer", "delete", "&Delete entry", week.delete_selected, delete_key)
        contracts = self.parts.contracts
        add("contracts", "new_contract", "&New contract…", contracts.new_contract, "Ctrl+Shift+N")
        add("contracts", "edit_contract", "&Edit contract…", contracts.edit_selected)
        add("contracts", "end_contract", "E&nd contract…", contracts.end_selected)
        self.menus["contracts"].addSeparator()
        add("contracts", "clients", "&Clients…", contracts.show_clients)

    def _documents_view_and_help(self) -> None:
        """Documents: timesheet, invoice, invoices, e-mail. View: tabs, weeks, refresh. Help."""
        add, documents, week = self._add, self.documents, self.parts.week
        add("documents", "timesheet", "&Timesheet…", self.timesheet, "Ctrl+T")
        add("documents", "invoice", "New i&nvoice…", self.invoice, "Ctrl+I")
        add("documents", "invoices", "&Invoices…", documents.invoices, "Ctrl+Shift+I")
        self.menus["documents"].addSeparator()
        add("documents", "mail_settings", "&E-mail settings…", documents.mail_settings)
        tabs, contracts = self.parts.tabs, self.parts.contracts
        add("view", "week", "&Week", self.show_week, "Ctrl+1")
        add("view", "contracts", "&Contracts", lambda: tabs.setCurrentWidget(contracts), "Ctrl+2")
        add("view", "earnings", "&Earnings", self.commands.show_earnings, "Ctrl+3")
        self.menus["view"].addSeparator()
        add("view", "previous_week", "&Previous week", week.previous_week, "Alt+Left")
        add("view", "next_week", "&Next week", week.next_week, "Alt+Right")
        add("view", "this_week", "&This week", week.this_week, "Alt+Home")
        self.menus["view"].addSeparator()
        refresh_keys = (QKeySequence.StandardKey.Refresh, "F5")
        add("view", "refresh", "&Refresh", self.commands.refresh, *refresh_keys)
        add("help", "about", "&About Tallyhour", self.about)

    def show_week(self) -> None:
        """Show the week tab."""
        self.parts.tabs.setCurrentWidget(self.parts.week)

    def open_week(self, week: BillingWeek) -> None:
        """Show `week` in the week tab."""
        self.parts.week.show_week(week)
        self.show_week()

    def focus_search(self) -> None:
        """Show the week and put the cursor in its memo search box."""
        self.show_week()
        self.parts.week.buttons.search.setFocus()
        self.parts.week.buttons.search.selectAll()

    def document_contract(self) -> int | None:
        """The contract a document is for: the contracts tab's selection, else the week's."""
        contracts = self.parts.contracts
        if self.parts.tabs.currentWidget() is contracts:
            chosen = contracts.selected_contract()
            return None if chosen is None else chosen.id
        return self.parts.week.document_contract()

    def timesheet(self) -> None:
        """The timesheet of the contract in view."""
        self.documents.timesheet(self.document_contract())

    def invoice(self) -> None:
        """A new invoice of the contract in view."""
        self.documents.invoice(self.document_contract())

    def settings(self) -> None:
        """Edit the preferences."""
        from app.ui.dialogs.settings import SettingsDialog

        if SettingsDialog.ask(self.main_window, self.ctx) is not None:
            self.ctx.notify("Settings saved.", Level.INFO)

    def about(self) -> None:
        """What Tallyhour is."""
        QMessageBox.about(
            self.main_window,
            "About Tallyhour",
            f"<h3>Tallyhour {__version__}</h3>"
            "<p>Time tracking and invoicing for marketplace freelancers: see what you"
            " actually take home after fees, withdrawals and tax.</p>"
            "<p>Offline-first: your data stays in one local database.</p>",
        )


def unique_sequences(keys: tuple[Shortcut, ...]) -> list[QKeySequence]:
    """The key sequences of `keys`, each once: a standard key often is one of the others.

    Two equal sequences on one action make Qt call the key ambiguous and do nothing.
    """
    sequences: list[QKeySequence] = []
    for key in keys:
        found = (
            QKeySequence.keyBindings(key)
            if isinstance(key, QKeySequence.StandardKey)
            else [QKeySequence(key)]
        )
        sequences.extend(s for s in found if not s.isEmpty() and s not in sequences)
    return sequences
