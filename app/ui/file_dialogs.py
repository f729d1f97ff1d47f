"""File dialogs that never open the database's files, so SQLite keeps its locks.

Qt's own dialog and the platforms' in-process dialogs (GTK's, the Windows shell's) open
every file they list to guess its type or draw its icon. Closing such a file drops the
POSIX locks SQLite holds on it for this process, and another process (the command line)
may then delete the WAL under the window's feet. So every file dialog of the window is
Qt's widget dialog with an icon provider that looks only at names, never at contents,
and it does not offer the database or its companion files at all.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileInfo, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QFileDialog, QFileIconProvider, QFileSystemModel, QMessageBox, QWidget

from app.core.errors import UserError
from app.models.database import Database
from app.reports.files import check_output_path


class NameOnlyIconProvider(QFileIconProvider):
    """Icons and type names from the file name alone: nothing is opened to sniff it."""

    def icon(self, what: object) -> QIcon:
        """A folder or file icon for a file, the standard icon for an icon type."""
        if isinstance(what, QFileInfo):
            kind = (
                QFileIconProvider.IconType.Folder
                if what.isDir()
                else QFileIconProvider.IconType.File
            )
            return super().icon(kind)
        assert isinstance(what, QFileIconProvider.IconType)
        return super().icon(what)

    def type(self, info: QFileInfo) -> str:
        """The type column: "Folder", or the extension ("PDF file")."""
        if info.isDir():
            return "Folder"
        suffix = info.suffix()
        return f"{suffix.upper()} file" if suffix else "File"


class HideFiles(QSortFilterProxyModel):
    """Leaves some files out of a dialog's listing."""

    def __init__(self, hidden: list[Path], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._hidden = {str(path.absolute()) for path in hidden}

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        """Every row but the hidden files."""
        model = self.sourceModel()
        if not isinstance(model, QFileSystemModel):
            return True
        path = model.filePath(model.index(source_row, 0, source_parent))
        return path not in self._hidden


def build_file_dialog(
    parent: QWidget | None, title: str, start: Path, name_filter: str, *, db: Database, saving: bool
) -> QFileDialog:
    """A file dialog that opens no file it lists and hides the database's own files."""
    dialog = QFileDialog(parent, title, str(start), name_filter)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setOption(QFileDialog.Option.DontUseCustomDirectoryIcons, True)
    provider = NameOnlyIconProvider()
    dialog.setIconProvider(provider)
    dialog.setProperty("tallyhour_icon_provider", provider)  # keep it alive with the dialog
    if db.own_files():
        dialog.setProxyModel(HideFiles(db.own_files(), dialog))
    if saving:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        if start.suffix:
            dialog.selectFile(str(start))
    else:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    return dialog


def ask_save_path(
    parent: QWidget | None, title: str, suggested: Path, name_filter: str, *, db: Database
) -> Path | None:
    """Ask where to write a file (None if cancelled); the database and its backups are refused."""
    start = suggested
    while True:
        dialog = build_file_dialog(parent, title, start, name_filter, db=db, saving=True)
        chosen = dialog.selectedFiles()[0] if dialog.exec() and dialog.selectedFiles() else ""
        dialog.deleteLater()
        if not chosen:
            return None
        path = Path(chosen)
        try:
            return check_output_path(db, path)
        except UserError as refusal:
            text = str(refusal)
            QMessageBox.warning(parent, title, f"{text[:1].upper()}{text[1:]}.")
        start = path.parent / suggested.name


def ask_open_path(
    parent: QWidget | None, title: str, folder: Path, name_filter: str, *, db: Database
) -> Path | None:
    """Ask which file to read (None if cancelled)."""
    dialog = build_file_dialog(parent, title, folder, name_filter, db=db, saving=False)
    chosen = dialog.selectedFiles()[0] if dialog.exec() and dialog.selectedFiles() else ""
    dialog.deleteLater()
    return Path(chosen) if chosen else None
