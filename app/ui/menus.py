"""The window's menus and keyboard shortcuts, and the File and Help actions behind them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox

from app import __version__
from app.services.backup import backup_to, restore_from
from app.services.opening import open_database
from app.services.timer import timer_status
from app.ui import file_actions
from app.ui.banner import Level
from app.ui.documents.actions import attach_documents, document_contract
from app.ui.entry_tools import attach_entry_tools, continue_selected, export_csv
from app.ui.reminders import Reminders

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

Shortcut = str | QKeySequence.StandardKey


def build_menus(window: MainWindow) -> dict[str, QAction]:
    """Create the menu bar; returns the actions by name (tests trigger them)."""
    actions: dict[str, QAction] = {}
    bar = window.menuBar()

    def add(
        menu_name: str, name: str, text: str, slot: Callable[[], object], *keys: Shortcut
    ) -> None:
        """One action in a menu, with its shortcuts."""
        menu = menus[menu_name]
        action = QAction(text, window)
        action.setShortcuts(unique_sequences(keys))
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        window.addAction(action)
        actions[name] = action

    menus = {
        name: bar.addMenu(title)
        for name, title in (
            ("file", "&File"),
            ("edit", "&Edit"),
            ("timer", "&Timer"),
            ("contracts", "&Contracts"),
            ("documents", "D&ocuments"),
            ("view", "&View"),
            ("help", "&Help"),
        )
    }
    week, contracts, timer_bar = window.week_view, window.contracts_view, window.timer_bar
    attach_entry_tools(window)
    Reminders(window)
    add("file", "export_csv", "&Export entries as CSV…", lambda: export_csv(window))
    menus["file"].addSeparator()
    add("file", "backup", "&Back up…", lambda: backup(window))
    add("file", "restore", "&Restore from backup…", lambda: restore(window))
    add("file", "import", "&Import history…", lambda: import_history(window))
    add("file", "move", "&Move to a server…", lambda: move_to_server(window))
    menus["file"].addSeparator()
    add("file", "quit", "&Quit", window.quit, QKeySequence.StandardKey.Quit, "Ctrl+Q")
    undo = window.undo_stack.createUndoAction(window, "&Undo")
    undo.setShortcut(QKeySequence(QKeySequence.StandardKey.Undo))
    redo = window.undo_stack.createRedoAction(window, "&Redo")
    redo.setShortcuts(unique_sequences((QKeySequence.StandardKey.Redo, "Ctrl+Shift+Z")))
    menus["edit"].addActions([undo, redo])
    actions["undo"], actions["redo"] = undo, redo
    menus["edit"].addSeparator()
    add("edit", "settings", "&Settings…", lambda: settings(window), "Ctrl+,")
    add(
        "timer",
        "toggle",
        "&Start / stop",
        timer_bar.toggle,
        "Ctrl+Space",
        "Ctrl+Return",
        "Ctrl+Enter",
    )
    add("timer", "find", "&Find contract", timer_bar.find_contract, "Ctrl+K")
    add("timer", "memo", "Edit &memo", timer_bar.memo.setFocus, "Ctrl+M")
    add(
        "timer",
        "continue",
        "&Continue entry",
        lambda: continue_selected(window),
        "Ctrl+Shift+Space",
    )
    add("timer", "search", "Searc&h memos…", lambda: focus_search(window), "Ctrl+F")
    menus["timer"].addSeparator()
    add("timer", "add_time", "&Add time…", week.add_entry, "Ctrl+N")
    add("timer", "split", "S&plit entry…", week.split_selected)
    add("timer", "delete", "&Delete entry", week.delete_selected, QKeySequence.StandardKey.Delete)
    add("contracts", "new_contract", "&New contract…", contracts.new_contract, "Ctrl+Shift+N")
    add("contracts", "edit_contract", "&Edit contract…", contracts.edit_selected)
    add("contracts", "end_contract", "E&nd contract…", contracts.end_selected)
    menus["contracts"].addSeparator()
    add("contracts", "clients", "&Clients…", contracts.show_clients)
    documents = attach_documents(window)
    add(
        "documents",
        "timesheet",
        "&Timesheet…",
        lambda: documents.timesheet(document_contract(window)),
        "Ctrl+T",
    )
    add(
        "documents",
        "invoice",
        "New i&nvoice…",
        lambda: documents.invoice(document_contract(window)),
        "Ctrl+I",
    )
    add("documents", "invoices", "&Invoices…", documents.invoices, "Ctrl+Shift+I")
    menus["documents"].addSeparator()
    add("documents", "mail_settings", "&E-mail settings…", documents.mail_settings)
    add("view", "week", "&Week", lambda: window.tabs.setCurrentWidget(week), "Ctrl+1")
    add(
        "view", "contracts", "&Contracts", lambda: window.tabs.setCurrentWidget(contracts), "Ctrl+2"
    )
    add(
        "view",
        "earnings",
        "&Earnings",
        window.show_earnings,
        "Ctrl+3",
    )
    menus["view"].addSeparator()
    add("view", "previous_week", "&Previous week", week.previous_week, "Alt+Left")
    add("view", "next_week", "&Next week", week.next_week, "Alt+Right")
    add("view", "this_week", "&This week", week.this_week, "Alt+Home")
    menus["view"].addSeparator()
    add("view", "refresh", "&Refresh", window.refresh_all, QKeySequence.StandardKey.Refresh, "F5")
    add("help", "about", "&About Tallyhour", lambda: about(window))
    return actions


def focus_search(window: MainWindow) -> None:
    """Show the week and put the cursor in its memo search box."""
    window.tabs.setCurrentWidget(window.week_view)
    window.week_view.buttons.search.setFocus()
    window.week_view.buttons.search.selectAll()


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


def settings(window: MainWindow) -> None:
    """Edit the preferences."""
    from app.ui.dialogs.settings import SettingsDialog

    if SettingsDialog.ask(window, window.ctx) is not None:
        window.notify("Settings saved.", Level.INFO)


def backup(window: MainWindow) -> None:
    """Copy the database to a file the user picks (off the GUI thread)."""
    target = file_actions.choose_backup_target(window, window.db, window.clock())
    if target is None:
        return
    window.notify("Backing up…", Level.INFO)
    db = window.db
    window.worker.submit(
        lambda: backup_to(db, target),
        lambda path: window.notify(f"Backed up to {path}.", Level.INFO),
    )


def restore(window: MainWindow) -> None:
    """Replace the database with a backup, keeping the current data aside."""
    source = file_actions.choose_backup_source(window, window.db)
    if source is None or not file_actions.confirm_restore(window, source):
        return
    window.live.stop()
    db, now = window.db, window.clock()

    def work() -> Path:
        """Restore, then bring the restored file's schema up to date."""
        kept = restore_from(db, source, now=now)
        open_database(db.url).dispose()
        return kept

    def done(kept: object) -> None:
        """Show the restored data."""
        window.notify(f"Restored {source.name}. Your previous data is kept in {kept}.", Level.INFO)
        window.live.start(timer_status(db, now=window.clock()))
        window.refresh_all()

    def failed(error: Exception) -> None:
        """Report a refused restore and carry on with the data as it was."""
        window.notify(str(error), Level.ERROR)
        window.live.start(timer_status(db, now=window.clock()))

    # A write like any other: it waits for the window's writes under way, and they for it.
    window.ctx.run(work, done, on_failure=failed, one_transaction=False)


def move_to_server(window: MainWindow) -> None:
    """Copy every table into an empty database; say what to set TALLYHOUR_DB to."""
    from app.ui.dialogs.move_database import MoveDatabaseDialog

    report = MoveDatabaseDialog.ask(window, window.db, window.worker)
    if report is not None:
        window.notify(
            f"Copied {report.copy.total_rows} rows to {report.target} and checked them."
            f" To work there, start Tallyhour with TALLYHOUR_DB={report.target}.",
            Level.INFO,
        )


def import_history(window: MainWindow) -> None:
    """Import another tracker's or Upwork's export through the wizard."""
    from app.ui.import_wizard import open_import_wizard

    open_import_wizard(window, window.ctx, window.refresh_all)


def about(window: MainWindow) -> None:
    """What Tallyhour is."""
    QMessageBox.about(
        window,
        "About Tallyhour",
        f"<h3>Tallyhour {__version__}</h3>"
        "<p>Time tracking and invoicing for marketplace freelancers: see what you"
        " actually take home after fees, withdrawals and tax.</p>"
        "<p>Offline-first: your data stays in one local database.</p>",
    )
