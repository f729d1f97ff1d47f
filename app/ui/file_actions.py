"""File menu actions: back up the database to a file, restore it from one."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from app.models.database import Database
from app.ui.file_dialogs import ask_open_path, ask_save_path


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
