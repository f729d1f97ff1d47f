"""File menu actions on the database: back up, restore, import history, move to a server."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox, QWidget

from app.models.database import Database
from app.services.backup import backup_to, restore_from
from app.services.opening import open_database
from app.services.plain_reads import timer_status
from app.ui.banner import Level
from app.ui.context import AppContext
from app.ui.file_dialogs import ask_open_path, ask_save_path

if TYPE_CHECKING:
    from app.ui.live import LiveSync


class FileActions(QObject):
    """Backs up, restores, imports into and moves the window's database."""

    def __init__(
        self, ctx: AppContext, parent: QWidget, live: LiveSync, refresh: Callable[[], None]
    ) -> None:
        super().__init__(parent)
        self.ctx, self.parent_widget, self.live, self.refresh = ctx, parent, live, refresh

    def backup(self) -> None:
        """Copy the database to a file the user picks (off the GUI thread)."""
        ctx = self.ctx
        target = choose_backup_target(self.parent_widget, ctx.db, ctx.clock())
        if target is None:
            return
        ctx.notify("Backing up…", Level.INFO)
        db = ctx.db
        ctx.worker.submit(
            lambda: backup_to(db, target),
            lambda path: ctx.notify(f"Backed up to {path}.", Level.INFO),
        )

    def restore(self) -> None:
        """Replace the database with a backup, keeping the current data aside."""
        ctx, live = self.ctx, self.live
        source = choose_backup_source(self.parent_widget, ctx.db)
        if source is None or not confirm_restore(self.parent_widget, source):
            return
        live.stop()
        db, now = ctx.db, ctx.clock()

        def work() -> Path:
            """Restore, then bring the restored file's schema up to date."""
            kept = restore_from(db, source, now=now)
            open_database(db.url).dispose()
            return kept

        def done(kept: object) -> None:
            """Show the restored data."""
            ctx.notify(f"Restored {source.name}. Your previous data is kept in {kept}.", Level.INFO)
            live.start(timer_status(db, now=ctx.clock()))
            self.refresh()

        def failed(error: Exception) -> None:
            """Report a refused restore and carry on with the data as it was."""
            ctx.notify(str(error), Level.ERROR)
            live.start(timer_status(db, now=ctx.clock()))

        # A write like any other: it waits for the window's writes under way, and they for it.
        ctx.run(work, done, on_failure=failed, one_transaction=False)

    def move_to_server(self) -> None:
        """Copy every table into an empty database; say what to set TALLYHOUR_DB to."""
        from app.ui.dialogs.move_database import MoveDatabaseDialog

        report = MoveDatabaseDialog.ask(self.parent_widget, self.ctx.db, self.ctx.worker)
        if report is not None:
            self.ctx.notify(
                f"Copied {report.copy.total_rows} rows to {report.target} and checked them."
                f" To work there, start Tallyhour with TALLYHOUR_DB={report.target}.",
                Level.INFO,
            )

    def import_history(self) -> None:
        """Import another tracker's or Upwork's export through the wizard."""
        from app.ui.import_wizard import open_import_wizard

        open_import_wizard(self.parent_widget, self.ctx, self.refresh)


def choose_backup_target(parent: QWidget | None, db: Database, now: datetime) -> Path | None:
    """Ask where to write a backup (None if cancelled)."""
    suggested = Path.home() / f"tallyhour-backup-{now:%Y-%m-%d}.sqlite"
    return ask_save_path(
        parent, "Back up Tallyhour", suggested, "Tallyhour database (*.sqlite)", db=db
    )


def choose_backup_source(parent: QWidget | None, db: Database) -> Path | None:
    """Ask which backup to restore (None if cancelled)."""
    return ask_open_path(
        parent,
        "Restore Tallyhour",
        Path.home(),
        "Tallyhour database (*.sqlite);;All files (*)",
        db=db,
    )


def confirm_restore(parent: QWidget | None, source: Path) -> bool:
    """Ask before replacing every record with a backup's."""
    answer = QMessageBox.question(
        parent,
        "Restore backup",
        f"Replace all your data with the backup {source.name}?\n\n"
        "Your current data is saved aside first, so this can be reversed.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Yes
