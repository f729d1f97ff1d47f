"""Item data roles shared by Tallyhour's table models."""

from __future__ import annotations

from PySide6.QtCore import QObject, QSortFilterProxyModel, Qt

#: The raw value behind a cell (seconds, cents as Decimal, epoch): what sorting uses.
RAW_ROLE = int(Qt.ItemDataRole.UserRole) + 1
#: The id of the row's record (entry or contract id); None on header rows.
ID_ROLE = int(Qt.ItemDataRole.UserRole) + 2


class RawSortProxy(QSortFilterProxyModel):
    """Sorts on the raw value behind each cell (cents, epoch seconds), never on its text."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(RAW_ROLE)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
