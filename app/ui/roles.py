"""Item data roles shared by Tallyhour's table models."""

from __future__ import annotations

from PySide6.QtCore import Qt

#: The raw value behind a cell (seconds, cents as Decimal, epoch): what sorting uses.
RAW_ROLE = int(Qt.ItemDataRole.UserRole) + 1
#: The id of the row's record (entry or contract id); None on header rows.
ID_ROLE = int(Qt.ItemDataRole.UserRole) + 2
