"""File menu actions: back up the database to a file, restore it from one."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget


def choose_backup_target(parent: QWidget | None, now: datetime) -> Path | None:
    """Ask where to write a backup (None if cancelled)."""
    suggested = str(Path.home() / f"tallyhour-backup-{now:%Y-%m-%d}.sqlite")
    path, _filter = QFileDialog.getSaveFileName(
        parent, "Back up Tallyhour", suggested, "Tallyhour database (*.sqlite)"
    )
    return Path(path) if path else None


def choose_backup_source(parent: QWidget | None) -> Path | None:
    """Ask which backup to restore (None if cancelled)."""
    path, _filter = QFileDialog.getOpenFileName(
        parent,
        "Restore Tallyhour",
        str(Path.home()),
        "Tallyhour database (*.sqlite);;All files (*)",
    )
    return Path(path) if path else None


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
