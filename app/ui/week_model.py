"""The table model of one billing week: a header row per local day, then its entries.

Start, end and memo are edited in place through the services; a refused edit leaves the
row as it was and reports the service's message by signal.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QPalette

from app.core.clock import Clock
from app.core.instants import attach_local, to_local
from app.services.plain_reads import WeekSheet, WeekSheetEntry
from app.services.records import EntryInfo
from app.ui import formatting as fmt
from app.ui.roles import ID_ROLE, RAW_ROLE
from app.ui.week_cells import (
    EDITABLE,
    HEADERS,
    WeekColumn,
    entry_color,
    entry_text,
    status_text,
    status_tip,
)

__all__ = ["HEADERS", "DayRow", "EntryRow", "WeekColumn", "WeekModel"]

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class DayRow:
    """A local day's header row."""

    day: date


@dataclass(frozen=True)
class EntryRow:
    """One entry's row."""

    item: WeekSheetEntry


Row = DayRow | EntryRow


class WeekModel(QAbstractTableModel):
    """Rows of one billing week; an edit is asked for (`edit_requested`), the view saves it."""

    #: A cell was edited: (the entry, the changed values for `edit_entry`).
    edit_requested = Signal(object, object)

    def __init__(self, clock: Clock, zone: tzinfo | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.clock, self.zone = clock, zone
        self._rows: list[Row] = []

    # -- loading -------------------------------------------------------------------------

    def load(self, sheet: WeekSheet) -> None:
        """Show a week's entries, grouped under the local day each one starts on."""
        rows: list[Row] = []
        current: date | None = None
        for item in sheet.entries:
            day = to_local(item.entry.start, self.zone).date()
            if day != current:
                rows.append(DayRow(day))
                current = day
            rows.append(EntryRow(item))
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def entry_at(self, row: int) -> EntryInfo | None:
        """The entry shown in a row (None for day headers and bad rows)."""
        if 0 <= row < len(self._rows):
            found = self._rows[row]
            if isinstance(found, EntryRow):
                return found.item.entry
        return None

    def row_of(self, entry_id: int) -> int:
        """The row showing an entry, or -1."""
        for number, row in enumerate(self._rows):
            if isinstance(row, EntryRow) and row.item.entry.id == entry_id:
                return number
        return -1

    def day_rows(self) -> list[int]:
        """The rows that are day headers."""
        return [number for number, row in enumerate(self._rows) if isinstance(row, DayRow)]

    def entries(self) -> list[WeekSheetEntry]:
        """Every entry shown, oldest first."""
        return [row.item for row in self._rows if isinstance(row, EntryRow)]

    def total_seconds(self) -> int:
        """The week's time as shown: a running entry counts up to now."""
        return sum(self._seconds(item.entry) for item in self.entries())

    def tick(self) -> None:
        """Redraw the durations of a running entry and its day (they grow with the clock)."""
        for number, row in enumerate(self._rows):
            if isinstance(row, EntryRow) and row.item.entry.running:
                cell = self.index(number, WeekColumn.DURATION)
                self.dataChanged.emit(cell, cell, [Qt.ItemDataRole.DisplayRole])
                header = self._header_row(number)
                if header >= 0:
                    day = self.index(header, WeekColumn.DURATION)
                    self.dataChanged.emit(day, day, [Qt.ItemDataRole.DisplayRole])

    # -- Qt model ------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Rows: day headers and entries."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """One column per `WeekColumn`."""
        return 0 if parent.isValid() else len(WeekColumn)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column captions."""
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(WeekColumn):
            column = WeekColumn(section)
            if role == Qt.ItemDataRole.DisplayRole:
                return HEADERS[column]
            if role == Qt.ItemDataRole.TextAlignmentRole and column is WeekColumn.DURATION:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        """Entries are selectable; start, end (unless running) and memo are editable."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        entry = self.entry_at(index.row())
        if entry is None:
            return Qt.ItemFlag.ItemIsEnabled
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        column = WeekColumn(index.column())
        if column in EDITABLE and not (column is WeekColumn.END and entry.running):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell text, edit values, alignment, colours and tool tips per role."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = WeekColumn(index.column())
        if isinstance(row, DayRow):
            return self._day_data(index.row(), row, column, role)
        return self._entry_data(row.item, column, role)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Ask for an edited start, end or memo to be saved; the row shows it once saved."""
        entry = self.entry_at(index.row()) if index.isValid() else None
        if entry is None or role != Qt.ItemDataRole.EditRole:
            return False
        column = WeekColumn(index.column())
        changes: dict[str, Any] = {}
        if column is WeekColumn.MEMO and isinstance(value, str):
            if value.strip() == entry.memo:
                return False
            changes["memo"] = value
        elif column in (WeekColumn.START, WeekColumn.END) and isinstance(value, datetime):
            instant = self._instant(value)
            if instant == (entry.start if column is WeekColumn.START else entry.end):
                return False
            changes["start" if column is WeekColumn.START else "end"] = instant
        else:
            return False
        self.edit_requested.emit(entry, changes)
        return True

    # -- helpers -------------------------------------------------------------------------

    def _instant(self, value: datetime) -> datetime:
        """An edited wall-clock time (naive, local) as an aware UTC instant."""
        aware = value if value.tzinfo is not None else attach_local(value, self.zone)
        return aware.astimezone(UTC).replace(microsecond=0)

    def replace(self, entry: EntryInfo) -> None:
        """Show an edited entry in its row until the next reload regroups the week."""
        number = self.row_of(entry.id)
        if number < 0:
            return
        row = self._rows[number]
        assert isinstance(row, EntryRow)
        item = row.item
        self._rows[number] = EntryRow(WeekSheetEntry(entry, item.billing, item.platform))
        self.dataChanged.emit(self.index(number, 0), self.index(number, len(WeekColumn) - 1))

    def _header_row(self, number: int) -> int:
        """The day header above a row."""
        for back in range(number, -1, -1):
            if isinstance(self._rows[back], DayRow):
                return back
        return -1

    def _seconds(self, entry: EntryInfo) -> int:
        """An entry's length; a running one grows with the clock."""
        if entry.end is None:
            return max(int((self.clock() - entry.start).total_seconds()), 0)
        return entry.seconds

    def _day_seconds(self, number: int) -> int:
        """Total time of the entries under a day header."""
        total = 0
        for row in self._rows[number + 1 :]:
            if isinstance(row, DayRow):
                break
            total += self._seconds(row.item.entry)
        return total

    def _day_data(self, number: int, row: DayRow, column: WeekColumn, role: int) -> Any:
        """Data of a day header: its name and total."""
        if role == Qt.ItemDataRole.DisplayRole:
            if column is WeekColumn.START:
                return fmt.local_day(row.day)
            if column is WeekColumn.DURATION:
                return fmt.duration(self._day_seconds(number))
            return None
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole:
            return QPalette().alternateBase()
        if role == Qt.ItemDataRole.TextAlignmentRole and column is WeekColumn.DURATION:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == RAW_ROLE and column is WeekColumn.DURATION:
            return self._day_seconds(number)
        return None

    def _entry_data(self, item: WeekSheetEntry, column: WeekColumn, role: int) -> Any:
        """Data of an entry row."""
        entry = item.entry
        if role == Qt.ItemDataRole.DisplayRole:
            return entry_text(item, column, self.zone, self._seconds(item.entry))
        if role == Qt.ItemDataRole.EditRole:
            if column is WeekColumn.START:
                return to_local(entry.start, self.zone).replace(tzinfo=None)
            if column is WeekColumn.END and entry.end is not None:
                return to_local(entry.end, self.zone).replace(tzinfo=None)
            if column is WeekColumn.MEMO:
                return entry.memo
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and column is WeekColumn.DURATION:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            return entry_color(item, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column is WeekColumn.STATUS:
                return status_tip(item)
            if column is WeekColumn.MEMO and entry.memo:
                return fmt.text_tip(entry.memo)
            return None
        if role == RAW_ROLE:
            return {
                WeekColumn.START: int(entry.start.timestamp()),
                WeekColumn.END: None if entry.end is None else int(entry.end.timestamp()),
                WeekColumn.DURATION: self._seconds(entry),
                WeekColumn.CONTRACT: entry.contract_title,
                WeekColumn.MEMO: entry.memo,
                WeekColumn.STATUS: status_text(item),
            }[column]
        if role == ID_ROLE:
            return entry.id
        return None
